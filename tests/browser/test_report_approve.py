"""A department head approves the department's report on the period page."""

import datetime
import importlib

import pytest
from playwright.sync_api import expect

from .conftest import login_as


@pytest.fixture
def daily_period(demo_live):
    """Today's period of a daily report asked of HNA-DV2 (Phòng Quản lý doanh nghiệp), in the
    database the live server sees (built-in templates reloaded after a flush, as in test_report_submit)."""
    from django.apps import apps
    from django.utils import timezone

    from kcn.registry.models import Zone
    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import ReportTemplate, Schedule
    from kcn.reporting.services import period_ensure

    importlib.import_module("kcn.reporting.migrations.0002_builtin_templates").create(apps, None)
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=demo_live, name="Báo cáo dịch hằng ngày",
        target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=datetime.time(23, 59))
    schedule.zones.set(Zone.objects.filter(code="HNA-DV2"))
    return period_ensure(schedule=schedule, around=timezone.localdate())[0]


def test_department_head_approves_on_the_period_page(daily_period, page, live_server):
    from kcn.reporting.models import Approval

    login_as(page, live_server, "truongphong")
    page.goto(f"{live_server.url}/reporting/periods/{daily_period.pk}/")
    step = page.locator('#approval-chain li[data-level="department"]')
    expect(step).to_contain_text("Phòng Quản lý doanh nghiệp")
    expect(step.locator(".approval-status")).to_contain_text("Chưa duyệt")
    step.locator('input[name="comment"]').fill("Số liệu đầy đủ")
    step.locator(".approve-button").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã duyệt")
    step = page.locator('#approval-chain li[data-level="department"]')
    expect(step.locator(".approval-status")).to_contain_text("Đã duyệt")
    expect(step.locator(".approval-status")).to_contain_text("Phạm Thu Trang")
    expect(step.locator(".return-button")).to_be_visible()
    # Every department approved: the consolidating head may now approve the board total.
    expect(page.locator('#approval-chain li[data-level="board"] .approve-button')).to_be_visible()
    assert Approval.objects.get().comment == "Số liệu đầy đủ"
