"""Test data of reporting shared by its test modules (the demo must be loaded)."""

import datetime

from kcn.registry.models import Board, Zone
from kcn.reporting.choices import Frequency, TargetKind
from kcn.reporting.models import ReportTemplate, Schedule


def daily_schedule(zone_codes, *, due_time: datetime.time | None = None) -> Schedule:
    """The plan-16 daily epidemic report asked of every enterprise of the demo zones named."""
    schedule = Schedule.objects.create(
        template=ReportTemplate.objects.get(code="covid_daily"), board=Board.objects.get(),
        name="Báo cáo dịch hằng ngày", target=TargetKind.ZONES, frequency=Frequency.DAILY, due_time=due_time)
    schedule.zones.set(Zone.objects.filter(code__in=zone_codes))
    return schedule
