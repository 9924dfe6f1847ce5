"""The tracing API: record with the page's validation, decide, statuses, rules; scoped like the pages."""

import datetime

import pytest

from kcn.tracing.models import Case, Contact

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_record_decide_and_status_through_the_api(floor, api, today):
    client = api("truongphong")
    response = client.post("/api/v1/tracing/cases/", {
        "identity_number": floor["An"].identity_number, "positive_test_date": str(today - DAY)}, format="json")
    assert response.status_code == 201, response.content
    case_id = response.json()["id"]
    assert response.json()["identity_number_masked"].endswith(floor["An"].identity_number[-2:])
    contacts = client.get("/api/v1/tracing/contacts/", {"case": case_id, "generation": 1}).json()["results"]
    assert {c["worker_name"] for c in contacts} == {"Trần Thị Bình", "Lê Văn Giang"}
    binh = next(c for c in contacts if c["worker_name"] == "Trần Thị Bình")
    assert client.post(f"/api/v1/tracing/contacts/{binh['id']}/confirm/").json()["decision"] == "confirmed"
    response = client.post(f"/api/v1/tracing/contacts/{binh['id']}/status/",
                           {"status": "isolating", "on": str(today)}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "isolating"
    others = list(Contact.objects.filter(case_id=case_id, generation=1).exclude(pk=binh["id"])
                  .values_list("pk", flat=True))
    response = client.post(f"/api/v1/tracing/cases/{case_id}/decide/", {"contacts": others, "decision": "rejected"},
                           format="json")
    assert response.status_code == 200 and response.json()["changed"] >= 1
    assert client.post(f"/api/v1/tracing/cases/{case_id}/propose/").json() == {"added": 0}


def test_api_refuses_bad_input_with_field_messages(floor, api, today):
    response = api("truongphong").post("/api/v1/tracing/cases/", {
        "identity_number": floor["An"].identity_number, "positive_test_date": str(today + DAY)}, format="json")
    assert response.status_code == 400
    assert "tương lai" in response.json()["positive_test_date"][0]
    response = api("truongphong").post("/api/v1/tracing/cases/", {
        "identity_number": "035099999999", "positive_test_date": str(today)}, format="json")
    assert response.status_code == 400 and "identity_number" in response.json()
    assert not Case.objects.exists()


def test_api_scope(floor, api, today):
    response = api("canbo").post("/api/v1/tracing/cases/", {
        "identity_number": floor["Khoa"].identity_number, "positive_test_date": str(today)}, format="json")
    case_id = response.json()["id"]
    assert api("lanhdao").get(f"/api/v1/tracing/cases/{case_id}/").status_code == 200
    assert api("truongphong").get(f"/api/v1/tracing/cases/{case_id}/").status_code == 200
    assert api("truongphong").post(f"/api/v1/tracing/cases/{case_id}/propose/").status_code == 404
    for username in ("doanhnghiep", "quansat", "quanlychuongtrinh"):
        assert api(username).get(f"/api/v1/tracing/cases/{case_id}/").status_code == 404
    assert api("quansat").get("/api/v1/tracing/cases/").status_code == 404


def test_rules_are_read_by_staff_and_published_by_the_administrator(rule, demo, api):
    assert api("canbo").get("/api/v1/tracing/rules/").json()["results"][0]["version"] == 1
    body = {"valid_from": "2026-01-01", "groups": [{"fields": ["team", "shift"]}], "generations": 2}
    assert api("canbo").post("/api/v1/tracing/rules/", body, format="json").status_code == 404
    response = api("admin").post("/api/v1/tracing/rules/", body, format="json")
    assert response.status_code == 201 and response.json()["version"] == 2
    bad = api("admin").post("/api/v1/tracing/rules/", {**body, "groups": [{"fields": ["salary"]}]}, format="json")
    assert bad.status_code == 400 and "groups" in bad.json()


def test_a_contact_is_added_through_the_api_and_a_stranger_is_refused(floor, api, today, user_named):
    from kcn.tracing import services

    case = services.case_record(user=user_named("truongphong"), identity_number=floor["An"].identity_number,
                                positive_test_date=today - DAY)
    url = f"/api/v1/tracing/cases/{case.pk}/contacts/"
    response = api("truongphong").post(url, {"identity_number": floor["Ích"].identity_number,
                                             "link": "Đi chung xe máy"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["generation"], response.json()["decision"]) == (1, "confirmed")
    response = api("truongphong").post(url, {"identity_number": "001099000001", "link": "x"}, format="json")
    assert response.status_code == 400 and "Không có người lao động" in response.json()["identity_number"][0]
    # Out of scope: the case is not found.
    assert api("canbo").post(url, {"identity_number": floor["Em"].identity_number, "link": "x"},
                             format="json").status_code == 404
