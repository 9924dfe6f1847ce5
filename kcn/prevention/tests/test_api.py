"""The REST API: levels, criteria, assessments, plans and checklists, scoped like the pages."""

import pytest

from kcn.prevention import selectors, services
from kcn.prevention.models import CriteriaSet, EnterpriseLevel, ScenarioPlan
from kcn.registry.models import Enterprise

from .test_services import PLAN

pytestmark = pytest.mark.django_db
BASE = "/api/v1/prevention"


@pytest.fixture
def ent(demo):
    return Enterprise.objects.get(user_links__user__username="doanhnghiep")


def test_set_and_list_levels(demo, api, ent):
    officer = api("truongphong")
    response = officer.post(f"{BASE}/enterprise-levels/", {"enterprise": ent.pk, "level": 3,
                                                           "reason": "Có F0"}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["level"] == 3 and response.data["checklist"]
    again = officer.post(f"{BASE}/enterprise-levels/", {"enterprise": ent.pk, "level": 3}, format="json")
    assert again.status_code == 400
    stale = officer.post(f"{BASE}/enterprise-levels/", {"enterprise": ent.pk, "level": 4, "expected_current": 0},
                         format="json")
    assert stale.status_code == 400 and "non_field_errors" in stale.data
    listed = api("canbo").get(f"{BASE}/enterprise-levels/", {"current": "true"})
    assert [row["enterprise"] for row in listed.data["results"]] == [ent.pk]
    assert api("quansat").get(f"{BASE}/enterprise-levels/").data["count"] == 1


# canbo may set levels, but not in this zone: the enterprise's id is refused as unknown (400), as
# one that does not exist; the roles that may not set levels at all get 404.
@pytest.mark.parametrize("username, expected", [("canbo", 400), ("doanhnghiep", 404), ("quansat", 404),
                                                ("giangvien", 404), ("lanhdao", 201)])
def test_who_may_set_a_level_through_the_api(demo, api, ent, username, expected):
    response = api(username).post(f"{BASE}/enterprise-levels/", {"enterprise": ent.pk, "level": 2}, format="json")
    assert response.status_code == expected
    assert EnterpriseLevel.objects.exists() == (expected == 201)


def test_zone_summary_gives_the_map_its_levels(demo, api, user_named, ent):
    services.enterprise_level_set(user=user_named("truongphong"), enterprise=ent, level=4)
    rows = {row["code"]: row for row in api("quansat").get(f"{BASE}/zones/").data}
    assert rows["HNA-DV2"]["proposed_level"] == 4 and rows["HNA-DV2"]["current_level"] is None
    assert rows["HNA-DV2"]["enterprises_by_level"]["4"] == 1
    zone = rows["HNA-DV2"]["id"]
    response = api("truongphong").post(f"{BASE}/zone-levels/", {"zone": zone, "level": 4, "source": "enterprises"},
                                       format="json")
    assert response.status_code == 201
    assert api("quansat").get(f"{BASE}/zones/{zone}/").data["current_level"] == 4
    assert api("giangvien").get(f"{BASE}/zones/").status_code == 404


def test_criteria_sets_are_read_by_all_and_published_by_admins(demo, api):
    data = api("doanhnghiep").get(f"{BASE}/criteria-sets/").data["results"]
    assert data[0]["version"] == 1 and len(data[0]["criteria"]) == 10
    body = {"name": "Bộ tiêu chí 2", "criteria": [{"text": "Bếp ăn", "options": [
        {"text": "Có vách ngăn", "score": 0}, {"text": "Không", "score": 30}]}],
        "score_thresholds": [{"min_score": 0, "level": 1}, {"min_score": 30, "level": 3}]}
    assert api("lanhdao").post(f"{BASE}/criteria-sets/", body, format="json").status_code == 404
    response = api("admin").post(f"{BASE}/criteria-sets/", body, format="json")
    assert response.status_code == 201 and response.data["version"] == 2
    assert CriteriaSet.current().version == 2


def test_assessment_submit_and_review(demo, api, ent):
    criteria_set = CriteriaSet.current()
    answers = [{"criterion": c.pk, "option": c.options.order_by("order").first().pk}
               for c in criteria_set.criteria.all()]
    response = api("doanhnghiep").post(f"{BASE}/self-assessments/", {"enterprise": ent.pk, "answers": answers},
                                       format="json")
    assert response.status_code == 201, response.data
    assert (response.data["score"], response.data["proposed_level"]) == (2, 1)
    pk = response.data["id"]
    bad = api("doanhnghiep").post(f"{BASE}/self-assessments/", {"enterprise": ent.pk, "answers": answers[1:]},
                                  format="json")
    assert bad.status_code == 400
    assert api("doanhnghiep").post(f"{BASE}/self-assessments/{pk}/review/", {"accept": True},
                                   format="json").status_code == 404
    assert api("canbo").post(f"{BASE}/self-assessments/{pk}/review/", {"accept": True},
                             format="json").status_code == 404
    review = api("truongphong").post(f"{BASE}/self-assessments/{pk}/review/", {"accept": True}, format="json")
    assert review.status_code == 200 and review.data["status"] == "accepted"
    assert selectors.current_level_of(ent).level == 1


def test_plans_and_checklist_items(demo, api, ent):
    company = api("doanhnghiep")
    response = company.post(f"{BASE}/plans/", {"enterprise": ent.pk, "actions": PLAN}, format="json")
    assert response.status_code == 201, response.data
    plan_id = response.data["id"]
    assert len(response.data["actions"]) == 4 and response.data["is_current"]
    bad = company.post(f"{BASE}/plans/", {"enterprise": ent.pk, "actions": [{**PLAN[0], "owner": ""}]},
                       format="json")
    assert bad.status_code == 400
    assert api("truongphong").post(f"{BASE}/plans/", {"enterprise": ent.pk, "actions": PLAN},
                                   format="json").status_code == 404
    review = api("truongphong").post(f"{BASE}/plans/{plan_id}/review/", {"decision": "seen"}, format="json")
    assert review.status_code == 200 and review.data["status"] == "seen"
    second = company.post(f"{BASE}/plans/", {"enterprise": ent.pk, "actions": PLAN[1:], "base_version": 1},
                          format="json")
    assert second.data["version"] == 2
    assert ScenarioPlan.objects.filter(enterprise=ent).count() == 2
    assert api("canbo").get(f"{BASE}/plans/").data["count"] == 0
    assert api("lanhdao").get(f"{BASE}/plans/", {"enterprise": ent.pk}).data["count"] == 2
    assert api("lanhdao").get(f"{BASE}/plans/", {"enterprise": ent.pk + 1}).data["count"] == 0

    api("truongphong").post(f"{BASE}/enterprise-levels/", {"enterprise": ent.pk, "level": 3}, format="json")
    checklists = company.get(f"{BASE}/checklists/").data["results"]
    assert [item["text"] for item in checklists[0]["items"]] == ["Cách ly dây chuyền bị ảnh hưởng",
                                                                 "Tổ chức 3 tại chỗ cho bộ phận sản xuất chính"]
    item = checklists[0]["items"][0]["id"]
    done = company.post(f"{BASE}/checklist-items/{item}/done/", {"note": "Đã cách ly"}, format="json")
    assert done.status_code == 200 and done.data["done_by"]
    assert company.post(f"{BASE}/checklist-items/{item}/done/", {}, format="json").status_code == 400
    assert api("canbo").post(f"{BASE}/checklist-items/{item}/done/", {}, format="json").status_code == 404
    assert api("quansat").get(f"{BASE}/checklist-items/").status_code == 404
