"""Who sees which cases and contacts: they name people and their health.

Visible to the enterprise itself, the department monitoring its zone, the board's consolidating
department (Department.consolidates, the QLDN of plan 16) and the board's leaders, who are all
notified of every F0. Administrators (personal data is not theirs: a superuser bypasses scope),
observers, programme managers and everyone else see nothing here (counts
only, elsewhere). Writes (record, confirm, update a status) belong to the enterprise and the
monitoring department only: the consolidating department and the leaders follow, they do not
trace another department's zone.
"""

from django.db.models import Q

from kcn.accounts.choices import Role
from kcn.registry.scope import NOTHING, reach_of

DEPARTMENT_ROLES = (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER)


def consolidating_boards(user) -> frozenset:
    """The boards whose consolidating department the user works in (read once per user object)."""
    cached = getattr(user, "_kcn_consolidating_boards", None)
    if cached is not None:
        return cached
    from kcn.registry.models import Department

    reach = reach_of(user)
    boards = frozenset()
    if user.role in DEPARTMENT_ROLES and reach.departments:
        boards = frozenset(Department.objects.filter(pk__in=reach.departments, consolidates=True)
                           .values_list("board_id", flat=True))
    user._kcn_consolidating_boards = boards
    return boards


def tracing_q(user, action, path="enterprise"):
    """Rows (a case, a contact, a status change) whose enterprise is reached through ``path``."""
    reach = reach_of(user)
    if reach.everything:
        # Administrators and programme managers reach every row elsewhere, but cases are personal
        # health data: like the worker list, only a superuser sees them all.
        return None if user.is_superuser else NOTHING
    if user.role == Role.ENTERPRISE:
        return Q(**{f"{path}__in": reach.enterprises})
    if user.role in DEPARTMENT_ROLES:
        monitored = Q(**{f"{path}__zone__in": reach.zones})
        boards = consolidating_boards(user)
        if action in ("view", "export") and boards:
            return monitored | Q(**{f"{path}__zone__board__in": boards})
        return monitored
    if user.role == Role.BOARD_LEADER and action in ("view", "export"):
        return Q(**{f"{path}__zone__board__in": reach.boards})
    return NOTHING


def may_decide(user) -> bool:
    """Confirming or rejecting a proposed contact is an officer's call (the monitoring department)."""
    return user.is_superuser or user.role in DEPARTMENT_ROLES


def recordable_enterprises_q(user):
    """Enterprises whose workers the user may record as cases (a Q on Enterprise; None: all)."""
    reach = reach_of(user)
    if user.is_superuser:
        return None
    if user.role == Role.ENTERPRISE:
        return Q(pk__in=reach.enterprises)
    if user.role in DEPARTMENT_ROLES:
        return Q(zone__in=reach.zones)
    return NOTHING
