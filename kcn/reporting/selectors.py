"""Reads of reporting that several channels share: who must report, and who has not yet.

``Schedule.target_enterprises`` says who must report under a schedule, unscoped; these
functions narrow it to what the user may see, so a count never includes an enterprise whose
name the user could not read.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.registry.models import Department, Enterprise, Staff

from .choices import SubmissionStatus, TargetKind
from .models import Period, Schedule, Submission

#: Roles that follow a whole board's reports, and roles that follow their department's zones.
BOARD_WIDE_ROLES = (Role.ADMIN, Role.PROGRAMME_MANAGER, Role.BOARD_LEADER, Role.OBSERVER)
DEPARTMENT_ROLES = (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER)
STAFF_ROLES = BOARD_WIDE_ROLES + DEPARTMENT_ROLES


@dataclass(frozen=True)
class Level:
    """Where a user follows a board's consolidated reports: their own department's totals (by
    zone and enterprise) and/or the board's (by department and zone)."""

    department: Department | None = None
    sees_board: bool = False


def reporting_level(user, board_id=None) -> Level:
    """The level the period page, the exports, the totals API and the trends use for ``user``:
    board-wide roles see the board; a department's staff see their department, and the board
    too when their department consolidates it (Phòng Quản lý doanh nghiệp); others nothing."""
    if user.is_superuser or user.role in BOARD_WIDE_ROLES:
        return Level(sees_board=True)
    if user.role not in DEPARTMENT_ROLES:
        return Level()
    staff = Staff.objects.filter(user=user)
    if board_id is not None:
        staff = staff.filter(board_id=board_id)
    staff = staff.select_related("department").first()
    department = staff.department if staff is not None else None
    return Level(department=department, sees_board=bool(department and department.consolidates))


def targeted_enterprises(schedule: Schedule, user):
    """The enterprises that must report under ``schedule`` and that ``user`` may see."""
    return Enterprise.objects.restrict(user, Action.VIEW).filter(
        pk__in=schedule.target_enterprises().values("pk"))


def schedules_targeting_q(enterprises) -> Q:
    """Schedules that ask at least one of ``enterprises`` (a queryset) to report."""
    return (
        Q(target=TargetKind.ZONES, zones__in=enterprises.values("zone_id"))
        | Q(target=TargetKind.SECTOR, sector__in=enterprises.values("sector"))
        | Q(target=TargetKind.LIST, enterprises__in=enterprises.values("pk"))
    ) & Q(board__in=enterprises.values("zone__board_id"))


def visible_schedules(queryset, user):
    """``queryset`` (already restricted) narrowed for an enterprise's representative to the
    schedules that ask their enterprise to report; the board's people see every schedule."""
    if user.role != Role.ENTERPRISE or user.is_superuser:
        return queryset
    own = Enterprise.objects.restrict(user, Action.VIEW)
    return queryset.filter(pk__in=Schedule.objects.filter(schedules_targeting_q(own)).values("pk"))


@dataclass
class Completeness:
    period: Period
    targeted: int = 0
    on_time: int = 0
    late: int = 0
    missing: list = field(default_factory=list)

    @property
    def submitted(self):
        return self.on_time + self.late


def period_completeness(period: Period, user) -> Completeness:
    """Submitted on time, late, and who is missing, among the targeted enterprises ``user`` sees.

    A draft counts as missing: nothing has reached the board yet. Three queries whatever the size.
    """
    targets = targeted_enterprises(period.schedule, user)
    submitted = Submission.objects.filter(period=period, status=SubmissionStatus.SUBMITTED,
                                          enterprise__in=targets)
    result = Completeness(period=period, targeted=targets.count())
    counts = submitted.aggregate(on_time=Count("pk", filter=Q(submitted_at__lte=period.due_at)),
                                 late=Count("pk", filter=Q(submitted_at__gt=period.due_at)))
    result.on_time, result.late = counts["on_time"], counts["late"]
    result.missing = list(
        targets.exclude(pk__in=submitted.values("enterprise_id")).select_related("zone").order_by("zone__code", "name",
                                                                                                  "pk"))
    return result
