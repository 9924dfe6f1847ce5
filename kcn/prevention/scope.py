"""Who sees which levels, plans, assessments and checklists.

Levels are what a province follows: every member of the board (leaders, departments, observers)
sees every level of the board's enterprises and zones; an enterprise sees its own and its zone's.
Setting a level is for the department monitoring the zone and the board's leaders.
Plans, assessments and checklists belong to the enterprise: registry's ``enterprise_child_q``.
"""

from django.db.models import Q

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.registry.scope import NOTHING, enterprise_child_q, reach_of

DEPARTMENT_ROLES = (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER)


def level_q(user, action, path):
    """Levels of enterprises (``path`` = "enterprise") or zones (``path`` = "zone")."""
    zone_path = "zone" if path == "zone" else f"{path}__zone"
    reach = reach_of(user)
    if reach.everything:
        return None
    if action == Action.VIEW or action == Action.EXPORT:
        if user.role == Role.ENTERPRISE:
            if path == "zone":
                return Q(zone__in=reach.zones)
            return Q(**{f"{path}__in": reach.enterprises})
        return Q(**{f"{zone_path}__board__in": reach.boards})
    return level_setter_q(user, zone_path)


def level_setter_q(user, zone_path):
    """Where the user may set levels: the zones the department monitors, the leaders' board.
    ``zone_path`` leads from the filtered model to the zone ("zone", "pk", "enterprise__zone")."""
    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role in DEPARTMENT_ROLES:
        return Q(**{f"{zone_path}__in": reach.zones})
    if user.role == Role.BOARD_LEADER:
        board_path = "board" if zone_path == "pk" else f"{zone_path}__board"
        return Q(**{f"{board_path}__in": reach.boards})
    return NOTHING


def enterprise_record_q(user, action, path="enterprise"):
    """Plans, assessments and checklists: the enterprise, its monitoring department, the leaders."""
    if user.role == Role.OBSERVER:
        return NOTHING
    return enterprise_child_q(user, action, path)
