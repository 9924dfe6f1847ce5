"""Communications' menu entry for the board's announcements (imported from permissions.py, which
CommunicationsConfig.ready() loads)."""

from django.utils.translation import pgettext_lazy

from kcn.core.navigation import NavEntry, register

register(
    NavEntry(pgettext_lazy("menu", "Thông báo của Ban"), "communications:announcement_list",
             "communications.announcement", 44, group=pgettext_lazy("menu", "Phòng, chống dịch")),
)
