"""Who sees which zones and enterprises: the one place where registry scope is decided.

Every page, viewset, export, search and notification reaches rows through
``Model.objects.restrict(user, action)``, which asks the model's ``scope_q``, which lands here.
Whether a role may attempt an action at all is the table in permissions.py; this module only
narrows the rows.

A user's reach (boards, monitored zones, enterprises) is read once per user object and kept on
it, so a page asks the database for it once however many querysets it restricts.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from kcn.accounts.choices import Role

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Reach:
    everything: bool = False
    boards: frozenset = field(default_factory=frozenset)
    departments: frozenset = field(default_factory=frozenset)
    zones: frozenset = field(default_factory=frozenset)
    enterprises: frozenset = field(default_factory=frozenset)


def reach_of(user) -> Reach:
    cached = getattr(user, "_kcn_reach", None)
    if cached is not None:
        return cached
    reach = _compute_reach(user)
    user._kcn_reach = reach
    return reach


def forget_reach(user):
    """Drop the cached reach, after the user's assignments changed."""
    if hasattr(user, "_kcn_reach"):
        del user._kcn_reach


def _compute_reach(user) -> Reach:
    from .models import Enterprise, EnterpriseUser, Observer, Staff, Zone, ZoneAssignment

    if user.is_superuser or user.role in (Role.ADMIN, Role.PROGRAMME_MANAGER):
        return Reach(everything=True)
    if user.role == Role.BOARD_LEADER:
        boards = Staff.objects.filter(user=user).values_list("board_id", flat=True)
        return Reach(boards=frozenset(boards))
    if user.role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER):
        staff = Staff.objects.filter(user=user, department__isnull=False).values("board_id", "department_id").first()
        if not staff:
            return Reach()
        zones = (
            ZoneAssignment.objects.current(timezone.localdate())
            .filter(department_id=staff["department_id"])
            .values_list("zone_id", flat=True)
        )
        return Reach(
            boards=frozenset([staff["board_id"]]),
            departments=frozenset([staff["department_id"]]),
            zones=frozenset(zones),
        )
    if user.role == Role.OBSERVER:
        return Reach(boards=frozenset(Observer.objects.filter(user=user).values_list("board_id", flat=True)))
    if user.role == Role.ENTERPRISE:
        # Plain SQL: every request of an enterprise's API client asks this (the ORM took three
        # times as long to build the join as the database to answer it).
        quote = connection.ops.quote_name
        links_table, enterprises, zones = (quote(model._meta.db_table) for model in (EnterpriseUser, Enterprise, Zone))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT l.enterprise_id, e.zone_id, z.board_id FROM {links_table} l "
                           f"JOIN {enterprises} e ON e.id = l.enterprise_id "
                           f"JOIN {zones} z ON z.id = e.zone_id WHERE l.user_id = %s", [user.pk])
            links = cursor.fetchall()
        return Reach(
            enterprises=frozenset(link[0] for link in links),
            zones=frozenset(link[1] for link in links),
            boards=frozenset(link[2] for link in links),
        )
    return Reach()


def _is_department(user):
    return user.role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER)


def board_q(user, action):
    reach = reach_of(user)
    return None if reach.everything else Q(pk__in=reach.boards)


def board_child_q(user, action, path):
    """Rows that belong to one of the user's boards through ``path`` (e.g. "board")."""
    reach = reach_of(user)
    return None if reach.everything else Q(**{f"{path}__in": reach.boards})


def department_q(user, action):
    reach = reach_of(user)
    if reach.everything:
        return None
    if _is_department(user) and action != "view":
        return Q(pk__in=reach.departments)
    return Q(board__in=reach.boards)


def staff_q(user, action):
    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role == Role.ENTERPRISE:
        return NOTHING
    return Q(board__in=reach.boards)


def oversight_q(user, action):
    return board_child_q(user, action, "department__board")


def assignment_q(user, action):
    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role == Role.ENTERPRISE:
        return Q(zone__in=reach.zones)
    return Q(department__board__in=reach.boards)


def zone_q(user, action):
    reach = reach_of(user)
    if reach.everything:
        return None
    if _is_department(user) or user.role == Role.ENTERPRISE:
        return Q(pk__in=reach.zones)
    return Q(board__in=reach.boards)


def enterprise_q(user, action):
    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role == Role.ENTERPRISE:
        return Q(pk__in=reach.enterprises)
    if _is_department(user):
        return Q(zone__in=reach.zones)
    return Q(zone__board__in=reach.boards)


def enterprise_reached(user, action, enterprise) -> bool:
    """Whether ``enterprise`` (loaded with its zone) is one of the rows ``enterprise_q`` lets
    through: the same decision on a row already in memory, for a path that has read it by
    hand-written SQL (the submission path). test_scope checks the two agree for every role."""
    reach = reach_of(user)
    if user.is_superuser or reach.everything:
        return True
    if user.role == Role.ENTERPRISE:
        return enterprise.pk in reach.enterprises
    if _is_department(user):
        return enterprise.zone_id in reach.zones
    return enterprise.zone.board_id in reach.boards


def board_reached(user, board_id) -> bool:
    """Whether a row of board ``board_id`` is let through by ``board_child_q`` (in memory)."""
    reach = reach_of(user)
    return user.is_superuser or reach.everything or board_id in reach.boards


def enterprise_user_q(user, action):
    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role == Role.ENTERPRISE:
        return Q(user=user)
    if _is_department(user):
        return Q(enterprise__zone__in=reach.zones)
    return Q(enterprise__zone__board__in=reach.boards)


def enterprise_child_q(user, action, path="enterprise"):
    """Rows that belong to an enterprise in the user's scope through ``path`` (a worker, a case,
    a plan): the enterprise itself, the department monitoring its zone, the board's leaders and
    observers. Administrators and programme managers see every row."""
    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role == Role.ENTERPRISE:
        return Q(**{f"{path}__in": reach.enterprises})
    if _is_department(user):
        return Q(**{f"{path}__zone__in": reach.zones})
    return Q(**{f"{path}__zone__board__in": reach.boards})


def personal_data_q(user, action, path="enterprise"):
    """Personal data of an enterprise's workers (identity number, residence, health): only the
    enterprise itself and the department monitoring its zone. Nobody else, whatever their rank:
    board leaders and observers see counts, never the people (a superuser bypasses scope)."""
    reach = reach_of(user)
    if user.role == Role.ENTERPRISE:
        return Q(**{f"{path}__in": reach.enterprises})
    if _is_department(user):
        return Q(**{f"{path}__zone__in": reach.zones})
    return NOTHING


def sees_personal_data(user, enterprise) -> bool:
    """Whether ``user`` may see the personal data of ``enterprise``'s workers (personal_data_q
    for one enterprise already in hand, without a query)."""
    if user.is_superuser:
        return True
    reach = reach_of(user)
    if user.role == Role.ENTERPRISE:
        return enterprise.pk in reach.enterprises
    return _is_department(user) and enterprise.zone_id in reach.zones
