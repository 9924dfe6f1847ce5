"""The worker API: scope, masking, writes through the service, the upload and its history."""

import pytest

from kcn.workers.models import Worker, WorkerImport
from kcn.workers.services import worker_import

from .helpers import person, xlsx_file


@pytest.fixture
def workers(objects, user_named):
    report = worker_import(user=user_named("doanhnghiep"), enterprise=objects["ent_dv2"],
                           file=xlsx_file([person(i) for i in range(1, 6)]), file_name="ds.xlsx")
    assert report.ok
    return objects["ent_dv2"]


def test_list_is_masked_unless_revealed(api, workers):
    client = api("doanhnghiep")
    rows = client.get("/api/v1/workers/workers/").json()["results"]
    assert len(rows) == 5
    assert all("******" in row["identity_number"] for row in rows)
    rows = client.get("/api/v1/workers/workers/?reveal=1").json()["results"]
    assert {row["identity_number"] for row in rows} == {person(i)["identity_number"] for i in range(1, 6)}


def test_filters_and_search(api, workers):
    client = api("truongphong")
    assert client.get(f"/api/v1/workers/workers/?enterprise={workers.pk}").json()["count"] == 5
    assert client.get("/api/v1/workers/workers/?q=nguyen van 2").json()["count"] == 1
    expected = Worker.objects.filter(team="Tổ 2").count()
    assert client.get("/api/v1/workers/workers/?team=Tổ 2").json()["count"] == expected


@pytest.mark.parametrize("username", ["lanhdao", "quansat", "canbo", "admin"])
def test_out_of_scope_sees_nothing(api, workers, username):
    response = api(username).get("/api/v1/workers/workers/")
    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert response.json()["count"] == 0
    worker = Worker.objects.first()
    assert api(username).get(f"/api/v1/workers/workers/{worker.pk}/").status_code == 404


def test_create_update_delete(api, workers):
    client = api("doanhnghiep")
    data = {"enterprise": workers.pk, **{k: v for k, v in person(9).items() if k not in ("residence",)},
            "date_of_birth": "1999-06-15", "sex": "female", "vaccine_doses": 2}
    response = client.post("/api/v1/workers/workers/", data, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.patch(f"/api/v1/workers/workers/{pk}/", {"team": "Tổ 7"}, format="json")
    assert response.status_code == 200, response.json()
    assert Worker.objects.get(pk=pk).team == "Tổ 7"
    duplicate = client.patch(f"/api/v1/workers/workers/{pk}/", {"identity_number": person(1)["identity_number"]},
                             format="json")
    assert duplicate.status_code == 400 and "identity_number" in duplicate.json()
    bad = client.post("/api/v1/workers/workers/", {**data, "identity_number": "999999999999"}, format="json")
    assert bad.status_code == 400 and "identity_number" in bad.json()
    assert client.delete(f"/api/v1/workers/workers/{pk}/").status_code == 204
    assert not Worker.objects.filter(pk=pk).exists()


def test_upload_endpoint_is_idempotent(api, objects):
    client = api("doanhnghiep")
    enterprise = objects["ent_dv2"]
    payload = {"enterprise": enterprise.pk, "file": xlsx_file([person(1), person(2)], tax_code=enterprise.tax_code)}
    first = client.post("/api/v1/workers/uploads/", payload, format="multipart")
    assert first.status_code == 200, first.json()
    assert first.json()["added"] == 2
    again = client.post("/api/v1/workers/uploads/", {"enterprise": enterprise.pk, "file": xlsx_file(
        [person(1), person(2)], tax_code=enterprise.tax_code)}, format="multipart")
    body = again.json()
    assert (body["added"], body["changed"], body["removed"], body["unchanged"]) == (0, 0, 0, 2)
    assert Worker.objects.count() == 2
    history = client.get("/api/v1/workers/imports/").json()
    assert history["count"] == 2 and WorkerImport.objects.count() == 2


def test_upload_errors_come_back_with_rows(api, objects):
    response = api("doanhnghiep").post("/api/v1/workers/uploads/", {
        "enterprise": objects["ent_dv2"].pk, "file": xlsx_file([person(1, date_of_birth="01/01/2099")])},
        format="multipart")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["row"] == 2 and "tương lai" in error["message"]
    assert not Worker.objects.exists()


def test_upload_for_an_enterprise_out_of_scope(api, objects):
    response = api("doanhnghiep").post("/api/v1/workers/uploads/", {
        "enterprise": objects["ent_hp"].pk, "file": xlsx_file([person(1)])}, format="multipart")
    assert response.status_code == 400 and "enterprise" in response.json()
    assert api("lanhdao").post("/api/v1/workers/uploads/", {
        "enterprise": objects["ent_dv2"].pk, "file": xlsx_file([person(1)])}, format="multipart").status_code == 404
