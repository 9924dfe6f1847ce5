"""The demo loader: realistic data on the pages, and a second run changes nothing."""

import pytest

from kcn.prevention.demo import load_prevention_demo
from kcn.prevention.models import ChecklistItem, EnterpriseLevel, ScenarioPlan, SelfAssessment, ZoneLevel
from kcn.prevention.selectors import current_level_of
from kcn.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def test_demo_loads_levels_plans_and_a_half_done_checklist_once(demo, login):
    assert load_prevention_demo(demo)
    company = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    assert current_level_of(company).level == 3
    items = ChecklistItem.objects.filter(checklist__enterprise=company, checklist__superseded_at__isnull=True)
    assert items.count() == 4 and items.filter(done_at__isnull=False).count() == 2
    assert ScenarioPlan.objects.count() == 6
    assert SelfAssessment.objects.filter(status="submitted").count() == 1
    counts = (EnterpriseLevel.objects.count(), ZoneLevel.objects.count(), ScenarioPlan.objects.count())
    assert load_prevention_demo(demo) is None
    assert (EnterpriseLevel.objects.count(), ZoneLevel.objects.count(), ScenarioPlan.objects.count()) == counts
    home = login("truongphong").get("/").content.decode()
    assert "Việc quá hạn theo cấp độ dịch" in home
    page = login("doanhnghiep").get(f"/prevention/enterprises/{company.pk}/").content.decode()
    assert "Cách ly dây chuyền bị ảnh hưởng" in page
