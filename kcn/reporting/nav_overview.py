"""Menu entries and home-page panels of these reporting pages (imported by ReportingConfig.ready)."""

from django.utils.translation import pgettext_lazy

from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register


def today_panel(request):
    """Board staff: today's daily reports in their scope (on time, late, missing)."""
    from .views_overview import _is_staff, today_completeness

    user = request.user
    if not user.is_authenticated or not _is_staff(user):
        return None
    return {"template": "reporting/overview/panel_today.html", "width": "col-xl-12",
            "rows": today_completeness(user)}


register(NavEntry(pgettext_lazy("menu", "Tình hình báo cáo"), "reporting:period_list", "reporting.period", 25))
register_panel(today_panel, order=20)
