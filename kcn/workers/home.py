"""The worker registry's entry in the menu."""

from django.utils.translation import pgettext_lazy

from kcn.core.navigation import NavEntry, register

HEALTH = pgettext_lazy("menu", "Phòng, chống dịch")

register(
    NavEntry(pgettext_lazy("menu", "Người lao động"), "workers:worker_list", "workers.worker", 31, HEALTH),
)
