"""The app's menu entries and home-page panels (imported by PreventionConfig.ready)."""

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

from .choices import LEVEL_HEX, Level
from .selectors import current_checklist, current_level_of, overdue_items

MENU = pgettext_lazy("menu", "Phòng, chống dịch")
PANEL_ROWS = 10

register(
    NavEntry(pgettext_lazy("menu", "Cấp độ dịch"), "prevention:level_list", "prevention.enterpriselevel", 40,
             group=MENU),
    NavEntry(pgettext_lazy("menu", "Phương án theo cấp độ"), "prevention:plan_list", "prevention.scenarioplan", 41,
             group=MENU),
)


def overdue_panel(request):
    """Department staff: overdue checklist items of the enterprises of their zones."""
    user = request.user
    if user.role not in (Role.DEPARTMENT_HEAD, Role.DEPARTMENT_OFFICER):
        return None
    items = overdue_items(user).order_by("due_at")
    return {"template": "prevention/panels/overdue.html", "width": "col-xl-6",
            "items": items[:PANEL_ROWS], "total": items.count()}


def enterprise_level_panel(request):
    """An enterprise: its level and the checklist in force, overdue items first."""
    user = request.user
    if user.role != Role.ENTERPRISE:
        return None
    from kcn.registry.models import Enterprise

    rows = []
    for enterprise in Enterprise.objects.restrict(user).order_by("name")[:5]:
        current = current_level_of(enterprise)
        checklist = current_checklist(enterprise)
        items = list(checklist.items.filter(done_at__isnull=True).order_by("due_at")) if checklist else []
        rows.append({"enterprise": enterprise, "current": current,
                     "label": Level(current.level).label if current else None,
                     "hex": LEVEL_HEX.get(current.level if current else None, "#6c757d"),
                     "checklist": checklist, "open_items": items,
                     "overdue": sum(1 for item in items if item.is_overdue)})
    return {"template": "prevention/panels/enterprise.html", "width": "col-xl-6", "rows": rows,
            "now": timezone.now()}


register_panel(enterprise_level_panel, order=12)
register_panel(overdue_panel, order=40)
