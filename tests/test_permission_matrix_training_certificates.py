"""Permission matrix of training's certificates and feedback: every role × every page, export and API
endpoint × objects inside scope (programme P1: the demo's manager, trainer and trainee) and outside
it (programme P2, run by other people). Expectations are written out as data.

A certificate is seen by the managers of its programme, the trainers of its course and its holder;
only managers issue and revoke. Anyone, logged in or not, may check a certificate by its code.
Feedback is given by the trainee; managers read all of it, trainers only the averages.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from kcn.training.models import GradeBand
from kcn.training.services.certificates import certificates_issue
from tests.conftest import ROLES

NOBODY = {"lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"}

# Certificates each role may open (detail page, PDF, API).
VISIBLE = {
    "admin": {"cert_own", "cert_classmate", "cert_other"},
    "quanlychuongtrinh": {"cert_own", "cert_classmate"},
    "giangvien": {"cert_own", "cert_classmate"},
    "hocvien": {"cert_own"},
    **{role: set() for role in NOBODY},
}
REVOCABLE = {"admin": {"cert_own", "cert_classmate", "cert_other"}, "quanlychuongtrinh": {"cert_own", "cert_classmate"}}
LIST_ROLES = {"admin", "quanlychuongtrinh", "giangvien", "hocvien"}
EXPORT_ROLES = {"admin", "quanlychuongtrinh"}
# Courses whose certificates each role may issue.
ISSUE = {"admin": {"c1", "c2"}, "quanlychuongtrinh": {"c1"}}
# Sessions each role may score (their own enrolment's course only).
FEEDBACK_ADD = {"hocvien": {"s1"}}
# Programmes whose feedback summary each role may read; whose criteria each may edit.
SUMMARY = {"admin": {"p1", "p2"}, "quanlychuongtrinh": {"p1"}, "giangvien": {"p1"}}
CRITERIA = {"admin": {"p1", "p2"}, "quanlychuongtrinh": {"p1"}}
API_FEEDBACK_LIST = {"admin", "quanlychuongtrinh", "hocvien"}
API_CRITERIA_LIST = {"admin", "quanlychuongtrinh", "giangvien", "hocvien"}


def _passed(enrolment):
    enrolment.band = GradeBand.objects.get(course=enrolment.course, name="Giỏi")
    enrolment.result_score, enrolment.passed = Decimal("8.5"), True
    enrolment.save()


@pytest.fixture
def things(training_world):
    world = training_world
    for key in ("e1", "e2", "e3"):
        _passed(world[key])
    for key in ("c1", "c2"):
        world[key].results_published_at = timezone.now()
        world[key].save()
    own, classmate = sorted(certificates_issue(user=world["manager"], course=world["c1"], signer_name="A",
                                               signer_title="B"), key=lambda item: item.enrolment_id)
    [other] = certificates_issue(user=world["other_manager"], course=world["c2"], signer_name="C", signer_title="D")
    assert own.enrolment == world["e1"]
    return {**world, "cert_own": own, "cert_classmate": classmate, "cert_other": other}


CERTS = ("cert_own", "cert_classmate", "cert_other")


@pytest.mark.parametrize("role", ROLES)
def test_certificate_pages_and_pdf(role, things, login):
    client = login(role)
    for key in CERTS:
        pk = things[key].pk
        expected = 200 if key in VISIBLE[role] else 404
        for name in ("certificate_detail", "certificate_pdf"):
            response = client.get(reverse(f"training:{name}", args=[pk]))
            assert response.status_code == expected, f"{role} {name} {key}: {response.status_code}"
        response = client.get(reverse("training:certificate_revoke", args=[pk]))
        expected = 200 if key in REVOCABLE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} revoke {key}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_certificate_list_and_export_follow_scope(role, things, login):
    client = login(role)
    response = client.get(reverse("training:certificate_list"), {"per_page": 200})
    assert response.status_code == (200 if role in LIST_ROLES else 404), f"{role} list"
    if response.status_code == 200:
        listed = {record.pk for record in response.context["table"].records}
        for key in CERTS:
            assert (things[key].pk in listed) == (key in VISIBLE[role]), f"{role} list shows {key}?"
    response = client.get(reverse("training:certificate_list"), {"export": "csv"})
    assert response.status_code == (200 if role in EXPORT_ROLES else 404), f"{role} export"
    if response.status_code == 200:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        for key in CERTS:
            assert (things[key].code in text) == (key in VISIBLE[role]), f"{role} export shows {key}?"


@pytest.mark.parametrize("role", ROLES)
def test_issue_pages(role, things, login):
    client = login(role)
    for key in ("c1", "c2"):
        response = client.get(reverse("training:certificate_issue", args=[things[key].pk]))
        expected = 200 if key in ISSUE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} issue {key}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_public_check_is_open_to_everyone(role, things, login):
    client = login(role)
    for key in CERTS:
        response = client.get(reverse("training:certificate_verify_code", args=[things[key].code]))
        assert response.status_code == 200 and things[key].enrolment.trainee.full_name in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_feedback_pages(role, things, login):
    client = login(role)
    for key in ("s1", "s2"):
        response = client.get(reverse("training:feedback_add", args=[things[key].pk]))
        expected = 200 if key in FEEDBACK_ADD.get(role, set()) else 404
        assert response.status_code == expected, f"{role} feedback_add {key}: {response.status_code}"
    for key in ("p1", "p2"):
        response = client.get(reverse("training:feedback_summary"), {"programme": things[key].pk})
        expected = 200 if key in SUMMARY.get(role, set()) else 404
        assert response.status_code == expected, f"{role} feedback_summary {key}: {response.status_code}"
        response = client.get(reverse("training:feedback_summary"), {"programme": things[key].pk, "export": "xlsx"})
        assert response.status_code == expected, f"{role} feedback export {key}: {response.status_code}"
        response = client.get(reverse("training:feedback_criteria", args=[things[key].pk]))
        expected = 200 if key in CRITERIA.get(role, set()) else 404
        assert response.status_code == expected, f"{role} feedback_criteria {key}: {response.status_code}"


def test_anonymous(things, client):
    private = [reverse("training:certificate_list"), reverse("training:feedback_summary"),
               reverse("training:certificate_issue", args=[things["c1"].pk]),
               reverse("training:feedback_add", args=[things["s1"].pk]),
               reverse("training:feedback_criteria", args=[things["p1"].pk])]
    for key in CERTS:
        private += [reverse(f"training:{name}", args=[things[key].pk])
                    for name in ("certificate_detail", "certificate_pdf", "certificate_revoke")]
    for url in private:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    for key in CERTS:
        code = things[key].code
        assert client.get(reverse("training:certificate_verify"), {"code": code}).status_code == 200
        assert client.get(reverse("training:certificate_verify_code", args=[code])).status_code == 200
    anonymous = APIClient()
    assert anonymous.get(f"/api/v1/training/certificates/verify/{things['cert_other'].code}/").status_code == 200
    for url in ("/api/v1/training/certificates/", "/api/v1/training/feedback/", "/api/v1/training/feedback-criteria/",
                f"/api/v1/training/feedback-stats/{things['p1'].pk}/"):
        assert anonymous.get(url).status_code == 401, url


# --- The API: the same expectations.


@pytest.mark.parametrize("role", ROLES)
def test_api_certificates(role, things, api):
    client = api(role)
    response = client.get("/api/v1/training/certificates/", {"page_size": 500})
    assert response.status_code == (200 if role in LIST_ROLES else 404), f"{role} api list"
    if response.status_code == 200:
        listed = {row["id"] for row in response.json()["results"]}
        for key in CERTS:
            assert (things[key].pk in listed) == (key in VISIBLE[role]), f"{role} api list shows {key}?"
    for key in CERTS:
        response = client.get(f"/api/v1/training/certificates/{things[key].pk}/")
        assert response.status_code == (200 if key in VISIBLE[role] else 404), f"{role} api get {key}"
        # An empty reason: 400 where the role may revoke it, else 404 — nothing is revoked either way.
        response = client.post(f"/api/v1/training/certificates/{things[key].pk}/revoke/", {"reason": ""},
                               format="json")
        expected = 400 if key in REVOCABLE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} api revoke {key}: {response.status_code}"
    for key in ("c1", "c2"):
        response = client.post("/api/v1/training/certificates/issue/", {
            "course": things[key].pk, "signer_name": "A", "signer_title": "B"}, format="json")
        expected = 201 if key in ISSUE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} api issue {key}: {response.status_code}"
        if expected == 201:
            assert response.json() == []  # all issued already


@pytest.mark.parametrize("role", ROLES)
def test_api_feedback(role, things, api):
    client = api(role)
    response = client.get("/api/v1/training/feedback/")
    assert response.status_code == (200 if role in API_FEEDBACK_LIST else 404), f"{role} api feedback list"
    response = client.get("/api/v1/training/feedback-criteria/", {"page_size": 500})
    assert response.status_code == (200 if role in API_CRITERIA_LIST else 404), f"{role} api criteria list"
    for key in ("p1", "p2"):
        response = client.get(f"/api/v1/training/feedback-stats/{things[key].pk}/")
        expected = 200 if key in SUMMARY.get(role, set()) else 404
        assert response.status_code == expected, f"{role} api stats {key}: {response.status_code}"
    criteria = things["p1"].feedback_criteria.all()
    body = {"session": things["s1"].pk, "scores": [{"criterion": item.pk, "score": "8"} for item in criteria]}
    response = client.post("/api/v1/training/feedback/", body, format="json")
    expected = 201 if "s1" in FEEDBACK_ADD.get(role, set()) else 404
    assert response.status_code == expected, f"{role} api feedback post: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_api_feedback_criteria_save(role, things, api):
    client = api(role)
    for key in ("p1", "p2"):
        current = [{"id": item.pk, "text": item.text, "order": item.order, "is_active": item.is_active}
                   for item in things[key].feedback_criteria.all()]
        response = client.post("/api/v1/training/feedback-criteria/save/",
                               {"programme": things[key].pk, "criteria": current}, format="json")
        expected = 200 if key in CRITERIA.get(role, set()) else 404
        assert response.status_code == expected, f"{role} api criteria save {key}: {response.status_code}"
        if expected == 200:
            assert [row["id"] for row in response.json()] == [row["id"] for row in current]
