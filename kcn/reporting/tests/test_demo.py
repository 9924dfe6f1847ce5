"""The demo's reporting data, as ``kcn demo`` loads it: a daily schedule with two weeks of
reports whose totals and figures are right, and a second run that changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kcn.reporting import consolidation
from kcn.reporting.demo import SCHEDULE_NAME
from kcn.reporting.models import (
    Approval,
    ApprovalLevel,
    BoardTotal,
    Period,
    Revision,
    Schedule,
    Submission,
    ZoneTotal,
)
from kcn.reporting.validation import clean_values


def _counts():
    return tuple(model.objects.count() for model in (Schedule, Period, Submission, Revision, Approval, ZoneTotal,
                                                     BoardTotal))


@pytest.fixture
def loaded(db):
    out = io.StringIO()
    call_command("demo", enterprises=30, stdout=out)
    return out.getvalue()


def test_demo_has_two_weeks_of_reports_and_an_empty_today(loaded):
    assert SCHEDULE_NAME in loaded
    schedule = Schedule.objects.get(name=SCHEDULE_NAME)
    assert schedule.template.code == "covid_daily"
    targets = schedule.target_enterprises().count()
    assert targets == 30
    periods = list(schedule.periods.order_by("start"))
    assert len(periods) == 15
    today = timezone.localdate()
    assert periods[-1].start == today
    assert not Submission.objects.filter(period=periods[-1]).exists()
    late = 0
    for period in periods[:-1]:
        submitted = Submission.objects.filter(period=period, status="submitted")
        assert 0.7 * targets <= submitted.count() < targets
        late += submitted.filter(submitted_at__gt=period.due_at).count()
    assert late > 0
    assert Revision.objects.count() == Submission.objects.count()
    # The wave shows in the board's F0 totals.
    f0 = BoardTotal.objects.filter(period__schedule=schedule, field_code="f0", value__gt=0)
    assert f0.exists()
    # Yesterday's period is approved by one department.
    approval = Approval.objects.get()
    assert (approval.period, approval.level) == (periods[-2], ApprovalLevel.DEPARTMENT)


def test_demo_totals_and_figures_are_consistent(loaded):
    for period in Period.objects.all():
        assert consolidation.totals_stored(period) == consolidation.totals_computed(period)
    for submission in Submission.objects.select_related("version__template"):
        cleaned, errors = clean_values(submission.version, submission.values)
        assert errors == {}
        assert cleaned == submission.values
        assert submission.values["workers_at_work"] + submission.values["workers_not_returned"] \
            <= submission.values["workforce"]


def test_demo_runs_again_without_change(loaded):
    counts = _counts()
    call_command("demo", enterprises=30, stdout=io.StringIO())
    assert _counts() == counts
