"""The history at the foot of a page writes dates as people read them (dd/mm/yyyy)."""

import datetime

from kcn.core.audit import history_entries
from kcn.registry.models import ZoneAssignment


def test_changed_dates_show_as_day_month_year(demo):
    assignment = ZoneAssignment.objects.filter(end_date__isnull=True).first()
    assignment.end_date = datetime.date(2026, 12, 31)
    assignment.save()
    change = next(c for c in history_entries(assignment)[0].changes if c.field == "đến ngày")
    assert (change.old, change.new) == ("—", "31/12/2026")
