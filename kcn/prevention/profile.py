"""The outbreak level on a zone's and an enterprise's page (kcn.core.profile)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.profile import Fact, register_fact

from . import selectors
from .choices import LEVEL_HEX, Level
from .models import EnterpriseLevel, ZoneLevel


def _fact(row, url):
    if row is None:
        return Fact(_("Cấp độ dịch"), _("Chưa xác định"), url)
    label = _("%(level)s (từ %(day)s)") % {"level": Level(row.level).label,
                                           "day": row.effective_date.strftime("%d/%m/%Y")}
    return Fact(_("Cấp độ dịch"), label, url, color=LEVEL_HEX[row.level], light=row.level == Level(2))


def enterprise_level(request, enterprise):
    user = request.user
    if not role_allows(user, EnterpriseLevel, Action.VIEW) or not type(enterprise).objects.filter(
            selectors.visible_enterprises_q(user), pk=enterprise.pk).exists():
        return None
    return _fact(selectors.current_level_of(enterprise), reverse("prevention:enterprise_level", args=[enterprise.pk]))


def zone_level(request, zone):
    user = request.user
    if not role_allows(user, ZoneLevel, Action.VIEW) or not type(zone).objects.filter(
            selectors.visible_zones_q(user), pk=zone.pk).exists():
        return None
    return _fact(selectors.current_zone_level_of(zone), reverse("prevention:zone_levels"))


register_fact("registry.enterprise", enterprise_level, order=10)
register_fact("registry.zone", zone_level, order=10)
