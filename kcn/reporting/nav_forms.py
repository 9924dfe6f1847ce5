"""Menu entries and home-page panels of these reporting pages (imported by ReportingConfig.ready)."""

from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

# Filling reports is for those who may add them; leaders and observers follow them from the overview.
register(NavEntry(pgettext_lazy("menu", "Báo cáo"), "reporting:my_reports", "reporting.submission", 100,
                  action="add"))

PANEL_ROWS = 10


def reports_due_panel(request):
    """An enterprise's representative: the reports of today's periods, with their status."""
    user = request.user
    if user.role != Role.ENTERPRISE or user.is_superuser:
        return None
    from .views_forms import report_rows, reporting_enterprises

    enterprises = reporting_enterprises(user)
    rows = report_rows(user, enterprises, only_today=True)
    return {
        "template": "reporting/forms/home_panel.html",
        "width": "col-xl-12",
        "rows": rows[:PANEL_ROWS],
        "several": len({row.enterprise.pk for row in rows}) > 1,
    }


register_panel(reports_due_panel, order=5)
