"""Reading the spreadsheets people upload, safely, and reporting every bad cell at once.

Core knows no domain: a domain app subclasses ``Importer`` (its columns, how to check a chunk
of rows, how to save) and registers it under a kind; this module does the rest:

* refuses, before parsing, a file that is too big, is not what its extension says, or is a
  decompression bomb;
* reads .xlsx with python-calamine and .csv in UTF-8 (with or without a byte-order mark) or
  Windows-1258, the Vietnamese code page, and normalises every text to NFC;
* refuses cells that look like spreadsheet formulas rather than stripping them silently;
* matches the header row to the importer's columns whatever the case and diacritics;
* reports every error with the row number the user sees in Excel, and saves nothing unless the
  whole file is clean (all or nothing);
* records progress on an ``ImportJob`` that pages poll while the task queue runs it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import gc
import html
import io
import itertools
import logging
import os
import re
import threading
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connection, connections, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from .choices import JobStatus
from .models import ImportJob

logger = logging.getLogger(__name__)

EXTENSIONS = ("xlsx", "csv")
# A real .xlsx is a zip with these two members; anything else renamed .xlsx is refused.
XLSX_REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
# Magic numbers of files people often rename by mistake (PDF, zip/xlsx, old .xls, gzip).
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b")
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_COMPRESSION_RATIO = 100
# Small members (styles, a tiny sheet) can legitimately compress very well; the ratio rule only
# bites on members big enough to hurt.
RATIO_CHECK_MIN_BYTES = 1024 * 1024
FORMULA_STARTS = frozenset("=+-@")
# "+84 912 345 678" or "-5" start like a formula but are plain numbers.
_NUMBERISH = re.compile(r"[+\-]?[\d\s.,()/-]*\Z")
_FORMULA_ANYWHERE = re.compile(r"\x00[=+\-@]")
CHUNK_ROWS = 1000
# The job page polls once a second: saving progress more often than this only costs commits.
PROGRESS_MIN_SECONDS = 0.5
MAX_STORED_ERRORS = 1000


class ImportRefused(Exception):
    """The file as a whole cannot be imported (too big, wrong type, unreadable, no header)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class Column:
    """One column of an import template: its code name, its header and how to fill it."""

    name: str
    header: str
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RowError:
    """A bad cell: the row as Excel numbers it (header = 1), the column header, the value, why."""

    row: int | None
    column: str
    value: str
    message: str
    position: int = 0

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


class ErrorList:
    """Every error of a file; one per cell (the first reason found is the one the user needs)."""

    def __init__(self):
        self._errors: list[RowError] = []
        self._cells: set[tuple[int | None, str]] = set()
        self.headers: dict[str, str] = {}
        self.positions: dict[str, int] = {}

    def __len__(self):
        return len(self._errors)

    def __bool__(self):
        return bool(self._errors)

    def add(self, *, row: int | None, column: str, value, message) -> None:
        """``column`` is a column's code name (shown with the file's own header) or a header text."""
        key = (row, column)
        if row is not None and key in self._cells:
            return
        self._cells.add(key)
        self._errors.append(RowError(
            row=row, column=self.headers.get(column, column), value=_short(value), message=str(message),
            position=self.positions.get(column, 0),
        ))

    def sorted(self) -> list[RowError]:
        return sorted(self._errors, key=lambda e: (e.row or 0, e.position))

    def stored(self, limit: int = MAX_STORED_ERRORS) -> list[dict]:
        """The list kept on the job: the first ``limit`` errors and a line saying how many more."""
        errors = self.sorted()
        stored = [error.as_dict() for error in errors[:limit]]
        if len(errors) > limit:
            stored.append({"row": None, "column": "", "value": "",
                           "message": _("… và %(count)s lỗi khác.") % {"count": number_text(len(errors) - limit)}})
        return stored


def _short(value, limit: int = 200) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number_text(value: int) -> str:
    """A count with the active language's thousands separator (1.234 in Vietnamese)."""
    return formats.number_format(value, force_grouping=True)


# --- Header matching


def header_key(text) -> str:
    """'Mã số thuế *', 'MA SO THUE' and 'ma_so_thue' all give 'masothue'."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.lower())


def match_columns(header: Sequence[str], columns: Sequence[Column]) -> tuple[dict[str, int], list[str]]:
    """Which file column each importer column is in, and the headers of missing required ones.

    A header matches a column by its Vietnamese header, its header in the active language, its
    code name (``tax_code``) or one of its aliases, ignoring case, spaces and diacritics.
    Unknown columns (an "STT" numbering column, notes) are ignored.
    """
    wanted: dict[str, str] = {}
    for column in columns:
        with translation.override("vi"):
            names = [str(column.header)]
        names += [str(column.header), column.name, *column.aliases]
        for name in names:
            wanted.setdefault(header_key(name), column.name)
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        name = wanted.get(header_key(text))
        if name and name not in found:
            found[name] = index
    missing = [str(column.header) for column in columns if column.required and column.name not in found]
    return found, missing


# --- Refusing bad files before parsing


def upload_limit() -> int:
    return int(getattr(settings, "KCN_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def too_large_message(size: int | None = None) -> str:
    limit = filesizeformat(upload_limit())
    if size is None:
        return _("Tệp quá lớn. Dung lượng tối đa là %(limit)s; hãy chia tệp thành nhiều tệp nhỏ hơn.") % {
            "limit": limit}
    return _("Tệp quá lớn (%(size)s). Dung lượng tối đa là %(limit)s; hãy chia tệp thành nhiều tệp nhỏ hơn."
             ) % {"size": filesizeformat(size), "limit": limit}


def file_extension(name: str) -> str:
    extension = os.path.splitext(name or "")[1].lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise ImportRefused(_("Chỉ nhận tệp .xlsx (Excel) hoặc .csv. Tệp “%(name)s” không phải hai loại này.")
                            % {"name": name})
    return extension


def upload_size(file) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return int(size)
    position = file.tell()
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def check_upload(*, file, name: str) -> str:
    """Refuse a file that must not be parsed; return its kind ('xlsx' or 'csv').

    Only the size, the first bytes and (for .xlsx) the zip's table of contents are read, so a
    200 MB upload is refused without being loaded into memory.
    """
    kind = file_extension(name)
    size = upload_size(file)
    if size > upload_limit():
        raise ImportRefused(too_large_message(size))
    if size == 0:
        raise ImportRefused(_("Tệp “%(name)s” rỗng.") % {"name": name})
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if kind == "xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise not_xlsx_message(name)
        try:
            with zipfile.ZipFile(file) as archive:
                _check_zip(archive, name)
        except zipfile.BadZipFile as error:
            raise not_xlsx_message(name) from error
        finally:
            file.seek(0)
    else:
        if head.startswith(BINARY_MAGIC) or b"\x00" in head:
            raise _not_csv(name)
    return kind


def not_xlsx_message(name):
    return ImportRefused(_(
        "Tệp “%(name)s” không phải tệp Excel .xlsx thật (có thể là tệp khác được đổi đuôi, hoặc tệp .xls cũ). "
        "Hãy mở tệp bằng Excel và lưu lại dạng “Excel Workbook (.xlsx)”."
    ) % {"name": name})


def _not_csv(name):
    return ImportRefused(_(
        "Tệp “%(name)s” không phải tệp văn bản CSV (có thể là tệp khác được đổi đuôi). "
        "Hãy lưu lại dạng “CSV UTF-8 (Comma delimited)”."
    ) % {"name": name})


def bomb_message(name):
    return ImportRefused(_(
        "Tệp “%(name)s” khi giải nén lớn bất thường so với dung lượng tệp (dấu hiệu tệp độc hại), "
        "nên hệ thống không mở tệp này."
    ) % {"name": name})


def _check_zip(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    names = {member.filename for member in members}
    if not all(required in names for required in XLSX_REQUIRED_MEMBERS):
        raise not_xlsx_message(name)
    max_total = int(getattr(settings, "KCN_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))
    max_ratio = int(getattr(settings, "KCN_MAX_COMPRESSION_RATIO", DEFAULT_MAX_COMPRESSION_RATIO))
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size >= RATIO_CHECK_MIN_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            raise bomb_message(name)
    if total > max_total:
        raise bomb_message(name)


def read_member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One member, read to the end so that zipfile checks its CRC and its claimed size."""
    try:
        with archive.open(member) as stream:
            return stream.read()
    except KeyError:
        return b""
    except (zipfile.BadZipFile, EOFError, zlib.error) as error:
        raise unreadable_message(name) from error


def unreadable_message(name):
    return ImportRefused(_("Không đọc được nội dung tệp Excel “%(name)s” (tệp hỏng?). Hãy mở bằng Excel và "
                           "lưu lại.") % {"name": name})


# --- Reading


@dataclass
class Sheet:
    """The rows of a file as Excel numbers them: ``rows[i]`` is row ``i + 1``."""

    rows: list[list]
    formulas: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column index, text)


def read_sheet(*, file, name: str) -> Sheet:
    kind = check_upload(file=file, name=name)
    file.seek(0)
    data = file.read(upload_limit() + 1)
    if kind == "xlsx":
        return _read_xlsx(data, name)
    return read_csv(data, name)


_SHEET_RID = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?\s\w+:id=\"([^\"]+)\"")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_REL_ID = re.compile(rb"\sId=\"([^\"]+)\"")
_REL_TARGET = re.compile(rb"\sTarget=\"([^\"]+)\"")
_PREFIXED_ROOT = re.compile(rb"<(\w+):worksheet[\s>]")
_FORMULA_AT = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})(\d+)\"")


def first_sheet_member(archive: zipfile.ZipFile) -> str:
    """The zip member of the workbook's first sheet, the one calamine reads as index 0."""
    fallback = "xl/worksheets/sheet1.xml"
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return fallback
    first = _SHEET_RID.search(workbook)
    if not first:
        return fallback
    for element in _RELATIONSHIP.findall(rels):
        rel_id, target = _REL_ID.search(element), _REL_TARGET.search(element)
        if rel_id and target and rel_id.group(1) == first.group(1):
            path = html.unescape(target.group(1).decode("utf-8", "replace"))
            return path.lstrip("/") if path.startswith("/") else "xl/" + path
    return fallback


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index - 1


def formula_cells(xml: bytes) -> list[tuple[int, int, str]]:
    """Cells of a sheet that hold a formula. calamine only gives their cached result."""
    # One bytes.find pass (C speed) for "<f"; the regex then confirms each candidate. Writers
    # that prefix the main namespace (<x:f>) need a second pass.
    prefixed = _PREFIXED_ROOT.search(xml, 0, 4096)
    hints = [b"<f"] + ([b"<" + prefixed.group(1) + b":f"] if prefixed else [])
    starts = set()
    for hint in hints:
        position = xml.find(hint)
        while position != -1:
            starts.add(position)
            position = xml.find(hint, position + 1)
    cells = []
    for start in sorted(starts):
        match = _FORMULA_AT.match(xml, start)
        if not match:
            continue
        refs = list(_CELL_REF.finditer(xml, max(0, start - 4096), start))
        if not refs:
            continue
        letters, row = refs[-1].groups()
        text = html.unescape((match.group(1) or b"").decode("utf-8", "replace"))
        cells.append((int(row), _column_index(letters), "=" + text))
    return cells


def _read_xlsx(data: bytes, name: str) -> Sheet:
    """Rows by calamine; formulas from the sheet's XML, inflated meanwhile in a second thread.

    The sizes in the zip's table of contents were checked by check_upload. They are only claims,
    but both readers hold members to them: calamine stops with an error at a member bigger than
    it claims, and zipfile checks size and CRC.
    """
    from python_calamine import CalamineWorkbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_zip(archive, name)
        member = first_sheet_member(archive)
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile, NotImplementedError) as error:
        raise not_xlsx_message(name) from error
    with archive, ThreadPoolExecutor(max_workers=1) as pool:
        # zlib lets go of the GIL while it inflates, so this runs while calamine parses.
        xml = pool.submit(read_member, archive, member, name)
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as error:  # calamine raises its own types for every kind of broken file
            logger.info("calamine could not read %s: %s", name, error)
            raise unreadable_message(name) from error
        formulas = formula_cells(xml.result())
    return Sheet(rows=rows, formulas=formulas)


def decode_csv(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1258; always NFC, since cp1258 writes most
    Vietnamese letters as a base letter plus a combining tone mark."""
    if data.startswith(BINARY_MAGIC) or b"\x00" in data:
        raise _not_csv(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = codecs.decode(data, "cp1258")
        except UnicodeDecodeError as error:
            raise ImportRefused(_(
                "Không đọc được bảng mã của tệp CSV “%(name)s”. Hãy lưu lại dạng “CSV UTF-8 (Comma delimited)”."
            ) % {"name": name}) from error
    return unicodedata.normalize("NFC", text)


def read_csv(data: bytes, name: str) -> Sheet:
    text = decode_csv(data, name)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in the Vietnamese locale separates CSV fields with ";" (the decimal mark is ",").
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        message = _("Tệp CSV “%(name)s” sai định dạng: %(error)s") % {"name": name, "error": error}
        raise ImportRefused(message) from error
    width = max((len(row) for row in rows), default=0)
    return Sheet(rows=[row if len(row) == width else row + [""] * (width - len(row)) for row in rows])


def cell_text(value) -> str:
    """A cell as trimmed NFC text; whole numbers without '.0' (Excel stores every number as a float)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def clean_column(values: Iterable) -> list[str]:
    """cell_text over a column, normalising the whole column in one call.

    Cells are joined with NUL, which no spreadsheet cell can hold (XML forbids it, CSV files
    with it are refused) and which composes with nothing, so NFC of the whole equals NFC of
    each cell; one C call instead of one per cell. A column of text cells already in NFC (the
    usual case) is only stripped: str.strip returns the cell itself when there is nothing to strip.
    """
    values = values if isinstance(values, list | tuple) else list(values)
    try:
        texts = list(map(str.strip, values))  # TypeError at the first number or date
    except TypeError:
        texts = [v.strip() if v.__class__ is str else cell_text(v) for v in values]
    joined = "\x00".join(texts)
    if joined.isascii() or unicodedata.is_normalized("NFC", joined):
        return texts
    parts = unicodedata.normalize("NFC", joined).split("\x00")
    if len(parts) != len(texts):
        return [unicodedata.normalize("NFC", text).strip() for text in texts]
    return [part.strip() for part in parts]


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextlib.contextmanager
def gc_paused():
    """The cyclic garbage collector off while a big file is read and checked.

    A 300,000-row sheet is millions of lists and tuples alive at once; each time the collector
    runs it walks all of them again, which doubled the time of checking a worker list, and none
    of them is part of a cycle it could free. Nested and concurrent uploads turn it back on when
    the last one ends.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


# --- The importer contract


@dataclass
class Chunk:
    """Up to CHUNK_ROWS non-blank rows: their Excel row numbers and cleaned text per column."""

    rows: list[int]
    values: dict[str, list[str]]


class Importer:
    """What a domain importer declares. Instances live for one file.

    ``prepare`` loads lookups once (one query each); ``precheck`` sees whole columns before the
    rows are checked (to ask the database once which keys exist); ``validate`` checks one chunk
    in memory and appends the rows to create to ``records`` (tuples in ``fields`` order);
    ``finish`` runs any check that needs the whole file; ``check_saved`` re-checks the saved rows
    inside the transaction (scope) and raises to roll everything back.
    """

    kind = ""
    columns: tuple[Column, ...] = ()
    model = None
    fields: tuple[str, ...] = ()

    def __init__(self, *, user):
        self.user = user
        self.records: list[tuple] = []

    def prepare(self) -> None:
        """Load lookups; raise ImportRefused when the user may not import at all."""

    def precheck(self, column: Callable[[str], list[str]]) -> None:
        """``column(name)`` gives a whole column, cleaned, blank rows included."""

    def validate(self, chunk: Chunk, errors: ErrorList) -> None:
        raise NotImplementedError

    def finish(self, errors: ErrorList) -> None:
        """Checks across the whole file, after every chunk passed ``validate``."""

    def save(self, *, reason: str) -> list:
        """Write ``records`` in the caller's transaction and return the new primary keys.

        The default bulk-inserts into ``model`` with history; an importer that overrides it is
        saved after every row is checked (no streaming).
        """
        return bulk_insert_with_history(model=self.model, fields=self.fields, rows=self.records, user=self.user,
                                        reason=reason)

    def check_saved(self, ids: list) -> None:
        """Called in the transaction after the rows are written; raise to roll back."""

    def success_message(self, count: int) -> str:
        return _("Đã thêm %(count)s dòng.") % {"count": number_text(count)}


_IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(cls: type[Importer]) -> type[Importer]:
    _IMPORTERS[cls.kind] = cls
    return cls


def importer_for(kind: str) -> type[Importer]:
    if kind not in _IMPORTERS:
        # Like the admin: each app's importers.py registers its importers when imported.
        autodiscover_modules("importers")
    return _IMPORTERS[kind]


# --- Running an import


@dataclass
class ImportResult:
    ok: bool
    created: int
    total_rows: int
    message: str
    errors: ErrorList


class _Progress:
    """Progress on the job that another connection can see while the import runs.

    Checking rows writes nothing, so on SQLite it runs outside the data transaction and each
    progress update commits on its own. On PostgreSQL the rows are written while they are
    checked, inside the one data transaction, so progress goes through a second connection of
    its own (``side``) that commits each update.
    """

    def __init__(self, job: ImportJob | None, callback: Callable[[int, int], None] | None):
        self.job, self.callback = job, callback
        self.saved_at = 0.0
        self.side = None
        self.streaming = False

    def update(self, *, force: bool = False, **fields) -> None:
        if self.job is None:
            return
        now = time.monotonic()
        if force or now - self.saved_at >= PROGRESS_MIN_SECONDS:
            self.saved_at = now
            if self.side is not None:
                self._side_update(fields)
            elif not self.streaming:
                ImportJob.objects.filter(pk=self.job.pk).update(**fields)
        for name, value in fields.items():
            setattr(self.job, name, value)

    def rows(self, processed: int, total: int, *, force: bool = False) -> None:
        self.update(processed_rows=processed, force=force)
        if self.callback:
            self.callback(processed, total)

    def open_side(self) -> None:
        """From now on the main connection is busy with COPY: progress goes by the side one.

        Only outside any transaction: inside one (a test, a caller's atomic block) the job row
        may be locked by the main connection and the side one would wait; progress then waits
        for the end.
        """
        self.streaming = True
        if self.job is None or connection.in_atomic_block:
            return
        self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def close_side(self) -> None:
        self.streaming = False
        if self.side is not None:
            self.side.close()
            self.side = None

    def _side_update(self, fields) -> None:
        meta = ImportJob._meta
        quote = self.side.ops.quote_name
        assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in fields)
        try:
            with self.side.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
                cursor.execute(f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
                               [*fields.values(), self.job.pk])
        except DatabaseError:
            # Progress is a courtesy; never let it fail the import.
            logger.warning("could not record import progress", exc_info=True)
            side, self.side = self.side, None
            side.close()


class _Rollback(Exception):
    pass


@dataclass
class _Table:
    """The data rows of a sheet under its header, and where each importer column is."""

    rows: list[list]
    start: int  # index of the first data row
    stop: int  # index after the last non-blank row
    found: dict[str, int]

    @property
    def total(self) -> int:
        return self.stop - self.start

    def column(self, name: str) -> list[str]:
        if name not in self.found:
            return [""] * self.total
        index = self.found[name]
        return clean_column(row[index] for row in self.rows[self.start:self.stop])


def _table(sheet: Sheet, importer: Importer, errors: ErrorList) -> _Table | str:
    """Find the header and the columns; an error message when the file has no usable table."""
    rows = sheet.rows
    header_index = next((i for i, row in enumerate(rows) if any(cell_text(c) for c in row)), None)
    stop = len(rows)
    while stop > (header_index or 0) + 1 and not any(cell_text(c) for c in rows[stop - 1]):
        stop -= 1
    if header_index is None or stop <= header_index + 1:
        return _("Tệp không có dữ liệu: cần một dòng tiêu đề và ít nhất một dòng bên dưới.")
    header = [cell_text(c) for c in rows[header_index]]
    found, missing = match_columns(header, importer.columns)
    for column in importer.columns:
        errors.headers[column.name] = header[found[column.name]] if column.name in found else str(column.header)
    errors.positions = dict(found)
    if missing:
        errors.add(row=header_index + 1, column=", ".join(missing), value="", message=_(
            "Thiếu cột bắt buộc: %(columns)s. Hãy dùng dòng tiêu đề của tệp mẫu."
        ) % {"columns": ", ".join(missing)})
        return ""
    by_index = {index: errors.headers[name] for name, index in found.items()}
    for row, index, text in sheet.formulas:
        column = by_index.get(index, header[index] if index < len(header) else "")
        errors.add(row=row, column=column, value=text, message=formula_message())
    return _Table(rows=rows, start=header_index + 1, stop=stop, found=found)


def _chunks(table: _Table, importer: Importer, errors: ErrorList):
    """Cleaned chunks of non-blank rows; cells that look like formulas are reported here."""
    names = [column.name for column in importer.columns]
    for start in range(table.start, table.stop, CHUNK_ROWS):
        block = table.rows[start:min(start + CHUNK_ROWS, table.stop)]
        columns = list(zip(*block, strict=False))
        values = {name: clean_column(columns[table.found[name]]) if name in table.found else [""] * len(block)
                  for name in names}
        numbers = list(range(start + 1, start + 1 + len(block)))
        keep = [any(cells) for cells in zip(*(values[name] for name in table.found), strict=True)]
        if not all(keep):
            numbers = [n for n, k in zip(numbers, keep, strict=True) if k]
            values = {name: [v for v, k in zip(column, keep, strict=True) if k] for name, column in values.items()}
        for name in table.found:
            column = values[name]
            # Cells are stripped, so a formula starts a cell: one regex over the column first.
            if not _FORMULA_ANYWHERE.search("\x00" + "\x00".join(column)):
                continue
            for i, text in enumerate(column):
                if text[:1] in FORMULA_STARTS and not _NUMBERISH.match(text):
                    errors.add(row=numbers[i], column=name, value=text, message=formula_message())
        yield start + len(block) - table.start, Chunk(rows=numbers, values=values)


def run_import(*, importer: Importer, file, file_name: str, job: ImportJob | None = None,
               progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Read, check and (when every row is right) save a file. Never saves part of a file."""
    errors = ErrorList()
    tracker = _Progress(job, progress)
    try:
        importer.prepare()
        sheet = read_sheet(file=file, name=file_name)
    except ImportRefused as refused:
        return ImportResult(ok=False, created=0, total_rows=0, message=refused.message, errors=errors)
    table = _table(sheet, importer, errors)
    if not isinstance(table, _Table):
        return _failed(errors, 0) if errors else ImportResult(ok=False, created=0, total_rows=0, message=table,
                                                              errors=errors)
    total = table.total
    tracker.update(force=True, total_rows=total, processed_rows=0, status=JobStatus.RUNNING)
    importer.precheck(table.column)
    # The history keeps reasons in the official language, whoever imports.
    with translation.override(settings.LANGUAGE_CODE):
        reason = (_("Nhập từ tệp %(name)s") % {"name": os.path.basename(file_name)})[:100]
    saving = _("Đã kiểm tra xong %(count)s dòng, đang lưu…") % {"count": number_text(total)}
    stream = connection.vendor == "postgresql" and type(importer).save is Importer.save
    finished = False
    try:
        if stream:
            # Rows go to the database while later rows are still being checked (COPY keeps the
            # server busy in parallel); an error anywhere rolls the whole transaction back.
            tracker.open_side()
            with transaction.atomic():
                with BulkInsert(model=importer.model, fields=importer.fields, user=importer.user, reason=reason,
                                expected=total) as insert:
                    written = 0
                    for done, chunk in _chunks(table, importer, errors):
                        importer.validate(chunk, errors)
                        if not errors:
                            insert.add(importer.records[written:])
                            written = len(importer.records)
                        tracker.rows(done, total)
                    if errors:
                        raise _Rollback
                    tracker.update(force=True, processed_rows=total, message=saving)
                    ids = insert.finish()
                finished = True
                importer.finish(errors)
                if errors:
                    raise _Rollback
                importer.check_saved(ids)
        else:
            for done, chunk in _chunks(table, importer, errors):
                importer.validate(chunk, errors)
                tracker.rows(done, total)
            finished = True
            importer.finish(errors)
            if errors:
                raise _Rollback
            tracker.update(force=True, processed_rows=total, message=saving)
            with transaction.atomic():
                ids = importer.save(reason=reason)
                importer.check_saved(ids)
    except _Rollback:
        if not finished:
            # Still worth asking: the user gets every error of the file in one go.
            importer.finish(errors)
        return _failed(errors, total)
    except IntegrityError:
        logger.info("import of %s hit a uniqueness conflict", file_name, exc_info=True)
        message = _("Trong lúc nhập, người khác vừa thêm dữ liệu trùng với tệp này. Không dòng nào được lưu; "
                    "hãy nhập lại tệp để xem dòng nào bị trùng.")
        return ImportResult(ok=False, created=0, total_rows=total, message=message, errors=errors)
    except PermissionDenied:
        message = _("Phạm vi công việc của bạn vừa thay đổi trong lúc nhập nên không dòng nào được lưu. "
                    "Hãy tải lại trang và nhập lại tệp.")
        return ImportResult(ok=False, created=0, total_rows=total, message=message, errors=errors)
    finally:
        tracker.close_side()
    return ImportResult(ok=True, created=len(ids), total_rows=total, message=importer.success_message(len(ids)),
                        errors=errors)


def formula_message():
    return _("Ô này trông như công thức bảng tính (bắt đầu bằng =, +, - hoặc @); hệ thống không nhận "
             "công thức. Hãy ghi giá trị thuần.")


def _failed(errors: ErrorList, total: int) -> ImportResult:
    message = _("Tệp có %(count)s lỗi nên không dòng nào được lưu. Hãy sửa các lỗi dưới đây rồi tải lên "
                "lại.") % {"count": number_text(len(errors))}
    return ImportResult(ok=False, created=0, total_rows=total, message=message, errors=errors)


def job_finish(*, job: ImportJob, result: ImportResult) -> None:
    job.status = JobStatus.DONE if result.ok else JobStatus.FAILED
    job.created_rows = result.created
    job.total_rows = result.total_rows
    job.processed_rows = result.total_rows
    job.errors = result.errors.stored()
    job.message = result.message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "created_rows", "total_rows", "processed_rows", "errors", "message",
                            "finished_at"])


def import_job_start(*, user, kind: str, upload) -> ImportJob:
    """Check an uploaded file, keep it on a new job and queue the job. Refused files save nothing."""
    check_upload(file=upload, name=upload.name)
    upload.seek(0)
    job = ImportJob(kind=kind, file_name=os.path.basename(upload.name)[:255], created_by=user)
    job.file.save(upload.name, upload, save=False)
    job.save()
    from .tasks import import_job_run

    # The job row is committed (no request-wide transaction), so the worker can read it at once.
    import_job_run(job.pk)
    return job


def run_import_job(*, job_id: int) -> ImportJob | None:
    """Run a queued job (called by the task queue). Any failure ends the job as failed."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    user = job.created_by
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        try:
            importer = importer_for(job.kind)(user=user)
            with job.file.open("rb") as file:
                result = run_import(importer=importer, file=file, file_name=job.file_name, job=job)
        except Exception:
            logger.exception("import job %s failed", job_id)
            result = ImportResult(ok=False, created=0, total_rows=job.total_rows, errors=ErrorList(),
                                  message=_("Lỗi hệ thống khi nhập tệp; không dòng nào được lưu. "
                                            "Hãy thử lại hoặc báo quản trị viên."))
        job_finish(job=job, result=result)
    return job


# --- Saving many rows fast, with their history


class BulkInsert:
    """New rows of a KcnModel and a '+' history row for each, written in the caller's transaction.

    ``fields`` are attribute names (``zone_id``); rows are tuples in that order, already clean.
    On PostgreSQL rows go out by COPY as soon as they are added, an order of magnitude faster
    than INSERT, with primary keys taken from the sequence beforehand so that the history rows
    need not be read back; each row is formatted once and the same text, with the history
    columns appended, feeds the history table. Other databases get bulk_create and
    django-simple-history's helper.

        with BulkInsert(model=..., fields=..., user=..., reason=..., expected=n) as insert:
            insert.add(rows)
            ids = insert.finish()
    """

    def __init__(self, *, model, fields: Sequence[str], user, reason: str, expected: int):
        self.model, self.fields, self.user, self.reason = model, tuple(fields), user, reason
        self.expected = expected
        self.copy_mode = connection.vendor == "postgresql"
        self.rows: list[tuple] = []
        self.lines: list[str] = []
        self.ids: list = []
        self._copy = None
        self._copy_context = None

    def __enter__(self):
        if self.copy_mode:
            self._start_copy()
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._copy_context is not None:
            context, self._copy_context = self._copy_context, None
            try:
                with connection.wrap_database_errors:
                    context.__exit__(exc_type, exc, tb)
            finally:
                self.cursor.close()
        return False

    def add(self, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        if not self.copy_mode:
            self.rows.extend(rows)
            return
        offset = len(self.rows)
        if offset + len(rows) > len(self.ids):
            raise ValueError("more rows than expected")
        ids = map(str, self.ids[offset:offset + len(rows)])
        columns = map(copy_column, zip(*rows, strict=True))
        # The constant columns are endless repeats, hence strict=False.
        lines = [*map("\t".join, zip(ids, *columns, *self._tail, strict=False))]
        # psycopg's own errors become Django's (IntegrityError...), as for any query.
        with connection.wrap_database_errors:
            self._copy.write(("\n".join(lines) + "\n").encode())
        self.rows.extend(rows)
        self.lines.extend(lines)

    def finish(self) -> list:
        if not self.copy_mode:
            return self._bulk_create()
        context, self._copy_context = self._copy_context, None
        try:
            with connection.wrap_database_errors:
                context.__exit__(None, None, None)
                ids = self.ids[: len(self.rows)]
                if self.rows and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
                    self._copy_history(ids)
        finally:
            self.cursor.close()
        return ids

    def _bulk_create(self) -> list:
        from simple_history.utils import bulk_create_with_history

        if not self.rows:
            return []
        objects = [self.model(**dict(zip(self.fields, row, strict=True))) for row in self.rows]
        created = bulk_create_with_history(objects, self.model, batch_size=500, default_user=self.user,
                                           default_change_reason=self.reason, default_date=timezone.now())
        return [obj.pk for obj in created]

    def _start_copy(self) -> None:
        meta = self.model._meta
        pk = meta.pk
        self.now = timezone.now()
        constants = {}
        for f in meta.concrete_fields:
            if f is pk or f.attname in self.fields:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                constants[f.attname] = self.now
            elif f.has_default() and callable(f.default):
                raise ValueError(f"{meta.label}.{f.name} has a callable default: pass it in fields")
            else:
                constants[f.attname] = f.get_db_prep_save(f.get_default(), connection)
        # Each line is (id, *row, *constants); ``order`` names its columns.
        self.order = [pk.attname, *self.fields, *constants]
        self._tail = [itertools.repeat(_copy_text(value)) for value in constants.values()]
        self._tail_values = tuple(constants.values())
        columns = {f.attname: f.column for f in meta.concrete_fields}
        self.cursor = connection.cursor()
        if self.expected:
            # The sequence is looked up once: pg_get_serial_sequence per row costs ten times more
            # than the fifty thousand nextval calls themselves.
            self.cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, pk.column])
            sequence = self.cursor.fetchone()[0]
            self.cursor.execute("SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)",
                                [sequence, self.expected])
            self.ids = self.cursor.fetchone()[0]
        self._copy_context = self.cursor.cursor.copy(_copy_sql(meta.db_table, [columns[n] for n in self.order]))
        self._copy = self._copy_context.__enter__()

    def _copy_history(self, ids: list) -> None:
        from simple_history.utils import get_history_model_for_model

        history = get_history_model_for_model(self.model)._meta
        specials = {"history_date": self.now, "history_change_reason": self.reason, "history_type": "+",
                    "history_user_id": getattr(self.user, "pk", None)}
        position = {name: index for index, name in enumerate(self.order)}
        picks, const_columns, const_values = [], [], []
        for f in history.concrete_fields:
            if f.primary_key:
                continue
            if f.attname in specials:
                const_columns.append(f.column)
                const_values.append(specials[f.attname])
            elif f.attname in position:
                picks.append((position[f.attname], f.column))
            else:
                raise ValueError(f"history field {f.attname} of {self.model._meta.label} is unknown to BulkInsert")
        picks.sort()
        indexes = [index for index, _column in picks]
        suffix = "\t".join(_copy_text(value) for value in const_values)
        with self.cursor.cursor.copy(_copy_sql(history.db_table, [c for _i, c in picks] + const_columns)) as copy:
            if indexes == list(range(len(self.order))):
                # The history row is the model row plus the history columns: reuse the text.
                for start in range(0, len(self.lines), 5000):
                    block = self.lines[start:start + 5000]
                    copy.write(("\t" + suffix + "\n").join(block).encode() + ("\t" + suffix + "\n").encode())
            else:
                for new_id, row in zip(ids, self.rows, strict=True):
                    values = (new_id, *row, *self._tail_values)
                    copy.write_row(tuple(values[i] for i in indexes) + tuple(const_values))


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


_SPECIALS = re.compile(r"[\\\t\n\r]")


def copy_column(values: tuple) -> Sequence[str]:
    """A column in COPY's text format; the common case (plain text or integers) at C speed."""
    kinds = set(map(type, values))
    if kinds == {str}:
        if not _SPECIALS.search("".join(values)):
            return values
    elif kinds == {int}:
        return [*map(str, values)]
    return [*map(_copy_text, values)]


def bulk_insert_with_history(*, model, fields: Sequence[str], rows: Sequence[tuple], user, reason: str) -> list:
    """Insert rows and their history in one go (see BulkInsert); returns the new primary keys."""
    with BulkInsert(model=model, fields=fields, user=user, reason=reason, expected=len(rows)) as insert:
        insert.add(rows)
        return insert.finish()


def _copy_sql(table: str, columns: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    return f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
