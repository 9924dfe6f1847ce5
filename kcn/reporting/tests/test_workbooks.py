"""Reports filled in Excel: the workbook the system gives, edited as a user would (openpyxl),
uploaded back; refusals name what is wrong and save nothing."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from kcn.registry.models import Enterprise
from kcn.reporting import services, workbooks
from kcn.reporting.choices import Frequency, SubmissionStatus, TargetKind
from kcn.reporting.models import Field, ReportTemplate, Schedule, Submission, TemplateVersion
from kcn.reporting.tests.factories import daily_schedule

FIGURES = {"workforce": 1200, "workers_at_work": 1100, "returnees": 12, "workers_not_returned": 30,
           "f0": 0, "f1": 2, "f2": 5, "f3": 0, "notes": "Ổn định"}


@pytest.fixture
def schedule(demo):
    schedule = daily_schedule(["HNA-DV2", "HNA-CS"], due_time=datetime.time(16, 0))
    return schedule


def _upload(content: bytes, name="bao-cao.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _edit(content: bytes, change) -> bytes:
    """Open the downloaded workbook in openpyxl, let ``change`` edit the first sheet, save."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    change(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill_single(values: dict):
    def change(sheet):
        for row in sheet.iter_rows(min_row=1):
            code = row[0].value
            if code in values:
                row[5].value = values[code]
    return change


def _single_upload(user, period, enterprise, content, action="submit", **kwargs):
    return workbooks.report_upload(user=user, period=period, enterprise=enterprise, file=_upload(content),
                                   name="bao-cao.xlsx", action=action, **kwargs)


# --- One report -------------------------------------------------------------------------------


def test_single_workbook_lists_every_field_with_hints_and_draft_values(period, own, user_named):
    services.submission_save_draft(user=user_named("doanhnghiep"), period=period, enterprise=own,
                                   values={"workforce": "1.200"})
    book = openpyxl.load_workbook(io.BytesIO(workbooks.report_xlsx(period=period, enterprise=own)))
    sheet = book.worksheets[0]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["workforce"][1] == "Tổng số lao động *" and rows["workforce"][2] == "người"
    assert rows["workforce"][5] == 1200  # the draft's value, as a number
    assert "không nhỏ hơn 0" in rows["f0"][4]
    assert rows["notes"][5] is None
    assert sheet.protection.sheet  # codes cannot be changed by mistake
    meta = book["kcn"]
    assert meta.sheet_state == "veryHidden"
    assert {row[0]: row[1] for row in meta.iter_rows(values_only=True)} == {
        "kind": "single", "template": "covid_daily", "version": "1", "period": str(period.pk),
        "enterprise": own.tax_code}


def test_single_upload_draft_then_submit(period, own, user_named):
    user = user_named("doanhnghiep")
    content = workbooks.report_xlsx(period=period, enterprise=own)
    submission = _single_upload(user, period, own, _edit(content, _fill_single({"workforce": "1.500"})),
                                action="draft")
    assert submission.status == SubmissionStatus.DRAFT and submission.values == {"workforce": 1500}

    # The draft comes back prefilled; the user completes it and submits.
    content = workbooks.report_xlsx(period=period, enterprise=own)
    submission = _single_upload(user, period, own, _edit(content, _fill_single({**FIGURES, "workforce": 1500})))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.values["workforce"] == 1500 and submission.values["notes"] == "Ổn định"
    assert submission.revisions.count() == 1


def test_single_upload_invalid_values_are_named_by_row_and_nothing_is_saved(period, own, user_named):
    content = workbooks.report_xlsx(period=period, enterprise=own)
    bad = _edit(content, _fill_single({**FIGURES, "workforce": "nhiều", "f1": None}))
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user_named("doanhnghiep"), period, own, bad)
    messages = {error["message"] for error in refused.value.errors}
    assert "“Tổng số lao động” phải là số nguyên, ví dụ 1200 hoặc 1.200." in messages
    assert "“Số trường hợp F1” là bắt buộc." in messages
    workforce = next(e for e in refused.value.errors if "Tổng số lao động" in e["message"])
    assert workforce["row"] == 7 and workforce["column"] == "Giá trị" and workforce["value"] == "nhiều"
    assert not Submission.objects.exists()


def test_single_upload_refuses_an_older_version_and_says_which_one_the_period_expects(period, own, user_named):
    content = workbooks.report_xlsx(period=period, enterprise=own)
    template = period.schedule.template
    admin = user_named("admin")
    version = services.template_version_new(user=admin, template=template)
    services.template_publish(user=admin, version=version)
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user_named("doanhnghiep"), period, own, _edit(content, _fill_single(FIGURES)))
    assert "phiên bản 1" in refused.value.message and "dùng phiên bản 2" in refused.value.message
    assert not Submission.objects.exists()


def test_single_upload_refuses_another_template_period_or_enterprise(period, own, user_named, schedule):
    user = user_named("doanhnghiep")
    other_template = ReportTemplate.objects.get(code="holiday_return")
    other_schedule = Schedule.objects.create(template=other_template, board=schedule.board, name="Sau lễ",
                                             target=TargetKind.ZONES, frequency=Frequency.DAILY)
    other_schedule.zones.set(schedule.zones.all())
    other_period = services.period_ensure(schedule=other_schedule, around=timezone.localdate())[0]
    content = workbooks.report_xlsx(period=other_period, enterprise=own)
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user, period, own, content)
    assert refused.value.message.startswith("Mẫu báo cáo: tệp là mẫu “Báo cáo tình hình lao động trở lại")

    yesterday = services.period_ensure(schedule=schedule, around=timezone.localdate() - datetime.timedelta(days=1))[0]
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user, period, own, workbooks.report_xlsx(period=yesterday, enterprise=own))
    assert refused.value.message.startswith("Kỳ báo cáo: tệp được tải cho một kỳ khác")

    neighbour = Enterprise.objects.filter(zone=own.zone).exclude(pk=own.pk).first()
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user, period, own, workbooks.report_xlsx(period=period, enterprise=neighbour))
    assert refused.value.message.startswith(f"Doanh nghiệp: tệp là báo cáo của doanh nghiệp có mã số thuế "
                                            f"{neighbour.tax_code}")
    assert not Submission.objects.exists()


def test_single_upload_refuses_files_that_are_not_its_workbook(period, own, user_named):
    user = user_named("doanhnghiep")
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.report_upload(user=user, period=period, enterprise=own, file=_upload(b"a,b\n1,2\n", "x.csv"),
                                name="x.csv", action="submit")
    assert "không phải tệp .xlsx" in refused.value.message
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user, period, own, b"%PDF-1.4 not a workbook")
    assert "không phải tệp Excel .xlsx thật" in refused.value.message
    plain = openpyxl.Workbook()
    plain.active.append(["Mã trường", "Giá trị"])
    buffer = io.BytesIO()
    plain.save(buffer)
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user, period, own, buffer.getvalue())
    assert "không phải mẫu Excel tải từ hệ thống KCN" in refused.value.message
    assert not Submission.objects.exists()


def test_single_upload_refuses_formulas_and_unknown_or_missing_rows(period, own, user_named):
    content = workbooks.report_xlsx(period=period, enterprise=own)

    def change(sheet):
        _fill_single({**FIGURES, "f2": "=1+1"})(sheet)
        for row in sheet.iter_rows():
            if row[0].value == "f3":
                row[0].value = "f9"
            if row[0].value == "notes":
                row[0].value = None
                row[5].value = None

    with pytest.raises(workbooks.WorkbookRefused) as refused:
        _single_upload(user_named("doanhnghiep"), period, own, _edit(content, change))
    messages = " | ".join(error["message"] for error in refused.value.errors)
    assert "công thức" in messages
    assert "không có trường mã “f9”" in messages
    assert "Tệp thiếu dòng của trường “Số trường hợp F3” (mã f3)" in messages
    assert "Tệp thiếu dòng của trường “Ghi chú” (mã notes)" in messages
    assert not Submission.objects.exists()


def test_single_upload_with_the_same_idempotency_key_stores_once(period, own, user_named):
    user = user_named("doanhnghiep")
    filled = _edit(workbooks.report_xlsx(period=period, enterprise=own), _fill_single(FIGURES))
    first = _single_upload(user, period, own, filled, idempotency_key="k-1")
    again = _single_upload(user, period, own, filled, idempotency_key="k-1")
    assert first.pk == again.pk and Submission.objects.count() == 1 and first.revisions.count() == 1


def test_single_upload_into_a_locked_period_is_refused(period, own, user_named):
    filled = _edit(workbooks.report_xlsx(period=period, enterprise=own), _fill_single(FIGURES))
    services.period_lock(user=user_named("admin"), period=period)
    with pytest.raises(Exception) as refused:
        _single_upload(user_named("doanhnghiep"), period, own, filled)
    assert "đã được duyệt và khóa" in " ".join(getattr(refused.value, "messages", [str(refused.value)]))
    assert not Submission.objects.exists()


def test_decimal_and_date_fields_round_trip(period, own, user_named):
    admin = user_named("admin")
    template = services.template_save(user=admin, data={"code": "quarterly", "name": "Báo cáo quý"})
    version = TemplateVersion.objects.create(template=template, number=1)
    Field.objects.create(version=version, code="revenue", label="Doanh thu", type="decimal", unit="tỷ đồng",
                         required=True, order=1)
    Field.objects.create(version=version, code="opened", label="Ngày hoạt động", type="date", order=2)
    services.template_publish(user=admin, version=version)
    schedule = Schedule.objects.create(template=template, board=period.schedule.board, name="Quý",
                                       target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(period.schedule.zones.all())
    quarter = services.period_ensure(schedule=schedule, around=timezone.localdate())[0]
    content = workbooks.report_xlsx(period=quarter, enterprise=own)
    filled = _edit(content, _fill_single({"revenue": 1234.5, "opened": datetime.datetime(2026, 1, 5)}))  # noqa: DTZ001
    submission = _single_upload(user_named("doanhnghiep"), quarter, own, filled)
    assert submission.values == {"revenue": "1234.5", "opened": "2026-01-05"}
    again = openpyxl.load_workbook(io.BytesIO(workbooks.report_xlsx(period=quarter, enterprise=own))).worksheets[0]
    shown = {row[0]: row[5] for row in again.iter_rows(values_only=True) if row[0] in ("revenue", "opened")}
    assert shown["revenue"] == 1234.5 and shown["opened"].date() == datetime.date(2026, 1, 5)


def test_english_user_types_numbers_the_english_way(period, own, user_named):
    content = workbooks.report_xlsx(period=period, enterprise=own)
    filled = _edit(content, _fill_single({**FIGURES, "workforce": "1,200"}))
    with translation.override("en"):
        submission = _single_upload(user_named("doanhnghiep"), period, own, filled)
    assert submission.values["workforce"] == 1200


# --- Many enterprises -------------------------------------------------------------------------


def _bulk_fill(rows: dict):
    """rows: tax code → {field code: value}."""
    def change(sheet):
        codes = [cell.value for cell in sheet[2]]
        for row in sheet.iter_rows(min_row=3):
            values = rows.get(row[0].value)
            if values:
                for code, value in values.items():
                    row[codes.index(code)].value = value
    return change


def _officer_targets(period, user):
    return list(workbooks.bulk_enterprises(user, period))


def test_bulk_workbook_lists_the_officers_enterprises_prefilled(period, user_named, own):
    canbo = user_named("canbo")  # monitors KCN Châu Sơn only
    targets = _officer_targets(period, canbo)
    assert targets and all(e.zone.code == "HNA-CS" for e in targets)
    services.submission_submit(user=canbo, period=period, enterprise=targets[0], values=FIGURES)
    sheet = openpyxl.load_workbook(io.BytesIO(workbooks.bulk_xlsx(user=canbo, period=period))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã số thuế", "Tên doanh nghiệp", "Trạng thái")
    assert rows[0][3] == "Tổng số lao động (người) *"
    assert rows[1][:4] == ("ma-so-thue", "ten-doanh-nghiep", "trang-thai", "workforce")
    tax_codes = [row[0] for row in rows[2:]]
    assert tax_codes == [e.tax_code for e in targets] and own.tax_code not in tax_codes
    first = rows[2]
    assert first[2].startswith("đã nộp") and first[3] == 1200


def test_bulk_upload_submits_every_row_and_a_second_upload_changes_nothing(period, user_named):
    canbo = user_named("canbo")
    targets = _officer_targets(period, canbo)[:3]
    filled = _edit(workbooks.bulk_xlsx(user=canbo, period=period),
                   _bulk_fill({e.tax_code: FIGURES for e in targets}))
    result = workbooks.bulk_upload(user=canbo, period=period, file=_upload(filled), name="x.xlsx", action="submit")
    assert result.submitted == 3 and result.unchanged == 0
    assert set(Submission.objects.filter(status=SubmissionStatus.SUBMITTED).values_list("enterprise", flat=True)) == {
        e.pk for e in targets}
    again = workbooks.bulk_upload(user=canbo, period=period, file=_upload(filled), name="x.xlsx", action="submit")
    assert again.submitted == 0 and again.unchanged == 3
    assert Submission.objects.count() == 3 and sum(s.revisions.count() for s in Submission.objects.all()) == 3


def test_bulk_upload_is_all_or_nothing_and_names_row_column_value_reason(period, user_named, own):
    canbo = user_named("canbo")
    targets = _officer_targets(period, canbo)[:3]
    rows = {targets[0].tax_code: FIGURES, targets[1].tax_code: {**FIGURES, "workers_at_work": 5000},
            targets[2].tax_code: {**FIGURES, "f0": "-1"}}

    def change(sheet):
        _bulk_fill(rows)(sheet)
        sheet.append([own.tax_code, own.name, "", *[FIGURES[code] for code in FIGURES]])  # not canbo's zone

    filled = _edit(workbooks.bulk_xlsx(user=canbo, period=period), change)
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.bulk_upload(user=canbo, period=period, file=_upload(filled), name="x.xlsx", action="submit")
    assert not Submission.objects.exists()
    errors = refused.value.errors
    assert refused.value.message.startswith(f"Tệp có {len(errors)} lỗi nên không lưu gì")
    by_row = {(e["row"], e["column"]): e for e in errors}
    rule = by_row[(4, "Số lao động đang làm việc (người) *")]
    assert rule["value"] == "5000" and "không được lớn hơn tổng số lao động" in rule["message"]
    negative = by_row[(5, "Số ca dương tính (F0) (người) *")]
    assert negative["value"] == "-1" and "lớn hơn hoặc bằng 0" in negative["message"]
    stranger = by_row[(3 + len(_officer_targets(period, canbo)), "Mã số thuế")]
    assert stranger["value"] == own.tax_code and "Không tìm thấy doanh nghiệp" in stranger["message"]


def test_bulk_upload_refuses_changing_a_submitted_report(period, user_named):
    canbo = user_named("canbo")
    target = _officer_targets(period, canbo)[0]
    services.submission_submit(user=canbo, period=period, enterprise=target, values=FIGURES)
    filled = _edit(workbooks.bulk_xlsx(user=canbo, period=period),
                   _bulk_fill({target.tax_code: {"f1": 3}}))
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.bulk_upload(user=canbo, period=period, file=_upload(filled), name="x.xlsx", action="submit")
    assert "đã được nộp lúc" in refused.value.errors[0]["message"]
    assert "bản điều chỉnh" in refused.value.errors[0]["message"]
    assert Submission.objects.get().values["f1"] == 2


def test_bulk_upload_of_a_single_report_workbook_is_refused(period, user_named, own):
    canbo = user_named("canbo")
    target = _officer_targets(period, canbo)[0]
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.bulk_upload(user=canbo, period=period, name="x.xlsx", action="submit",
                              file=_upload(workbooks.report_xlsx(period=period, enterprise=target)))
    assert "mẫu của một báo cáo" in refused.value.message
