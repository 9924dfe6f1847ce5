"""Permission matrix of inspections and the board's announcements: every role × every page, export
and API endpoint × objects inside and outside scope (the Hải Phòng board).

Expectations are written out as data. An inspection is seen by the enterprise (once finalised),
the department monitoring its zone and the board's leaders; observers and the training roles see
nothing. Announcements are seen by the board's staff and by the enterprises they were sent to.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kcn.communications.announcements import announcement_send
from kcn.inspections import services
from kcn.inspections.choices import Outcome
from tests.conftest import ROLES

STAFF = {"admin", "lanhdao", "truongphong", "canbo"}
INSPECTORS = STAFF
NOBODY_ELSE = {"quansat", "quanlychuongtrinh", "giangvien", "hocvien"}

# Objects each role may open (detail page, list, API).
VISIBLE = {
    "admin": {"insp_dv2", "draft_dv2", "insp_cs", "insp_hp", "act_dv2", "act_cs", "act_hp", "photo_dv2", "photo_hp",
              "ann_hn", "ann_hp"},
    "lanhdao": {"insp_dv2", "draft_dv2", "insp_cs", "act_dv2", "act_cs", "photo_dv2", "ann_hn"},
    "truongphong": {"insp_dv2", "draft_dv2", "act_dv2", "photo_dv2", "ann_hn"},
    "canbo": {"insp_cs", "act_cs", "ann_hn"},
    "doanhnghiep": {"insp_dv2", "act_dv2", "photo_dv2", "ann_hn"},
    "quansat": set(), "quanlychuongtrinh": set(), "giangvien": set(), "hocvien": set(),
}
# Inspections whose header each role may edit: drafts only, in scope.
EDITABLE = {"admin": {"draft_dv2"}, "lanhdao": {"draft_dv2"}, "truongphong": {"draft_dv2"}}
# Actions each role may report a fix on (open, finalised, in scope); verifying is staff only.
FIXABLE = {"admin": {"act_dv2", "act_cs", "act_hp"}, "lanhdao": {"act_dv2", "act_cs"},
           "truongphong": {"act_dv2"}, "canbo": {"act_cs"}, "doanhnghiep": {"act_dv2"}}
LIST_ROLES = {
    "inspection": STAFF | {"doanhnghiep"},
    "action": STAFF | {"doanhnghiep"},
    "announcement": STAFF | {"doanhnghiep"},
}
EXPORT_ROLES = {"inspection": STAFF | {"doanhnghiep"}, "action": STAFF | {"doanhnghiep"}, "announcement": STAFF}
ADD_ROLES = {"inspection": INSPECTORS, "announcement": {"admin", "lanhdao", "truongphong"}}
LISTS = {"inspection": "inspections:inspection_list", "action": "inspections:action_list",
         "announcement": "communications:announcement_list"}
ADDS = {"inspection": "inspections:inspection_add", "announcement": "communications:announcement_add"}
DETAIL = {"insp": "inspections:inspection_detail", "draft": "inspections:inspection_detail",
          "act": "inspections:action_detail", "photo": "inspections:photo_thumbnail",
          "ann": "communications:announcement_detail"}
MODEL = {"insp": "inspection", "draft": "inspection", "act": "action", "photo": "photo", "ann": "announcement"}


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 10)).save(buffer, format="JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def _finalised(user, enterprise):
    today = timezone.localdate()
    inspection = services.inspection_create(user=user, data={"enterprise": enterprise, "date": today})
    items = list(inspection.results.values_list("item_id", flat=True))
    results = {item: (Outcome.PASS, "") for item in items}
    results[items[0]] = (Outcome.FAIL, "")
    services.inspection_record_results(user=user, inspection=inspection, results=results)
    finding = services.finding_add(user=user, inspection=inspection, item=inspection.checklist.items.get(pk=items[0]),
                                   description="Tồn tại", photos=[_photo()], action_description="Khắc phục",
                                   due_date=today + datetime.timedelta(days=5))
    services.inspection_finalise(user=user, inspection=inspection, conclusion="Kết luận")
    return inspection, inspection.actions.get(), finding.photos.get()


@pytest.fixture
def things(objects, user_named, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = user_named("admin")
    insp_dv2, act_dv2, photo_dv2 = _finalised(user_named("truongphong"), objects["ent_dv2"])
    insp_cs, act_cs, _photo_cs = _finalised(user_named("canbo"), objects["ent_cs"])
    insp_hp, act_hp, photo_hp = _finalised(admin, objects["ent_hp"])
    draft_dv2 = services.inspection_create(user=user_named("truongphong"),
                                           data={"enterprise": objects["ent_dv2"], "date": timezone.localdate()})
    ann_hn = announcement_send(user=user_named("lanhdao"), data={
        "board": objects["zone_dv2"].board, "title": "Thông báo Hà Nam", "body": "Nội dung"})
    ann_hp = announcement_send(user=admin, data={
        "board": objects["zone_hp"].board, "title": "Thông báo Hải Phòng", "body": "Nội dung"})
    return {"insp_dv2": insp_dv2, "draft_dv2": draft_dv2, "insp_cs": insp_cs, "insp_hp": insp_hp,
            "act_dv2": act_dv2, "act_cs": act_cs, "act_hp": act_hp, "photo_dv2": photo_dv2, "photo_hp": photo_hp,
            "ann_hn": ann_hn, "ann_hp": ann_hp}


def _prefix(key):
    return key.split("_")[0]


@pytest.mark.parametrize("role", ROLES)
def test_detail_pages_and_photos(role, things, login):
    client = login(role)
    for key, obj in things.items():
        response = client.get(reverse(DETAIL[_prefix(key)], args=[obj.pk]))
        expected = 200 if key in VISIBLE[role] else 404
        assert response.status_code == expected, f"{role} detail {key}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_edit_forms_of_inspections_and_actions(role, things, login):
    client = login(role)
    for key in ("insp_dv2", "draft_dv2", "insp_cs", "insp_hp"):
        pk = things[key].pk
        expected = 200 if key in EDITABLE.get(role, set()) else 404
        for name in ("inspection_edit", "inspection_results", "finding_add", "action_add", "inspection_finalise"):
            response = client.get(reverse(f"inspections:{name}", args=[pk]))
            assert response.status_code == expected, f"{role} {name} {key}: {response.status_code}"
    for key in ("act_dv2", "act_cs", "act_hp"):
        page = client.get(reverse("inspections:action_detail", args=[things[key].pk]))
        if key in VISIBLE[role]:
            shows_form = 'id="fix-form"' in page.content.decode()
            assert shows_form == (key in FIXABLE.get(role, set())), f"{role} fix form on {key}"


@pytest.mark.parametrize("role", ROLES)
def test_fix_report_and_verification_posts(role, things, login):
    """POSTing a fix report: done in scope, 404 outside; then verification is staff only."""
    client = login(role)
    for key in ("act_dv2", "act_cs", "act_hp"):
        action = things[key]
        response = client.post(reverse("inspections:action_fix", args=[action.pk]), {"note": "Đã khắc phục"})
        expected = 302 if key in FIXABLE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} fix {key}: {response.status_code}"
        response = client.post(reverse("inspections:action_verify", args=[action.pk]), {"accepted": "1"})
        may_verify = key in FIXABLE.get(role, set()) and role != "doanhnghiep"
        assert response.status_code == (302 if may_verify else 404), f"{role} verify {key}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_is_in_scope(role, things, login):
    client = login(role)
    for model, url_name in LISTS.items():
        response = client.get(reverse(url_name), {"per_page": 200})
        expected = 200 if role in LIST_ROLES[model] else 404
        assert response.status_code == expected, f"{role} list {model}"
        if expected != 200:
            continue
        listed = {record.pk for record in response.context["table"].records}
        for key, obj in things.items():
            if MODEL[_prefix(key)] == model:
                assert (obj.pk in listed) == (key in VISIBLE[role]), f"{role} list {model} shows {key}?"


@pytest.mark.parametrize("role", ROLES)
def test_exports_follow_scope(role, things, login):
    client = login(role)
    for model, url_name in LISTS.items():
        response = client.get(reverse(url_name), {"export": "csv"})
        expected = 200 if role in EXPORT_ROLES[model] else 404
        assert response.status_code == expected, f"{role} export {model}"
        if expected != 200 or model != "inspection":
            continue
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        for key in ("insp_dv2", "insp_cs", "insp_hp"):
            assert (things[key].enterprise.tax_code in text) == (key in VISIBLE[role]), f"{role} csv {key}"
    for key in ("insp_dv2", "draft_dv2", "insp_cs", "insp_hp"):
        for name in ("inspection_xlsx", "inspection_pdf"):
            response = client.get(reverse(f"inspections:{name}", args=[things[key].pk]))
            expected = 200 if key in VISIBLE[role] else 404
            assert response.status_code == expected, f"{role} {name} {key}"


@pytest.mark.parametrize("role", ROLES)
def test_add_pages(role, things, login):
    client = login(role)
    for model, url_name in ADDS.items():
        response = client.get(reverse(url_name))
        expected = 200 if role in ADD_ROLES[model] else 404
        assert response.status_code == expected, f"{role} add {model}"


def test_anonymous_is_sent_to_login(things, client):
    urls = [reverse(name) for name in LISTS.values()] + [reverse(name) for name in ADDS.values()]
    urls += [reverse(DETAIL[_prefix(key)], args=[obj.pk]) for key, obj in things.items()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url


# --- The API: the same expectations.

API = {"inspection": "/api/v1/inspections/inspections/", "action": "/api/v1/inspections/actions/",
       "announcement": "/api/v1/notifications/announcements/"}
API_ROLES = {"checklist": STAFF | {"doanhnghiep"}, **LIST_ROLES}


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_objects_follow_scope(role, things, api):
    client = api(role)
    checklists = client.get("/api/v1/inspections/checklists/")
    assert checklists.status_code == (200 if role in API_ROLES["checklist"] else 404), f"{role} api checklists"
    for model, base in API.items():
        response = client.get(base, {"page_size": 500})
        expected = 200 if role in API_ROLES[model] else 404
        assert response.status_code == expected, f"{role} api list {model}"
        if expected == 200:
            listed = {row["id"] for row in response.json()["results"]}
            for key, obj in things.items():
                if MODEL[_prefix(key)] == model:
                    assert (obj.pk in listed) == (key in VISIBLE[role]), f"{role} api list {model} shows {key}?"
    for key, obj in things.items():
        model = MODEL[_prefix(key)]
        if model not in API:
            continue
        expected = 200 if key in VISIBLE[role] else 404
        assert client.get(f"{API[model]}{obj.pk}/").status_code == expected, f"{role} api get {key}"
    for key in ("insp_dv2", "draft_dv2", "insp_cs", "insp_hp"):
        response = client.patch(f"{API['inspection']}{things[key].pk}/", {}, format="json")
        if key in EDITABLE.get(role, set()):
            expected = 200
        elif key in VISIBLE[role] and role in INSPECTORS:
            expected = 400  # in scope but finalised: read-only, said so
        else:
            expected = 404
        assert response.status_code == expected, f"{role} api patch {key}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_api_fix_and_verify(role, things, api):
    client = api(role)
    for key in ("act_dv2", "act_cs", "act_hp"):
        base = f"{API['action']}{things[key].pk}"
        response = client.post(f"{base}/report-fix/", {"note": "Đã khắc phục"}, format="json")
        expected = 200 if key in FIXABLE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} api fix {key}: {response.status_code}"
        response = client.post(f"{base}/verify/", {"accepted": True}, format="json")
        may_verify = key in FIXABLE.get(role, set()) and role != "doanhnghiep"
        assert response.status_code == (200 if may_verify else 404), f"{role} api verify {key}"


@pytest.mark.parametrize("role", ROLES)
def test_api_create(role, things, api, objects):
    client = api(role)
    today = timezone.localdate().isoformat()
    response = client.post(API["inspection"], {"enterprise": objects["ent_dv2"].pk, "date": today}, format="json")
    may = role in {"admin", "lanhdao", "truongphong"}
    expected = 201 if may else (400 if role in INSPECTORS else 404)  # canbo: not its zone
    assert response.status_code == expected, f"{role} api create inspection: {response.status_code}"
    response = client.post(API["announcement"], {"board": objects["zone_hp"].board.pk, "title": "x", "body": "y"},
                           format="json")
    expected = 201 if role == "admin" else (400 if role in ADD_ROLES["announcement"] else 404)
    assert response.status_code == expected, f"{role} api announce elsewhere: {response.status_code}"
