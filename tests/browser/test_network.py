"""The programme manager opens the network's indicators from the menu and reads the people trained
and the share of provinces whose industry-and-trade sector has a graduate, against the 90% target."""

import datetime

import pytest
from playwright.sync_api import expect

from .conftest import login_as


@pytest.fixture
def world(demo_live):
    from kcn.network.tests.helpers import graduate
    from kcn.training.tests.world import build_world

    world = build_world()
    # Hoa (Trung tâm Khuyến công Ninh Bình) and Bình (Sở Công Thương, recorded as Bắc Kạn) pass:
    # two provinces' industry-and-trade sectors out of 34.
    graduate(world["e1"], world["e2"], end_date=datetime.date(2024, 12, 20))
    return world


def test_manager_reads_people_trained_and_share_against_target(world, new_page, live_server):
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    login_as(page, live_server, "quanlychuongtrinh")
    page.locator("#kcn-nav").get_by_role("button", name="Mạng lưới SXSH").click()
    page.locator("#kcn-nav").get_by_role("link", name="Chỉ số mạng lưới").click()
    expect(page.locator("h1")).to_have_text("Chỉ số mạng lưới chuyên gia SXSH")
    expect(page.locator("#people-trained")).to_have_text("2")
    expect(page.locator("#provinces-trained")).to_have_text("2/34")
    expect(page.locator("#department-share")).to_have_text("5,9%")
    expect(page.locator("#share-target")).to_contain_text("2/34 tỉnh; mục tiêu 90%")
    expect(page.locator("#share-target")).to_contain_text("Chưa đạt mục tiêu")
    expect(page.locator("#indicator-provinces")).to_contain_text("Bắc Kạn → Thái Nguyên")
    expect(page.locator("#indicator-years tbody tr")).to_have_count(1)
    # The charts drew (Chart.js is vendored, not fetched). The tables show while the page is
    # still being parsed; the script at its end has run once the page has loaded.
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.Chart") == "function"
    assert not errors, errors
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('chart-share'))")
