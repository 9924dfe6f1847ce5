"""The worker registry's permission matrix: every role × the worker pages, exports and API, with a
worker inside and one outside each role's scope (a worker of the Hải Phòng board is outside all).

Personal data above all: only the enterprise itself and the department monitoring its zone see a
worker; board leaders, observers, administrators and the training roles see none. Expectations
are written out as data.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from kcn.workers.models import Worker
from tests.conftest import ROLES

# Workers of: the demo enterprise (zone HNA-DV2, monitored by QLDN: truongphong), an enterprise of
# HNA-CS (monitored by QLMT: canbo), and the Hải Phòng board's enterprise.
WORKERS = {"w_dv2": "ent_dv2", "w_cs": "ent_cs", "w_hp": "ent_hp"}

VISIBLE = {
    "admin": set(), "lanhdao": set(), "quansat": set(), "quanlychuongtrinh": set(), "giangvien": set(),
    "hocvien": set(),
    "truongphong": {"w_dv2"}, "canbo": {"w_cs"}, "doanhnghiep": {"w_dv2"},
}
CHANGEABLE = {"truongphong": {"w_dv2"}, "canbo": {"w_cs"}, "doanhnghiep": {"w_dv2"}}
DELETABLE = {"doanhnghiep": {"w_dv2"}}
ADD_ROLES = {"doanhnghiep"}
UPLOAD_ROLES = {"doanhnghiep", "truongphong", "canbo"}
EXPORT_ROLES = {"doanhnghiep", "truongphong", "canbo"}
# Whose list a role can open (?enterprise=…), by the enterprise's key.
LISTABLE = {"doanhnghiep": {"ent_dv2"}, "truongphong": {"ent_dv2"}, "canbo": {"ent_cs"}}
SERIALS = {"w_dv2": 1, "w_cs": 2, "w_hp": 3}


def _number(key):
    return f"035095{SERIALS[key]:06d}"


@pytest.fixture
def workers(objects):
    made = {}
    for key, enterprise in WORKERS.items():
        made[key] = Worker.objects.create(enterprise=objects[enterprise], identity_number=_number(key),
                                          full_name=f"Người lao động {key}", phone=f"09{SERIALS[key]:08d}")
    return made


@pytest.mark.parametrize("role", ROLES)
def test_worker_pages(role, workers, login):
    client = login(role)
    for key, worker in workers.items():
        seen = key in VISIBLE[role]
        assert client.get(reverse("workers:worker_detail", args=[worker.pk])).status_code == (200 if seen else 404), key
        changeable = key in CHANGEABLE.get(role, set())
        assert client.get(reverse("workers:worker_edit", args=[worker.pk])).status_code == (
            200 if changeable else 404), key
        deletable = key in DELETABLE.get(role, set())
        assert client.get(reverse("workers:worker_delete", args=[worker.pk])).status_code == (
            200 if deletable else 404), key
    assert client.get(reverse("workers:worker_add")).status_code == (200 if role in ADD_ROLES else 404)
    assert client.get(reverse("workers:upload")).status_code == (200 if role in UPLOAD_ROLES else 404)
    assert client.get(reverse("workers:upload_template", args=["xlsx"])).status_code == (
        200 if role in UPLOAD_ROLES else 404)
    assert client.get(reverse("workers:import_list")).status_code == (200 if role in UPLOAD_ROLES else 404)


@pytest.mark.parametrize("role", ROLES)
def test_worker_lists_show_only_what_is_in_scope(role, workers, objects, login):
    client = login(role)
    for enterprise in ("ent_dv2", "ent_cs", "ent_hp"):
        response = client.get(reverse("workers:worker_list"), {"enterprise": objects[enterprise].pk, "reveal": "1"})
        if not VISIBLE[role]:
            assert response.status_code == 404
            continue
        text = response.content.decode()
        names = {key for key in WORKERS if f"Người lao động {key}" in text}
        expected = {key for key, ent in WORKERS.items() if ent == enterprise} if enterprise in LISTABLE[role] else set()
        assert names == expected, (enterprise, names)
        for key in names:
            # Revealed for the entitled: the full number is there.
            assert _number(key) in text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_follow_scope_and_mask(role, fmt, workers, objects, login):
    client = login(role)
    for enterprise in ("ent_dv2", "ent_cs", "ent_hp"):
        response = client.get(reverse("workers:worker_list"), {"enterprise": objects[enterprise].pk, "export": fmt})
        if role not in EXPORT_ROLES or enterprise not in LISTABLE[role]:
            assert response.status_code == 404
            continue
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
        else:
            body = b"".join(response.streaming_content).decode("utf-8-sig")
            rows = [line.split(",") for line in body.strip().splitlines()[1:]]
        keys = [key for key, ent in WORKERS.items() if ent == enterprise]
        assert len(rows) == len(keys)
        for row in rows:
            assert "******" in row[1] and row[1] not in {_number(k) for k in WORKERS}


@pytest.mark.parametrize("role", ROLES)
def test_api_follows_scope(role, workers, api):
    client = api(role)
    response = client.get("/api/v1/workers/workers/?reveal=1")
    if not VISIBLE[role]:
        assert response.status_code == 404
    else:
        numbers = {row["identity_number"] for row in response.json()["results"]}
        assert numbers == {_number(key) for key in VISIBLE[role]}
    for key, worker in workers.items():
        status = client.get(f"/api/v1/workers/workers/{worker.pk}/").status_code
        assert status == (200 if key in VISIBLE[role] else 404), key
        patch = client.patch(f"/api/v1/workers/workers/{worker.pk}/", {"team": "Tổ X"}, format="json")
        assert patch.status_code == (200 if key in CHANGEABLE.get(role, set()) else 404), key
    imports = client.get("/api/v1/workers/imports/")
    assert imports.status_code == (200 if role in UPLOAD_ROLES else 404)


def test_api_delete_outside_scope_deletes_nothing(workers, api):
    client = api("doanhnghiep")
    assert client.delete(f"/api/v1/workers/workers/{workers['w_cs'].pk}/").status_code == 404
    assert client.delete(f"/api/v1/workers/workers/{workers['w_hp'].pk}/").status_code == 404
    assert api("truongphong").delete(f"/api/v1/workers/workers/{workers['w_dv2'].pk}/").status_code == 404
    assert Worker.objects.count() == 3


def test_anonymous(workers, client):
    response = client.get(reverse("workers:worker_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/workers/workers/").status_code == 401
