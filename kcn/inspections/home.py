"""Inspections' menu entries and home-page panels (imported by InspectionsConfig.ready)."""

from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

from .selectors import open_actions, overdue_actions

HEALTH = pgettext_lazy("menu", "Phòng, chống dịch")
PANEL_ROWS = 8

register(
    NavEntry(pgettext_lazy("menu", "Kiểm tra phòng dịch"), "inspections:inspection_list", "inspections.inspection",
             42, group=HEALTH),
    NavEntry(pgettext_lazy("menu", "Khắc phục sau kiểm tra"), "inspections:action_list",
             "inspections.correctiveaction", 43, group=HEALTH),
)

_STAFF = (Role.BOARD_LEADER, Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER)


def overdue_actions_panel(request):
    """Department staff and leaders: corrective actions past their due date in their zones."""
    user = request.user
    if not user.is_authenticated or user.role not in _STAFF:
        return None
    actions = overdue_actions(user=user).order_by("due_date", "pk")
    total = actions.count()
    if not total:
        return None
    return {"template": "inspections/panels/overdue.html", "width": "col-xl-6",
            "actions": list(actions[:PANEL_ROWS]), "total": total}


def enterprise_actions_panel(request):
    """An enterprise: its corrective actions still open or awaiting verification."""
    user = request.user
    if not user.is_authenticated or user.role != Role.ENTERPRISE:
        return None
    actions = open_actions(user=user)
    total = actions.count()
    if not total:
        return None
    return {"template": "inspections/panels/enterprise_actions.html", "width": "col-xl-6",
            "actions": list(actions[:PANEL_ROWS]), "total": total}


register_panel(overdue_actions_panel, order=42)
register_panel(enterprise_actions_panel, order=42)
