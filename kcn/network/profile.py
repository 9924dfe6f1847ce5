"""Trained people on a zone's page (kcn.core.profile): the CP consultants of the zone's province.

The product map keeps one profile per zone across modules; for training that is "who near this
zone could guide its enterprises in cleaner production". Consultants are counted by the province
where they work now, and the link opens the directory filtered to that province.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.profile import Fact, register_fact

from .models import Consultant


def zone_consultants(request, zone):
    user = request.user
    if not zone.province_id or not role_allows(user, Consultant, Action.VIEW):
        return None
    count = Consultant.objects.restrict(user).filter(province_id=zone.province_id).count()
    url = f"{reverse('network:consultant_list')}?{urlencode({'province': zone.province_id})}"
    return Fact(_("Chuyên gia tư vấn SXSH trong tỉnh"), str(count), url)


register_fact("registry.zone", zone_consultants, order=60)
