"""Enterprise data is often kept up to date from a phone: the edit form works on a 360 px screen."""

import re

from playwright.sync_api import expect

from kcn.registry.models import Enterprise

from .conftest import login_as

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def _fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 2, f"the page is {width}px wide on a 360px screen"
    save = page.locator("#save-button")
    save.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()
    box = save.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360


def test_officer_edits_an_enterprise_on_a_phone(new_page, demo_live, live_server):
    enterprise = Enterprise.objects.filter(zone__code="HNA-CS").order_by("name").first()
    old_phone = enterprise.phone
    page = new_page(**PHONE)
    login_as(page, live_server, "canbo")
    page.goto(f"/registry/enterprises/{enterprise.pk}/")
    page.click("#edit-button")
    expect(page).to_have_url(re.compile(rf"/registry/enterprises/{enterprise.pk}/edit/$"))
    _fits_the_screen(page)

    page.fill("#id_phone", "abc")
    page.click("#save-button")

    summary = page.locator("#form-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Chưa lưu được")
    expect(summary).to_contain_text("Số điện thoại không hợp lệ")
    expect(page.locator("#id_phone")).to_have_value("abc")
    _fits_the_screen(page)
    enterprise.refresh_from_db()
    assert enterprise.phone == old_phone

    page.fill("#id_phone", "0226 3812 345")
    page.click("#save-button")

    expect(page).to_have_url(f"{live_server.url}/registry/enterprises/{enterprise.pk}/")
    latest = page.locator("#history tbody tr").first
    expect(latest.locator("td").nth(1)).to_contain_text("Vũ Đức Anh")  # canbo, who made the change
    expect(latest.locator("td").nth(2)).to_contain_text("Sửa")
    enterprise.refresh_from_db()
    assert re.sub(r"\D", "", enterprise.phone) == "02263812345"
    change = latest.locator(".history-change")
    expect(change).to_contain_text("điện thoại")
    expect(change).to_contain_text(f"{old_phone} → {enterprise.phone}")
