"""The zone's and the enterprise's pages show their outbreak level (and, to those who may see
workers, the worker list): one profile per zone and enterprise across modules."""

import datetime

from django.utils import timezone

from kcn.prevention import services
from kcn.registry.models import Enterprise, EnterpriseUser, Zone


def _set(user, enterprise, level):
    return services.enterprise_level_set(user=user, enterprise=enterprise, level=level,
                                         effective_date=timezone.localdate() - datetime.timedelta(days=1),
                                         reason="Có ca bệnh trong xưởng")


def test_enterprise_page_shows_its_level_to_those_who_see_levels(demo, login, user_named):
    enterprise = EnterpriseUser.objects.get(user=user_named("doanhnghiep")).enterprise
    _set(user_named("truongphong"), enterprise, 3)
    day = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    for username in ("doanhnghiep", "truongphong", "lanhdao", "quansat"):
        page = login(username).get(enterprise.get_absolute_url()).content.decode()
        facts = page.split('id="profile-facts"')[1].split("</dl>")[0]
        assert "Cấp độ dịch" in facts and "Cấp 3" in facts and day in facts, username
    # Workers are personal data: the list's line shows to the enterprise and its department only.
    assert "Danh sách lao động" in login("doanhnghiep").get(enterprise.get_absolute_url()).content.decode()
    assert "Danh sách lao động" in login("truongphong").get(enterprise.get_absolute_url()).content.decode()
    assert "Danh sách lao động" not in login("lanhdao").get(enterprise.get_absolute_url()).content.decode()


def test_zone_page_shows_the_zone_level(demo, login):
    zone = Zone.objects.get(code="HNA-DV2")
    page = login("lanhdao").get(zone.get_absolute_url()).content.decode()
    assert 'id="profile-facts"' in page and "Cấp độ dịch" in page


def test_no_level_set_says_so(demo, login):
    enterprise = Enterprise.objects.filter(zone__code="HNA-CS", outbreak_levels__isnull=True).first()
    page = login("canbo").get(enterprise.get_absolute_url()).content.decode()
    assert "Chưa xác định" in page.split('id="profile-facts"')[1]
