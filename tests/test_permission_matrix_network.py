"""Permission matrix of the network: every role × every page, export and API endpoint × objects
inside and outside its scope, with expectations written out as data.

The directory, workshops and library are read by every signed-in role; a trainee who never passed
is not in the directory. The follow-up (activities, updates, evaluations) is the graduate's, their
programme's manager's and their trainers' (read); P2's graduate is out of the demo users' scope.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kcn.network import services
from kcn.network.models import FieldVisit
from kcn.network.tests.helpers import graduate
from tests.conftest import ROLES

EVERYONE = set(ROLES)
MANAGERS = {"admin", "quanlychuongtrinh"}
FOLLOW_UP = {"admin", "quanlychuongtrinh", "giangvien", "hocvien"}
# Follow-up rows each role may open (pages and API).
VISIBLE = {
    "admin": {"act_p1", "act_p2", "upd_p1", "upd_p2", "ev_p1", "ev_p2"},
    "quanlychuongtrinh": {"act_p1", "upd_p1", "ev_p1"},
    "giangvien": {"act_p1", "upd_p1", "ev_p1"},
    "hocvien": {"act_p1", "upd_p1", "ev_p1"},
}
LISTS = {  # page → roles that get 200
    "network:consultant_list": EVERYONE, "network:workshop_list": EVERYONE, "network:document_list": EVERYONE,
    "network:activity_list": FOLLOW_UP, "network:follow_up": {"admin", "quanlychuongtrinh", "giangvien"},
    "network:indicators": {"admin", "quanlychuongtrinh", "quansat", "lanhdao"},
}
EXPORTS = {"network:consultant_list": MANAGERS, "network:workshop_list": MANAGERS,
           "network:document_list": MANAGERS, "network:activity_list": MANAGERS}
ADDS = {"network:workshop_add": MANAGERS, "network:document_add": MANAGERS,
        "network:activity_add": {"admin", "quanlychuongtrinh", "hocvien"}}
EVALUATE = {"t1": {"admin", "quanlychuongtrinh", "giangvien"}, "t3": {"admin"}}
API = {"consultants": EVERYONE, "workshops": EVERYONE, "documents": EVERYONE, "activities": FOLLOW_UP,
       "updates": FOLLOW_UP, "evaluations": FOLLOW_UP}
API_OBJECTS = {"act": "activities", "upd": "updates", "ev": "evaluations"}


@pytest.fixture
def things(training_world, user_named, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = training_world
    graduate(w["e1"], w["e3"])  # t2 (Trần Văn Bình) never passed: not in the directory
    admin = user_named("admin")
    today = timezone.localdate()
    year, quarter = today.year, (today.month - 1) // 3 + 1
    made = {"cons_in": w["t1"], "cons_out": w["t2"]}
    for key, trainee in (("p1", w["t1"]), ("p2", w["t3"])):
        activity = services.activity_save(user=admin, data={
            "trainee": trainee, "title": f"Hoạt động {key}", "planned_start": today - datetime.timedelta(days=10),
            "planned_end": today + datetime.timedelta(days=100)})
        made[f"act_{key}"] = activity
        made[f"upd_{key}"], _ = services.activity_update_submit(
            user=admin, activity=activity, year=year, quarter=quarter, status="in_progress", progress="Tiến độ")
        made[f"ev_{key}"] = services.evaluation_save(user=admin, data={
            "trainee": trainee, "year": year, "half": 1 if today.month <= 6 else 2, "rating": "good"})
    made["workshop"] = services.workshop_save(user=admin, data={
        "title": "Hội thảo SXSH", "organiser": "Bộ Công Thương", "place": "Hà Nội", "start_date": today,
        "end_date": today})
    made["visit"] = FieldVisit.objects.create(workshop=made["workshop"], date=today, enterprise_name="Nhà máy giấy")
    made["document"] = services.document_save(user=admin, data={
        "title": "Hướng dẫn", "kind": "guide", "topic": "cleaner_production",
        "file": SimpleUploadedFile("huong-dan.pdf", b"%PDF-1.4\n%%EOF\n")})
    return made


@pytest.mark.parametrize("role", ROLES)
def test_pages_follow_role_and_scope(role, things, login):
    client = login(role)
    for name, roles in LISTS.items():
        assert client.get(reverse(name)).status_code == (200 if role in roles else 404), f"{role} {name}"
    for name, roles in EXPORTS.items():
        status = client.get(reverse(name), {"export": "xlsx"}).status_code
        assert status == (200 if role in roles else 404), f"{role} export {name}"
    for name, roles in ADDS.items():
        assert client.get(reverse(name)).status_code == (200 if role in roles else 404), f"{role} {name}"
    consultant = "network:consultant_detail"
    assert client.get(reverse(consultant, args=[things["cons_in"].pk])).status_code == 200, role
    assert client.get(reverse(consultant, args=[things["cons_out"].pk])).status_code == 404, role
    for key in ("act_p1", "act_p2"):
        status = client.get(things[key].get_absolute_url()).status_code
        assert status == (200 if key in VISIBLE.get(role, set()) else 404), f"{role} {key}"
    for key, roles in EVALUATE.items():
        trainee_id = things["cons_in"].pk if key == "t1" else things["act_p2"].trainee_id
        status = client.get(reverse("network:evaluation_add", args=[trainee_id])).status_code
        assert status == (200 if role in roles else 404), f"{role} evaluate {key}"
    workshop, document = things["workshop"], things["document"]
    assert client.get(workshop.get_absolute_url()).status_code == 200
    assert client.get(document.get_absolute_url()).status_code == 200
    assert client.get(reverse("network:document_download", args=[document.pk])).status_code == 200
    status = client.get(reverse("network:workshop_edit", args=[workshop.pk])).status_code
    assert status == (200 if role in MANAGERS else 404), f"{role} workshop edit"
    status = client.get(reverse("network:document_delete", args=[document.pk])).status_code
    assert status == (200 if role in MANAGERS else 404), f"{role} document delete"
    status = client.get(reverse("network:workshop_part_add", args=[workshop.pk, "agenda"])).status_code
    assert status == (200 if role in MANAGERS else 404), f"{role} agenda add"
    visit = things["visit"]
    response = client.post(reverse("network:workshop_part_delete", args=[workshop.pk, "visit", visit.pk]))
    assert response.status_code == (302 if role in MANAGERS else 404), f"{role} visit delete"
    # Updating a quarter: the graduate and the managers, in scope.
    for key in ("act_p1", "act_p2"):
        response = client.post(reverse("network:activity_update", args=[things[key].pk]), {})
        may = key in VISIBLE.get(role, set()) and role in {"admin", "quanlychuongtrinh", "hocvien"}
        assert response.status_code == (400 if may else 404), f"{role} update {key}: {response.status_code}"


def test_anonymous_is_sent_to_login(things, client):
    urls = [reverse(name) for name in [*LISTS, *ADDS]]
    urls += [reverse("network:consultant_detail", args=[things["cons_in"].pk]),
             reverse("network:document_download", args=[things["document"].pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    assert client.get("/api/v1/network/consultants/").status_code == 401


@pytest.mark.parametrize("role", ROLES)
def test_api_follows_role_and_scope(role, things, api):
    client = api(role)
    for resource, roles in API.items():
        response = client.get(f"/api/v1/network/{resource}/", {"page_size": 500})
        assert response.status_code == (200 if role in roles else 404), f"{role} api {resource}"
        if response.status_code != 200:
            continue
        listed = {row["id"] for row in response.json()["results"]}
        for prefix, name in API_OBJECTS.items():
            if name != resource:
                continue
            for key in (f"{prefix}_p1", f"{prefix}_p2"):
                assert (things[key].pk in listed) == (key in VISIBLE.get(role, set())), f"{role} api lists {key}"
        if resource == "consultants":
            assert things["cons_in"].pk in listed and things["cons_out"].pk not in listed
            row = next(row for row in response.json()["results"] if row["id"] == things["cons_in"].pk)
            assert bool(row["email"]) == (role in MANAGERS) and "phone" not in row
    for prefix, resource in API_OBJECTS.items():
        for key in (f"{prefix}_p1", f"{prefix}_p2"):
            status = client.get(f"/api/v1/network/{resource}/{things[key].pk}/").status_code
            assert status == (200 if key in VISIBLE.get(role, set()) else 404), f"{role} api get {key}"
    indicators = client.get("/api/v1/network/indicators/")
    assert indicators.status_code == (200 if role in LISTS["network:indicators"] else 404), f"{role} api indicators"
    bad = client.post("/api/v1/network/documents/", {"title": "x", "kind": "guide", "topic": "energy",
                                                     "file": SimpleUploadedFile("x.pdf", b"not a pdf")},
                      format="multipart")
    assert bad.status_code == (400 if role in MANAGERS else 404), f"{role} api upload"
    if role in MANAGERS:
        assert "file" in bad.json()
    response = client.patch(f"/api/v1/network/workshops/{things['workshop'].pk}/", {"place": "Huế"}, format="json")
    assert response.status_code == (200 if role in MANAGERS else 404), f"{role} api patch workshop"


@pytest.mark.parametrize("role", ROLES)
def test_api_workshop_parts(role, things, api):
    """Every role reads a workshop's lines (participants' names: the programme's people); only
    managers add, remove and tick attendance."""
    client = api(role)
    workshop = things["workshop"]
    base = f"/api/v1/network/workshops/{workshop.pk}"
    listed = client.get(f"{base}/parts/visit/")
    assert listed.status_code == 200, f"{role} api parts list"
    assert [row["id"] for row in listed.json()] == [things["visit"].pk]
    added = client.post(f"{base}/parts/organisation/", {"name": "Sở Công Thương Huế",
                                                         "organisation_type": "doit"},
                        format="json")
    assert added.status_code == (201 if role in MANAGERS else 404), f"{role} api part add: {added.status_code}"
    removed = client.post(f"{base}/parts/visit/{things['visit'].pk}/remove/")
    assert removed.status_code == (204 if role in MANAGERS else 404), f"{role} api part remove"
    assert FieldVisit.objects.filter(pk=things["visit"].pk).exists() == (role not in MANAGERS)
    ticked = client.post(f"{base}/attendance/", {"present": []}, format="json")
    assert ticked.status_code == (200 if role in MANAGERS else 404), f"{role} api attendance"
