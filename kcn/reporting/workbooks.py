"""Reports as Excel workbooks: download the template of one report or of a period for many
enterprises, fill it in Excel, upload it.

Two kinds of workbook, both with a very hidden sheet ``kcn`` that says what the file is for
(template code, version number, period, and for one report the enterprise's tax code), so an
upload for the wrong template, version, period or enterprise is refused by name:

* one report (``report_xlsx``): one row per field — code, label, unit, required, a hint on
  limits or choices, and the value column, prefilled with the draft's values. The sheet is
  protected except the value column, so the codes are not changed by mistake (no password:
  protection guards against slips, not against the user).
* a period for many enterprises (``bulk_xlsx``, department officers and heads): one row per
  enterprise the officer may see among those the period asks, one column per field, prefilled
  with what was already drafted or submitted.

Uploads are read with python-calamine through ``kcn.core.importers.read_sheet`` (size limits,
fake .xlsx and zip bombs refused before parsing, formula cells found) and every value goes
through ``services.submission_save_draft`` or ``services.submission_submit``, so a value is
refused with the same message, naming the field, as on the web form.

The bulk upload is all or nothing, in one transaction: any error saves no row, and the answer
lists every error by row, column, value and reason (the registry importer's error report).
Rows are handled so that uploading the same file twice changes nothing:

* a row whose fields are all empty is skipped (the enterprise has nothing entered yet);
* a row of a report already submitted is skipped when its figures are the ones submitted, and
  refused otherwise: a submitted report is corrected on its page, with a reason (a revision);
* every other row is saved as a draft or submitted, as the officer chose for the file.

It runs synchronously: a period concerns at most a few hundred enterprises of an officer's
zones, a few queries each.
"""

from __future__ import annotations

import datetime
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.core.importers import (
    FORMULA_STARTS,
    ErrorList,
    ImportRefused,
    cell_text,
    file_extension,
    formula_message,
    number_text,
    read_sheet,
    upload_limit,
)
from kcn.registry.models import Enterprise

from . import services
from .choices import FieldType, SubmissionStatus
from .forms import display_value
from .models import Field, Period, ReportTemplate, Submission, TemplateVersion
from .selectors import targeted_enterprises
from .validation import clean_values

META_SHEET = "kcn"
SINGLE, BULK = "single", "bulk"
DRAFT, SUBMIT = "draft", "submit"
ACTIONS = (DRAFT, SUBMIT)
# Codes of the bulk sheet's fixed columns; field codes start with a lowercase letter and never
# contain a hyphen, so they cannot clash.
TAX_CODE, NAME, STATUS = "ma-so-thue", "ten-doanh-nghiep", "trang-thai"
_DATE_FORMAT = "dd/mm/yyyy"


class WorkbookRefused(Exception):
    """The upload cannot be taken: ``message`` says why, ``errors`` (row, column, value,
    message dicts) lists the bad cells when there are some. Nothing was saved."""

    def __init__(self, message, errors: list[dict] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.errors = errors or []


# --- Writing -------------------------------------------------------------------------------------


def _hint(field: Field) -> str:
    if field.type == FieldType.CHOICE:
        return _("Chọn một trong: %(choices)s") % {"choices": "; ".join(label for _v, label in field.choice_pairs())}
    if field.type == FieldType.YES_NO:
        return _("Ghi “có” hoặc “không”")
    if field.type == FieldType.DATE:
        return _("Ngày dạng dd/mm/yyyy")
    if field.type in (FieldType.INTEGER, FieldType.DECIMAL):
        kind = _("Số nguyên") if field.type == FieldType.INTEGER else _("Số")
        low = number_text(field.min_value.normalize()) if field.min_value is not None else None
        high = number_text(field.max_value.normalize()) if field.max_value is not None else None
        if low is not None and high is not None:
            return _("%(kind)s từ %(min)s đến %(max)s") % {"kind": kind, "min": low, "max": high}
        if low is not None:
            return _("%(kind)s, không nhỏ hơn %(min)s") % {"kind": kind, "min": low}
        if high is not None:
            return _("%(kind)s, không lớn hơn %(max)s") % {"kind": kind, "max": high}
        return kind
    return _("Văn bản")


class _Writer:
    """An xlsxwriter workbook with the formats both kinds of workbook use."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_formulas": False,
                                                      "strings_to_urls": False, "strings_to_numbers": False})
        self.title = self.book.add_format({"bold": True, "font_size": 13})
        self.header = self.book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                            "valign": "top"})
        self.codes = self.book.add_format({"italic": True, "font_color": "#808080", "font_size": 8})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.input = self.book.add_format({"locked": False, "bg_color": "#FFFDE7", "border": 1})
        self.input_date = self.book.add_format({"locked": False, "bg_color": "#FFFDE7", "border": 1,
                                                "num_format": _DATE_FORMAT})

    def meta(self, items: dict):
        sheet = self.book.add_worksheet(META_SHEET)
        for row, (key, value) in enumerate(items.items()):
            sheet.write_string(row, 0, key)
            sheet.write_string(row, 1, str(value))
        sheet.very_hidden()
        sheet.protect()

    def value(self, sheet, row, col, field: Field, stored):
        """A stored value as Excel keeps it: numbers as numbers, dates as dates, the rest as text."""
        if stored is None or stored == "":
            sheet.write_blank(row, col, None, self.input_date if field.type == FieldType.DATE else self.input)
            return
        if field.type == FieldType.INTEGER and isinstance(stored, int):
            sheet.write_number(row, col, stored, self.input)
        elif field.type == FieldType.DECIMAL and Decimal(repr(float(Decimal(str(stored))))) == Decimal(str(stored)):
            sheet.write_number(row, col, float(Decimal(str(stored))), self.input)
        elif field.type == FieldType.DATE:
            try:
                day = datetime.date.fromisoformat(str(stored))
            except ValueError:
                sheet.write_string(row, col, str(stored), self.input)
            else:
                sheet.write_datetime(row, col, datetime.datetime.combine(day, datetime.time()),  # noqa: DTZ001 - a date
                                     self.input_date)
        elif field.type == FieldType.CHOICE:
            sheet.write_string(row, col, dict(field.choice_pairs()).get(str(stored), str(stored)), self.input)
        else:
            sheet.write_string(row, col, display_value(field, stored), self.input)

    def dropdown(self, sheet, first_row, last_row, col, field: Field):
        if field.type == FieldType.CHOICE:
            options = [label for _v, label in field.choice_pairs()]
        elif field.type == FieldType.YES_NO:
            options = ["có", "không"]
        else:
            return
        if sum(len(option) + 1 for option in options) < 250:  # Excel's limit for an inline list
            sheet.data_validation(first_row, col, last_row, col, {
                "validate": "list", "source": options, "error_type": "warning", "ignore_blank": True})

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def report_version(period: Period, enterprise: Enterprise) -> TemplateVersion | None:
    """The version a report is filled under: its draft's, else the template's current one."""
    submission = Submission.objects.filter(period=period, enterprise=enterprise).select_related("version").first()
    if submission is not None:
        return submission.version
    return period.schedule.template.current_version()


def report_xlsx(*, period: Period, enterprise: Enterprise) -> bytes:
    """The workbook of one report, prefilled with what was saved (draft or submitted)."""
    submission = Submission.objects.filter(period=period, enterprise=enterprise).first()
    version = report_version(period, enterprise)
    values = submission.values if submission else {}
    fields = list(version.fields.all())
    writer = _Writer()
    sheet = writer.book.add_worksheet(_("Báo cáo"))
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 46, writer.wrap)
    sheet.set_column(2, 3, 10)
    sheet.set_column(4, 4, 30, writer.wrap)
    sheet.set_column(5, 5, 22)
    sheet.write_string(0, 0, period.schedule.template.name, writer.title)
    sheet.write_string(1, 0, _("Doanh nghiệp: %(name)s (mã số thuế %(tax_code)s)")
                       % {"name": enterprise.name, "tax_code": enterprise.tax_code})
    sheet.write_string(2, 0, _("Kỳ báo cáo: %(period)s · Hạn nộp: %(due)s · Phiên bản mẫu: %(number)s") % {
        "period": period.label, "due": timezone.localtime(period.due_at).strftime("%H:%M %d/%m/%Y"),
        "number": version.number})
    sheet.write_string(3, 0, _("Chỉ điền cột “Giá trị”; không sửa cột “Mã trường”. Dấu * là trường bắt buộc khi nộp."))
    header_row = 5
    for col, caption in enumerate(_single_headers()):
        sheet.write_string(header_row, col, caption, writer.header)
    for index, report_field in enumerate(fields):
        row = header_row + 1 + index
        sheet.write_string(row, 0, report_field.code)
        sheet.write_string(row, 1, report_field.label + (" *" if report_field.required else ""))
        sheet.write_string(row, 2, report_field.unit)
        sheet.write_string(row, 3, _("Có") if report_field.required else "")
        sheet.write_string(row, 4, _hint(report_field) + (f". {report_field.help_text}" if report_field.help_text
                                                          else ""))
        writer.value(sheet, row, 5, report_field, values.get(report_field.code))
        writer.dropdown(sheet, row, row, 5, report_field)
    sheet.freeze_panes(header_row + 1, 0)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    writer.meta({"kind": SINGLE, "template": period.schedule.template.code, "version": version.number,
                 "period": period.pk, "enterprise": enterprise.tax_code})
    return writer.close()


def _single_headers():
    return [_("Mã trường"), _("Nội dung"), _("Đơn vị"), _("Bắt buộc"), _("Hướng dẫn"), _("Giá trị")]


def bulk_enterprises(user, period: Period):
    """The enterprises an officer enters the period's reports for: those the period asks that
    the officer may see, by zone then name."""
    return targeted_enterprises(period.schedule, user).select_related("zone").order_by("zone__code", "name", "pk")


def bulk_xlsx(*, user, period: Period) -> bytes:
    """The workbook of a period for the enterprises in ``user``'s scope, prefilled."""
    version = period.schedule.template.current_version()
    fields = list(version.fields.all())
    enterprises = list(bulk_enterprises(user, period))
    submissions = {s.enterprise_id: s for s in Submission.objects.filter(period=period, enterprise__in=enterprises)}
    writer = _Writer()
    sheet = writer.book.add_worksheet(_("Số liệu"))
    headers = [_("Mã số thuế"), _("Tên doanh nghiệp"), _("Trạng thái")]
    headers += [f"{f.label} ({f.unit})" if f.unit else f.label for f in fields]
    codes = [TAX_CODE, NAME, STATUS] + [f.code for f in fields]
    for col, (caption, code) in enumerate(zip(headers, codes, strict=True)):
        required = col >= 3 and fields[col - 3].required
        sheet.write_string(0, col, caption + (" *" if required else ""), writer.header)
        sheet.write_string(1, col, code, writer.codes)
        sheet.set_column(col, col, 40 if col == 1 else 16)
    sheet.set_row(0, 45)
    for index, enterprise in enumerate(enterprises):
        row = 2 + index
        submission = submissions.get(enterprise.pk)
        sheet.write_string(row, 0, enterprise.tax_code)
        sheet.write_string(row, 1, enterprise.name)
        sheet.write_string(row, 2, _status_text(submission))
        same_version = submission is None or submission.version_id == version.pk
        values = submission.values if submission is not None and same_version else {}
        for col, report_field in enumerate(fields, start=3):
            writer.value(sheet, row, col, report_field, values.get(report_field.code))
    last = max(2, 1 + len(enterprises))
    for col, report_field in enumerate(fields, start=3):
        writer.dropdown(sheet, 2, last, col, report_field)
    sheet.freeze_panes(2, 2)
    writer.meta({"kind": BULK, "template": period.schedule.template.code, "version": version.number,
                 "period": period.pk})
    return writer.close()


def _status_text(submission) -> str:
    if submission is None:
        return _("chưa nộp")
    if submission.status == SubmissionStatus.DRAFT:
        return _("bản nháp")
    return _("đã nộp %(at)s") % {"at": timezone.localtime(submission.submitted_at).strftime("%d/%m/%Y %H:%M")}


# --- Reading -------------------------------------------------------------------------------------


@dataclass
class _Upload:
    rows: list[list]
    formulas: list[tuple[int, int, str]]
    meta: dict[str, str]


def _read(file, name: str) -> _Upload:
    """The first sheet's rows and formulas and the hidden metadata, or WorkbookRefused."""
    try:
        if file_extension(name) != "xlsx":
            raise ImportRefused(_("Chỉ nhận tệp Excel .xlsx tải từ trang báo cáo. Tệp “%(name)s” không phải tệp .xlsx.")
                                % {"name": name})
        sheet = read_sheet(file=file, name=name)
    except ImportRefused as refused:
        raise WorkbookRefused(refused.message) from refused
    from python_calamine import CalamineWorkbook

    file.seek(0)
    data = file.read(upload_limit() + 1)
    meta = {}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if META_SHEET in workbook.sheet_names:
            for row in workbook.get_sheet_by_name(META_SHEET).to_python():
                if len(row) >= 2:
                    meta[cell_text(row[0])] = cell_text(row[1])
    except Exception:  # noqa: BLE001 - calamine raises its own types; read_sheet already read the file
        meta = {}
    if meta.get("kind") not in (SINGLE, BULK):
        raise WorkbookRefused(_(
            "Tệp “%(name)s” không phải mẫu Excel tải từ hệ thống KCN (thiếu phần thông tin ẩn của mẫu). "
            "Hãy bấm “Tải mẫu Excel”, điền số liệu vào tệp đó rồi tải lên."
        ) % {"name": name})
    return _Upload(rows=sheet.rows, formulas=sheet.formulas, meta=meta)


def _check_template(upload: _Upload, period: Period, version: TemplateVersion, kind: str):
    meta, template = upload.meta, period.schedule.template
    if meta["kind"] != kind:
        if kind == SINGLE:
            raise WorkbookRefused(_("Tệp này là mẫu nhập cho nhiều doanh nghiệp; hãy tải lên ở trang “Nhập Excel cho "
                                    "nhiều doanh nghiệp” của kỳ báo cáo."))
        raise WorkbookRefused(_("Tệp này là mẫu của một báo cáo (một doanh nghiệp); hãy tải lên ở trang báo cáo của "
                                "doanh nghiệp đó, hoặc tải mẫu nhập cho nhiều doanh nghiệp."))
    if meta.get("template") != template.code:
        other = ReportTemplate.objects.filter(code=meta.get("template")).first()
        raise WorkbookRefused(_(
            "Mẫu báo cáo: tệp là mẫu “%(file)s”, không phải mẫu “%(template)s” của kỳ này. Hãy tải mẫu Excel của "
            "kỳ báo cáo này."
        ) % {"file": other.name if other else meta.get("template", ""), "template": template.name})
    if meta.get("version") != str(version.number):
        raise WorkbookRefused(_(
            "Phiên bản mẫu: tệp được lập theo phiên bản %(file)s của mẫu “%(template)s”, nhưng kỳ %(period)s dùng "
            "phiên bản %(expected)s. Hãy tải lại mẫu Excel và điền vào mẫu mới."
        ) % {"file": meta.get("version", ""), "template": template.name, "period": period.label,
             "expected": version.number})
    if meta.get("period") != str(period.pk):
        raise WorkbookRefused(_(
            "Kỳ báo cáo: tệp được tải cho một kỳ khác, không phải kỳ %(period)s. Hãy tải mẫu Excel của kỳ này."
        ) % {"period": period.label})


def _looks_like_formula(value) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    if text[:1] not in FORMULA_STARTS:
        return False
    return not all(ch.isdigit() or ch in " .,()/+-" for ch in text)


def _cell_value(report_field: Field, value):
    """A cell as the service takes it: numbers and dates as Excel holds them, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if report_field.type in (FieldType.INTEGER, FieldType.DECIMAL):
        return value
    if report_field.type == FieldType.DATE and isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    if report_field.type == FieldType.DATE and isinstance(value, datetime.date):
        return value
    if report_field.type == FieldType.YES_NO and isinstance(value, bool):
        return value
    return cell_text(value)


def _cell(row: list, index: int):
    return row[index] if index < len(row) else None


def _refuse_errors(errors: ErrorList):
    raise WorkbookRefused(
        _("Tệp có %(count)s lỗi nên không lưu gì. Hãy sửa các lỗi dưới đây rồi tải lên lại.")
        % {"count": number_text(len(errors))}, errors.stored())


def _formula_errors(upload: _Upload, errors: ErrorList, header: dict[int, str], first_row: int):
    for row, col, text in upload.formulas:
        if row > first_row:
            errors.add(row=row, column=header.get(col, ""), value=text, message=formula_message())


# --- One report ----------------------------------------------------------------------------------


def read_report(*, file, name: str, period: Period, enterprise: Enterprise,
                version: TemplateVersion) -> tuple[dict, dict[str, int]]:
    """The values of an uploaded one-report workbook by field code, and each field's row number."""
    upload = _read(file, name)
    _check_template(upload, period, version, SINGLE)
    if upload.meta.get("enterprise") != enterprise.tax_code:
        raise WorkbookRefused(_(
            "Doanh nghiệp: tệp là báo cáo của doanh nghiệp có mã số thuế %(file)s, không phải của %(enterprise)s "
            "(mã số thuế %(tax_code)s). Hãy tải mẫu Excel trên trang báo cáo của doanh nghiệp này."
        ) % {"file": upload.meta.get("enterprise", ""), "enterprise": enterprise.name,
             "tax_code": enterprise.tax_code})
    headers = [str(caption) for caption in _single_headers()]
    code_header, value_header = headers[0], headers[-1]
    header_index = None
    for index, row in enumerate(upload.rows):
        if cell_text(_cell(row, 0)) in (code_header, "Mã trường") and cell_text(_cell(row, 5)) in (value_header,
                                                                                                      "Giá trị"):
            header_index = index
            break
    if header_index is None:
        raise WorkbookRefused(_("Không tìm thấy dòng tiêu đề “Mã trường … Giá trị” trong tệp; hãy dùng đúng mẫu tải "
                                "từ hệ thống, không xóa hay chèn cột."))
    fields = {f.code: f for f in version.fields.all()}
    errors = ErrorList()
    _formula_errors(upload, errors, {0: code_header, 5: value_header}, header_index + 1)
    values, rows = {}, {}
    for index in range(header_index + 1, len(upload.rows)):
        row, number = upload.rows[index], index + 1
        code = cell_text(_cell(row, 0))
        raw = _cell(row, 5)
        if not code:
            if cell_text(raw):
                errors.add(row=number, column=code_header, value="", message=_(
                    "Dòng có giá trị nhưng thiếu mã trường; hãy dùng đúng mẫu tải từ hệ thống."))
            continue
        report_field = fields.get(code)
        if report_field is None:
            errors.add(row=number, column=code_header, value=code, message=_(
                "Mẫu “%(template)s” (phiên bản %(number)s) không có trường mã “%(code)s”.")
                % {"template": version.template.name, "number": version.number, "code": code})
            continue
        if code in values:
            errors.add(row=number, column=code_header, value=code, message=_(
                "Trường “%(label)s” có hai dòng (dòng %(first)s và dòng này); chỉ giữ một dòng.")
                % {"label": report_field.label, "first": rows[code]})
            continue
        if _looks_like_formula(raw):
            errors.add(row=number, column=value_header, value=raw, message=formula_message())
        values[code], rows[code] = _cell_value(report_field, raw), number
    for code, report_field in fields.items():
        if code not in values:
            errors.add(row=None, column=code_header, value=code, message=_(
                "Tệp thiếu dòng của trường “%(label)s” (mã %(code)s); hãy tải lại mẫu Excel, không xóa dòng nào.")
                % {"label": report_field.label, "code": code})
    if errors:
        _refuse_errors(errors)
    return values, rows


def report_upload(*, user, period: Period, enterprise: Enterprise, file, name: str, action: str,
                  idempotency_key: str | None = None) -> Submission:
    """Save (``draft``) or submit (``submit``) one report from its uploaded workbook.

    Raises WorkbookRefused for a file that is not this report's (wrong template, version,
    period or enterprise, not an .xlsx, formulas, missing or unknown field rows) and for values
    the service refuses (each by its row, with the service's message naming the field); a
    refusal of the report as a whole (locked period, already submitted, key reused) comes as
    the service's ValidationError. Nothing is saved in either case.
    """
    if action not in ACTIONS:
        raise WorkbookRefused(_("Hãy chọn lưu nháp hoặc nộp báo cáo."))
    version = report_version(period, enterprise)
    if version is None:
        raise WorkbookRefused(_("Mẫu báo cáo “%(template)s” chưa có phiên bản nào được ban hành.")
                              % {"template": period.schedule.template})
    values, rows = read_report(file=file, name=name, period=period, enterprise=enterprise, version=version)
    try:
        if action == SUBMIT:
            return services.submission_submit(user=user, period=period, enterprise=enterprise, values=values,
                                              idempotency_key=idempotency_key)
        return services.submission_save_draft(user=user, period=period, enterprise=enterprise, values=values)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        labels = {f.code: f.label for f in version.fields.all()}
        errors = ErrorList()
        value_header = str(_single_headers()[-1])
        for code, messages in error.message_dict.items():
            for message in messages:
                if code in rows:
                    errors.add(row=rows[code], column=value_header, value=cell_text(values.get(code)),
                               message=message)
                else:
                    errors.add(row=None, column=labels.get(code, ""), value="", message=message)
        _refuse_errors(errors)


# --- Many enterprises ----------------------------------------------------------------------------


@dataclass
class BulkResult:
    """What a bulk upload did (all of it saved) — or, with ``errors``, why nothing was."""

    submitted: int = 0
    drafted: int = 0
    unchanged: int = 0
    blank: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def message(self) -> str:
        return _("Đã nộp %(submitted)s báo cáo, lưu nháp %(drafted)s; %(unchanged)s báo cáo đã nộp trước đó không "
                 "đổi; %(blank)s dòng để trống bị bỏ qua.") % {
            "submitted": number_text(self.submitted), "drafted": number_text(self.drafted),
            "unchanged": number_text(self.unchanged), "blank": number_text(self.blank)}


def bulk_upload(*, user, period: Period, file, name: str, action: str) -> BulkResult:
    """Save or submit the reports of a period for many enterprises, from the bulk workbook, all
    or nothing (see the module docstring). Raises WorkbookRefused with every error."""
    if action not in ACTIONS:
        raise WorkbookRefused(_("Hãy chọn lưu nháp hoặc nộp báo cáo."))
    version = period.schedule.template.current_version()
    if version is None:
        raise WorkbookRefused(_("Mẫu báo cáo “%(template)s” chưa có phiên bản nào được ban hành.")
                              % {"template": period.schedule.template})
    if period.is_locked:
        raise WorkbookRefused(_(
            "Kỳ báo cáo %(period)s đã được duyệt và khóa từ %(at)s; không nộp hay sửa được nữa."
        ) % {"period": period.label, "at": timezone.localtime(period.locked_at).strftime("%H:%M %d/%m/%Y")})
    upload = _read(file, name)
    _check_template(upload, period, version, BULK)
    fields = list(version.fields.all())
    codes_index = next((i for i, row in enumerate(upload.rows[:10]) if cell_text(_cell(row, 0)) == TAX_CODE), None)
    if codes_index is None:
        raise WorkbookRefused(_("Không tìm thấy dòng mã cột (dòng bắt đầu bằng “%(code)s”) trong tệp; hãy dùng đúng "
                                "mẫu tải từ hệ thống.") % {"code": TAX_CODE})
    codes = [cell_text(cell) for cell in upload.rows[codes_index]]
    header_row = upload.rows[codes_index - 1] if codes_index else codes
    columns = {code: index for index, code in enumerate(codes) if code}
    header = {index: cell_text(_cell(header_row, index)) or code for code, index in columns.items()}
    by_code = {f.code: f for f in fields}
    errors = ErrorList()
    for code, index in columns.items():
        if code not in by_code and code not in (TAX_CODE, NAME, STATUS):
            errors.add(row=codes_index + 1, column=header[index], value=code, message=_(
                "Mẫu “%(template)s” (phiên bản %(number)s) không có trường mã “%(code)s”.")
                % {"template": version.template.name, "number": version.number, "code": code})
    for report_field in fields:
        if report_field.code not in columns:
            errors.add(row=codes_index + 1, column=report_field.label, value="", message=_(
                "Tệp thiếu cột của trường “%(label)s” (mã %(code)s); hãy tải lại mẫu, không xóa cột nào.")
                % {"label": report_field.label, "code": report_field.code})
    if errors:
        _refuse_errors(errors)
    _formula_errors(upload, errors, header, codes_index + 1)
    targets = {e.tax_code: e for e in targeted_enterprises(period.schedule, user).only("pk", "tax_code", "name")}
    existing = {s.enterprise_id: s for s in Submission.objects.filter(period=period, enterprise__in=targets.values())}
    tax_header = header[columns[TAX_CODE]]
    result, seen = BulkResult(), {}
    with transaction.atomic():
        for index in range(codes_index + 1, len(upload.rows)):
            row, number = upload.rows[index], index + 1
            tax_code = cell_text(_cell(row, columns[TAX_CODE]))
            values = {f.code: _cell_value(f, _cell(row, columns[f.code])) for f in fields}
            for report_field in fields:
                if _looks_like_formula(values[report_field.code]):
                    errors.add(row=number, column=header[columns[report_field.code]],
                               value=values[report_field.code], message=formula_message())
            filled = any(value != "" for value in values.values())
            if not tax_code:
                if filled:
                    errors.add(row=number, column=tax_header, value="", message=_("Dòng có số liệu nhưng thiếu mã số "
                                                                                  "thuế của doanh nghiệp."))
                continue
            enterprise = targets.get(tax_code)
            if enterprise is None:
                errors.add(row=number, column=tax_header, value=tax_code, message=_(
                    "Không tìm thấy doanh nghiệp có mã số thuế này trong số doanh nghiệp bạn phụ trách phải báo cáo "
                    "kỳ %(period)s.") % {"period": period.label})
                continue
            if tax_code in seen:
                errors.add(row=number, column=tax_header, value=tax_code, message=_(
                    "Mã số thuế này đã có ở dòng %(row)s; mỗi doanh nghiệp chỉ một dòng.") % {"row": seen[tax_code]})
                continue
            seen[tax_code] = number
            if not filled:
                result.blank += 1
                continue
            submission = existing.get(enterprise.pk)
            if submission is not None and submission.version_id != version.pk:
                errors.add(row=number, column=tax_header, value=tax_code, message=_(
                    "Báo cáo của doanh nghiệp này đang theo phiên bản %(number)s của mẫu; hãy điền trên trang báo "
                    "cáo của doanh nghiệp.") % {"number": submission.version.number})
                continue
            if submission is not None and submission.is_submitted:
                cleaned, problems = clean_values(version, values)
                if not problems and cleaned == submission.values:
                    result.unchanged += 1
                else:
                    errors.add(row=number, column=tax_header, value=tax_code, message=_(
                        "Báo cáo của doanh nghiệp này đã được nộp lúc %(at)s với số liệu khác. Muốn sửa, hãy tạo bản "
                        "điều chỉnh (có lý do) trên trang báo cáo; hoặc để nguyên số liệu đã nộp trong tệp.")
                        % {"at": timezone.localtime(submission.submitted_at).strftime("%H:%M %d/%m/%Y")})
                continue
            _bulk_row(user, period, enterprise, values, action, number, header, columns, errors, result)
        if errors:
            transaction.set_rollback(True)
    if errors:
        _refuse_errors(errors)
    return result


def _bulk_row(user, period, enterprise, values, action, number, header, columns, errors, result):
    """Save one row through the service in a savepoint, or record why not (and go on, so the
    user gets every error of the file at once)."""
    try:
        with transaction.atomic():
            if action == SUBMIT:
                services.submission_submit(user=user, period=period, enterprise=enterprise, values=values)
                result.submitted += 1
            else:
                services.submission_save_draft(user=user, period=period, enterprise=enterprise, values=values)
                result.drafted += 1
    except PermissionDenied:
        errors.add(row=number, column=header[columns[TAX_CODE]], value=enterprise.tax_code, message=_(
            "Không tìm thấy doanh nghiệp có mã số thuế này trong số doanh nghiệp bạn phụ trách phải báo cáo kỳ "
            "%(period)s.") % {"period": period.label})
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for code, messages in error.message_dict.items():
                column = header.get(columns.get(code, -1), "")
                value = cell_text(values.get(code)) if code in values else ""
                for message in messages:
                    errors.add(row=number, column=column or header[columns[TAX_CODE]], value=value, message=message)
        else:
            for message in error.messages:
                errors.add(row=number, column=header[columns[TAX_CODE]], value=enterprise.tax_code, message=message)
