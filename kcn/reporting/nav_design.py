"""Menu entries of the design pages (imported by ReportingConfig.ready): only for roles that may create."""

from django.utils.translation import pgettext_lazy

from kcn.core.navigation import NavEntry, register

register(
    NavEntry(pgettext_lazy("menu", "Thiết kế mẫu báo cáo"), "reporting:template_list", "reporting.reporttemplate",
             130, group=pgettext_lazy("menu", "Quản trị báo cáo"), action="add"),
    NavEntry(pgettext_lazy("menu", "Lịch báo cáo"), "reporting:schedule_list", "reporting.schedule", 131,
             group=pgettext_lazy("menu", "Quản trị báo cáo"), action="add"),
)
