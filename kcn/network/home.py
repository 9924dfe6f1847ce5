"""Network menu entries and home panels (imported by NetworkConfig.ready)."""

from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

NETWORK = pgettext_lazy("menu", "Mạng lưới SXSH")

register(
    NavEntry(pgettext_lazy("menu", "Danh bạ chuyên gia"), "network:consultant_list", "network.consultant", 60,
             group=NETWORK),
    NavEntry(pgettext_lazy("menu", "Hội thảo"), "network:workshop_list", "network.workshop", 61, group=NETWORK),
    NavEntry(pgettext_lazy("menu", "Thư viện tài liệu"), "network:document_list", "network.document", 62,
             group=NETWORK),
    NavEntry(pgettext_lazy("menu", "Hoạt động sau đào tạo"), "network:activity_list", "network.cpactivity", 63,
             group=NETWORK),
    NavEntry(pgettext_lazy("menu", "Theo dõi sau đào tạo"), "network:follow_up", "network.evaluation", 64,
             group=NETWORK, action="add"),
    NavEntry(pgettext_lazy("menu", "Chỉ số mạng lưới"), "network:indicators", "network.consultant", 65,
             group=NETWORK, action="indicators"),
)


def follow_up_panel(request):
    """Managers and trainers: how many graduates are overdue with an update or an evaluation."""
    from .selectors import follow_up_overdue, role_allows_follow_up

    user = request.user
    if not user.is_authenticated or user.role == Role.TRAINEE or not role_allows_follow_up(user):
        return None
    rows, _quarter, _half = follow_up_overdue(user=user)
    if not rows:
        return None
    return {"template": "network/panels/follow_up.html", "width": "col-xl-6", "total": len(rows)}


def quarter_update_panel(request):
    """A graduate: "cập nhật quý này", their activities still without this quarter's update."""
    from .selectors import quarter_of, trainee_current_quarter_todo

    user = request.user
    if not user.is_authenticated or user.role != Role.TRAINEE:
        return None
    activities = list(trainee_current_quarter_todo(user=user)[:8])
    if not activities:
        return None
    from django.utils import timezone

    year, quarter = quarter_of(timezone.localdate())
    return {"template": "network/panels/quarter_update.html", "width": "col-xl-6", "activities": activities,
            "year": year, "quarter": quarter}


def indicators_panel(request):
    """Board leaders and observers: the link to the network's indicators on their home page."""
    from .selectors import may_view_indicators

    user = request.user
    if not user.is_authenticated or user.role not in (Role.BOARD_LEADER, Role.OBSERVER):
        return None
    if not may_view_indicators(user):
        return None
    return {"template": "network/panels/indicators.html", "width": "col-xl-6"}


register_panel(follow_up_panel, order=60)
register_panel(quarter_update_panel, order=60)
register_panel(indicators_panel, order=61)
