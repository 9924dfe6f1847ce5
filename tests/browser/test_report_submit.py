"""An enterprise submits its daily report from a phone-sized screen."""

import datetime
import importlib

import pytest
from playwright.sync_api import expect

from .conftest import login_as

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def daily_schedule(demo_live):
    """The daily epidemic report asked of zone HNA-DV2, in the database the live server sees.

    A transactional test before this one may have flushed the built-in templates the data
    migration loaded: load them again (the loader is idempotent)."""
    from django.apps import apps

    from kcn.registry.models import Zone
    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import ReportTemplate, Schedule

    importlib.import_module("kcn.reporting.migrations.0002_builtin_templates").create(apps, None)
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=demo_live, name="Báo cáo dịch hằng ngày",
        target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=datetime.time(23, 59))
    schedule.zones.set(Zone.objects.filter(code="HNA-DV2"))
    return schedule


def _no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px screen"


def test_enterprise_submits_daily_report_on_a_phone(daily_schedule, new_page, live_server):
    from kcn.reporting.models import Submission

    page = new_page(viewport=PHONE)
    login_as(page, live_server, "doanhnghiep")
    expect(page.locator("#panel-reports-due")).to_contain_text("chưa nộp")
    _no_horizontal_scroll(page)

    page.locator(".navbar-toggler").click()
    page.locator("#kcn-nav").get_by_role("link", name="Báo cáo", exact=True).click()
    expect(page.locator("h1")).to_have_text("Báo cáo của tôi")
    _no_horizontal_scroll(page)
    page.locator(".report-fill-link").first.click()

    expect(page.locator("#report-form")).to_be_visible()
    _no_horizontal_scroll(page)
    figures = {"workforce": "1.200", "workers_at_work": "1.100", "returnees": "12", "workers_not_returned": "30",
               "f0": "0", "f1": "2", "f2": "5", "f3": "0"}
    # A broken rule first: the error shows inline and in the summary, nothing is stored.
    for code, value in {**figures, "workers_at_work": "1.500"}.items():
        page.fill(f"#id_{code}", value)
    page.click("#submit-button")
    expect(page.locator("#form-error-summary")).to_contain_text("không được lớn hơn tổng số lao động")
    expect(page.locator('.invalid-feedback[data-field="workers_at_work"]').first).to_be_visible()
    _no_horizontal_scroll(page)

    page.fill("#id_workers_at_work", figures["workers_at_work"])
    page.fill("#id_notes", "Sản xuất bình thường")
    page.click("#submit-button")

    expect(page.locator("#submitted-figures")).to_be_visible()
    expect(page.locator('#submitted-figures dd[data-field="workforce"]')).to_contain_text("1.200")
    expect(page.locator('#submitted-figures dd[data-field="workers_at_work"]')).to_contain_text("1.100")
    expect(page.locator('#submitted-figures dd[data-field="notes"]')).to_contain_text("Sản xuất bình thường")
    expect(page.locator("#report-status")).to_have_text("đã nộp đúng hạn")
    expect(page.locator('#revisions [data-revision="1"]')).to_be_visible()
    _no_horizontal_scroll(page)

    submission = Submission.objects.get()
    assert submission.values["workforce"] == 1200 and submission.revision == 1
