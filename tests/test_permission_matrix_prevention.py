"""Permission matrix of outbreak levels, plans, assessments and checklists: every role × every page
and API endpoint × an enterprise in each monitored zone of the Hà Nam board and one of the Hải Phòng
board (out of everyone's scope but the administrator's).

Levels are visible board-wide (the province follows them) and set by the monitoring department or
the leaders; plans, assessments and checklists belong to the enterprise, its monitoring department
and the leaders; observers read levels only. Expectations are written out as data.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.accounts.models import User
from kcn.prevention import services
from kcn.prevention.models import CriteriaSet, ScenarioPlan
from tests.conftest import ROLES

ENTERPRISES = ("dv2", "cs", "hp")
ALL = set(ENTERPRISES)
NONE = set()

# Whose level each role sees (the level page, the level list, the API).
LEVEL_VISIBLE = {"admin": ALL, "lanhdao": {"dv2", "cs"}, "truongphong": {"dv2", "cs"}, "canbo": {"dv2", "cs"},
                 "doanhnghiep": {"dv2"}, "quansat": {"dv2", "cs"}, "quanlychuongtrinh": NONE, "giangvien": NONE,
                 "hocvien": NONE}
# Whose level (enterprise's, or its zone's) each role may set.
LEVEL_SETTABLE = {"admin": ALL, "lanhdao": {"dv2", "cs"}, "truongphong": {"dv2"}, "canbo": {"cs"}}
# Whose plan, assessments and checklists each role sees.
RECORDS_VISIBLE = {"admin": ALL, "lanhdao": {"dv2", "cs"}, "truongphong": {"dv2"}, "canbo": {"cs"},
                   "doanhnghiep": {"dv2"}}
# Whose checklist items each role may tick, and whose plan it may review.
TICKABLE = RECORDS_VISIBLE
REVIEWABLE = {"admin": ALL, "lanhdao": {"dv2", "cs"}, "truongphong": {"dv2"}, "canbo": {"cs"}}
# Whose plan each role may write.
PLAN_WRITABLE = {"admin": ALL, "doanhnghiep": {"dv2"}}
# Roles that may open each list page at all.
LIST_ROLES = {
    "prevention:level_list": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"},
    "prevention:zone_levels": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"},
    "prevention:criteria_list": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"},
    "prevention:plan_list": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep"},
    "prevention:assessment_list": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep"},
    "prevention:overdue_list": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep"},
    "prevention:criteria_publish": {"admin"},
}
API_LISTS = {
    "enterprise-levels": ("enterprise", LEVEL_VISIBLE),
    "plans": ("enterprise", RECORDS_VISIBLE),
    "self-assessments": ("enterprise", RECORDS_VISIBLE),
    "checklists": ("enterprise", RECORDS_VISIBLE),
    "checklist-items": ("enterprise", RECORDS_VISIBLE),
}
PLAN = [{"level": 3, "text": "Cách ly dây chuyền bị ảnh hưởng", "owner": "Quản đốc", "due_value": 4,
         "due_unit": "hours"}]


@pytest.fixture
def prevention(objects):
    """For each enterprise: its plan, a pending self-assessment, level 3 with its checklist; and a
    level for each zone. Built by the administrator through the services."""
    admin = User.objects.get(username="admin")
    criteria_set = CriteriaSet.current()
    answers = {c.pk: c.options.order_by("order").first().pk for c in criteria_set.criteria.all()}
    built = {}
    for key in ENTERPRISES:
        enterprise = objects[f"ent_{key}"]
        plan = services.plan_save(user=admin, enterprise=enterprise, actions=PLAN)
        assessment = services.assessment_submit(user=admin, enterprise=enterprise, answers=answers)
        change = services.enterprise_level_set(user=admin, enterprise=enterprise, level=3, reason="F0")
        services.zone_level_set(user=admin, zone=objects[f"zone_{key}"], level=2)
        built[key] = {"enterprise": enterprise, "zone": objects[f"zone_{key}"], "plan": plan,
                      "assessment": assessment, "checklist": change.checklist,
                      "item": change.checklist.items.get()}
    return built


def _code(allowed):
    return 200 if allowed else 404


@pytest.mark.parametrize("role", ROLES)
def test_list_pages(role, prevention, login):
    client = login(role)
    for url_name, roles in LIST_ROLES.items():
        response = client.get(reverse(url_name), {"per_page": 200})
        assert response.status_code == _code(role in roles), f"{role} {url_name}"
    if role in LIST_ROLES["prevention:level_list"]:
        listed = {e.pk for e in client.get(reverse("prevention:level_list"), {"per_page": 200})
                  .context["table"].records}
        for key, row in prevention.items():
            assert (row["enterprise"].pk in listed) == (key in LEVEL_VISIBLE[role]), f"{role} level list {key}"
    if role in LIST_ROLES["prevention:plan_list"]:
        listed = {p.pk for p in client.get(reverse("prevention:plan_list")).context["table"].records}
        for key, row in prevention.items():
            assert (row["plan"].pk in listed) == (key in RECORDS_VISIBLE[role]), f"{role} plan list {key}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports(role, fmt, prevention, login):
    client = login(role)
    response = client.get(reverse("prevention:level_list"), {"export": fmt})
    exporters = LIST_ROLES["prevention:level_list"] - {"doanhnghiep"}
    assert response.status_code == _code(role in exporters), f"{role} export {fmt}"
    if response.status_code != 200 or fmt != "csv":
        return
    body = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")
    for key, row in prevention.items():
        assert (row["enterprise"].tax_code in body) == (key in LEVEL_VISIBLE[role]), f"{role} export {key}"


@pytest.mark.parametrize("role", ROLES)
def test_detail_and_form_pages(role, prevention, login):
    client = login(role)
    for key, row in prevention.items():
        enterprise, zone = row["enterprise"], row["zone"]
        cases = {
            ("enterprise_level", enterprise.pk): key in LEVEL_VISIBLE[role],
            ("enterprise_level_set", enterprise.pk): key in LEVEL_SETTABLE.get(role, NONE),
            ("zone_level_set", zone.pk): key in LEVEL_SETTABLE.get(role, NONE),
            ("plan_detail", row["plan"].pk): key in RECORDS_VISIBLE.get(role, NONE),
            ("plan_edit", enterprise.pk): key in PLAN_WRITABLE.get(role, NONE),
            ("assessment_detail", row["assessment"].pk): key in RECORDS_VISIBLE.get(role, NONE),
            ("checklist_detail", row["checklist"].pk): key in RECORDS_VISIBLE.get(role, NONE),
        }
        for (name, pk), allowed in cases.items():
            response = client.get(reverse(f"prevention:{name}", args=[pk]))
            assert response.status_code == _code(allowed), f"{role} {name} {key}: {response.status_code}"
        page = client.get(reverse("prevention:enterprise_level", args=[enterprise.pk]))
        if page.status_code == 200:
            # The checklist shows on the level page only to those who may see the enterprise's records.
            shows_checklist = "Cách ly dây chuyền bị ảnh hưởng" in page.content.decode()
            assert shows_checklist == (key in RECORDS_VISIBLE.get(role, NONE)), f"{role} checklist on page {key}"


@pytest.mark.parametrize("role", ROLES)
def test_writes_from_the_pages(role, prevention, login):
    client = login(role)
    today = timezone.localdate().strftime("%d/%m/%Y")
    for key, row in prevention.items():
        response = client.post(reverse("prevention:item_done", args=[row["item"].pk]))
        expected = 302 if key in TICKABLE.get(role, NONE) else 404
        assert response.status_code == expected, f"{role} tick {key}"
        response = client.post(reverse("prevention:enterprise_level_set", args=[row["enterprise"].pk]),
                               {"level": 4, "effective_date": today, "reason": "Thêm ca F0"})
        expected = 302 if key in LEVEL_SETTABLE.get(role, NONE) else 404
        assert response.status_code == expected, f"{role} set level {key}"
        response = client.post(reverse("prevention:plan_detail", args=[row["plan"].pk]), {"decision": "seen"})
        expected = 302 if key in REVIEWABLE.get(role, NONE) else 404
        assert response.status_code == expected, f"{role} review plan {key}: {response.status_code}"
        seen = ScenarioPlan.objects.get(pk=row["plan"].pk).status == "seen"
        assert seen == (key in REVIEWABLE.get(role, NONE)), f"{role} review plan {key}"


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_details(role, prevention, api):
    client = api(role)
    for resource, (field, visible) in API_LISTS.items():
        response = client.get(f"/api/v1/prevention/{resource}/", {"page_size": 200})
        if not visible.get(role):
            assert response.status_code == 404, f"{role} api {resource}"
            continue
        assert response.status_code == 200, f"{role} api {resource}"
        seen = set()
        for record in response.data["results"]:
            seen.add(record[field])
        for key, row in prevention.items():
            assert (row["enterprise"].pk in seen) == (key in visible[role]), f"{role} api {resource} {key}"
    for key, row in prevention.items():
        response = client.get(f"/api/v1/prevention/plans/{row['plan'].pk}/")
        assert response.status_code == _code(key in RECORDS_VISIBLE.get(role, NONE)), f"{role} api plan {key}"
        response = client.post(f"/api/v1/prevention/checklist-items/{row['item'].pk}/done/", {}, format="json")
        expected = 200 if key in TICKABLE.get(role, NONE) else 404
        assert response.status_code == expected, f"{role} api tick {key}"
    zones = client.get("/api/v1/prevention/zones/")
    if not LEVEL_VISIBLE[role]:
        assert zones.status_code == 404
    else:
        codes = {row["code"] for row in zones.data}
        for key, row in prevention.items():
            assert (row["zone"].code in codes) == (key in LEVEL_VISIBLE[role]), f"{role} api zones {key}"
