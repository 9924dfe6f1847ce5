"""Demo reporting data: the daily epidemic report of plan 16/KH-BQLKCN for every zone of the
demo board, with two weeks of submitted reports, so the reporting pages show something.

* one daily schedule of the built-in ``covid_daily`` template, due at 16:00;
* the periods of the last 14 days and today; about 90 % of the enterprises reported on each
  past day (a few after the deadline), today's period is left empty so ``doanhnghiep`` can
  submit and the missing list is full;
* the figures obey the template's rules, with a small wave of F0/F1 cases in one zone over a
  few days so the trends show something;
* yesterday's period approved by one department's head, so the approval chain has a state.

Deterministic (``random.Random(16)``) and run once: if the board already has the schedule,
nothing is done. Registered with ``kcn.core.demo`` and run by ``kcn demo``.
"""

import datetime
import random

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.core.demo import register
from kcn.registry.models import EnterpriseUser, Staff

from . import approvals, consolidation, services
from .choices import Frequency, SubmissionStatus, TargetKind
from .models import ApprovalLevel, ReportTemplate, Revision, Schedule, Submission
from .periods import ZONE
from .validation import clean_values

SCHEDULE_NAME = "Báo cáo tình hình phòng, chống dịch hằng ngày"
DUE_TIME = datetime.time(16, 0)
DAYS_BEFORE = 14
SUBMIT_RATE = 0.9
LATE_RATE = 0.06
#: The outbreak in one zone: days before today → its strength (the chance and size of F0 cases).
WAVE = {9: 1, 8: 2, 7: 4, 6: 5, 5: 3, 4: 2, 3: 1}


def load_reporting_demo(board):
    """Create the demo schedule, periods, reports, totals and one approval; a line saying what
    was done, or None if the board already has the schedule."""
    if Schedule.objects.filter(board=board, name=SCHEDULE_NAME).exists():
        return None
    template = ReportTemplate.objects.filter(code="covid_daily").first()
    version = template.current_version() if template else None
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if version is None or admin is None:
        return None
    with transaction.atomic():
        schedule = Schedule(template=template, board=board, name=SCHEDULE_NAME, target=TargetKind.ZONES,
                            frequency=Frequency.DAILY, due_time=DUE_TIME)
        schedule.full_clean()
        schedule._history_user = admin
        schedule._change_reason = "Dữ liệu mẫu"
        schedule.save()
        schedule.zones.set(board.zones.all())
        periods = services.period_ensure(schedule=schedule, around=timezone.localdate(), before=DAYS_BEFORE)
        count = _submissions(schedule, periods[:-1], version, admin)
        for period in periods:
            consolidation.totals_rebuild(period)
        approved = _approve(periods[-2]) if len(periods) > 1 else None
    line = f"Báo cáo mẫu: lịch “{SCHEDULE_NAME}”, {len(periods)} kỳ, {count} báo cáo đã nộp"
    if approved is not None:
        line += f"; {approved.name} đã duyệt kỳ {periods[-2].label}"
    return line + "."


register(load_reporting_demo)


def _submissions(schedule, periods, version, admin) -> int:
    """Submitted reports for the past periods, written in bulk.

    Written straight as Submission and Revision rows (status submitted, revision 1), not through
    ``services.submission_submit``: thousands of reports go in a few statements. So no history
    rows are written for them, and the caller rebuilds the totals afterwards. Each report's
    values still go through ``clean_values``, so they are exactly what the service would store.
    """
    rng = random.Random(16)
    enterprises = list(schedule.target_enterprises().order_by("tax_code").values_list("pk", "zone_id", "workforce"))
    if not enterprises:
        return 0
    accounts = dict(EnterpriseUser.objects.filter(enterprise_id__in=[pk for pk, _z, _w in enterprises])
                    .order_by("-pk").values_list("enterprise_id", "user_id"))
    wave_zone = _wave_zone(enterprises)
    today = timezone.localdate()
    # Each enterprise's own figures stay about the same from day to day.
    profile = {pk: (workforce or rng.randint(30, 400), rng.uniform(0.005, 0.03), rng.uniform(0.01, 0.04))
               for pk, _zone, workforce in enterprises}
    submissions = []
    for period in periods:
        days_ago = (today - period.start).days
        for pk, zone_id, _workforce in enterprises:
            if rng.random() >= SUBMIT_RATE:
                continue
            strength = WAVE.get(days_ago, 0) if zone_id == wave_zone else 0
            values = _values(rng, *profile[pk], strength)
            cleaned, errors = clean_values(version, values)
            if errors:  # pragma: no cover - a bug in _values, not a demo to load
                raise AssertionError(errors)
            submissions.append(Submission(
                period=period, enterprise_id=pk, version=version, status=SubmissionStatus.SUBMITTED,
                values=cleaned, submitted_at=_submitted_at(rng, period), submitted_by_id=accounts.get(pk, admin.pk),
                idempotency_key=None, revision=1,
            ))
    Submission.objects.bulk_create(submissions, batch_size=500)
    Revision.objects.bulk_create([Revision(submission=s, number=1, values=s.values, created_by_id=s.submitted_by_id)
                                  for s in submissions], batch_size=500)
    # The stamps say when the reports were submitted, not when the demo was loaded.
    past = Submission.objects.filter(period__in=periods)
    past.update(created_at=F("submitted_at"), updated_at=F("submitted_at"))
    Revision.objects.filter(submission__period__in=periods).update(
        created_at=Subquery(Submission.objects.filter(pk=OuterRef("submission_id")).values("submitted_at")[:1]))
    return len(submissions)


def _wave_zone(enterprises):
    """The zone with the most enterprises (the lowest id among equals)."""
    sizes = {}
    for _pk, zone_id, _workforce in enterprises:
        sizes[zone_id] = sizes.get(zone_id, 0) + 1
    return min(sizes, key=lambda zone_id: (-sizes[zone_id], zone_id))


def _values(rng, workforce, not_returned_rate, absent_rate, strength) -> dict:
    """One day's plausible figures: workers at work + not returned ≤ workforce, returnees ≤
    workforce; F0 cases only during the wave, their F1 sent home to isolate."""
    f0 = f1 = f2 = 0
    if strength and rng.random() < 0.06 * strength:
        f0 = rng.randint(1, (strength + 1) // 2)
        f1 = min(f0 * rng.randint(3, 8), workforce // 3)
        f2 = f1 * rng.randint(1, 3)
    f3 = rng.randint(1, 3) if (f0 or rng.random() < 0.03) else 0
    not_returned = min(workforce, round(workforce * not_returned_rate * rng.uniform(0.5, 1.5)))
    absent = round(workforce * absent_rate * rng.uniform(0.5, 1.5)) + f0 + f1
    values = {
        "workforce": workforce,
        "workers_at_work": max(0, workforce - not_returned - absent),
        "returnees": rng.randint(0, max(0, workforce // 100)),
        "workers_not_returned": not_returned,
        "f0": f0, "f1": f1, "f2": f2, "f3": f3,
    }
    if f0:
        values["notes"] = "Đã cách ly các ca F0, F1; phun khử khuẩn khu vực sản xuất và báo Trung tâm Y tế."
    return values


def _submitted_at(rng, period) -> datetime.datetime:
    """During the working day before the 16:00 deadline, or (a few) later that evening."""
    if rng.random() < LATE_RATE:
        return period.due_at + datetime.timedelta(minutes=rng.randint(5, 300))
    opening = datetime.datetime.combine(period.start, datetime.time(7, 30), tzinfo=ZONE)
    minutes = int((period.due_at - opening).total_seconds()) // 60
    return opening + datetime.timedelta(minutes=rng.randint(0, max(0, minutes - 1)))


def _approve(period):
    """Approve ``period`` for one department, as its head: the first department (by name) that
    does not consolidate and has a head, so the consolidating department is told and waits."""
    departments = approvals.required_departments(period)
    departments.sort(key=lambda department: department.consolidates)
    for department in departments:
        head = (Staff.objects.filter(department=department, position__in=approvals.DEPARTMENT_HEAD_POSITIONS,
                                     user__role=Role.DEPARTMENT_HEAD, user__is_active=True)
                .select_related("user").order_by("pk").first())
        if head is None:
            continue
        services.approval_approve(user=head.user, period=period, level=ApprovalLevel.DEPARTMENT,
                                  department=department,
                                  comment="Đã kiểm tra số liệu của các doanh nghiệp trong các KCN phòng theo dõi.")
        return department
    return None
