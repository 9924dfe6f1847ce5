"""The monitoring API: the same rules and scope as the pages."""

import datetime

from django.urls import reverse

from kcn.monitoring import services
from kcn.monitoring.models import HealthDeclaration

DAY = datetime.timedelta(days=1)


def test_area_defaults_and_writers(board, api, today):
    data = {"board": board.pk, "province": 1, "start_date": today.isoformat()}
    response = api("truongphong").post(reverse("monitoring-api:area-list"), data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["quarantine_days"] == 14 and response.json()["place_name"] == "Thành phố Hà Nội"
    assert api("canbo").post(reverse("monitoring-api:area-list"), data, format="json").status_code == 404
    assert api("doanhnghiep").post(reverse("monitoring-api:area-list"), data, format="json").status_code == 404


def test_returnee_through_the_api(area, workers_dv2, api, today):
    client = api("doanhnghiep")
    response = client.post(reverse("monitoring-api:returnee-list"), {
        "worker": workers_dv2[0].pk, "area": area.pk, "return_date": (today - 14 * DAY).isoformat()}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "self_isolation"
    assert body["isolation_start"] == today.isoformat() and body["isolation_end"] == (today + 6 * DAY).isoformat()
    future = client.post(reverse("monitoring-api:returnee-list"), {
        "worker": workers_dv2[1].pk, "area": area.pk, "return_date": (today + DAY).isoformat()}, format="json")
    assert future.status_code == 400 and "return_date" in future.json()
    # canbo (HNA-CS) cannot name a worker of HNA-DV2: refused like one that does not exist.
    other = api("canbo").post(reverse("monitoring-api:returnee-list"), {
        "worker": workers_dv2[1].pk, "area": area.pk, "return_date": today.isoformat()}, format="json")
    assert other.status_code == 400 and "worker" in other.json()


def test_health_declaration_posted_twice_updates(workers_dv2, api, today):
    client = api("doanhnghiep")
    url = reverse("monitoring-api:health-list")
    first = client.post(url, {"worker": workers_dv2[0].pk, "date": today.isoformat(), "cough": True}, format="json")
    second = client.post(url, {"worker": workers_dv2[0].pk, "date": today.isoformat(), "cough": True,
                               "fever": True}, format="json")
    assert first.status_code == 201 and second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and second.json()["fever"] and second.json()["symptomatic"]
    assert HealthDeclaration.objects.count() == 1
    future = client.post(url, {"worker": workers_dv2[0].pk, "date": (today + DAY).isoformat()}, format="json")
    assert future.status_code == 400 and "date" in future.json()


def test_commitment_acknowledge_pending_and_remind(board, ent_dv2, api, user_named, today):
    text = services.commitment_publish(user=user_named("lanhdao"), data={
        "board": board, "title": "Cam kết", "body": "5K"})
    response = api("doanhnghiep").post(reverse("monitoring-api:acknowledgement-list"), {
        "text": text.pk, "enterprise": ent_dv2.pk, "signer_name": "Kim Min-jun", "signer_position": "Tổng giám đốc",
        "signed_on": today.isoformat()}, format="json")
    assert response.status_code == 201, response.json()
    pending = api("truongphong").get(reverse("monitoring-api:commitment-pending", args=[text.pk]))
    assert pending.status_code == 200 and ent_dv2.pk not in {row["id"] for row in pending.json()["results"]}
    assert api("doanhnghiep").get(reverse("monitoring-api:commitment-pending", args=[text.pk])).status_code == 404
    reminded = api("lanhdao").post(reverse("monitoring-api:commitment-remind", args=[text.pk]))
    assert reminded.status_code == 200 and reminded.json()["reminded"] == 59


def test_hotline_call_through_the_api(board, api):
    response = api("canbo").post(reverse("monitoring-api:call-list"), {
        "board": board.pk, "caller_name": "Anh Bình", "question": "Hỏi về xét nghiệm"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["handled_by_name"]
    assert api("doanhnghiep").get(reverse("monitoring-api:call-list")).status_code == 404
