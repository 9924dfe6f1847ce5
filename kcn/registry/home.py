"""The registry's panels on each role's home page and its entries in the menu."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.home import register_panel
from kcn.core.navigation import NavEntry, register

from .models import Enterprise, Staff
from .selectors import enterprise_totals, zone_map_data, zone_overview

ORGANISATION = pgettext_lazy("menu", "Tổ chức")

register(
    NavEntry(pgettext_lazy("menu", "Khu công nghiệp"), "registry:zone_list", "registry.zone", 10),
    NavEntry(pgettext_lazy("menu", "Doanh nghiệp"), "registry:enterprise_list", "registry.enterprise", 20),
    NavEntry(pgettext_lazy("menu", "Phòng, đơn vị"), "registry:department_list", "registry.department", 30,
             ORGANISATION),
    NavEntry(pgettext_lazy("menu", "Cán bộ"), "registry:staff_list", "registry.staff", 40, ORGANISATION),
    NavEntry(pgettext_lazy("menu", "Phân công theo dõi"), "registry:assignment_list", "registry.zoneassignment", 50,
             ORGANISATION),
    NavEntry(pgettext_lazy("menu", "Phụ trách"), "registry:oversight_list", "registry.oversight", 60, ORGANISATION),
    NavEntry(pgettext_lazy("menu", "Tài khoản doanh nghiệp"), "registry:enterpriseuser_list",
             "registry.enterpriseuser", 70, ORGANISATION),
    NavEntry(pgettext_lazy("menu", "Quan sát viên"), "registry:observer_list", "registry.observer", 80, ORGANISATION),
    NavEntry(pgettext_lazy("menu", "Người dùng"), "accounts:user_list", "accounts.user", 90, ORGANISATION),
)

_HEADINGS = {
    Role.ADMIN: _("Toàn hệ thống"),
    Role.BOARD_LEADER: _("Tình hình chung các khu công nghiệp của Ban"),
    Role.DEPARTMENT_HEAD: _("Các khu công nghiệp phòng được giao theo dõi"),
    Role.DEPARTMENT_OFFICER: _("Các khu công nghiệp phòng được giao theo dõi"),
    Role.OBSERVER: _("Các khu công nghiệp của tỉnh"),
    Role.PROGRAMME_MANAGER: _("Các khu công nghiệp trên cả nước"),
}


def zones_panel(request):
    user = request.user
    if not user.is_superuser and user.role not in _HEADINGS:
        return None
    zones = zone_overview(user)
    staff = Staff.objects.filter(user=user).select_related("department", "board").first()
    return {
        "template": "registry/panels/zones.html",
        "width": "col-xl-12",
        "heading": _HEADINGS.get(user.role, _HEADINGS[Role.ADMIN]),
        "zones": zones,
        "totals": enterprise_totals(user),
        "staff": staff,
        "map_data": zone_map_data(zones),
        "tile_url": settings.KCN_MAP_TILE_URL,
    }


def enterprise_panel(request):
    if request.user.role != Role.ENTERPRISE:
        return None
    enterprises = Enterprise.objects.restrict(request.user).select_related("zone")
    return {"template": "registry/panels/enterprise.html", "width": "col-xl-12", "enterprises": enterprises}


register_panel(zones_panel, order=10)
register_panel(enterprise_panel, order=10)
