"""An enterprise declares a returnee and a worker with fever and acknowledges the commitment; the
department monitoring its zone sees the alert and the returnee."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import login_as


@pytest.fixture
def monitoring_setup(demo_live):
    from kcn.accounts.models import User
    from kcn.monitoring import services
    from kcn.registry.models import Enterprise, Province
    from kcn.workers.models import Worker

    enterprise = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    Worker.objects.bulk_create([
        Worker(enterprise=enterprise, identity_number=f"03519500{n:04d}", full_name=name, search_text=name.lower())
        for n, name in enumerate(["Trần Thị Lan", "Nguyễn Văn Bình", "Phạm Minh Tuấn"])])
    leader = User.objects.get(username="lanhdao")
    today = timezone.localdate()
    area = services.area_save(user=leader, data={
        "board": demo_live, "province": Province.objects.get(code=1), "start_date": today - datetime.timedelta(20),
        "quarantine_days": 14, "self_isolation_days": 7})
    text = services.commitment_publish(user=leader, data={
        "board": demo_live, "title": "Bản cam kết phòng, chống dịch", "body": "Doanh nghiệp thực hiện 5K."})
    return {"enterprise": enterprise, "area": area, "text": text, "today": today}


def test_returnee_fever_alert_and_commitment(monitoring_setup, new_page, live_server):
    today = monitoring_setup["today"]
    returned = today - datetime.timedelta(days=2)

    page = new_page()
    login_as(page, live_server, "doanhnghiep")
    page.goto(f"{live_server.url}/monitoring/returnees/")
    page.click("#add-button")
    page.fill("#id_identity_number", "035195000001")
    page.select_option("#id_area", str(monitoring_setup["area"].pk))
    page.fill("#id_return_date", (today + datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.click("#save-button")
    expect(page.locator("#form-error-summary")).to_contain_text("Ngày về không được ở tương lai")
    page.fill("#id_return_date", returned.strftime("%d/%m/%Y"))
    page.select_option("#id_means", "coach")
    page.click("#save-button")
    expect(page.locator("#object-title")).to_contain_text("Nguyễn Văn Bình")
    expect(page.locator("#monitoring-status")).to_have_text("đang cách ly tập trung")
    end = returned + datetime.timedelta(days=13)
    expect(page.locator("#quarantine-period")).to_have_text(f"{returned:%d/%m/%Y} – {end:%d/%m/%Y}")

    page.goto(f"{live_server.url}/monitoring/health/")
    page.click("#declare-button")
    expect(page.locator("#returnees-heading")).to_be_visible()
    expect(page.locator("#sheet tbody tr[data-worker]").first).to_contain_text("Nguyễn Văn Bình")
    row = page.locator("#sheet tbody tr[data-worker]", has_text="Phạm Minh Tuấn")
    row.locator("input[name^=fever-]").check()
    row.locator("input[name^=temperature-]").fill("38,5")
    page.click("#save-sheet")
    expect(page.locator(".alert-success")).to_contain_text("1 cảnh báo triệu chứng")
    expect(page.locator("#day-summary")).to_contain_text("đã khai báo 3/3")

    page.goto(f"{live_server.url}/monitoring/commitments/")
    page.get_by_role("link", name="Bản cam kết phòng, chống dịch").click()
    page.fill("#id_signer_name", "Kim Min-jun")
    page.fill("#id_signer_position", "Tổng giám đốc")
    page.click("#ack-button")
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận xác nhận")
    expect(page.locator("#acknowledgements")).to_contain_text("Kim Min-jun")

    officer = new_page()
    login_as(officer, live_server, "truongphong")
    expect(officer.locator("#notification-count")).to_be_visible()
    officer.click("#notification-bell")
    expect(officer.locator("#notification-list")).to_contain_text("Có triệu chứng: Phạm Minh Tuấn")
    officer.goto(f"{live_server.url}/monitoring/returnees/")
    expect(officer.locator("#object-list")).to_contain_text("Nguyễn Văn Bình")
    expect(officer.locator("#object-list")).to_contain_text("đang cách ly tập trung")
    officer.goto(f"{live_server.url}/monitoring/commitments/{monitoring_setup['text'].pk}/pending/")
    expect(officer.locator("#object-list")).not_to_contain_text(monitoring_setup["enterprise"].name)
