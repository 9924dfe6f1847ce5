"""Reporting periods: which period a date falls in, when it is due, what it is called.

Pure functions, no database. Bounds are inclusive dates ``(start, end)``.

Conventions:

* ``calendar``: days, ISO weeks (Monday to Sunday), calendar months, quarters, halves and years.
* ``state``: the convention of the state reporting regime (Decree 09/2019/NĐ-CP, art. 12): a
  month runs from the 15th of the previous month to the 14th of the month it is named after; a
  quarter from the 15th of the month before the quarter to the 14th of its last month (Q1 =
  15/12 of the previous year to 14/03); a half year from 15/12 to 14/06 and from 15/06 to 14/12;
  a year from 15/12 of the previous year to 14/12. A period is named after the month (quarter,
  half, year) in which it ends. Days and weeks have no state variant and follow the calendar.

An ad hoc schedule has no cycle; its periods are created one by one, and ``period_bounds``
gives the single day, so that an ad hoc report asked for a date covers that date.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from .choices import Frequency, PeriodConvention

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
STATE_FIRST_DAY = 15
# Without a due time a period is due at the end of its due day.
END_OF_DAY = datetime.time(23, 59, 59)
_MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}


def _month_index(year, month):
    return year * 12 + month - 1


def _from_index(index):
    return divmod(index, 12)[0], divmod(index, 12)[1] + 1


def _last_day(year, month):
    next_year, next_month = _from_index(_month_index(year, month) + 1)
    return datetime.date(next_year, next_month, 1) - datetime.timedelta(days=1)


def period_bounds(frequency, convention, on_date: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The (start, end) of the period of ``frequency`` under ``convention`` that contains ``on_date``."""
    if frequency in (Frequency.DAILY, Frequency.AD_HOC):
        return on_date, on_date
    if frequency == Frequency.WEEKLY:
        start = on_date - datetime.timedelta(days=on_date.weekday())
        return start, start + datetime.timedelta(days=6)
    size = _MONTHS[frequency]
    index = _month_index(on_date.year, on_date.month)
    state = convention == PeriodConvention.STATE
    if state and on_date.day >= STATE_FIRST_DAY:
        index += 1  # from the 15th on, a date belongs to the next month's period
    first = index - index % size
    last = first + size - 1
    if state:
        start_year, start_month = _from_index(first - 1)
        end_year, end_month = _from_index(last)
        return (datetime.date(start_year, start_month, STATE_FIRST_DAY),
                datetime.date(end_year, end_month, STATE_FIRST_DAY - 1))
    start_year, start_month = _from_index(first)
    end_year, end_month = _from_index(last)
    return datetime.date(start_year, start_month, 1), _last_day(end_year, end_month)


def next_start(frequency, convention, start: datetime.date) -> datetime.date:
    """The first day of the period after the one starting on ``start``."""
    return period_bounds(frequency, convention, start)[1] + datetime.timedelta(days=1)


def due_at(end: datetime.date, *, due_time: datetime.time | None = None, due_day_offset: int = 0) -> datetime.datetime:
    """When a period ending on ``end`` is due: ``due_day_offset`` days after its last day, at
    ``due_time`` (end of that day if none), Asia/Ho_Chi_Minh time."""
    day = end + datetime.timedelta(days=due_day_offset)
    return datetime.datetime.combine(day, due_time or END_OF_DAY, tzinfo=ZONE)


def period_label(frequency, start: datetime.date, end: datetime.date) -> str:
    """What people call the period: "22/11/2026", "Tháng 11/2026", "Quý 4/2026"...

    Stored on the period, so it is always made in the official language, whoever's request
    happens to create the period.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _period_label(frequency, start, end)


def _period_label(frequency, start: datetime.date, end: datetime.date) -> str:
    if frequency in (Frequency.DAILY, Frequency.AD_HOC) and start == end:
        return start.strftime("%d/%m/%Y")
    if frequency == Frequency.WEEKLY:
        return _("Tuần %(week)s/%(year)s (%(start)s–%(end)s)") % {
            "week": start.isocalendar().week, "year": start.isocalendar().year,
            "start": start.strftime("%d/%m"), "end": end.strftime("%d/%m/%Y")}
    if frequency == Frequency.MONTHLY:
        return _("Tháng %(month)s/%(year)s") % {"month": end.month, "year": end.year}
    if frequency == Frequency.QUARTERLY:
        return _("Quý %(quarter)s/%(year)s") % {"quarter": (end.month - 1) // 3 + 1, "year": end.year}
    if frequency == Frequency.HALF_YEARLY:
        if end.month <= 6:
            return _("6 tháng đầu năm %(year)s") % {"year": end.year}
        return _("6 tháng cuối năm %(year)s") % {"year": end.year}
    if frequency == Frequency.YEARLY:
        return _("Năm %(year)s") % {"year": end.year}
    return _("Từ %(start)s đến %(end)s") % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
