"""The raw data export: every submitted report in the user's scope, one row each, with a column
for every field of every template version, typed cells, dd/mm/yyyy dates and no formula."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.registry.models import Board, Department, Enterprise, Zone
from kcn.reporting.choices import FieldType, Frequency, TargetKind
from kcn.reporting.exports_data import XlsxStream, column_letter, data_columns, submissions_xlsx
from kcn.reporting.models import Field, Schedule, Submission, TemplateVersion
from kcn.reporting.services import (
    field_delete,
    field_save,
    period_ensure,
    submission_revise,
    submission_submit,
    template_publish,
    template_save,
    template_version_new,
)

ZONES = ["HNA-DV2", "HNA-DV3", "HNA-CS"]  # QLDN, QLDN, QLMT (canbo's department)
FIXED = ["Kỳ báo cáo", "Ngày đầu kỳ", "Khu công nghiệp", "Mã số thuế", "Tên doanh nghiệp", "Trạng thái",
         "Nộp lúc", "Lần điều chỉnh", "Phiên bản mẫu"]
URL = reverse("reporting:data_export")


@pytest.fixture
def admin(user_named):
    return user_named("admin")


@pytest.fixture
def schedule(demo, admin):
    """A daily template whose version 1 has “gone” and version 2 adds “extra”, drops “gone”
    and relabels “workers”."""
    template = template_save(user=admin, data={"code": "data_export_test", "name": "Báo cáo thử xuất số liệu"})
    version = template_version_new(user=admin, template=template)
    for order, (code, label, kind, unit) in enumerate([
        ("workers", "Số lao động", FieldType.INTEGER, "người"),
        ("amount", "Giá trị", FieldType.DECIMAL, "tỷ đồng"),
        ("day", "Ngày hoạt động lại", FieldType.DATE, ""),
        ("ok", "Đã hoạt động", FieldType.YES_NO, ""),
        ("gone", "Chỉ tiêu cũ", FieldType.INTEGER, ""),
        ("note", "Ghi chú", FieldType.TEXT, ""),
    ]):
        field_save(user=admin, version=version, data={"code": code, "label": label, "type": kind, "unit": unit,
                                                      "order": order})
    template_publish(user=admin, version=version)
    schedule = Schedule.objects.create(template=template, board=Board.objects.get(), name="Thử xuất số liệu",
                                       target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code__in=ZONES))
    return schedule


def _new_version(admin, template):
    draft = template_version_new(user=admin, template=template)
    field_delete(user=admin, instance=draft.fields.get(code="gone"))
    workers = draft.fields.get(code="workers")
    field_save(user=admin, version=draft, instance=workers,
               data={"code": "workers", "label": "Tổng số lao động", "type": FieldType.INTEGER, "unit": "người",
                     "order": workers.order})
    field_save(user=admin, version=draft, data={"code": "extra", "label": "Chỉ tiêu mới", "type": FieldType.INTEGER,
                                                "order": 6})
    return template_publish(user=admin, version=draft)


def first_of(code):
    return Enterprise.objects.filter(zone__code=code).order_by("pk").first()


@pytest.fixture
def filed(schedule, admin):
    """Yesterday: DV2 and CS under version 1. Today: DV3 under version 2, DV2 under version 2."""
    yesterday, today = period_ensure(schedule=schedule, around=timezone.localdate(), before=1)
    dv2, dv3, cs = first_of("HNA-DV2"), first_of("HNA-DV3"), first_of("HNA-CS")
    submission_submit(user=admin, period=yesterday, enterprise=dv2, values={
        "workers": 1200, "amount": "1234,5", "day": "05/02/2026", "ok": "có", "gone": 7, "note": "=1+1"})
    old = submission_submit(user=admin, period=yesterday, enterprise=cs, values={"workers": 80, "gone": 3,
                                                                                 "note": "@SUM(A1)"})
    _new_version(admin, schedule.template)
    submission_submit(user=admin, period=today, enterprise=dv3, values={"workers": 300, "extra": 9, "ok": "không"})
    submission_submit(user=admin, period=today, enterprise=dv2, values={"workers": 1250, "extra": 1,
                                                                        "note": "-2", "amount": "0,25"})
    submission_revise(user=admin, submission=old, values={"workers": 85, "gone": 4, "note": "+3"},
                      reason="Sửa số lao động")
    return {"yesterday": yesterday, "today": today, "dv2": dv2, "dv3": dv3, "cs": cs}


def export(user, schedule, **kwargs):
    kwargs.setdefault("date_from", timezone.localdate() - datetime.timedelta(days=30))
    kwargs.setdefault("date_to", timezone.localdate())
    buffer = io.BytesIO()
    count = submissions_xlsx(user, schedule, out=buffer, **kwargs)
    return count, read(buffer.getvalue())


def read(content):
    """(header, {(period start, tax code): {header: value}}) of the first sheet."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    by_key = {}
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        by_key[(cells["Ngày đầu kỳ"].date(), cells["Mã số thuế"])] = cells
    return header, by_key


def test_versions_keep_every_column_and_each_value_in_its_column(filed, schedule, admin):
    count, (header, rows) = export(admin, schedule)
    assert count == 4 and len(rows) == 4
    # The latest version's fields in its order (relabelled), then the field only version 1 had.
    assert header == FIXED + ["Tổng số lao động (người)", "Giá trị (tỷ đồng)", "Ngày hoạt động lại", "Đã hoạt động",
                              "Ghi chú", "Chỉ tiêu mới", "Chỉ tiêu cũ"]
    yesterday, today = filed["yesterday"].start, filed["today"].start
    dv2_old = rows[(yesterday, filed["dv2"].tax_code)]
    assert dv2_old["Phiên bản mẫu"] == 1 and dv2_old["Tổng số lao động (người)"] == 1200
    assert dv2_old["Chỉ tiêu cũ"] == 7 and dv2_old["Chỉ tiêu mới"] is None
    assert dv2_old["Giá trị (tỷ đồng)"] == pytest.approx(1234.5)
    assert dv2_old["Ngày hoạt động lại"].date() == datetime.date(2026, 2, 5) and dv2_old["Đã hoạt động"] == "Có"
    dv2_new = rows[(today, filed["dv2"].tax_code)]
    assert dv2_new["Phiên bản mẫu"] == 2 and dv2_new["Chỉ tiêu mới"] == 1 and dv2_new["Chỉ tiêu cũ"] is None
    assert Decimal(str(dv2_new["Giá trị (tỷ đồng)"])) == Decimal("0.25")
    dv3 = rows[(today, filed["dv3"].tax_code)]
    assert (dv3["Tổng số lao động (người)"], dv3["Chỉ tiêu mới"], dv3["Đã hoạt động"]) == (300, 9, "Không")
    assert dv3["Khu công nghiệp"] == filed["dv3"].zone.name and dv3["Tên doanh nghiệp"] == filed["dv3"].name
    # A corrected report is exported as it stands now, with its revision number.
    cs = rows[(yesterday, filed["cs"].tax_code)]
    assert (cs["Tổng số lao động (người)"], cs["Chỉ tiêu cũ"], cs["Lần điều chỉnh"]) == (85, 4, 2)
    assert cs["Trạng thái"] == "đã nộp" and cs["Kỳ báo cáo"] == filed["yesterday"].label


def test_dates_are_date_cells_shown_dd_mm_yyyy_and_rows_run_oldest_first(filed, schedule, admin):
    buffer = io.BytesIO()
    submissions_xlsx(admin, schedule, out=buffer, date_from=filed["yesterday"].start, date_to=filed["today"].start)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    starts = [sheet.cell(row=row, column=2) for row in range(2, sheet.max_row + 1)]
    assert [cell.value.date() for cell in starts] == [filed["yesterday"].start] * 2 + [filed["today"].start] * 2
    assert all(cell.number_format == "dd/mm/yyyy" for cell in starts)
    submitted = sheet.cell(row=2, column=7)
    assert isinstance(submitted.value, datetime.datetime) and submitted.number_format == "dd/mm/yyyy hh:mm"
    enterprise = Enterprise.objects.get(tax_code=sheet.cell(row=2, column=4).value)
    submission = Submission.objects.get(period=filed["yesterday"], enterprise=enterprise)
    local = timezone.localtime(submission.submitted_at).replace(tzinfo=None, microsecond=0)
    assert abs(submitted.value - local) < datetime.timedelta(seconds=1)
    assert sheet.freeze_panes == "D2"


def test_text_that_looks_like_a_formula_stays_text(filed, schedule, admin):
    _count, (_header, rows) = export(admin, schedule)
    notes = {rows[key]["Ghi chú"] for key in rows}
    assert {"=1+1", "+3", "-2"} <= notes
    buffer = io.BytesIO()
    submissions_xlsx(admin, schedule, out=buffer, date_from=filed["yesterday"].start, date_to=filed["today"].start)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate


def test_the_date_range_picks_the_periods(filed, schedule, admin):
    yesterday = filed["yesterday"].start
    count, (_header, rows) = export(admin, schedule, date_from=yesterday, date_to=yesterday)
    assert count == 2 and {key[0] for key in rows} == {yesterday}


def test_an_officer_exports_only_its_zones(filed, schedule, user_named):
    # canbo (Phòng Quản lý môi trường) monitors KCN Châu Sơn and Thanh Liêm: only the CS report.
    officer = user_named("canbo")
    count, (_header, rows) = export(officer, schedule)
    assert count == 1 and set(rows) == {(filed["yesterday"].start, filed["cs"].tax_code)}
    # Asking for a zone outside its scope gives nothing, never another department's reports.
    count, (_header, rows) = export(officer, schedule, zone=Zone.objects.get(code="HNA-DV2"))
    assert count == 0 and rows == {}


def test_zone_and_department_narrow_the_export(filed, schedule, user_named):
    leader = user_named("lanhdao")
    count, (_header, rows) = export(leader, schedule, zone=Zone.objects.get(code="HNA-DV3"))
    assert count == 1 and {key[1] for key in rows} == {filed["dv3"].tax_code}
    qldn = Department.objects.get(name="Phòng Quản lý doanh nghiệp")
    count, (_header, rows) = export(leader, schedule, department=qldn)
    assert count == 3 and {key[1] for key in rows} == {filed["dv2"].tax_code, filed["dv3"].tax_code}


def test_an_enterprise_may_not_export(filed, schedule, user_named, login):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        submissions_xlsx(user_named("doanhnghiep"), schedule, out=io.BytesIO(),
                         date_from=filed["yesterday"].start, date_to=filed["today"].start)
    assert login("doanhnghiep").get(URL).status_code == 404


def test_no_report_gives_a_header_only_file(schedule, admin):
    count, (header, rows) = export(admin, schedule)
    assert count == 0 and rows == {} and header == FIXED


def test_columns_union_orders_latest_version_first(filed, schedule):
    versions = TemplateVersion.objects.filter(template=schedule.template)
    codes = [column.code for column in data_columns(versions.values_list("pk", flat=True))]
    assert codes == ["workers", "amount", "day", "ok", "note", "extra", "gone"]
    assert Field.objects.filter(version__template=schedule.template, code="gone").count() == 1


def test_a_full_sheet_continues_on_the_next_with_the_header(tmp_path):
    path = tmp_path / "split.xlsx"
    with XlsxStream(str(path), sheet_title="Số liệu báo cáo", widths=[10], max_rows=3) as stream:
        stream.header(["Số"])
        for value in range(5):
            number = stream.next_row()
            stream.write_row(number, [f'<c r="A{number}"><v>{value}</v></c>'])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Số liệu báo cáo", "Số liệu báo cáo (2)", "Số liệu báo cáo (3)"]
    assert [[row[0] for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets] == [
        ["Số", 0, 1], ["Số", 2, 3], ["Số", 4]]
    assert [column_letter(index) for index in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


# --- The page and the API


def test_the_page_offers_the_last_365_days_and_only_the_users_choices(schedule, login):
    response = login("canbo").get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    today = timezone.localdate()
    assert form.initial["date_to"] == today and form.initial["date_from"] == today - datetime.timedelta(days=364)
    assert set(form.fields["zone"].queryset.values_list("code", flat=True)) == {"HNA-CS", "HNA-TL"}
    assert today.strftime("%d/%m/%Y") in response.content.decode()


def test_the_page_downloads_the_file(filed, schedule, login):
    day = filed["today"].start.strftime("%d/%m/%Y")
    response = login("lanhdao").get(URL, {"schedule": schedule.pk, "zone": Zone.objects.get(code="HNA-DV3").pk,
                                          "date_from": day, "date_to": day})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-lieu-data_export_test-hna-dv3-" in response["Content-Disposition"]
    _header, rows = read(b"".join(response.streaming_content))
    assert set(rows) == {(filed["today"].start, filed["dv3"].tax_code)}


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"date_from": "31/02/2026"}, "date_from", "Ngày bắt đầu phải theo dạng dd/mm/yyyy"),
    ({"date_from": "10/03/2026", "date_to": "01/03/2026"}, "date_to", "“Đến ngày” phải bằng hoặc sau “Từ ngày”."),
    ({"date_from": "01/01/2025", "date_to": "01/03/2026"}, "date_to", "Mỗi lần xuất tối đa 366 ngày"),
    ({"zone": "OTHER"}, "zone", "Khu công nghiệp này không có hoặc ngoài phạm vi của bạn."),
    ({"department": "QLMT", "zone": "CS"}, "department", "không chọn cả hai"),
])
def test_bad_input_is_refused_on_its_field(schedule, login, params, field, message):
    query = {"schedule": schedule.pk, "date_from": "01/03/2026", "date_to": "31/03/2026", **params}
    if params.get("zone") == "OTHER":
        query["zone"] = Zone.objects.get(code="HNA-DV2").pk  # not canbo's
    elif params.get("zone") == "CS":
        query["zone"] = Zone.objects.get(code="HNA-CS").pk
    if params.get("department") == "QLMT":
        query["department"] = Department.objects.get(name="Phòng Quản lý môi trường").pk
    response = login("canbo").get(URL, query)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert message.split("“")[0] in response.content.decode()


API = reverse("reporting-api:submission-data-export")


def test_the_api_exports_the_same_rows_in_scope(filed, schedule, api):
    response = api("canbo").get(API, {"schedule": schedule.pk, "date_from": filed["yesterday"].start.isoformat(),
                                      "date_to": filed["today"].start.isoformat()})
    assert response.status_code == 200
    _header, rows = read(b"".join(response.streaming_content))
    assert set(rows) == {(filed["yesterday"].start, filed["cs"].tax_code)}


def test_the_api_refuses_out_of_scope_and_bad_input(filed, schedule, api):
    officer = api("canbo")
    other_zone = Zone.objects.get(code="HNA-DV2").pk
    assert officer.get(API, {"schedule": schedule.pk, "zone": other_zone}).status_code == 404
    assert api("doanhnghiep").get(API, {"schedule": schedule.pk}).status_code == 404
    bad = officer.get(API, {"schedule": schedule.pk, "date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert bad.status_code == 400 and "date_to" in bad.json()
    assert officer.get(API, {"date_from": "2026-03-10"}).status_code == 400


def test_another_reader_opens_the_file_too(filed, schedule, admin):
    # The workbook is written without a library, so read it with a second, independent parser.
    from python_calamine import CalamineWorkbook

    buffer = io.BytesIO()
    submissions_xlsx(admin, schedule, out=buffer, date_from=filed["yesterday"].start, date_to=filed["today"].start)
    buffer.seek(0)
    book = CalamineWorkbook.from_filelike(buffer)
    rows = book.get_sheet_by_index(0).to_python()
    assert book.sheet_names == ["Số liệu báo cáo"] and rows[0][:len(FIXED)] == FIXED and len(rows) == 5
    assert rows[1][1] == filed["yesterday"].start


def test_an_export_too_large_for_one_download_is_refused_with_the_way_out(filed, schedule, login, api, monkeypatch):
    from kcn.reporting import views_data
    from kcn.reporting.api import views_data as api_views_data

    monkeypatch.setattr(views_data, "MAX_ROWS", 3)
    monkeypatch.setattr(api_views_data, "MAX_ROWS", 3)
    query = {"schedule": schedule.pk, "date_from": filed["yesterday"].start.strftime("%d/%m/%Y"),
             "date_to": filed["today"].start.strftime("%d/%m/%Y")}
    response = login("lanhdao").get(URL, query)
    assert response.status_code == 400
    assert "Khoảng này có 4 báo cáo, quá 3 báo cáo cho một lần xuất" in response.content.decode()
    narrowed = login("lanhdao").get(URL, {**query, "zone": Zone.objects.get(code="HNA-DV2").pk})
    assert narrowed.status_code == 200
    answer = api("lanhdao").get(API, {"schedule": schedule.pk, "date_from": filed["yesterday"].start.isoformat(),
                                      "date_to": filed["today"].start.isoformat()})
    assert answer.status_code == 400 and "quá 3 báo cáo" in answer.json()["non_field_errors"][0]
