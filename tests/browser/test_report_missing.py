"""An officer sees which enterprises of the zones it monitors have not reported, and how to reach them."""

import datetime
import importlib

import pytest
from playwright.sync_api import expect

from .conftest import login_as


@pytest.fixture
def board_period(demo_live):
    """Today's period of a daily report asked of every demo zone; one enterprise of KCN Châu Sơn
    has already submitted."""
    from django.apps import apps
    from django.utils import timezone

    from kcn.accounts.models import User
    from kcn.registry.models import Enterprise, Zone
    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import ReportTemplate, Schedule
    from kcn.reporting.services import period_ensure, submission_submit

    importlib.import_module("kcn.reporting.migrations.0002_builtin_templates").create(apps, None)
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=demo_live, name="Báo cáo dịch hằng ngày",
        target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=datetime.time(23, 59))
    schedule.zones.set(Zone.objects.all())
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    reported = Enterprise.objects.filter(zone__code="HNA-CS").order_by("pk").first()
    submission_submit(user=User.objects.get(username="canbo"), period=period, enterprise=reported,
                      values={"workforce": 100, "workers_at_work": 95, "returnees": 0, "workers_not_returned": 0,
                              "f0": 0, "f1": 0, "f2": 0, "f3": 0})
    return period, reported


def test_officer_sees_who_has_not_reported_in_its_zones(board_period, page, live_server):
    from kcn.registry.models import Enterprise

    period, reported = board_period
    login_as(page, live_server, "canbo")
    page.goto(f"{live_server.url}/reporting/periods/{period.pk}/")

    in_scope = Enterprise.objects.filter(zone__code__in=["HNA-CS", "HNA-TL"])
    missing = page.locator("#missing-list tbody tr")
    expect(missing).to_have_count(in_scope.count() - 1)
    table = page.locator("#missing-list")
    expect(table).not_to_contain_text(reported.tax_code)  # it has reported
    expect(table).not_to_contain_text("KCN Đồng Văn II")  # another department's zone
    someone = in_scope.exclude(pk=reported.pk).exclude(phone="").order_by("pk").first()
    row = missing.filter(has_text=someone.tax_code)
    expect(row.locator(f'a[href="tel:{someone.phone}"]')).to_be_visible()

    # Narrow the list to one zone.
    page.select_option("#id_zone", label="KCN Thanh Liêm")
    expect(missing).to_have_count(Enterprise.objects.filter(zone__code="HNA-TL").count())
