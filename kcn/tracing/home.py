"""Tracing's menu entries (imported by TracingConfig.ready)."""

from django.utils.translation import pgettext_lazy

from kcn.core.navigation import NavEntry, register

MENU = pgettext_lazy("menu", "Phòng, chống dịch")

register(
    NavEntry(pgettext_lazy("menu", "Ca bệnh và truy vết"), "tracing:case_list", "tracing.case", 37, group=MENU),
)
