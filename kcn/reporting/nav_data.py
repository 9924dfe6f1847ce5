"""Menu entry of the raw data export (imported by ReportingConfig.ready)."""

from django.utils.translation import pgettext_lazy

from kcn.core.navigation import NavEntry, register

# Shown to the roles that may export reports: leaders, department staff, observers, administrators.
register(NavEntry(pgettext_lazy("menu", "Xuất số liệu báo cáo"), "reporting:data_export", "reporting.submission", 26,
                  action="export"))
