"""Menu entry of the trends page (imported by ReportingConfig.ready)."""

from django.utils.translation import pgettext_lazy

from kcn.core.navigation import NavEntry, register

# Board staff who may export periods; enterprises may view periods but not export them, so they
# do not get the entry (the page answers them 404).
register(NavEntry(pgettext_lazy("menu", "Xu hướng"), "reporting:trends", "reporting.period", 26, action="export"))
