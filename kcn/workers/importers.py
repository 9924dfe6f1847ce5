"""An enterprise's full worker list from .xlsx or .csv: read, check, diff, save. The fast path.

Core's Importer only creates rows and keeps a history row for each; a worker list is re-uploaded
whole, updates by identity number and runs to 300,000 rows, so it has a path of its own that
reuses core's file checks and error list:

* the file is refused before parsing when it is too big or has too many rows (the row count is
  read from the sheet's <dimension>, or counted while streaming the XML, never by loading it);
* python-calamine reads the sheet; a big one in pieces, in a second thread, while the first
  pieces are checked and saved (_SheetPieces); each column is cleaned in one C call (core's
  clean_column);
* checks run column by column, once per distinct value or over the whole column at once, and
  cell by cell only to name the bad cells; any bad cell → nothing is saved, every error listed
  with its Excel row, column, value and reason;
* addresses are converted once per distinct text (addresses.py);
* the diff against the enterprise's current workers is done in memory;
* new workers are saved block by block while the next block is checked: by COPY on PostgreSQL,
  by multi-row INSERTs in a writer thread on SQLite; changed ones by COPY into a temporary table
  and one UPDATE … FROM (PostgreSQL) or executemany (SQLite). One transaction for everything, with
  the enterprise row locked so that two uploads of the same list cannot interleave.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import io
import itertools
import os
import re
import sqlite3
import time
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter

import xlsxwriter
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kcn.core import importers as core
from kcn.core.importers import Column, ErrorList, ImportRefused, match_columns, number_text
from kcn.core.text import search_key
from kcn.registry.models import Commune, Enterprise
from kcn.registry.validators import normalize_tax_code

from . import addresses
from .constants import (
    CCCD_PROVINCE_CODES,
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_UNCOMPRESSED_BYTES,
    DEFAULT_MAX_UPLOAD_BYTES,
    DETAIL_LIMIT,
    MAX_VACCINE_DOSES,
)
from .models import Worker, WorkerImport
from .validators import (
    birth_date_error,
    cccd_birth_error,
    cccd_error,
    normalize_phone,
    parse_date,
    parse_sex,
    phone_error,
)

COLUMNS = (
    Column("identity_number", gettext_lazy("Số CCCD"), required=True,
           help=gettext_lazy("12 chữ số, ghi dạng văn bản để giữ số 0 ở đầu."),
           aliases=("cccd", "so cccd", "can cuoc cong dan", "so can cuoc", "so dinh danh", "cmnd/cccd")),
    Column("full_name", gettext_lazy("Họ và tên"), required=True, aliases=("ho ten", "ho va ten nguoi lao dong")),
    Column("date_of_birth", gettext_lazy("Ngày sinh"), help=gettext_lazy("dd/mm/yyyy")),
    Column("sex", gettext_lazy("Giới tính"), help=gettext_lazy("Nam hoặc Nữ")),
    Column("phone", gettext_lazy("Điện thoại"), aliases=("so dien thoai", "sdt", "dien thoai di dong")),
    Column("residence", gettext_lazy("Nơi cư trú"),
           help=gettext_lazy("Ghi theo đơn vị hành chính mới hoặc cũ (có huyện); địa chỉ cũ được tự chuyển đổi."),
           aliases=("dia chi", "dia chi cu tru", "noi o hien tai", "cho o hien tai")),
    Column("workshop", gettext_lazy("Phân xưởng"), aliases=("xuong", "bo phan")),
    Column("production_line", gettext_lazy("Dây chuyền"), aliases=("day chuyen san xuat", "line")),
    Column("team", gettext_lazy("Tổ"), aliases=("to nhom", "to, nhom", "nhom")),
    Column("shift", gettext_lazy("Ca"), aliases=("ca lam viec", "ca lam")),
    Column("dormitory", gettext_lazy("Ký túc xá"), aliases=("khu nha o", "khu nha o, ky tuc xa", "nha o")),
    Column("room", gettext_lazy("Phòng"), aliases=("phong o", "so phong")),
    Column("bus_route", gettext_lazy("Tuyến xe"), aliases=("tuyen xe dua don", "xe dua don")),
    Column("vaccine_doses", gettext_lazy("Số mũi vắc-xin"),
           aliases=("so mui vaccine", "so mui vac xin", "so mui tiem", "so mui")),
)
TEXT_LIMITS = {"full_name": 150, "residence": 255, "workshop": 100, "production_line": 100, "team": 100,
               "shift": 50, "dormitory": 100, "room": 50, "bus_route": 100}
# The fields an upload sets, in the order records carry them (identity number first).
FIELDS = ("identity_number", "full_name", "date_of_birth", "sex", "phone", "residence_address",
          "residence_commune_id", "residence_original", "workshop", "production_line", "team", "shift",
          "dormitory", "room", "bus_route", "vaccine_doses")
_TAX_KEYS = {"masothue", "mst", "masothuedoanhnghiep", "masodoanhnghiep"}
# A column of identity numbers (or phones), each followed by NUL, in which every one is right:
# 12 digits opening with a province code and a century digit (cccd_error's first checks); a
# phone already written 0 and 9 or 10 digits (what normalize_phone and phone_error accept).
_CCCD_COLUMN = re.compile(r"(?:(?:" + "|".join(sorted(CCCD_PROVINCE_CODES)) + r")[0-3]\d{8}\x00)*")
_PHONE_COLUMN = re.compile(r"(?:(?:0\d{9,10})?\x00)*")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]{1,3}\d+(?::[A-Z]{1,3}(\d+))?\"")


def max_rows() -> int:
    return int(getattr(settings, "KCN_WORKERS_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_bytes() -> int:
    return int(getattr(settings, "KCN_WORKERS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


@dataclass
class ImportReport:
    ok: bool
    message: str
    errors: ErrorList = field(default_factory=ErrorList)
    total: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    details: dict = field(default_factory=dict)
    worker_import: WorkerImport | None = None
    timings: dict = field(default_factory=dict)


# --- Reading


@dataclass
class RawTable:
    rows: list[list]  # the rows of the sheet read so far, as Excel numbers them (rows[i] is row i + 1)
    header_index: int
    found: dict[str, int]
    tax_code: str  # the tax code written above the header (the template's), or ""
    merged: list[tuple[int, int, int, int]]  # (row0, col0, row1, col1), 0-based
    formulas: list[tuple[int, int, str]]
    # The sheet's later pieces, still being read in a second thread (see _SheetPieces).
    pending: _SheetPieces | None = None

    def blocks(self, size: int):
        """(begin, end) indexes in ``rows`` of each block of data rows, up to ``size`` rows; the
        later pieces of the sheet are appended to ``rows`` as they are needed, and a block does
        not wait for the next piece when rows of this one are left."""
        begin = self.header_index + 1
        while True:
            if begin >= len(self.rows) and self.pending is not None:
                if not self.pending.extend(self.rows):
                    self.pending = None
                continue
            if begin >= len(self.rows):
                return
            end = begin + size if self.pending is None else min(begin + size, len(self.rows))
            yield begin, end
            begin = end

    def close(self) -> None:
        if self.pending is not None:
            self.pending.close()
            self.pending = None


class _SheetPieces:
    """A big sheet read piece by piece in a second thread while the first pieces are checked.

    Parsing the sheet's XML is a third of an upload, calamine does it without holding the GIL,
    and it can only start on a whole workbook: the sheet's XML, inflated once, is cut at row
    boundaries into standalone workbooks (the other members as they are, nothing compressed),
    which calamine reads in turn on the second core while this thread checks and saves the rows
    already read. Each piece's rows keep their Excel numbers.
    """

    def __init__(self, members: dict[str, bytes], member: str, head: bytes, body: list[tuple[int, int]],
                 xml: bytes, tail: bytes, name: str):
        self.name = name
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sheet-piece")
        parts = [(members, member, head, xml, begin, end, tail) for begin, end in body]
        self.futures = [self.pool.submit(_read_piece, *part) for part in parts]

    def first(self):
        return self._take()

    def extend(self, rows: list) -> bool:
        """Append the next piece's rows to ``rows`` (blank rows in between); False when none is left."""
        if not self.futures:
            return False
        (row0, col0), piece, _merged = self._take()
        if len(rows) < row0:
            rows.extend([[] for _ in range(row0 - len(rows))])
        if col0:
            pad = [""] * col0
            piece = [pad + row for row in piece]
        rows.extend(piece)
        return True

    def _take(self):
        future = self.futures.pop(0)
        try:
            return future.result()
        except Exception as error:  # calamine raises its own types for every kind of broken file
            self.close()
            raise core.unreadable_message(self.name) from error

    def close(self) -> None:
        for future in self.futures:
            future.cancel()
        self.futures = []
        self.pool.shutdown(wait=True)


def _read_piece(members, member, head, xml, begin, end, tail):
    """((first row, first column), rows, merged ranges) of one piece of a sheet, 0-based, as
    calamine reads it."""
    from python_calamine import CalamineWorkbook

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as piece:
        for name, content in members.items():
            if name == member:
                content = b"".join((head, memoryview(xml)[begin:end], tail))
            piece.writestr(name, content)
    buffer.seek(0)
    sheet = CalamineWorkbook.from_filelike(buffer).get_sheet_by_index(0)
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]
    start = sheet.start
    if start is None:
        return (0, 0), [], merged
    return start, sheet.to_python(skip_empty_area=True), merged


# Rows per piece of a big sheet (see _SheetPieces); a smaller sheet is read in one go.
PIECE_ROWS = 50_000
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData(?:\s[^>]*)?>")
_NUMBERED_ROW = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"\d+\"")


def _cut_sheet(archive: zipfile.ZipFile, member: str, xml: bytes, name: str) -> _SheetPieces | None:
    """The sheet's XML cut into pieces of about PIECE_ROWS rows, or None when it has too few rows
    or an unusual shape (a piece must start with a numbered row, or its rows would be renumbered)."""
    opening = _SHEET_DATA.search(xml)
    if opening is None:
        return None
    prefix = opening.group(1) or b""
    begin, closing = opening.end(), xml.rfind(b"</" + prefix + b"sheetData>")
    if closing < begin:
        return None
    row_tag = b"<" + prefix + b"row "
    count = xml.count(row_tag, begin, closing)
    if count - 1 > max_rows():
        raise _too_many(count - 1)
    members = {info.filename: b"" if info.filename == member else core.read_member(archive, info.filename, name)
               for info in archive.infolist()}
    # Each piece carries the other members and calamine reads them again for each; the shared
    # strings (a real Excel file keeps its texts there) may weigh against the sheet: fewer pieces then.
    shared = sum(len(content) for path, content in members.items() if "sharedstrings" in path.lower())
    pieces = count // PIECE_ROWS
    if shared:
        pieces = min(pieces, (closing - begin) // (2 * shared))
    if pieces < 2:
        return None
    cuts = [begin]
    # A small first piece: checking starts as soon as it is read.
    targets = [(closing - begin) // (5 * pieces)] + [(closing - begin) * index // pieces for index in range(1, pieces)]
    for target in targets:
        position = xml.find(row_tag, begin + target, closing)
        if position == -1 or not _NUMBERED_ROW.match(xml, position):
            return None
        if position > cuts[-1]:
            cuts.append(position)
    cuts.append(closing)
    return _SheetPieces(members, member, xml[:begin], list(itertools.pairwise(cuts)), xml, xml[closing:], name)


def _too_many(count: int) -> ImportRefused:
    return ImportRefused(_(
        "Tệp có khoảng %(count)s dòng, quá giới hạn %(limit)s dòng một lần tải. Hãy chia danh sách thành "
        "nhiều tệp, hoặc liên hệ Ban quản lý."
    ) % {"count": number_text(count), "limit": number_text(max_rows())})


def _check_file(file, name: str) -> tuple[str, bytes]:
    kind = core.file_extension(name)
    size = core.upload_size(file)
    if size > max_bytes():
        raise ImportRefused(_("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(limit)s.") % {
            "size": filesizeformat(size), "limit": filesizeformat(max_bytes())})
    if size == 0:
        raise ImportRefused(_("Tệp “%(name)s” rỗng.") % {"name": name})
    file.seek(0)
    return kind, file.read(max_bytes() + 1)


def _check_zip(archive: zipfile.ZipFile, name: str) -> None:
    """Core's zip-bomb checks with a larger total: a 300,000-row sheet inflates to several hundred MB."""
    members = archive.infolist()
    if not all(required in {m.filename for m in members} for required in core.XLSX_REQUIRED_MEMBERS):
        raise core.not_xlsx_message(name)
    limit = int(getattr(settings, "KCN_WORKERS_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= core.RATIO_CHECK_MIN_BYTES and ratio > core.DEFAULT_MAX_COMPRESSION_RATIO:
            raise core.bomb_message(name)
    if total > limit:
        raise core.bomb_message(name)


def _xlsx_row_count(archive: zipfile.ZipFile, member: str, name: str) -> int:
    """The sheet's last row number, from <dimension> or by counting <row> while streaming."""
    try:
        with archive.open(member) as stream:
            head = stream.read(65536)
            match = _DIMENSION.search(head)
            if match:
                return int(match.group(1) or 1)
            count, tail = head.count(b"<row ") + head.count(b"<row>"), head[-8:]
            while True:
                block = stream.read(1 << 20)
                if not block:
                    return count
                joined = tail + block
                count += joined.count(b"<row ") + joined.count(b"<row>")
                count -= tail.count(b"<row ") + tail.count(b"<row>")
                tail = block[-8:]
                if count > max_rows() * 2:
                    return count
    except KeyError:
        return 0
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise core.unreadable_message(name) from error


def read_table(*, file, name: str) -> RawTable:
    """The sheet's rows and where the columns are; ImportRefused when the file cannot be used."""
    kind, data = _check_file(file, name)
    merged, formulas, pending = [], [], None
    if kind == "xlsx":
        if not data.startswith(b"PK\x03\x04"):
            raise core.not_xlsx_message(name)
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            _check_zip(archive, name)
            member = core.first_sheet_member(archive)
        except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError) as error:
            raise core.not_xlsx_message(name) from error
        count = _xlsx_row_count(archive, member, name)
        if count - 1 > max_rows():
            raise _too_many(count - 1)
        from python_calamine import CalamineWorkbook

        with archive:
            if count >= 2 * PIECE_ROWS:
                xml = core.read_member(archive, member, name)
                pending = _cut_sheet(archive, member, xml, name)
            if pending is not None:
                try:
                    # The formulas are looked for in the XML (calamine only gives their results)
                    # while the second thread reads the first piece.
                    formulas = core.formula_cells(xml)
                    del xml
                    (row0, col0), rows, merged = pending.first()
                    rows = [[] for _ in range(row0)] + [[""] * col0 + row if col0 else row for row in rows]
                except BaseException:
                    pending.close()
                    raise
            else:
                with ThreadPoolExecutor(max_workers=1) as pool:
                    # The formulas are looked for in the XML (calamine only gives their results), in
                    # a second thread: zlib releases the GIL while it inflates.
                    xml = pool.submit(core.read_member, archive, member, name)
                    try:
                        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
                        rows = sheet.to_python(skip_empty_area=False)
                        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
                            merged.append((r0, c0, r1, c1))
                    except Exception as error:  # calamine raises its own types for every kind of broken file
                        raise core.unreadable_message(name) from error
                    formulas = core.formula_cells(xml.result())
    else:
        if data.count(b"\n") - 1 > max_rows():
            raise _too_many(data.count(b"\n") - 1)
        rows = core.read_csv(data, name).rows
    try:
        return _find_header(rows, merged, formulas, pending)
    except BaseException:
        if pending is not None:
            pending.close()
        raise


def _find_header(rows, merged, formulas, pending) -> RawTable:
    if len(rows) - 1 > max_rows():
        raise _too_many(len(rows) - 1)
    header_index, found, tax_code = None, {}, ""
    for index, row in enumerate(rows[:30]):
        texts = [core.cell_text(cell) for cell in row]
        found, missing = match_columns(texts, COLUMNS)
        if "identity_number" in found and "full_name" in found:
            header_index = index
            break
        keys = [core.header_key(text) for text in texts]
        for position, key in enumerate(keys):
            if key in _TAX_KEYS:
                value = next((text for text in texts[position + 1:] if text), "")
                tax_code = normalize_tax_code(value)
    if header_index is None:
        raise ImportRefused(_(
            "Không tìm thấy dòng tiêu đề có cột “Số CCCD” và “Họ và tên”. Hãy dùng tệp mẫu của hệ thống."
        ))
    return RawTable(rows=rows, header_index=header_index, found=found, tax_code=tax_code, merged=merged,
                    formulas=formulas, pending=pending)


# --- Checking


def commune_index() -> dict[tuple[str, str], int]:
    """(province, commune) keys → Commune code, for the converter's answers."""
    return {addresses.unit_key(province, name): code
            for code, name, province in Commune.objects.values_list("code", "name", "province__name")}



def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _clean(values) -> list[str]:
    return core.clean_column(values)


def _all_text(values) -> bool:
    try:
        "".join(values)
    except TypeError:
        return False
    return True


def _identity_column(raw) -> list[str]:
    """Numbers typed as numbers lose their leading zeros in Excel: put them back."""
    if _all_text(raw):
        return _clean(raw)
    out = []
    for value in raw:
        if value.__class__ is float and value.is_integer() and 0 < value < 1e12:
            out.append(f"{int(value):012d}")
        elif value.__class__ is int and 0 < value < 10**12:
            out.append(f"{value:012d}")
        else:
            out.append(value)
    return _clean(out)


def _phone_column(raw) -> list[str]:
    if _all_text(raw):
        return _clean(raw)
    out = []
    for value in raw:
        if value.__class__ in (float, int) and value == int(value) and 10**8 <= value < 10**10:
            out.append(f"0{int(value)}")
        else:
            out.append(value)
    return _clean(out)


def _date_column(raw) -> list:
    if _all_text(raw):
        return _clean(raw)
    return [v if isinstance(v, datetime.date) else core.cell_text(v) for v in raw]


def prepare_errors(table: RawTable, errors: ErrorList) -> None:
    """Name the columns as the file does, and report merged cells and formulas."""
    rows, found = table.rows, table.found
    header = [core.cell_text(cell) for cell in rows[table.header_index]]
    for column in COLUMNS:
        errors.headers[column.name] = header[found[column.name]] if column.name in found else str(column.header)
    errors.positions = dict(found)
    start = table.header_index + 1
    for r0, c0, r1, c1 in table.merged:
        if r1 < table.header_index:
            continue  # a merged title above the header does no harm
        where = f"{_column_letters(c0)}{r0 + 1}:{_column_letters(c1)}{r1 + 1}"
        errors.add(row=r0 + 1, column=header[c0] if c0 < len(header) else _column_letters(c0), value=where,
                   message=_("Ô gộp (%(range)s): hệ thống không đọc được ô gộp. Hãy bỏ gộp ô (Unmerge) và ghi "
                             "giá trị vào từng ô.") % {"range": where})
    by_index = {index: errors.headers[name] for name, index in found.items()}
    for row, index, text in table.formulas:
        if row > start:
            errors.add(row=row, column=by_index.get(index, _column_letters(index)), value=text,
                       message=core.formula_message())


def check_rows(table: RawTable, errors: ErrorList, *, today: datetime.date, begin: int | None = None,
               end: int | None = None, seen: dict | None = None, communes: dict | None = None,
               dates: tuple[dict, dict] | None = None) -> tuple[list[int], list[tuple]]:
    """Excel row numbers and records (FIELDS order) of the non-blank data rows from ``begin`` to
    ``end`` (indexes in ``table.rows``; default: every data row). Errors go to ``errors``.

    ``seen`` (identity number → first row) carries the duplicate check across blocks, ``dates``
    the birth dates already checked (cell → date, or None when wrong; cell → (date, error)).

    A list repeats the same few thousand dates, sexes, dose counts and addresses, so each check
    runs once per distinct value, and columns whose every cell is right (the usual case) are
    recognised by one regular expression over the whole column. Cells are looked at one by one
    only to name the bad ones, with the same functions the edit form uses.
    """
    rows, found = table.rows, table.found
    start = table.header_index + 1 if begin is None else begin
    seen = {} if seen is None else seen
    data = rows[start:end]
    width = max(found.values()) + 1
    if data and min(map(len, data)) < width:
        data = [row if len(row) >= width else list(row) + [""] * (width - len(row)) for row in data]
    columns = list(zip(*data, strict=False)) if data else []
    raw = {name: (columns[index] if columns else ()) for name, index in found.items()}
    n = len(data)
    values: dict[str, list[str]] = {}
    for column in COLUMNS:
        name = column.name
        if name not in raw:
            values[name] = [""] * n
        elif name == "identity_number":
            values[name] = _identity_column(raw[name])
        elif name == "phone":
            values[name] = _phone_column(raw[name])
        elif name == "date_of_birth":
            # Date cells stay dates (calamine gives date objects); text is parsed below.
            values[name] = _date_column(raw[name])
        else:
            values[name] = _clean(raw[name])
    # Blank rows (every mapped cell empty) are skipped; a row with an identity number is not blank.
    if "" not in values["identity_number"]:
        numbers = list(range(start + 1, start + 1 + n))
    else:
        filled = list(map(any, zip(*(values[name] for name in found), strict=True)))
        keep = [i for i, flag in enumerate(filled) if flag]
        values = {name: [column[i] for i in keep] for name, column in values.items()}
        numbers = [start + 1 + i for i in keep]
    n = len(numbers)
    if n == 0:
        return [], []

    add = errors.add
    # Text lengths: one max() per column, a loop only when a cell is too long.
    for name, limit in TEXT_LIMITS.items():
        column = values[name]
        if max(map(len, column)) > limit:
            for i, text in enumerate(column):
                if len(text) > limit:
                    add(row=numbers[i], column=name, value=text,
                        message=_("Quá dài: tối đa %(limit)s ký tự.") % {"limit": limit})
    names = values["full_name"]
    if "" in names:
        for i, text in enumerate(names):
            if not text:
                add(row=numbers[i], column="full_name", value="", message=_("Thiếu họ và tên."))

    # Birth dates: each distinct value parsed and checked once.
    column = values["date_of_birth"]
    unreadable = _("Ngày sinh không đúng dạng dd/mm/yyyy.")
    birth_of, bad = ({"": None}, {}) if dates is None else dates
    for value in set(column).difference(birth_of):
        parsed = parse_date(value)
        error = unreadable if parsed is None else birth_date_error(parsed, today)
        if error:
            bad[value] = (parsed, error)
            parsed = None
        birth_of[value] = parsed
    births: list[datetime.date | None] = list(map(birth_of.__getitem__, column))
    if bad and not bad.keys().isdisjoint(column):
        for i, value in enumerate(column):
            if value in bad:
                parsed, error = bad[value]
                add(row=numbers[i], column="date_of_birth",
                    value=parsed.strftime("%d/%m/%Y") if parsed is not None else value, message=error)

    column = values["sex"]
    sex_of = {value: parse_sex(value) for value in set(column)}
    sexes: list[str] = list(map(sex_of.__getitem__, column))
    if None in sex_of.values():
        for i, value in enumerate(sexes):
            if value is None:
                add(row=numbers[i], column="sex", value=column[i], message=_("Giới tính ghi “Nam” hoặc “Nữ”."))
                sexes[i] = ""

    phones = values["phone"]
    # Every phone already written 0xxxxxxxxx(x): nothing to normalise, nothing wrong.
    if any(phones) and not _PHONE_COLUMN.fullmatch("\x00".join(phones) + "\x00"):
        phones = [normalize_phone(p) if p else "" for p in phones]
        for i, value in enumerate(phones):
            if value:
                error = phone_error(value)
                if error:
                    add(row=numbers[i], column="phone", value=value, message=error)

    column = values["vaccine_doses"]
    # isdecimal, not isdigit: int() refuses "²", which isdigit accepts.
    dose_of = {value: (int(value) if value.isdecimal() and int(value) <= MAX_VACCINE_DOSES else None)
               for value in set(column) if value}
    dose_of[""] = 0
    doses: list[int] = list(map(dose_of.__getitem__, column))
    if None in dose_of.values():
        for i, value in enumerate(doses):
            if value is None:
                add(row=numbers[i], column="vaccine_doses", value=column[i],
                    message=_("Số mũi vắc-xin là số nguyên từ 0 đến %(max)s.") % {"max": MAX_VACCINE_DOSES})
                doses[i] = 0

    identities = values["identity_number"]
    # The usual case at column speed: every number is 12 digits with a province code and a
    # century digit; digits 4–6 agree with the sex and date of birth, checked once per distinct
    # combination; no number is repeated, in this block or an earlier one.
    fast = "" not in identities and _CCCD_COLUMN.fullmatch("\x00".join(identities) + "\x00") is not None
    if fast:
        combinations = set(zip(map(itemgetter(slice(3, 6)), identities), births, sexes, strict=True))
        fast = not any(cccd_birth_error(digits, date_of_birth=birth, sex=sex) for digits, birth, sex in combinations)
    if fast and len(set(identities)) == n and seen.keys().isdisjoint(identities):
        seen.update(zip(identities, numbers, strict=True))
    else:
        for i, number in enumerate(identities):
            if not number:
                add(row=numbers[i], column="identity_number", value="", message=_("Thiếu số CCCD."))
                continue
            error = cccd_error(number, date_of_birth=births[i], sex=sexes[i])
            if error:
                add(row=numbers[i], column="identity_number", value=number, message=error)
                continue
            first = seen.setdefault(number, numbers[i])
            if first != numbers[i]:
                add(row=numbers[i], column="identity_number", value=number,
                    message=_("Số CCCD trùng với dòng %(row)s trong cùng tệp.") % {"row": first})
    if errors:
        return numbers, []

    residences = values["residence"]
    if communes is None:
        communes = commune_index() if any(residences) else {}
    convert = addresses.convert
    # (address, commune code, original text) once per distinct text.
    residence_of = {"": ("", None, "")}
    for text in set(residences):
        if text:
            residence = convert(text, communes)
            residence_of[text] = (residence.address[:255], communes.get(residence.commune_key),
                                  residence.original[:255])
    addr, comm, orig = zip(*map(residence_of.__getitem__, residences), strict=True)
    records = list(zip(identities, names, births, sexes, phones, addr, comm, orig, values["workshop"],
                       values["production_line"], values["team"], values["shift"], values["dormitory"],
                       values["room"], values["bus_route"], doses, strict=True))
    return numbers, records


# --- Saving


_COMPARED = FIELDS[1:]


def _describe(record) -> dict:
    return {"identity_number": record[0], "full_name": record[1]}


def _diff(existing: dict, records: list[tuple], also_in_file: set = frozenset()):
    """(new records, [(id, record, changed field names)], ids of workers who left, unchanged count).

    ``also_in_file``: identity numbers of the file already saved as new (streamed on PostgreSQL).
    """
    new, changed, unchanged = [], [], 0
    for record in records:
        old = existing.get(record[0])
        if old is None:
            new.append(record)
            continue
        pk, values, left_on = old
        if values == record[1:] and left_on is None:
            unchanged += 1
            continue
        names = [FIELDS[i + 1] for i, (a, b) in enumerate(zip(values, record[1:], strict=True)) if a != b]
        if left_on is not None:
            names.append("left_on")
        changed.append((pk, record, names))
    in_file = {record[0] for record in records} | also_in_file
    removed = [(pk, number, values[0]) for number, (pk, values, left_on) in existing.items()
               if left_on is None and number not in in_file]
    return new, changed, removed, unchanged


_BIRTH, _COMMUNE, _DOSES = FIELDS.index("date_of_birth"), FIELDS.index("residence_commune_id"), FIELDS.index(
    "vaccine_doses")


def _copy_columns(records: list[tuple], skip_first: bool) -> list[list[str]]:
    """The records' columns in COPY's text format, column by column (plain text at C speed),
    with the search key appended."""
    columns = list(zip(*records, strict=True))
    out = []
    for index, column in enumerate(columns):
        if skip_first and index == 0:
            continue
        if index == _BIRTH:
            out.append([value.isoformat() if value is not None else "\\N" for value in column])
        elif index == _COMMUNE:
            out.append(["\\N" if value is None else str(value) for value in column])
        elif index == _DOSES:
            out.append(list(map(str, column)))
        else:
            out.append(core.copy_column(column))
    out.append(core.copy_column(tuple(map(search_key, columns[1]))))
    return out


def _copy_rows(copy, lines) -> None:
    block = []
    for line in lines:
        block.append(line)
        if len(block) >= 10000:
            copy.write(("\n".join(block) + "\n").encode())
            block = []
    if block:
        copy.write(("\n".join(block) + "\n").encode())


def _save_postgresql(enterprise_id, new, changed, removed, now, today):
    quote = connection.ops.quote_name
    table = Worker._meta.db_table
    insert_columns = ["enterprise_id", *FIELDS, "search_text", "created_at", "updated_at"]
    now_text = now.isoformat()
    from psycopg.copy import QueuedLibpqWriter

    with connection.cursor() as cursor:
        raw = cursor.cursor
        # The upload is recorded (WorkerImport) in the same transaction, so a commit lost to a
        # crash in the next few hundred milliseconds is visibly lost, never half-applied: no need
        # to wait for the WAL flush of 300,000 rows.
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if new:
            # In identity-number order the two indexes on it grow at their right edge instead of
            # at random pages: markedly less work for the server on a first upload.
            new = sorted(new, key=itemgetter(0))
            columns = _copy_columns(new, skip_first=False)
            constant = itertools.repeat
            # The constant columns are endless repeats, hence strict=False.
            lines = map("\t".join, zip(constant(str(enterprise_id)), *columns, constant(now_text),
                                        constant(now_text), strict=False))
            sql = f"COPY {quote(table)} ({', '.join(map(quote, insert_columns))}) FROM STDIN"
            # A writer thread sends each block while the next one is formatted.
            with raw.copy(sql, writer=QueuedLibpqWriter(raw)) as copy:
                _copy_rows(copy, lines)
        if changed:
            columns = ["id", *FIELDS[1:], "search_text"]
            cursor.execute(f"CREATE TEMPORARY TABLE worker_upload_changes ON COMMIT DROP AS "
                           f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} WITH NO DATA")
            values = _copy_columns([record for _pk, record, _names in changed], skip_first=True)
            lines = map("\t".join, zip([str(pk) for pk, _r, _n in changed], *values, strict=True))
            with raw.copy(f"COPY worker_upload_changes ({', '.join(map(quote, columns))}) FROM STDIN") as copy:
                _copy_rows(copy, lines)
            assignments = ", ".join(f"{quote(c)} = c.{quote(c)}" for c in columns[1:])
            cursor.execute(f"UPDATE {quote(table)} w SET {assignments}, left_on = NULL, updated_at = %s "
                           f"FROM worker_upload_changes c WHERE w.id = c.id", [now])
            # ON COMMIT DROP is not enough inside a caller's transaction (two uploads in one).
            cursor.execute("DROP TABLE worker_upload_changes")
        if removed:
            cursor.execute(f"UPDATE {quote(table)} SET left_on = %s, updated_at = %s WHERE id = ANY(%s)",
                           [today, now, [pk for pk, _n, _name in removed]])


def _save_generic(enterprise_id, changed, removed, now, today):
    """Changed and removed workers on SQLite (new ones went in through _SQLiteNewRows)."""
    quote = connection.ops.quote_name
    table = Worker._meta.db_table
    now_db = connection.ops.adapt_datetimefield_value(now)
    today_db = connection.ops.adapt_datefield_value(today)
    date_db = connection.ops.adapt_datefield_value
    birth = FIELDS.index("date_of_birth")
    with connection.cursor() as cursor:
        if changed:
            columns = [*FIELDS[1:], "search_text"]
            assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
            sql = f"UPDATE {quote(table)} SET {assignments}, left_on = NULL, updated_at = %s WHERE id = %s"
            rows = []
            for pk, record, _names in changed:
                row = list(record[1:])
                row[birth - 1] = date_db(row[birth - 1])
                rows.append((*row, search_key(record[1]), now_db, pk))
            cursor.executemany(sql, rows)
        if removed:
            ids = [pk for pk, _n, _name in removed]
            for startpos in range(0, len(ids), 500):
                chunk = ids[startpos:startpos + 500]
                cursor.execute(f"UPDATE {quote(table)} SET left_on = %s, updated_at = %s WHERE id IN "
                               f"({', '.join(['%s'] * len(chunk))})", [today_db, now_db, *chunk])


def _field_labels(names):
    labels = []
    for name in names:
        if name == "residence_commune_id":
            name = "residence_commune"
        labels.append(str(Worker._meta.get_field(name).verbose_name))
    return labels


class _Rollback(Exception):
    pass


# Rows checked and sent at a time: the database inserts one block while the next is checked, and
# inserts the last alone.
BLOCK_ROWS = 25_000


class _NewRows:
    """New workers sent to PostgreSQL by COPY block by block, while later blocks are still checked."""

    def __init__(self, enterprise_id, now):
        self.enterprise_id, self.now_text = str(enterprise_id), now.isoformat()
        self.context = None
        self.cursor = None

    def send(self, records):
        if not records:
            return
        if self.context is None:
            from psycopg.copy import QueuedLibpqWriter

            quote = connection.ops.quote_name
            columns = ["enterprise_id", *FIELDS, "search_text", "created_at", "updated_at"]
            sql = f"COPY {quote(Worker._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
            self.cursor = connection.cursor()
            # The upload is recorded (WorkerImport) in the same transaction, so a commit lost to a
            # crash in the next few hundred milliseconds is visibly lost, never half-applied: no need
            # to wait for the WAL flush of 300,000 rows.
            self.cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # A writer thread sends each block while Python checks the next one.
            self.context = self.cursor.cursor.copy(sql, writer=QueuedLibpqWriter(self.cursor.cursor))
            self.copy = self.context.__enter__()
        # In identity-number order the two indexes on it grow at their right edge.
        records = sorted(records, key=itemgetter(0))
        columns = _copy_columns(records, skip_first=False)
        constant = itertools.repeat
        # The constant columns are endless repeats, hence strict=False.
        lines = map("\t".join, zip(constant(self.enterprise_id), *columns, constant(self.now_text),
                                    constant(self.now_text), strict=False))
        _copy_rows(self.copy, lines)

    def close(self, exc=None):
        if self.context is not None:
            context, self.context = self.context, None
            try:
                context.__exit__(type(exc) if exc else None, exc, None)
            finally:
                self.cursor.close()


class _SQLiteNewRows:
    """New workers inserted into SQLite block by block, in a second thread, as they are checked.

    SQLite does its work (the table, four indexes) without holding the GIL, so a block is
    inserted while this thread checks the next one, as COPY overlaps the checks on PostgreSQL.
    One block at most is in flight, and this thread touches the connection only once the
    writer is done with it. One INSERT carries up to SQLITE_ROWS rows: executemany's round
    through the GIL for each row would stall on the checking thread. A birth date is formatted
    and a name's search key computed once per distinct value.
    """

    def __init__(self, enterprise_id, now):
        quote = connection.ops.quote_name
        columns = ["enterprise_id", *FIELDS, "search_text", "created_at", "updated_at"]
        self.prefix = f"INSERT INTO {quote(Worker._meta.db_table)} ({', '.join(map(quote, columns))}) VALUES "
        # The values common to every row are written into the statement rather than bound for
        # each row (binding holds the GIL): the enterprise's id and the upload's time, both ours.
        now = connection.ops.adapt_datetimefield_value(now)
        if not re.fullmatch(r"[\d\-: .]+", now):
            raise ValueError(f"unexpected time {now!r}")
        self.width = len(FIELDS) + 1
        self.row = f"({int(enterprise_id)}, {', '.join(['?'] * self.width)}, '{now}', '{now}')"
        self.statements: dict[int, str] = {}
        self.keys: dict[str, str] = {}
        self.dates: dict = {None: None}
        self.cursor = None
        self.writer = None
        self.pending = None

    def send(self, records):
        if not records:
            return
        if self.cursor is None:
            connection.ensure_connection()
            # Django opens SQLite connections with check_same_thread=False; this cursor is only
            # used by one thread at a time.
            self.cursor = connection.connection.cursor()
            # A page cache big enough for the indexes being filled (the default is 2 MB), for
            # this connection and this upload only.
            self.cache_size = self.cursor.execute("PRAGMA cache_size").fetchone()[0]
            self.cursor.execute("PRAGMA cache_size = -262144")
            self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="worker-upload-sqlite")
            # Within the build's limit on variables (32,766 by default).
            limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self.rows_per_insert = max(1, min(SQLITE_ROWS, limit // self.width))
        if self.pending is not None:
            self.pending.result()
        self.pending = self.writer.submit(self._insert, records)

    def _insert(self, records):
        records = sorted(records, key=itemgetter(0))  # the identity-number indexes grow at their right edge
        columns = list(zip(*records, strict=True))
        dates, keys = self.dates, self.keys
        for value in set(columns[_BIRTH]).difference(dates):
            dates[value] = value.isoformat()
        for name in set(columns[1]).difference(keys):
            keys[name] = search_key(name)
        columns[_BIRTH] = map(dates.__getitem__, columns[_BIRTH])
        values = itertools.chain.from_iterable(zip(*columns, map(keys.__getitem__, columns[1]), strict=True))
        width = self.width
        step = self.rows_per_insert
        for begin in range(0, len(records), step):
            count = min(step, len(records) - begin)
            sql = self.statements.get(count)
            if sql is None:
                sql = self.statements[count] = self.prefix + ", ".join([self.row] * count)
            self.cursor.execute(sql, tuple(itertools.islice(values, count * width)))

    def close(self, exc=None):
        """Wait for the writer; its error, if any, is raised here unless another one is on its way."""
        if self.cursor is None:
            return
        try:
            if self.pending is not None:
                pending, self.pending = self.pending, None
                if exc is None:
                    pending.result()
                else:
                    concurrent.futures.wait([pending])
        finally:
            self.writer.shutdown(wait=True)
            self.cursor, cursor = None, self.cursor
            try:
                cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")
            finally:
                cursor.close()


# Rows per INSERT on SQLite at most: fewer, longer statements hand the GIL over less often.
SQLITE_ROWS = 5000


def import_workers(*, user, enterprise: Enterprise, file, file_name: str, job=None,
                   progress: Callable[[str], None] | None = None, today: datetime.date | None = None
                   ) -> ImportReport:
    """Read, check and save an enterprise's full worker list; nothing is saved unless every row is right.

    The caller has checked that ``user`` may import for ``enterprise`` (services.worker_import).
    """
    with core.gc_paused():
        return _import_workers(user=user, enterprise=enterprise, file=file, file_name=file_name, job=job,
                               progress=progress, today=today)


def _import_workers(*, user, enterprise, file, file_name, job, progress, today) -> ImportReport:
    timings = {}
    started = time.perf_counter()
    today = today or timezone.localdate()
    errors = ErrorList()
    try:
        table = read_table(file=file, name=file_name)
    except ImportRefused as refused:
        return ImportReport(ok=False, message=refused.message, errors=errors)
    timings["read"] = time.perf_counter() - started
    try:
        return _check_and_save(table, errors, timings, started, user=user, enterprise=enterprise,
                               file_name=file_name, job=job, progress=progress, today=today)
    finally:
        table.close()


def _check_and_save(table, errors, timings, started, *, user, enterprise, file_name, job, progress, today):
    if table.tax_code and table.tax_code != enterprise.tax_code:
        return ImportReport(ok=False, errors=errors, message=_(
            "Tệp này là danh sách lao động của doanh nghiệp có mã số thuế %(file)s, không phải của "
            "%(name)s (mã số thuế %(tax)s). Không dòng nào được lưu."
        ) % {"file": table.tax_code, "name": enterprise.name, "tax": enterprise.tax_code})
    if progress:
        progress("check")
    prepare_errors(table, errors)
    communes = commune_index()
    postgresql = connection.vendor == "postgresql"
    now = timezone.now()
    total, sent, added_details, rest, in_file = 0, 0, [], [], set()
    try:
        with transaction.atomic(), connection.wrap_database_errors:
            # Two uploads of the same list wait for each other instead of interleaving.
            Enterprise.objects.select_for_update().filter(pk=enterprise.pk).values_list("pk").first()
            existing = {
                row[0]: (row[1], tuple(row[2:-1]), row[-1])
                for row in Worker.objects.filter(enterprise=enterprise).order_by().values_list(
                    "identity_number", "id", *_COMPARED, "left_on").iterator(chunk_size=20000)
            }
            new_rows = _NewRows(enterprise.pk, now) if postgresql else _SQLiteNewRows(enterprise.pk, now)
            seen: dict[str, int] = {}
            dates: tuple[dict, dict] = ({"": None}, {})
            try:
                for begin, end in table.blocks(BLOCK_ROWS):
                    numbers, records = check_rows(table, errors, today=today, begin=begin, end=end, seen=seen,
                                                  communes=communes, dates=dates)
                    total += len(numbers)
                    if errors:
                        continue  # keep checking: the user gets every error of the file at once
                    if existing:
                        fresh = [r for r in records if r[0] not in existing]
                        rest.extend(r for r in records if r[0] in existing)
                        in_file.update(map(itemgetter(0), fresh))
                    else:
                        fresh = records  # a first upload: everyone is new, nobody has left
                    new_rows.send(fresh)
                    sent += len(fresh)
                    added_details.extend(_describe(r) for r in fresh[:DETAIL_LIMIT - len(added_details)])
                if total == 0 and not errors:
                    errors.add(row=None, column="", value="",
                               message=_("Tệp không có dòng người lao động nào dưới dòng tiêu đề."))
                if errors:
                    raise _Rollback
            except BaseException as error:
                new_rows.close(error)
                raise
            new_rows.close()
            timings["check"] = time.perf_counter() - started - timings["read"]
            if progress:
                progress("save")
            mark = time.perf_counter()
            new, changed, removed, unchanged = _diff(existing, rest, in_file)
            timings["diff"] = time.perf_counter() - mark
            if postgresql:
                _save_postgresql(enterprise.pk, [], changed, removed, now, today)
            else:
                _save_generic(enterprise.pk, changed, removed, now, today)
            details = {
                "added": added_details,
                "changed": [{**_describe(r), "fields": _field_labels(names)}
                            for _pk, r, names in changed[:DETAIL_LIMIT]],
                "removed": [{"identity_number": n, "full_name": name} for _pk, n, name in removed[:DETAIL_LIMIT]],
            }
            worker_import = WorkerImport.objects.create(
                enterprise=enterprise, file_name=os.path.basename(file_name)[:255], added=sent,
                changed=len(changed), removed=len(removed), unchanged=unchanged, details=details,
                created_by=user, job=job)
    except ImportRefused as refused:  # a later piece of the sheet could not be read
        return ImportReport(ok=False, message=refused.message, errors=ErrorList())
    except _Rollback:
        return ImportReport(ok=False, errors=errors, total=total, message=_(
            "Tệp có %(count)s lỗi nên không dòng nào được lưu. Hãy sửa các lỗi dưới đây rồi tải lên lại."
        ) % {"count": number_text(len(errors))})
    except IntegrityError:
        return ImportReport(ok=False, errors=errors, total=total, message=_(
            "Trong lúc tải lên, danh sách lao động của doanh nghiệp vừa được người khác thay đổi. Không dòng nào "
            "được lưu; hãy tải lên lại."))
    timings["save"] = time.perf_counter() - mark
    message = _("Đã nhận %(total)s người lao động: thêm mới %(added)s, thay đổi %(changed)s, nghỉ việc "
                "%(removed)s, không đổi %(unchanged)s.") % {
        "total": number_text(total), "added": number_text(sent), "changed": number_text(len(changed)),
        "removed": number_text(len(removed)), "unchanged": number_text(unchanged)}
    return ImportReport(ok=True, message=message, errors=errors, total=total, added=sent, changed=len(changed),
                        removed=len(removed), unchanged=unchanged, details=details, worker_import=worker_import,
                        timings=timings)


# --- The template


def template_xlsx(*, enterprise: Enterprise | None) -> bytes:
    """The upload template: the enterprise's tax code on top, the headers, a guide sheet with an example."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                  "valign": "top"})
    text = workbook.add_format({"num_format": "@"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    data = workbook.add_worksheet(_("Người lao động"))
    guide = workbook.add_worksheet(_("Hướng dẫn"))
    data.write_string(0, 0, _("Mã số thuế"), bold)
    data.write_string(0, 1, enterprise.tax_code if enterprise else "", bold)
    data.write_string(0, 2, enterprise.name if enterprise else "", bold)
    for col, column in enumerate(COLUMNS):
        data.write_string(1, col, str(column.header) + (" *" if column.required else ""), header)
        # Text cells keep the leading zeros of identity numbers and phones.
        data.set_column(col, col, max(12, min(40, len(str(column.header)) + 6)), text)
    data.freeze_panes(2, 0)
    example = ["035095001234", "Nguyễn Thị Hoa", "12/03/1995", "Nữ", "0912345678",
               "Thôn 3, xã Thanh Hà, huyện Thanh Liêm, tỉnh Hà Nam", "Xưởng may 1", "Chuyền 5", "Tổ 2", "Ca 1",
               "KTX Đồng Văn", "A203", "Tuyến Phủ Lý – Đồng Văn", "3"]
    guide.set_column(0, 0, 22)
    guide.set_column(1, 1, 12)
    guide.set_column(2, 2, 70)
    guide.set_column(3, 3, 45)
    row = 0
    guide.write_string(row, 0, _("Hướng dẫn điền danh sách người lao động"), bold)
    row += 2
    notes = [
        _("Điền mỗi người lao động một dòng trong trang “Người lao động”, từ dòng 3; không gộp ô."),
        _("Tải lên danh sách đầy đủ: người có trong danh sách cũ mà không có trong tệp mới được ghi là đã nghỉ việc."),
        _("Giữ nguyên mã số thuế ở dòng 1: hệ thống từ chối tệp của doanh nghiệp khác."),
        _("Cột có dấu * là bắt buộc. Tối đa %(rows)s dòng một lần tải.") % {"rows": number_text(max_rows())},
    ]
    for note in notes:
        guide.write_string(row, 0, "• " + note)
        row += 1
    row += 1
    for col, caption in enumerate([_("Cột"), _("Bắt buộc"), _("Cách ghi"), _("Ví dụ")]):
        guide.write_string(row, col, caption, header)
    row += 1
    for column, value in zip(COLUMNS, example, strict=True):
        guide.write_string(row, 0, str(column.header))
        guide.write_string(row, 1, _("Có") if column.required else "")
        guide.write_string(row, 2, str(column.help), wrap)
        guide.write_string(row, 3, value)
        row += 1
    workbook.close()
    return buffer.getvalue()


def template_csv() -> bytes:
    return ("\ufeff" + ",".join(str(column.header) for column in COLUMNS) + "\r\n").encode()
