"""Permission matrix of training's attendance and grading areas: every role × every page, export and
API endpoint × an object in the demo users' scope (programme P1) and one outside it (P2).

Expectations are written out as data. The administrator sees both programmes; the programme
manager, trainer and trainee of P1 see P1 only (a trainee only their own records); the board's
staff, enterprises and observers see nothing of training.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kcn.training.choices import AttendanceMethod
from kcn.training.models import Attendance, FieldReport
from tests.conftest import ROLES

TRAINING = {"admin", "quanlychuongtrinh", "giangvien", "hocvien"}
PDF = b"%PDF-1.4\n%%EOF\n"

# What each role may open, by object key (p1 side: *1, p2 side: *2).
VISIBLE = {
    "admin": {"s1", "s2", "c1", "c2", "k1", "k2", "r1", "r2", "a1", "a2"},
    "quanlychuongtrinh": {"s1", "c1", "k1", "r1", "a1"},
    "giangvien": {"s1", "c1", "k1", "r1", "a1"},
    "hocvien": {"s1", "c1", "k1", "r1", "a1"},
}
# Who may take attendance / show the QR code, grade, and set the rubric (in scope only).
TAKES_ATTENDANCE = {"admin", "quanlychuongtrinh", "giangvien"}
GRADES = {"admin", "quanlychuongtrinh", "giangvien"}
SETS_RUBRIC = {"admin", "quanlychuongtrinh"}
UPLOADS = {"admin", "hocvien"}  # the page opens; the service then accepts only a participant trainee
EXPORTS = {"admin", "quanlychuongtrinh", "giangvien"}

# page → (url name, object key prefix, roles allowed to use it at all)
PAGES = {
    "attendance_session": ("s", TRAINING),
    "checkin_show": ("d", TAKES_ATTENDANCE),
    "report_detail": ("r", TRAINING),
    "report_download": ("r", TRAINING),
    "report_add": ("k", UPLOADS),
    "rubric": ("c", SETS_RUBRIC),
    "course_grading": ("c", GRADES),
    "report_grade": ("r", GRADES),
    "course_results": ("c", TRAINING),
}
# An object key as the VISIBLE table names it ("d1", the day of session 1, follows "s1").
SEES = {"d": "s"}


@pytest.fixture
def things(training_world, user_named, settings, tmp_path):
    from kcn.training.services.grading import report_submit

    settings.MEDIA_ROOT = tmp_path / "media"
    w = training_world
    r1 = report_submit(user=user_named("hocvien"), coaching=w["k1"], title="Báo cáo P1",
                       file=SimpleUploadedFile("p1.pdf", PDF, "application/pdf"))
    r2 = report_submit(user=user_named("hv.khac"), coaching=w["k2"], title="Báo cáo P2",
                       file=SimpleUploadedFile("p2.pdf", PDF, "application/pdf"))
    a1 = Attendance.objects.create(enrolment=w["e1"], day=w["day_today"], method=AttendanceMethod.QR)
    a2 = Attendance.objects.create(enrolment=w["e3"], day=w["day_s2_today"], method=AttendanceMethod.QR)
    return {"s1": w["s1"], "s2": w["s2"], "d1": w["day_today"], "d2": w["day_s2_today"], "c1": w["c1"],
            "c2": w["c2"], "k1": w["k1"], "k2": w["k2"], "r1": r1, "r2": r2, "a1": a1, "a2": a2}


def _expected(role, page, key):
    prefix, roles = PAGES[page]
    visible_key = SEES.get(prefix, prefix) + key[-1]
    return 200 if role in roles and visible_key in VISIBLE.get(role, set()) else 404


@pytest.mark.parametrize("role", ROLES)
def test_pages(role, things, login):
    client = login(role)
    for page, (prefix, _roles) in PAGES.items():
        for side in ("1", "2"):
            key = prefix + side
            response = client.get(reverse(f"training:{page}", args=[things[key].pk]))
            expected = _expected(role, page, key)
            assert response.status_code == expected, f"{role} {page} {key}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_report_list_shows_only_what_is_in_scope(role, things, login):
    response = login(role).get(reverse("training:report_list"), {"per_page": 200})
    assert response.status_code == (200 if role in TRAINING else 404), role
    if response.status_code == 200:
        listed = {record.pk for record in response.context["table"].records}
        for key in ("r1", "r2"):
            assert (things[key].pk in listed) == (key in VISIBLE[role]), f"{role} lists {key}?"


@pytest.mark.parametrize("role", ROLES)
def test_exports(role, things, login):
    client = login(role)
    response = client.get(reverse("training:report_list"), {"export": "xlsx"})
    assert response.status_code == (200 if role in EXPORTS else 404), f"{role} report export"
    for page, prefix in (("attendance_session", "s"), ("course_results", "c")):
        for side in ("1", "2"):
            key = prefix + side
            response = client.get(reverse(f"training:{page}", args=[things[key].pk]), {"export": "xlsx"})
            expected = 200 if role in EXPORTS and key in VISIBLE.get(role, set()) else 404
            assert response.status_code == expected, f"{role} {page} export {key}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_writes_outside_scope_change_nothing(role, things, login):
    """POSTs on the P2 side answer 404 for everyone but the administrator, and write nothing."""
    if role == "admin":
        return
    client = login(role)
    w2 = things
    assert client.post(reverse("training:course_results", args=[w2["c2"].pk]),
                       {"action": "classify"}).status_code == 404
    assert client.post(reverse("training:course_grading", args=[w2["c2"].pk]), {}).status_code == 404
    assert client.post(reverse("training:report_add", args=[w2["k2"].pk]),
                       {"title": "x", "file": SimpleUploadedFile("x.pdf", PDF)}).status_code == 404
    assert client.post(reverse("training:attendance_session", args=[w2["s2"].pk]), {}).status_code == 404
    assert FieldReport.objects.count() == 2


def test_anonymous_is_sent_to_login(things, client):
    for page, (prefix, _roles) in PAGES.items():
        url = reverse(f"training:{page}", args=[things[prefix + "1"].pk])
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    response = client.get(reverse("training:report_list"))
    assert response.status_code == 302


# --- The API: the same expectations.

API_LISTS = {"a": "/api/v1/training/attendance/", "r": "/api/v1/training/reports/"}
API_READ = ["/api/v1/training/criteria/", "/api/v1/training/bands/", "/api/v1/training/grades/"]


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_objects(role, things, api):
    client = api(role)
    for prefix, url in API_LISTS.items():
        response = client.get(url, {"page_size": 200})
        assert response.status_code == (200 if role in TRAINING else 404), f"{role} {url}"
        if response.status_code == 200:
            listed = {row["id"] for row in response.json()["results"]}
        for side in ("1", "2"):
            key = prefix + side
            visible = key in VISIBLE.get(role, set())
            if response.status_code == 200:
                assert (things[key].pk in listed) == visible, f"{role} {url} lists {key}?"
            detail = client.get(f"{url}{things[key].pk}/")
            assert detail.status_code == (200 if visible else 404), f"{role} {url} {key}"
    for url in API_READ:
        assert client.get(url).status_code == (200 if role in TRAINING else 404), f"{role} {url}"
    for side in ("1", "2"):
        key = "c" + side
        response = client.get(f"/api/v1/training/courses/{things[key].pk}/results/")
        assert response.status_code == (200 if key in VISIBLE.get(role, set()) else 404), f"{role} results {key}"
        response = client.post(f"/api/v1/training/courses/{things[key].pk}/classify/")
        allowed = role in GRADES and key in VISIBLE.get(role, set())
        assert response.status_code == (200 if allowed else 404), f"{role} classify {key}: {response.status_code}"


def test_api_anonymous_gets_401(things, client):
    for url in [*API_LISTS.values(), *API_READ, f"/api/v1/training/courses/{things['c1'].pk}/results/"]:
        assert client.get(url).status_code == 401, url
