import datetime

from hypothesis import given
from hypothesis import strategies as st

from kcn.reporting.choices import Frequency, PeriodConvention
from kcn.reporting.periods import due_at, next_start, period_bounds, period_label

DATES = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31))
FREQUENCIES = st.sampled_from(list(Frequency))
CONVENTIONS = st.sampled_from(list(PeriodConvention))


@given(FREQUENCIES, CONVENTIONS, DATES)
def test_every_date_falls_in_its_period(frequency, convention, day):
    start, end = period_bounds(frequency, convention, day)
    assert start <= day <= end
    # Every day of the period gives the same period: a date lies in exactly one period.
    assert period_bounds(frequency, convention, start) == (start, end)
    assert period_bounds(frequency, convention, end) == (start, end)


@given(FREQUENCIES, CONVENTIONS, DATES)
def test_consecutive_periods_touch(frequency, convention, day):
    start, end = period_bounds(frequency, convention, day)
    following = period_bounds(frequency, convention, end + datetime.timedelta(days=1))
    preceding = period_bounds(frequency, convention, start - datetime.timedelta(days=1))
    assert following[0] == end + datetime.timedelta(days=1) == next_start(frequency, convention, start)
    assert preceding[1] == start - datetime.timedelta(days=1)


@given(st.sampled_from([Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.HALF_YEARLY, Frequency.YEARLY]), DATES)
def test_state_convention_runs_from_the_15th_to_the_14th(frequency, day):
    start, end = period_bounds(frequency, PeriodConvention.STATE, day)
    assert start.day == 15 and end.day == 14
    calendar_start, calendar_end = period_bounds(frequency, PeriodConvention.CALENDAR, end)
    # The state period is named after (ends in) the calendar period it mostly overlaps.
    assert calendar_start <= end <= calendar_end
    assert period_label(frequency, start, end) == period_label(frequency, calendar_start, calendar_end)


def test_known_periods():
    d = datetime.date
    M, Q, H, Y, W = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.HALF_YEARLY, Frequency.YEARLY, Frequency.WEEKLY
    STATE, CAL = PeriodConvention.STATE, PeriodConvention.CALENDAR
    assert period_bounds(M, STATE, d(2026, 11, 14)) == (d(2026, 10, 15), d(2026, 11, 14))
    assert period_bounds(M, STATE, d(2026, 11, 15)) == (d(2026, 11, 15), d(2026, 12, 14))
    assert period_bounds(Q, STATE, d(2026, 12, 20)) == (d(2026, 12, 15), d(2027, 3, 14))
    assert period_bounds(Y, STATE, d(2026, 12, 15)) == (d(2026, 12, 15), d(2027, 12, 14))
    assert period_bounds(H, CAL, d(2026, 7, 1)) == (d(2026, 7, 1), d(2026, 12, 31))
    assert period_bounds(M, CAL, d(2024, 2, 10)) == (d(2024, 2, 1), d(2024, 2, 29))
    assert period_bounds(W, CAL, d(2026, 11, 22)) == (d(2026, 11, 16), d(2026, 11, 22))
    assert period_label(Frequency.DAILY, d(2026, 11, 22), d(2026, 11, 22)) == "22/11/2026"
    assert period_label(Frequency.MONTHLY, d(2026, 10, 15), d(2026, 11, 14)) == "Tháng 11/2026"
    assert period_label(Frequency.QUARTERLY, d(2026, 10, 1), d(2026, 12, 31)) == "Quý 4/2026"


def test_due_at_is_aware_in_vietnam_time():
    due = due_at(datetime.date(2026, 11, 22), due_time=datetime.time(16, 0))
    assert due.isoformat() == "2026-11-22T16:00:00+07:00"
    assert due_at(datetime.date(2026, 12, 31), due_day_offset=5).isoformat() == "2027-01-05T23:59:59+07:00"


def test_stored_period_labels_are_vietnamese_whatever_the_request_language():
    import datetime

    from django.utils import translation

    from kcn.reporting.choices import Frequency
    from kcn.reporting.periods import period_label

    with translation.override("en"):
        label = period_label(Frequency.MONTHLY, datetime.date(2026, 10, 15), datetime.date(2026, 11, 14))
    assert label == "Tháng 11/2026"


def test_the_hourly_task_opens_todays_and_tomorrows_periods_once(demo):
    import datetime

    from kcn.registry.models import Board, Zone
    from kcn.reporting.choices import Frequency, TargetKind
    from kcn.reporting.models import Period, ReportTemplate, Schedule
    from kcn.reporting.services import periods_open

    schedule = Schedule.objects.create(template=ReportTemplate.objects.get(code="covid_daily"),
                                       board=Board.objects.get(), name="Hằng ngày", target=TargetKind.ZONES,
                                       frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.all())
    Schedule.objects.create(template=schedule.template, board=schedule.board, name="Đột xuất",
                            target=TargetKind.ZONES, frequency=Frequency.AD_HOC)
    today = datetime.date(2026, 11, 22)
    periods_open(on=today)
    periods_open(on=today)  # idempotent
    starts = sorted(Period.objects.values_list("schedule__name", "start"))
    assert starts == [("Hằng ngày", today), ("Hằng ngày", today + datetime.timedelta(days=1))]
