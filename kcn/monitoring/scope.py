"""Who sees which monitoring rows. Registry's scope decides reach; this module only says which
part of it each kind of row follows.

* Outbreak areas, rules and commitment texts are public within a board: its leaders, departments,
  observers and enterprises read them. Only the leaders and the department that consolidates
  the board's epidemic work (plan 16/KH-BQLKCN: phòng Quản lý doanh nghiệp, the focal point with
  the provincial health authorities) write them, so one desk keeps the list the others rely on.
* Travel and health declarations are personal data (registry.scope.personal_data_q).
* Commitment acknowledgements follow their enterprise (registry.scope.enterprise_child_q).
* Hotline calls are the board's working record: its leaders and departments only. An enterprise
  does not see the calls about itself, because a caller is often a worker reporting their own
  employer and must not be exposed to it.
"""

from django.db.models import Q

from kcn.accounts.choices import Role
from kcn.registry.scope import NOTHING, reach_of


def _is_department(user):
    return user.role in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER)


def consolidating_boards(user):
    """Boards whose consolidating department the user works in (cached on the user)."""
    cached = getattr(user, "_kcn_consolidating_boards", None)
    if cached is not None:
        return cached
    from kcn.registry.models import Department

    reach = reach_of(user)
    boards = frozenset()
    if _is_department(user) and reach.departments:
        boards = frozenset(Department.objects.filter(pk__in=reach.departments, consolidates=True)
                           .values_list("board_id", flat=True))
    user._kcn_consolidating_boards = boards
    return boards


def board_writers_boards(user):
    """Boards where the user may declare areas, rules and commitment texts."""
    reach = reach_of(user)
    if user.role == Role.BOARD_LEADER:
        return reach.boards
    if _is_department(user):
        return consolidating_boards(user)
    return frozenset()


def board_public_q(user, action, path="board"):
    reach = reach_of(user)
    if reach.everything:
        return None
    if action == "view" or action == "export":
        return Q(**{f"{path}__in": reach.boards})
    return Q(**{f"{path}__in": board_writers_boards(user)})


def hotline_q(user, action):
    reach = reach_of(user)
    if reach.everything:
        return None
    if user.role == Role.BOARD_LEADER or _is_department(user):
        return Q(board__in=reach.boards)
    return NOTHING
