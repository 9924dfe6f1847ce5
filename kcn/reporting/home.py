"""Reporting's menu entries and home-page panels (imported by ReportingConfig.ready).

Every reporting page sits in one "Báo cáo" menu; each entry shows only to the roles that may do
what it leads to (an enterprise sees only its own reports, so its menu is a plain "Báo cáo" link).
"""

from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

MENU = pgettext_lazy("menu", "Báo cáo")
PANEL_ROWS = 10

register(
    # Filling reports: enterprises, and department staff on their behalf.
    NavEntry(pgettext_lazy("menu", "Nhập báo cáo"), "reporting:my_reports", "reporting.submission", 21,
             group=MENU, action=Action.ADD),
    # Following them: board staff, leaders, observers (enterprises may view periods but have no
    # overview page: they do not get these entries).
    NavEntry(pgettext_lazy("menu", "Tình hình báo cáo"), "reporting:period_list", "reporting.period", 22,
             group=MENU, action=Action.EXPORT),
    NavEntry(pgettext_lazy("menu", "Xu hướng"), "reporting:trends", "reporting.period", 23,
             group=MENU, action=Action.EXPORT),
    NavEntry(pgettext_lazy("menu", "Xuất số liệu báo cáo"), "reporting:data_export", "reporting.submission", 24,
             group=MENU, action=Action.EXPORT),
    # Designing them: administrators.
    NavEntry(pgettext_lazy("menu", "Thiết kế mẫu báo cáo"), "reporting:template_list", "reporting.reporttemplate",
             25, group=MENU, action=Action.ADD),
    NavEntry(pgettext_lazy("menu", "Lịch báo cáo"), "reporting:schedule_list", "reporting.schedule", 26,
             group=MENU, action=Action.ADD),
)


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


def today_panel(request):
    """Board staff: today's daily reports in their scope (on time, late, missing)."""
    from .views_overview import _is_staff, today_completeness

    user = request.user
    if not user.is_authenticated or not _is_staff(user):
        return None
    return {"template": "reporting/overview/panel_today.html", "width": "col-xl-12",
            "rows": today_completeness(user)}


register_panel(reports_due_panel, order=5)
register_panel(today_panel, order=20)
