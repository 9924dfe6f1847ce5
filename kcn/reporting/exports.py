"""A period's consolidated report as an .xlsx sheet and as an official document (Decree 30/2020).

The figures are those of the period page, read from the pre-aggregated total rows
(``consolidation.board_totals`` / ``department_totals``), at the level the user works at:

* a department's staff get their department's totals by zone;
* the leader, the observer, the administrator and the staff of the consolidating department
  (Department.consolidates) get the board's totals by department and zone.

The PDF is drawn by ``kcn.core.documents.document_pdf``; this module only says what the
document contains. Its number is left blank ("   /BC-BQLKCN"): under Decree 30 (Art. 15 and
Appendix I) the number is given by the clerk (văn thư) when the signed document is registered
in the outgoing register, so a generated draft cannot know it; the clerk writes it by hand.
"""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.text import slugify

from kcn.core.documents import DocumentTable, OfficialDocument
from kcn.registry.choices import Position
from kcn.registry.documents import board_symbol, issuing_authority
from kcn.registry.models import Department, Staff

from .consolidation import board_totals, department_totals, field_columns
from .models import Period
from .selectors import reporting_level

# A detail table on A4 portrait has room for the name column and about five figures.
FIELDS_PER_TABLE = 5


@dataclass
class Row:
    """One line of the report: a department (board level), a zone, or the total."""

    kind: str  # "department", "zone" or "total"
    name: str
    department: str
    submissions: int
    totals: dict


@dataclass
class Report:
    """What both formats show: who, which period, the columns and the rows (total last)."""

    period: Period
    department: Department | None
    columns: list[dict]
    rows: list[Row]
    generated_at: datetime.datetime

    @property
    def board(self):
        return self.period.schedule.board

    @property
    def total(self) -> Row:
        return self.rows[-1]

    @property
    def scope_name(self) -> str:
        return self.department.name if self.department else self.board.name


def export_department(user) -> tuple[bool, Department | None]:
    """(may export, department): the level the period page shows the user, or (False, None).

    A department's staff report at their department's level unless it consolidates the board;
    board-wide roles (and the consolidating department) at the board's level (department None).
    """
    level = reporting_level(user)
    if level.sees_board:
        return True, None
    if level.department is None:
        return False, None
    return True, level.department


def build_report(period: Period, department: Department | None) -> Report:
    rows = []
    if department is not None:
        columns = field_columns(period.schedule.template_id)
        data = department_totals(period, department)
        for zone in data["zones"]:
            rows.append(Row("zone", zone["zone"].name, department.name, zone["submissions"], zone["totals"]))
    else:
        data = board_totals(period, period.schedule.board)
        columns = data["columns"]
        for node in data["departments"]:
            name = node["department"].name
            rows.append(Row("department", name, name, node["submissions"], node["totals"]))
            rows += [Row("zone", zone["zone"].name, name, zone["submissions"], zone["totals"])
                     for zone in node["zones"]]
        rows += [Row("zone", zone["zone"].name, "", zone["submissions"], zone["totals"])
                 for zone in data["unassigned"]]
    rows.append(Row("total", "Tổng cộng", "", data["submissions"], data["totals"]))
    return Report(period=period, department=department, columns=columns, rows=rows, generated_at=timezone.now())


def number(value) -> int | Decimal:
    """A stored total (Decimal at 6 places) as the plain number people write: 2734, 12.5."""
    value = Decimal(value or 0)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def column_header(column: dict) -> str:
    return f"{column['label']} ({column['unit']})" if column["unit"] else column["label"]


def filename(period: Period, extension: str) -> str:
    """bao-cao-22-11-2026.pdf, bao-cao-thang-11-2026.xlsx ("/" becomes "-", đ becomes d)."""
    label = period.label.replace("/", "-").replace("đ", "d").replace("Đ", "D")
    return f"bao-cao-{slugify(label) or period.pk}.{extension}"


# --- .xlsx ----------------------------------------------------------------------------------------


def report_xlsx(report: Report) -> bytes:
    """Title block, then one row per (department and) zone with the numeric fields, then the total.

    Every text is written with write_string (never read as a formula) and every figure with
    write_number, as in kcn.core.exporters.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("Tổng hợp")
    title = workbook.add_format({"bold": True, "font_size": 14})
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                  "valign": "vcenter", "align": "center"})
    cell = workbook.add_format({"border": 1})
    figure = workbook.add_format({"border": 1, "num_format": "#,##0.######"})
    strong = workbook.add_format({"border": 1, "bold": True})
    strong_figure = workbook.add_format({"border": 1, "bold": True, "num_format": "#,##0.######"})

    period, board = report.period, report.board
    sheet.write_string(0, 0, board.name, bold)
    sheet.write_string(1, 0, period.schedule.template.name, title)
    sheet.write_string(2, 0, f"Kỳ báo cáo: {period.label}")
    sheet.write_string(3, 0, f"Phạm vi: {report.scope_name}")
    sheet.write_string(4, 0, "Lập lúc: " + timezone.localtime(report.generated_at).strftime("%d/%m/%Y %H:%M"))

    head = ["STT", "Phòng, đơn vị", "Khu công nghiệp", "Số báo cáo đã nộp",
            *(column_header(column) for column in report.columns)]
    top = 6
    for col, text in enumerate(head):
        sheet.write_string(top, col, text, header)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 2, 32)
    sheet.set_column(3, len(head) - 1, 16)
    zone_number = 0
    for index, row in enumerate(report.rows, start=top + 1):
        is_zone = row.kind == "zone"
        text_format, number_format = (cell, figure) if is_zone else (strong, strong_figure)
        if is_zone:
            zone_number += 1
            sheet.write_number(index, 0, zone_number, cell)
        else:
            sheet.write_blank(index, 0, None, text_format)
        sheet.write_string(index, 1, row.department if row.kind != "total" else row.name, text_format)
        sheet.write_string(index, 2, row.name if is_zone else "", text_format)
        sheet.write_number(index, 3, row.submissions, number_format)
        for col, column in enumerate(report.columns, start=4):
            sheet.write_number(index, col, float(number(row.totals.get(column["code"]))), number_format)
    sheet.freeze_panes(top + 1, 3)
    workbook.close()
    return buffer.getvalue()


# --- Official document ---------------------------------------------------------------------------


def _person(queryset) -> str:
    staff = queryset.select_related("user").order_by("pk").first()
    return str(staff.user) if staff else ""


def signer(report: Report, user) -> tuple[str, str]:
    """Who signs: the department head for a department's report; for the board's, the user
    when they are a deputy head ("KT. TRƯỞNG BAN / PHÓ TRƯỞNG BAN"), otherwise the head."""
    if report.department is not None:
        return "TRƯỞNG PHÒNG", _person(Staff.objects.filter(department=report.department,
                                                               position=Position.DEPARTMENT_HEAD))
    board = report.board
    own = Staff.objects.filter(user=user, board=board, position=Position.DEPUTY_HEAD).first()
    if own is not None:
        return "KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN", str(user)
    return "TRƯỞNG BAN", _person(Staff.objects.filter(board=board, position=Position.HEAD))


def _subtitle(period: Period) -> str:
    """"Báo cáo tình hình phòng, chống dịch Covid-19 hằng ngày" → "Tình hình phòng, chống dịch
    Covid-19 hằng ngày kỳ 22/11/2026"."""
    name = re.sub(r"^báo cáo\s+", "", unicodedata.normalize("NFC", period.schedule.template.name),
                  flags=re.IGNORECASE)
    name = name[:1].upper() + name[1:]
    return f"{name} kỳ {period.label}"


def _detail_tables(report: Report) -> list[DocumentTable]:
    """The rows by (department and) zone, five figures per table so that A4 portrait holds them."""
    columns = report.columns
    tables = []
    count = -(-len(columns) // FIELDS_PER_TABLE)
    size = -(-len(columns) // count) if count else 0  # 8 fields: two tables of 4, not 5 and 3
    for start in range(0, len(columns), size or 1):
        chunk = columns[start:start + size]
        rows, department_number, zone_number = [], 0, 0
        for row in report.rows:
            if row.kind == "department":
                department_number += 1
                zone_number = 0
                label, name = _roman(department_number), row.name
            elif row.kind == "zone":
                zone_number += 1
                label, name = str(zone_number), row.name
            else:
                label, name = "", row.name
            rows.append([label, name, *(number(row.totals.get(column["code"])) for column in chunk)])
        name_header = "Phòng, đơn vị / Khu công nghiệp" if report.department is None else "Khu công nghiệp"
        tables.append(DocumentTable(
            header=["STT", name_header, *(column_header(column) for column in chunk)],
            rows=rows, widths=[0.07, 0.33, *([0.6 / len(chunk)] * len(chunk))],
        ))
    return tables


def _roman(value: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for amount, numeral in numerals:
        while value >= amount:
            text, value = text + numeral, value - amount
    return text


def report_document(report: Report, user) -> OfficialDocument:
    period, board = report.period, report.board
    department = report.department
    # A department's report is headed, as Decree 30 asks for a unit of an agency, by the agency
    # above it (the board) and then the unit; the board's report by the provincial committee.
    if department is None:
        authority, body = issuing_authority(board), board.name.upper()
        recipients = ["UBND tỉnh (để b/c)", "Lãnh đạo Ban", "Các phòng, đơn vị trực thuộc BQL", "Website Ban"]
        archive = "VT, VP"
        scope = board.name
    else:
        authority, body = board.name.upper(), department.name.upper()
        consolidating = Department.objects.filter(board=board, consolidates=True).exclude(pk=department.pk).first()
        recipients = ["Lãnh đạo Ban (để b/c)"]
        if consolidating is not None:
            recipients.append(f"{consolidating.name} (để tổng hợp)")
        archive = "VT"
        scope = department.name
    total = report.total
    title, name = signer(report, user)
    body_blocks = [
        f"Thực hiện yêu cầu báo cáo định kỳ \"{period.schedule.template.name}\", trên cơ sở số liệu "
        f"{total.submissions} báo cáo của các doanh nghiệp đã nộp trên hệ thống KCN, {scope} báo cáo "
        f"tình hình kỳ {period.label} như sau:",
        DocumentTable(
            caption="I. SỐ LIỆU TỔNG HỢP",
            header=["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng số"],
            rows=[[str(index), column["label"], column["unit"], number(total.totals.get(column["code"]))]
                  for index, column in enumerate(report.columns, start=1)],
            widths=[0.08, 0.52, 0.18, 0.22],
        ),
    ]
    details = _detail_tables(report)
    if details:
        details[0].caption = "II. SỐ LIỆU CHI TIẾT"
    body_blocks += details
    body_blocks.append("Trên đây là báo cáo tổng hợp số liệu kỳ " + period.label + "./.")
    return OfficialDocument(
        issuing_authority=authority,
        issuing_body=body,
        # Non-breaking spaces: the blank the clerk writes the number in survives the layout.
        number_symbol="\u00a0" * 6 + f"/BC-{board_symbol(board)}",
        place=board.province.name,
        date=timezone.localdate(),
        kind="BÁO CÁO",
        subtitle=_subtitle(period),
        body=body_blocks,
        signer_title=title,
        signer_name=name,
        recipients=recipients,
        archive=archive,
    )
