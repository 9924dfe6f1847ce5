"""A level change produces its checklist: an officer raises an enterprise to level 3, the enterprise
sees the level-3 actions of its plan as a checklist and ticks one done."""

import pytest
from playwright.sync_api import expect

from .conftest import login_as

PLAN = [
    {"level": 2, "text": "Bố trí vách ngăn tại nhà ăn", "owner": "Phòng Hành chính", "due_value": 2,
     "due_unit": "days"},
    {"level": 3, "text": "Cách ly dây chuyền bị ảnh hưởng", "owner": "Quản đốc xưởng", "due_value": 4,
     "due_unit": "hours"},
    {"level": 3, "text": "Tổ chức 3 tại chỗ", "owner": "Giám đốc nhà máy", "due_value": 2, "due_unit": "days"},
]


@pytest.fixture
def company(demo_live):
    """The `doanhnghiep` enterprise with its scenario plan, in the database the live server sees."""
    from kcn.accounts.models import User
    from kcn.prevention import services
    from kcn.registry.models import Enterprise

    enterprise = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    services.plan_save(user=User.objects.get(username="doanhnghiep"), enterprise=enterprise, actions=PLAN)
    return enterprise


def test_officer_raises_level_and_enterprise_ticks_its_checklist(company, new_page, live_server):
    from kcn.prevention.models import ChecklistItem

    officer = new_page()
    login_as(officer, live_server, "truongphong")
    officer.locator("#kcn-nav").get_by_role("button", name="Phòng, chống dịch").click()
    officer.locator("#kcn-nav").get_by_role("link", name="Cấp độ dịch", exact=True).click()
    officer.fill("#id_q", company.tax_code)
    officer.locator("#id_q").press("Enter")
    expect(officer.locator("#object-list tbody tr")).to_have_count(1)
    officer.locator("#object-list").get_by_role("link", name=company.name).click()

    expect(officer.locator("#object-title")).to_have_text(company.name)
    expect(officer.locator("#current-level")).to_contain_text("Chưa xác định")
    officer.click("#set-level-button")
    officer.select_option("#id_level", "3")
    officer.fill("#id_reason", "Phát hiện 01 ca F0 tại xưởng may số 2")
    officer.click("#save-button")

    expect(officer.locator("#current-level")).to_contain_text("Cấp 3 – nguy cơ cao")
    expect(officer.locator("#level-history")).to_contain_text("Phát hiện 01 ca F0 tại xưởng may số 2")
    expect(officer.locator("#checklist-items li")).to_have_count(2)

    enterprise = new_page()
    login_as(enterprise, live_server, "doanhnghiep")
    panel = enterprise.locator("#panel-prevention-level")
    expect(panel).to_contain_text("Cấp 3 – nguy cơ cao")
    expect(panel).to_contain_text("2 việc cần làm chưa xong")
    panel.get_by_role("link", name="Xem").click()

    items = enterprise.locator("#checklist-items li")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Cách ly dây chuyền bị ảnh hưởng")
    expect(items.nth(0)).to_contain_text("Quản đốc xưởng")
    expect(items.nth(1)).to_contain_text("Tổ chức 3 tại chỗ")
    expect(enterprise.locator("#checklist")).not_to_contain_text("Bố trí vách ngăn")  # a level-2 action

    items.nth(0).locator("input[name=note]").fill("Đã cách ly chuyền 5")
    items.nth(0).locator(".item-done-button").click()
    expect(enterprise.locator("#checklist-items li").nth(0)).to_have_attribute("data-done", "1")
    expect(enterprise.locator("#checklist-items li").nth(0)).to_contain_text("Đã cách ly chuyền 5")
    expect(enterprise.locator("#checklist-items li").nth(1)).to_have_attribute("data-done", "0")

    done = ChecklistItem.objects.get(text="Cách ly dây chuyền bị ảnh hưởng")
    assert done.done_by.username == "doanhnghiep" and done.note == "Đã cách ly chuyền 5"
