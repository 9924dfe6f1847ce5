"""The raw data out: every submitted report of a schedule over a date range, one row per report,
as one .xlsx sheet (the consolidated report of one period is exports.py).

Columns: the period, its first day, the zone, the enterprise, the status, when it was submitted,
its revision and template version, then one column per field code of every template version the
reports were filled under. A field keeps its code across versions, so a report filled under an
older version lands in the same column as a newer one, and a field a later version dropped keeps
its column: changing a template never hides what was submitted earlier. Columns are ordered as
the latest version orders them, then the codes only older versions have; each is headed by the
label and unit of the latest version that has it.

Memory does not grow with the number of rows: the rows come in one query through
``iterator(chunk_size=CHUNK_SIZE)`` (a server-side cursor on PostgreSQL), with the enterprise's
names joined in and the periods, zones and versions read once beforehand, never one query per
row; each row goes into the zip as soon as it is written (``XlsxStream`` below). A year of the
largest zone's daily reports (about 320,000 at 10,000 enterprises) takes about 15 s with a flat
memory peak (``bench/export_year.py``), so the page and the API serve it synchronously; more
than MAX_ROWS reports at once is refused with a message saying how to narrow it.

Every text is an inline string cell, so a value such as ``=HYPERLINK(...)`` is text that Excel
never evaluates (as with ``write_string`` in kcn.core.exporters).
"""

import datetime
import math
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape, quoteattr

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Department, Zone, ZoneAssignment

from .choices import FieldType, SubmissionStatus
from .models import Field, Period, Schedule, Submission, TemplateVersion

CHUNK_SIZE = 2000
#: The longest range a page or the API exports at once: a year and a day, leap years included.
MAX_DAYS = 366
#: The most reports a page or the API exports at once: about 45 s at the benchmark's speed, inside
#: the web server's 120 s timeout, and one sheet (Excel's limit is 1,048,576 rows). A zone's year
#: of daily reports is about 320,000; the whole board's year, 3.65 million, must be split by zone.
MAX_ROWS = 1_000_000
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


@dataclass(frozen=True)
class DataColumn:
    """A field column: the field code and its header (label and unit of the latest version)."""

    code: str
    header: str


def _header(label, unit):
    return f"{label} ({unit})" if unit else label


def data_columns(version_ids: Iterable[int]) -> list[DataColumn]:
    """The union of the field codes of ``version_ids``: the latest version's in its order, then the
    codes only older versions have, latest first; labelled by the latest version that has them."""
    columns, seen = [], set()
    for code, label, unit in (Field.objects.filter(version_id__in=list(version_ids))
                              .order_by("-version__number", "order", "id").values_list("code", "label", "unit")):
        if code not in seen:
            seen.add(code)
            columns.append(DataColumn(code, _header(label, unit)))
    return columns


def _excel_date(value: datetime.date) -> int:
    return (value - _EXCEL_EPOCH).days


def _excel_datetime(value: datetime.datetime, zone: datetime.tzinfo) -> float:
    local = value.astimezone(zone)
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    return _excel_date(local.date()) + seconds / 86400


def _number(value):
    """A stored number (an int, or a decimal stored as text) as a float, or None when unreadable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None
    return number if math.isfinite(number) else None


def _cell_writers(version_ids, columns, first):
    """{version id: [(column letter, code, type, choice labels)]}: each version's fields, typed as
    that version types them, in the column their code has in the union (after ``first`` columns)."""
    index = {column.code: column_letter(first + position) for position, column in enumerate(columns)}
    result = {version_id: [] for version_id in version_ids}
    for field in Field.objects.filter(version_id__in=list(version_ids)).order_by("version_id", "order", "id"):
        kind, labels = field.type, None
        if kind == FieldType.CHOICE:
            try:
                labels = dict(field.choice_pairs())
            except (TypeError, ValueError):
                labels = {}
        result[field.version_id].append((index[field.code], field.code, kind, labels))
    return result


def export_queryset(user, periods, *, zone: Zone | None = None, department: Department | None = None):
    """The submitted reports of ``periods`` (ids, or a query of them) the user may export, narrowed to a zone or to
    the zones a department monitors today."""
    queryset = Submission.objects.restrict(user, Action.EXPORT).filter(
        period_id__in=periods, status=SubmissionStatus.SUBMITTED)
    if zone is not None:
        queryset = queryset.filter(enterprise__zone=zone)
    if department is not None:
        queryset = queryset.filter(enterprise__zone__in=ZoneAssignment.objects.current()
                                   .filter(department=department).values("zone_id"))
    return queryset


def export_size(user, schedule: Schedule, *, zone=None, department=None, date_from, date_to) -> int:
    """How many reports ``submissions_xlsx`` would write (one COUNT query)."""
    periods = Period.objects.filter(schedule=schedule, end__gte=date_from, start__lte=date_to).values("pk")
    return export_queryset(user, periods, zone=zone, department=department).count()


def submissions_xlsx(user, schedule: Schedule, *, zone: Zone | None = None, department: Department | None = None,
                     date_from: datetime.date, date_to: datetime.date, out) -> int:
    """Write the reports of ``schedule``'s periods overlapping [date_from, date_to] that ``user``
    may export to ``out`` (a path or a binary file open for writing), oldest period first, then by
    zone and tax code. Returns the number of reports written.

    A role that may not export reports gets PermissionDenied; a schedule, zone or department
    outside scope simply contributes no row (the views check them first and answer 404 or a
    form error, like every page for a row out of scope)."""
    if not role_allows(user, Submission, Action.EXPORT):
        raise PermissionDenied
    periods = {pk: (xml_text(label), _excel_date(start)) for pk, label, start in
               Period.objects.filter(schedule=schedule, end__gte=date_from, start__lte=date_to)
               .values_list("pk", "label", "start")}
    queryset = export_queryset(user, list(periods), zone=zone, department=department)
    version_ids = set(queryset.order_by().values_list("version_id", flat=True).distinct()) if periods else set()
    versions = dict(TemplateVersion.objects.filter(pk__in=version_ids).values_list("pk", "number"))
    columns = data_columns(version_ids)
    zones = {pk: xml_text(name) for pk, name in Zone.objects.values_list("pk", "name")}
    fixed = [_("Kỳ báo cáo"), _("Ngày đầu kỳ"), _("Khu công nghiệp"), _("Mã số thuế"), _("Tên doanh nghiệp"),
             _("Trạng thái"), _("Nộp lúc"), _("Lần điều chỉnh"), _("Phiên bản mẫu")]
    first = len(fixed)
    widths = [14, 12, 24, 14, 40, 12, 16, 12, 12] + [16] * len(columns)
    status = xml_text(str(SubmissionStatus.SUBMITTED.label))
    yes, no = xml_text(_("Có")), xml_text(_("Không"))
    writers = _cell_writers(version_ids, columns, first)
    local_zone = timezone.get_current_timezone()
    names = {}

    count = 0
    with XlsxStream(out, sheet_title=_("Số liệu báo cáo"), widths=widths, freeze=(1, 3)) as stream:
        stream.header([*fixed, *(column.header for column in columns)])
        rows = (queryset.order_by("period__start", "enterprise__zone__code", "enterprise__tax_code", "pk")
                .values_list("period_id", "enterprise__zone_id", "enterprise__tax_code", "enterprise__name",
                             "submitted_at", "revision", "version_id", "values")
                .iterator(chunk_size=CHUNK_SIZE)) if periods else ()
        for period_id, zone_id, tax_code, name, submitted_at, revision, version_id, values in rows:
            count += 1
            n = stream.next_row()
            label, start = periods[period_id]
            # An enterprise comes back once per period: escape its names once.
            key = (tax_code, name)
            escaped = names.get(key)
            if escaped is None:
                escaped = names[key] = (xml_text(tax_code), xml_text(name))
            tax_code, name = escaped
            cells = [
                f'<c r="A{n}" t="inlineStr"><is><t>{label}</t></is></c>'
                f'<c r="B{n}" s="{DATE}"><v>{start}</v></c>'
                f'<c r="C{n}" t="inlineStr"><is><t>{zones.get(zone_id, "")}</t></is></c>'
                f'<c r="D{n}" t="inlineStr"><is><t>{tax_code}</t></is></c>'
                f'<c r="E{n}" t="inlineStr"><is><t xml:space="preserve">{name}</t></is></c>'
                f'<c r="F{n}" t="inlineStr"><is><t>{status}</t></is></c>'
            ]
            if submitted_at is not None:
                cells.append(f'<c r="G{n}" s="{DATETIME}"><v>{_excel_datetime(submitted_at, local_zone)!r}</v></c>')
            cells.append(f'<c r="H{n}"><v>{revision}</v></c><c r="I{n}"><v>{versions.get(version_id, 0)}</v></c>')
            if values:
                for ref, code, kind, labels in writers.get(version_id, ()):
                    value = values.get(code)
                    if type(value) is int and kind == FieldType.INTEGER:  # the common case, kept short
                        cells.append(f'<c r="{ref}{n}" s="{NUMBER}"><v>{value}</v></c>')
                    elif value is not None and value != "":
                        cells.append(_cell(ref + n, kind, labels, value, yes, no))
            stream.write_row(n, cells)
    return count


def _cell(ref, kind, labels, value, yes, no) -> str:
    """One field's value as a typed cell: numbers and dates as numbers, the rest as text."""
    if kind in (FieldType.INTEGER, FieldType.DECIMAL):
        number = _number(value)
        if number is not None:
            return f'<c r="{ref}" s="{NUMBER}"><v>{number!r}</v></c>'
    elif kind == FieldType.DATE:
        try:
            return f'<c r="{ref}" s="{DATE}"><v>{_excel_date(datetime.date.fromisoformat(str(value)))}</v></c>'
        except ValueError:
            pass
    elif kind == FieldType.YES_NO and isinstance(value, bool):
        return f'<c r="{ref}" t="inlineStr"><is><t>{yes if value else no}</t></is></c>'
    elif kind == FieldType.CHOICE and labels:
        value = labels.get(str(value), value)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_text(str(value))}</t></is></c>'


def export_filename(schedule: Schedule, *, zone=None, department=None, date_from, date_to) -> str:
    """so-lieu-covid-daily-hna-dv2-01-01-2026-31-12-2026.xlsx ("đ" becomes "d")."""
    parts = ["so-lieu", schedule.template.code]
    if zone is not None:
        parts.append(zone.code)
    elif department is not None:
        parts.append(department.name.replace("đ", "d").replace("Đ", "D"))
    parts += [date_from.strftime("%d-%m-%Y"), date_to.strftime("%d-%m-%Y")]
    return slugify("-".join(parts)) + ".xlsx"


# --- A streaming .xlsx writer --------------------------------------------------------------------
#
# XlsxWriter's constant_memory mode keeps memory flat too, but spends about 5 µs of Python per
# cell: a zone's year (half a million reports x 18 columns) took over a minute on this machine.
# Writing the sheet's XML directly is about seven times faster, with the same guarantees: every
# text is an inline string (never a formula), numbers and dates are typed cells, and rows go to
# the zip as they come. A sheet holds at most MAX_SHEET_ROWS rows (Excel's limit); more rows
# continue on a new sheet with the same header.

MAX_SHEET_ROWS = 1_048_576
HEADER, DATE, DATETIME, NUMBER = 1, 2, 3, 4  # cell styles (cellXfs) of _STYLES
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_CELL_TEXT = 32767

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '{sheets}</Types>'
)
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets>{sheets}</sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{sheets}'
    '<Relationship Id="rIdStyles" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>'
)
_SHEET_REL = ('<Relationship Id="rId{n}" '
              'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
              'Target="worksheets/sheet{n}.xml"/>')
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
    '<numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/><numFmt numFmtId="166" formatCode="#,##0.######"/>'
    '</numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill>'
    '</fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>'
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    '</borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" '
    'applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def xml_text(value) -> str:
    """Text as the content of an XML element: escaped, without the control characters XML
    forbids, cut at Excel's 32,767 characters per cell."""
    return escape(_ILLEGAL_XML.sub("", str(value))[:_MAX_CELL_TEXT])


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class XlsxStream:
    """A one-sheet-at-a-time .xlsx writer: ``header`` once, then ``next_row`` and ``write_row``
    for every row (cells as XML built by the caller, referencing the row number it was given)."""

    FLUSH_ROWS = 500

    def __init__(self, out, *, sheet_title: str, widths: list[int], freeze: tuple[int, int] = (1, 0),
                 max_rows: int = MAX_SHEET_ROWS):
        self.out, self.title, self.widths, self.freeze = out, sheet_title, widths, freeze
        self.max_rows = max_rows
        self.sheets, self.buffer, self.handle, self.row_number = 0, [], None, 0
        self.header_cells = ""

    def __enter__(self):
        self.zip = zipfile.ZipFile(self.out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        return self

    def __exit__(self, kind, error, traceback):
        try:
            if error is None:
                if self.handle is None:
                    self._open_sheet()
                self._close_sheet()
                self._write_parts()
        finally:
            if self.handle is not None:
                self.handle.close()
            self.zip.close()
        return False

    def header(self, texts):
        self.header_cells = "".join(
            f'<c r="{column_letter(col)}1" s="{HEADER}" t="inlineStr"><is><t>{xml_text(text)}</t></is></c>'
            for col, text in enumerate(texts))
        self._open_sheet()

    def next_row(self) -> str:
        """The number (as text) of the row to write next, starting a new sheet when this one is full."""
        if self.handle is None or self.row_number >= self.max_rows:
            if self.handle is not None:
                self._close_sheet()
            self._open_sheet()
        self.row_number += 1
        return str(self.row_number)

    def write_row(self, number: str, cells):
        self.buffer.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.buffer) >= self.FLUSH_ROWS:
            self._flush()

    def _flush(self):
        if self.buffer:
            self.handle.write("".join(self.buffer).encode())
            self.buffer = []

    def _sheet_name(self, number):
        title = re.sub(r"[\\/*?:\[\]]", " ", self.title)
        if number == 1:
            return title[:31]
        suffix = f" ({number})"
        return title[:31 - len(suffix)] + suffix

    def _open_sheet(self):
        self.sheets += 1
        self.handle = self.zip.open(f"xl/worksheets/sheet{self.sheets}.xml", "w")
        rows, cols = self.freeze
        pane = ""
        if rows or cols:
            top_left = f"{column_letter(cols)}{rows + 1}"
            split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
            active = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
            pane = (f'<pane{split} topLeftCell="{top_left}" activePane="{active}" state="frozen"/>'
                    f'<selection pane="{active}" activeCell="{top_left}" sqref="{top_left}"/>')
        widths = "".join(f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
                         for index, width in enumerate(self.widths, start=1))
        selected = ' tabSelected="1"' if self.sheets == 1 else ""
        self.handle.write((
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheetViews><sheetView workbookViewId="0"{selected}>'
            f'{pane}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{widths}</cols>" if widths else "")
            + "<sheetData>"
        ).encode())
        self.row_number = 0
        if self.header_cells:
            self.row_number = 1
            self.buffer.append(f'<row r="1">{self.header_cells}</row>')

    def _close_sheet(self):
        self._flush()
        self.handle.write(b"</sheetData></worksheet>")
        self.handle.close()
        self.handle = None

    def _write_parts(self):
        numbers = range(1, self.sheets + 1)
        self.zip.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
            sheets="".join(_SHEET_TYPE.format(n=n) for n in numbers)))
        self.zip.writestr("_rels/.rels", _ROOT_RELS)
        self.zip.writestr("xl/workbook.xml", _WORKBOOK.format(sheets="".join(
            f'<sheet name={quoteattr(self._sheet_name(n))} sheetId="{n}" r:id="rId{n}"/>' for n in numbers)))
        self.zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(
            sheets="".join(_SHEET_REL.format(n=n) for n in numbers)))
        self.zip.writestr("xl/styles.xml", _STYLES)
