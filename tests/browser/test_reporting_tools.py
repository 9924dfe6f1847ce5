"""The reporting tools around the report form: trends, Excel upload of one report, the template
designer and the notification inbox, each driven in Chromium by the role that uses it."""

import datetime
import importlib
import re

import openpyxl
import pytest
from playwright.sync_api import expect

from .conftest import login_as

COVID_VALUES = {"workers_at_work": 0, "returnees": 0, "workers_not_returned": 0, "f0": 0, "f1": 0, "f2": 0,
                "f3": 0, "notes": ""}


def _daily_schedule(board, zone_codes):
    """A daily covid report asked of ``zone_codes``, in the database the live server sees.

    A transactional test before this one may have flushed the built-in templates the data
    migration loaded: load them again (the loader is idempotent), as test_report_submit does."""
    from django.apps import apps

    from kcn.registry.models import Zone
    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import ReportTemplate, Schedule

    importlib.import_module("kcn.reporting.migrations.0002_builtin_templates").create(apps, None)
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=board, name="Báo cáo dịch hằng ngày",
        target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=datetime.time(23, 59))
    schedule.zones.set(Zone.objects.filter(code__in=zone_codes))
    return schedule


def _demo_enterprise():
    """The enterprise the demo login "doanhnghiep" represents (in KCN Đồng Văn II)."""
    from kcn.registry.models import EnterpriseUser

    return EnterpriseUser.objects.select_related("enterprise").get(user__username="doanhnghiep").enterprise


def _collect_errors(page):
    """Console errors and uncaught exceptions of ``page``, as they happen."""
    errors = []
    page.on("console", lambda message: errors.append(f"console: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


# --- Trends ---------------------------------------------------------------------------------------


@pytest.fixture
def trend_periods(demo_live):
    """Four daily periods up to today for KCN Đồng Văn II; two enterprises reported in three of them
    (the workforce totals 12.345, 12.400 and 1.500), the oldest period has no report."""
    from django.utils import timezone

    from kcn.accounts.models import User
    from kcn.registry.models import Enterprise
    from kcn.reporting.services import period_ensure, submission_submit

    schedule = _daily_schedule(demo_live, ["HNA-DV2"])
    periods = period_ensure(schedule=schedule, around=timezone.localdate(), before=3)
    officer = User.objects.get(username="truongphong")
    first, second = Enterprise.objects.filter(zone__code="HNA-DV2").order_by("pk")[:2]
    figures = {periods[1]: (1200, 11145), periods[2]: (1250, 11150), periods[3]: (1500, None)}
    for period, workforces in figures.items():
        for enterprise, workforce in zip((first, second), workforces, strict=True):
            if workforce is not None:
                submission_submit(user=officer, period=period, enterprise=enterprise,
                                  values={**COVID_VALUES, "workforce": workforce, "workers_at_work": workforce - 100})
    return schedule, periods


def test_department_head_sees_a_zone_trend_drawn_by_chartjs(trend_periods, page, live_server):
    schedule, periods = trend_periods
    errors = _collect_errors(page)
    login_as(page, live_server, "truongphong")
    page.goto(f"{live_server.url}/reporting/trends/")
    expect(page.locator("h1")).to_have_text("Xu hướng")
    expect(page.locator("#id_schedule")).to_have_value(str(schedule.pk))

    page.select_option("#id_target", label="KCN Đồng Văn II")
    page.click("#trend-submit")
    expect(page.locator("#trend-title")).to_contain_text("KCN Đồng Văn II")
    page.wait_for_load_state("load")

    canvas = page.locator("#trend-charts canvas").first
    expect(canvas).to_be_visible()
    assert page.evaluate("typeof window.Chart") == "function"
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, box
    drawn = page.evaluate("""() => {
        const canvas = document.querySelector("#trend-charts canvas");
        const chart = window.Chart.getChart(canvas);
        const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
        return {chart: Boolean(chart), width: canvas.width, height: canvas.height, painted: painted,
                points: chart ? chart.data.datasets[0].data : null};
    }""")
    assert drawn["chart"] and drawn["width"] > 0 and drawn["height"] > 0 and drawn["painted"] > 0, drawn
    # The first chart is the workforce's: the zone's totals, no value for the period without reports.
    assert drawn["points"] == [None, 12345, 12400, 1500], drawn["points"]

    rows = page.locator("#trend-table tbody tr")
    expect(rows).to_have_count(4)
    workforce_column = page.locator('#trend-table thead th[data-code="workforce"]')
    expect(workforce_column).to_contain_text("Tổng số lao động")
    for period, reports, workforce, at_work in ((periods[0], "0", "–", "–"), (periods[1], "2", "12.345", "12.145"),
                                                (periods[2], "2", "12.400", "12.200"),
                                                (periods[3], "1", "1.500", "1.400")):
        cells = page.locator(f'#trend-table tbody tr[data-period="{period.pk}"] td')
        expect(cells.nth(0)).to_have_text(reports)
        expect(cells.nth(1)).to_have_text(workforce)
        expect(cells.nth(2)).to_have_text(at_work)
    assert errors == [], errors


# --- Excel upload of one report -----------------------------------------------------------------------


@pytest.fixture
def upload_periods(demo_live):
    """Yesterday's and today's periods of a daily report asked of KCN Đồng Văn II."""
    from django.utils import timezone

    from kcn.reporting.services import period_ensure

    schedule = _daily_schedule(demo_live, ["HNA-DV2"])
    return period_ensure(schedule=schedule, around=timezone.localdate(), before=1)


def _download_workbook(page, live_server, period, enterprise, folder):
    page.goto(f"{live_server.url}/reporting/periods/{period.pk}/enterprises/{enterprise.pk}/")
    expect(page.locator("#report-excel")).to_be_visible()
    with page.expect_download() as info:
        page.locator("#report-excel").get_by_role("link", name="Tải mẫu Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(f"-{enterprise.tax_code}.xlsx"), download.suggested_filename
    path = folder / download.suggested_filename
    download.save_as(path)
    return path


def _fill_workbook(source, target, values):
    """Write ``values`` (by field code) into the "Giá trị" column of a downloaded report workbook."""
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    header = next(row[0].row for row in sheet.iter_rows(min_col=1, max_col=1) if row[0].value == "Mã trường")
    assert sheet.cell(header, 6).value == "Giá trị"
    written = set()
    for row in range(header + 1, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code in values:
            sheet.cell(row, 6).value = values[code]
            written.add(code)
    assert written == set(values), set(values) - written
    book.save(target)
    return target


def _upload(page, path):
    page.locator("#report-excel").get_by_role("link", name="Tải lên").click()
    expect(page.locator("h1")).to_have_text("Tải lên báo cáo bằng Excel")
    page.set_input_files("#id_file", str(path))
    page.get_by_label("Nộp báo cáo").check()
    page.click("#upload-button")


def test_enterprise_submits_its_report_from_the_excel_workbook(upload_periods, page, live_server, tmp_path):
    from kcn.reporting.models import Submission

    yesterday, today = upload_periods
    enterprise = _demo_enterprise()
    login_as(page, live_server, "doanhnghiep")

    source = _download_workbook(page, live_server, today, enterprise, tmp_path)
    filled = _fill_workbook(source, tmp_path / "bao-cao.xlsx", {
        "workforce": 1200, "workers_at_work": 1100, "returnees": 12, "workers_not_returned": 30,
        "f0": 0, "f1": 2, "f2": 5, "f3": 0, "notes": "Nộp từ Excel"})
    _upload(page, filled)

    expect(page.locator(".alert-success")).to_contain_text("từ tệp Excel")
    expect(page.locator("#submitted-figures")).to_be_visible()
    expect(page.locator('#submitted-figures dd[data-field="workforce"]')).to_contain_text("1.200")
    expect(page.locator('#submitted-figures dd[data-field="workers_at_work"]')).to_contain_text("1.100")
    expect(page.locator('#submitted-figures dd[data-field="f2"]')).to_contain_text("5")
    expect(page.locator('#submitted-figures dd[data-field="notes"]')).to_contain_text("Nộp từ Excel")
    expect(page.locator("#report-status")).to_have_text("đã nộp đúng hạn")
    submission = Submission.objects.get(period=today, enterprise=enterprise)
    assert submission.values["workforce"] == 1200 and submission.values["f1"] == 2 and submission.revision == 1

    # A file with a text in an integer field: refused, naming the field; nothing is stored.
    source = _download_workbook(page, live_server, yesterday, enterprise, tmp_path)
    bad = _fill_workbook(source, tmp_path / "bao-cao-loi.xlsx", {
        "workforce": "một nghìn", "workers_at_work": 900, "returnees": 0, "workers_not_returned": 0,
        "f0": 0, "f1": 0, "f2": 0, "f3": 0})
    _upload(page, bad)

    expect(page.locator("#upload-refused")).to_contain_text("Không lưu gì từ tệp này.")
    errors = page.locator("#upload-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("“Tổng số lao động” phải là số nguyên")
    expect(errors.first).to_contain_text("một nghìn")
    assert not Submission.objects.filter(period=yesterday, enterprise=enterprise).exists()
    page.goto(f"{live_server.url}/reporting/periods/{yesterday.pk}/enterprises/{enterprise.pk}/")
    expect(page.locator("#report-form")).to_be_visible()
    expect(page.locator("#submitted-figures")).to_have_count(0)


# --- Template designer ----------------------------------------------------------------------------


def _add_field(page, code, label):
    page.click("#add-field-button")
    page.fill("#id_code", code)
    page.fill("#id_label", label)
    page.select_option("#id_type", "integer")
    page.fill("#id_unit", "tấn")
    page.click("#save-button")
    expect(page.locator(f"#field-{code}")).to_contain_text(label)


def test_admin_designs_and_publishes_a_template(demo_live, page, live_server):
    from kcn.reporting.models import CrossFieldRule, ReportTemplate

    login_as(page, live_server, "admin")
    page.goto(f"{live_server.url}/reporting/templates/")
    page.click("#add-button")
    page.fill("#id_code", "chat_thai_ran")
    page.fill("#id_name", "Báo cáo chất thải rắn hằng tháng")
    page.fill("#id_description", "Khối lượng chất thải rắn phát sinh và đã xử lý.")
    page.click("#save-button")
    expect(page.locator("#current-version")).to_contain_text("Chưa có phiên bản nào được ban hành")
    expect(page.locator("#version-1")).to_contain_text("Bản nháp")
    page.locator("#version-1 a").click()
    expect(page.locator("#draft-notice")).to_be_visible()

    _add_field(page, "a", "Chất thải đã xử lý")
    _add_field(page, "b", "Chất thải phát sinh")

    page.click("#add-rule-button")
    expect(page.locator("#field-codes")).to_contain_text("a")
    # A broken expression: the Vietnamese reason under the expression field, nothing saved.
    page.fill("#id_expression", "a <=")
    page.fill("#id_message", "Chất thải đã xử lý không được lớn hơn chất thải phát sinh.")
    page.click("#save-button")
    expression_error = page.locator("#id_expression ~ .invalid-feedback")
    expect(expression_error).to_contain_text("Biểu thức không đúng cú pháp")
    expect(page.locator("#form-error-summary")).to_be_visible()
    page.fill("#id_expression", "a <= c")
    page.click("#save-button")
    expect(expression_error).to_contain_text("“c”, không phải mã trường nào")
    assert not CrossFieldRule.objects.filter(version__template__code="chat_thai_ran").exists()

    page.fill("#id_expression", "a <= b")
    page.click("#save-button")
    expect(page.locator("#rules")).to_contain_text("a <= b")
    expect(page.locator("#rules")).to_contain_text("không được lớn hơn chất thải phát sinh")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#publish-button")
    expect(page.locator(".alert-success")).to_contain_text("Đã ban hành phiên bản 1")
    expect(page.locator("#read-only-notice")).to_be_visible()
    for button in ("#publish-button", "#add-field-button", "#add-rule-button"):
        expect(page.locator(button)).to_have_count(0)
    for section in ("#fields", "#rules"):
        expect(page.locator(section).get_by_role("link", name="Sửa")).to_have_count(0)
        expect(page.locator(section).get_by_role("link", name="Xóa")).to_have_count(0)
    expect(page.locator("#field-a")).to_contain_text("Chất thải đã xử lý")

    version = ReportTemplate.objects.get(code="chat_thai_ran").versions.get()
    assert version.is_published and version.fields.count() == 2 and version.rules.get().expression == "a <= b"
    # The edit page of a published version's field sends back with the reason.
    page.goto(f"{live_server.url}/reporting/fields/{version.fields.get(code='a').pk}/edit/")
    expect(page.locator("#read-only-notice")).to_be_visible()
    expect(page.locator(".alert-danger")).to_contain_text("đã được ban hành nên không sửa được")


# --- Notification inbox --------------------------------------------------------------------------------


def test_notification_shows_in_the_bell_and_opens_its_link(demo_live, page, live_server):
    from kcn.accounts.models import User
    from kcn.communications.models import Notification
    from kcn.communications.services import notify

    user = User.objects.get(username="doanhnghiep")
    Notification.objects.filter(recipient=user).update(read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    (notification,) = notify(recipients=[user], title="Nhắc nộp báo cáo dịch hằng ngày",
                             body="Hạn nộp 23:59 hôm nay.", url="/reporting/my-reports/", channels=["in_app"])

    login_as(page, live_server, "doanhnghiep")
    expect(page.locator("#notification-count")).to_contain_text("1")
    page.click("#notification-bell")
    expect(page.locator("h1")).to_have_text("Thông báo")
    item = page.locator(f'#notification-list [data-notification="{notification.pk}"]')
    expect(item).to_contain_text("Nhắc nộp báo cáo dịch hằng ngày")
    expect(item).to_contain_text("Hạn nộp 23:59 hôm nay.")
    expect(item).to_have_attribute("data-read", "0")
    expect(item.locator(".badge")).to_have_text("Mới")

    item.click()
    expect(page).to_have_url(re.compile(r"/reporting/my-reports/$"))
    expect(page.locator("h1")).to_have_text("Báo cáo của tôi")
    expect(page.locator("#notification-count")).to_have_count(0)
    notification.refresh_from_db()
    assert notification.read_at is not None

    page.click("#notification-bell")
    expect(item).to_have_attribute("data-read", "1")
    expect(item.locator(".badge")).to_have_count(0)
