"""The approval chain of a period, read side: which departments must approve, the current state
of each level, and who may approve or return (mở lại) which level. The writes are
``services.approval_approve`` and ``services.approval_return``.

The chain (issue 3, plan 16/KH-BQLKCN):

1. each department that monitored, on the period's first day, a zone of the schedule's target
   enterprises approves its zones' consolidated report: its head (Trưởng phòng, or the Chánh Văn
   phòng for the Office);
2. once every one of them approved, the head of the consolidating department
   (``Department.consolidates``: Phòng Quản lý doanh nghiệp) approves the board total;
3. a board leader (Trưởng ban or a Phó Trưởng ban of the board) signs off, which locks the period.

A department's approval locks its zones' reports for the period (the same zone → department
mapping as the consolidation: ``consolidation.departments_on(period.start)``). Returning a level
(mở lại) voids the levels above it, so a correction after approval goes back through approval.
Whoever may act at a level may also return the levels below it; once the leader signed off, only
a board leader may return anything (it unlocks the period).
"""

from dataclasses import dataclass, field

from django.db import connection

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.choices import Position
from kcn.registry.models import Department, Staff

from .consolidation import departments_on
from .models import Approval, ApprovalLevel, ApprovalStatus, Period

DEPARTMENT_HEAD_POSITIONS = (Position.DEPARTMENT_HEAD, Position.CHIEF_OF_OFFICE)
LEADER_POSITIONS = (Position.HEAD, Position.DEPUTY_HEAD)
#: Levels from the bottom up.
ORDER = (ApprovalLevel.DEPARTMENT, ApprovalLevel.BOARD, ApprovalLevel.LEADER)


def required_departments(period: Period) -> list[Department]:
    """The departments that must approve: those monitoring, on the period's first day, a zone
    of the schedule's target enterprises. Ordered by name."""
    zone_ids = set(period.schedule.target_enterprises().values_list("zone_id", flat=True).distinct())
    department_ids = set(departments_on(period.start, zone_ids).values())
    return list(Department.objects.filter(pk__in=department_ids).order_by("name"))


def consolidating_department(board_id) -> Department | None:
    return Department.objects.filter(board_id=board_id, consolidates=True).order_by("pk").first()


def latest(period: Period) -> dict[tuple, Approval]:
    """{(level, department id or None): the latest approval row} of a period."""
    result = {}
    for approval in (Approval.objects.filter(period=period).select_related("by", "department")
                     .order_by("at", "pk")):
        result[(approval.level, approval.department_id)] = approval
    return result


def approved(rows: dict, level, department_id=None) -> Approval | None:
    """The current approval of a key, or None if never approved or returned since."""
    row = rows.get((level, department_id))
    return row if row is not None and row.status == ApprovalStatus.APPROVED else None


def department_approved(period: Period, department_id) -> Approval | None:
    """The current approval of a department for a period, or None.

    Every submission asks this, and the answer is nearly always "not approved": that answer
    is one plain statement; the approval itself is read only when there is one to show.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, status FROM {quote(Approval._meta.db_table)} WHERE period_id = %s "
                       "AND level = %s AND department_id = %s ORDER BY at DESC, id DESC LIMIT 1",
                       [period.pk, ApprovalLevel.DEPARTMENT.value, department_id])
        row = cursor.fetchone()
    if row is None or row[1] != ApprovalStatus.APPROVED:
        return None
    return Approval.objects.select_related("by", "department").get(pk=row[0])


# --- Who may act ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """What a user is in a board's approval chain."""

    department_id: int | None = None  # the department whose head the user is
    consolidates: bool = False  # head of the consolidating department
    leader: bool = False  # Trưởng ban or Phó Trưởng ban

    def may_act(self, level, department_id=None) -> bool:
        """May approve this level (and return it)."""
        if level == ApprovalLevel.DEPARTMENT:
            return department_id is not None and self.department_id == department_id
        if level == ApprovalLevel.BOARD:
            return self.consolidates
        return self.leader

    def may_return(self, level, department_id=None) -> bool:
        """May return this level: its own approver, or the approver of a level above."""
        if self.may_act(level, department_id):
            return True
        above = ORDER[ORDER.index(level) + 1:]
        return any(self.may_act(upper) for upper in above)


NOBODY = Actor()


def actor_for(user, board_id) -> Actor:
    """The user's place in the approval chain of ``board_id`` (nobody for other roles and boards)."""
    if not user.is_authenticated or not role_allows(user, Approval, Action.ADD):
        return NOBODY
    staff = Staff.objects.filter(user=user, board_id=board_id).select_related("department").first()
    if staff is None:
        return NOBODY
    if user.role == Role.BOARD_LEADER and staff.department_id is None and staff.position in LEADER_POSITIONS:
        return Actor(leader=True)
    if user.role == Role.DEPARTMENT_HEAD and staff.department_id and staff.position in DEPARTMENT_HEAD_POSITIONS:
        return Actor(department_id=staff.department_id, consolidates=staff.department.consolidates)
    return NOBODY


# --- The chain as a page shows it ---------------------------------------------------------------


@dataclass
class Step:
    level: str
    department: Department | None
    current: Approval | None  # the latest row (approved or returned), None if never decided
    can_approve: bool = False
    can_return: bool = False

    @property
    def is_approved(self):
        return self.current is not None and self.current.is_approved

    @property
    def department_id(self):
        return self.department.pk if self.department else None


@dataclass
class Chain:
    departments: list[Step] = field(default_factory=list)
    board: Step | None = None
    leader: Step | None = None
    consolidating: Department | None = None

    @property
    def steps(self):
        return [*self.departments, self.board, self.leader]

    @property
    def all_departments_approved(self):
        return all(step.is_approved for step in self.departments)

    def step(self, level, department_id=None) -> Step | None:
        for step in self.steps:
            if step.level == level and step.department_id == department_id:
                return step
        return None


def chain_of(period: Period, user=None) -> Chain:
    """The period's chain with, for ``user``, the buttons they may press (a handful of queries)."""
    rows = latest(period)
    board_id = period.schedule.board_id
    chain = Chain(consolidating=consolidating_department(board_id))
    chain.departments = [Step(ApprovalLevel.DEPARTMENT, department,
                              rows.get((ApprovalLevel.DEPARTMENT, department.pk)))
                         for department in required_departments(period)]
    chain.board = Step(ApprovalLevel.BOARD, None, rows.get((ApprovalLevel.BOARD, None)))
    chain.leader = Step(ApprovalLevel.LEADER, None, rows.get((ApprovalLevel.LEADER, None)))
    actor = actor_for(user, board_id) if user is not None else NOBODY
    signed = chain.leader.is_approved
    for step in chain.steps:
        if step.is_approved:
            step.can_return = actor.may_return(step.level, step.department_id) and (not signed or actor.leader)
        else:
            step.can_approve = actor.may_act(step.level, step.department_id) and _ready(chain, step)
    return chain


def _ready(chain: Chain, step: Step) -> bool:
    """The levels below ``step`` are all approved (a department level is always ready)."""
    if step.level == ApprovalLevel.DEPARTMENT:
        return not chain.leader.is_approved
    if step.level == ApprovalLevel.BOARD:
        return chain.all_departments_approved and bool(chain.departments)
    return chain.board.is_approved
