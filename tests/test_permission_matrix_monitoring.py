"""The permission matrix of health monitoring: every role × every page and API endpoint × an
object inside and one outside scope (the Hải Phòng board of tests/conftest.py).

Expectations are written out as data. Personal data (returnees, health declarations) is seen by
the enterprise and the department monitoring its zone only, never by leaders or observers.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.accounts.models import User
from kcn.monitoring.models import (
    CommitmentAcknowledgement,
    CommitmentText,
    HealthDeclaration,
    HotlineCall,
    OutbreakArea,
    TravelDeclaration,
)
from kcn.registry.models import Province
from kcn.workers.models import Worker
from tests.conftest import ROLES

TODAY = timezone.localdate()
MONTH = datetime.timedelta(days=30)


@pytest.fixture
def mon(objects):
    """Monitoring rows on the demo board (HN) and on the Hải Phòng board (HP)."""
    admin = User.objects.get(username="admin")
    hn_board, hp_board = objects["zone_dv2"].board, objects["zone_hp"].board
    ha_noi = Province.objects.get(code=1)
    rows = {
        "area_hn": OutbreakArea.objects.create(board=hn_board, province=ha_noi, start_date=TODAY - MONTH,
                                               quarantine_days=14, self_isolation_days=7),
        "area_hp": OutbreakArea.objects.create(board=hp_board, province=ha_noi, start_date=TODAY - MONTH,
                                               quarantine_days=14, self_isolation_days=7),
        "text_hn": CommitmentText.objects.create(board=hn_board, version=1, title="Cam kết", body="…",
                                                 published_on=TODAY, published_by=admin),
        "text_hp": CommitmentText.objects.create(board=hp_board, version=1, title="Cam kết HP", body="…",
                                                 published_on=TODAY, published_by=admin),
        "call_hn": HotlineCall.objects.create(board=hn_board, called_at=timezone.now(), caller_name="Anh Nam",
                                              question="Hỏi về cách ly", handled_by=admin),
        "call_hp": HotlineCall.objects.create(board=hp_board, called_at=timezone.now(), caller_name="Chị Hoa",
                                              question="Hỏi về xét nghiệm", handled_by=admin),
    }
    for key in ("dv2", "cs", "hp"):
        enterprise = objects[f"ent_{key}"]
        worker = Worker.objects.create(enterprise=enterprise, identity_number=f"0350000000{len(rows):02d}",
                                       full_name=f"Người lao động {key}")
        area = rows["area_hp" if key == "hp" else "area_hn"]
        rows[f"travel_{key}"] = TravelDeclaration.objects.create(
            enterprise=enterprise, worker=worker, area=area, return_date=TODAY, quarantine_days=14,
            self_isolation_days=7, quarantine_end=TODAY + datetime.timedelta(13),
            isolation_end=TODAY + datetime.timedelta(20), declared_by=admin)
        rows[f"health_{key}"] = HealthDeclaration.objects.create(enterprise=enterprise, worker=worker, date=TODAY,
                                                                 fever=True, symptomatic=True, declared_by=admin)
        rows[f"ack_{key}"] = CommitmentAcknowledgement.objects.create(
            text=rows["text_hp" if key == "hp" else "text_hn"], enterprise=enterprise, signer_name="Giám đốc",
            signer_position="Giám đốc", signed_on=TODAY, acknowledged_by=admin)
    return rows


BOARD_HN = {"lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"}
ALL = {"area_hn", "area_hp", "text_hn", "text_hp", "call_hn", "call_hp", "travel_dv2", "travel_cs", "travel_hp",
       "health_dv2", "health_cs", "health_hp", "ack_dv2", "ack_cs", "ack_hp"}

# Rows each role may see (list, detail, API).
VISIBLE = {
    # Personal data is never the administrator's (only a superuser bypasses scope).
    "admin": ALL - {"travel_dv2", "travel_cs", "travel_hp", "health_dv2", "health_cs", "health_hp"},
    "lanhdao": {"area_hn", "text_hn", "call_hn", "ack_dv2", "ack_cs"},
    "truongphong": {"area_hn", "text_hn", "call_hn", "travel_dv2", "health_dv2", "ack_dv2"},
    "canbo": {"area_hn", "text_hn", "call_hn", "travel_cs", "health_cs", "ack_cs"},
    "doanhnghiep": {"area_hn", "text_hn", "travel_dv2", "health_dv2", "ack_dv2"},
    "quansat": {"area_hn", "text_hn", "ack_dv2", "ack_cs"},
    "quanlychuongtrinh": set(),
    "giangvien": set(),
    "hocvien": set(),
}
# Rows each role may edit (edit page).
CHANGEABLE = {
    "admin": {"area_hn", "area_hp", "text_hn", "text_hp", "call_hn", "call_hp"},
    "lanhdao": {"area_hn", "text_hn"},
    "truongphong": {"area_hn", "text_hn", "call_hn", "travel_dv2"},  # QLDN consolidates the board's work
    "canbo": {"call_hn", "travel_cs"},
    "doanhnghiep": {"travel_dv2"},
}
# Add pages each role may open.
ADDABLE = {
    "admin": {"area", "rule", "commitment", "call"},
    "lanhdao": {"area", "rule", "commitment"},
    "truongphong": {"area", "rule", "travel", "commitment", "call"},
    "canbo": {"travel", "call"},
    "doanhnghiep": {"travel"},
}
LIST_ROLES = {
    "area": {"admin"} | BOARD_HN,
    "commitment": {"admin"} | BOARD_HN,
    "call": {"admin", "lanhdao", "truongphong", "canbo"},
    "travel": {"truongphong", "canbo", "doanhnghiep"},
    "health": {"truongphong", "canbo", "doanhnghiep"},
}
EXPORT_ROLES = {"area": LIST_ROLES["area"] - {"doanhnghiep"}, "commitment": LIST_ROLES["commitment"] - {"doanhnghiep"},
                "call": LIST_ROLES["call"], "travel": LIST_ROLES["travel"], "health": LIST_ROLES["health"]}
DETAIL = {"area": "monitoring:area_detail", "text": "monitoring:commitment_detail", "call": "monitoring:call_detail",
          "travel": "monitoring:travel_detail"}
EDIT = {"area": "monitoring:area_edit", "text": "monitoring:commitment_edit", "call": "monitoring:call_edit",
        "travel": "monitoring:travel_edit"}
LISTS = {"area": "monitoring:area_list", "commitment": "monitoring:commitment_list", "call": "monitoring:call_list",
         "travel": "monitoring:travel_list", "health": "monitoring:health_list"}
LIST_OF = {"area": "area", "text": "commitment", "call": "call", "travel": "travel", "health": "health"}
API = {"area": "area", "text": "commitment", "call": "call", "travel": "returnee", "health": "health",
       "ack": "acknowledgement"}
API_ROLES = {**LIST_ROLES, "ack": {"admin", "lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"}}


def _kind(key):
    return key.split("_")[0]


@pytest.mark.parametrize("role", ROLES)
def test_detail_and_edit_pages(role, mon, login):
    client = login(role)
    for key, obj in mon.items():
        kind = _kind(key)
        if kind in DETAIL:
            response = client.get(reverse(DETAIL[kind], args=[obj.pk]))
            expected = 200 if key in VISIBLE[role] else 404
            assert response.status_code == expected, f"{role} detail {key}"
        if kind in EDIT:
            response = client.get(reverse(EDIT[kind], args=[obj.pk]))
            expected = 200 if key in CHANGEABLE.get(role, set()) else 404
            assert response.status_code == expected, f"{role} edit {key}"


@pytest.mark.parametrize("role", ROLES)
def test_list_pages_show_only_what_is_in_scope(role, mon, login):
    client = login(role)
    for name, url_name in LISTS.items():
        response = client.get(reverse(url_name), {"per_page": 200})
        expected = 200 if role in LIST_ROLES[name] else 404
        assert response.status_code == expected, f"{role} list {name}"
        if expected != 200:
            continue
        listed = {record.pk for record in response.context["table"].records}
        for key, obj in mon.items():
            if LIST_OF.get(_kind(key)) == name:
                assert (obj.pk in listed) == (key in VISIBLE[role]), f"{role} list {name} shows {key}?"


@pytest.mark.parametrize("role", ROLES)
def test_exports_follow_scope(role, mon, login):
    client = login(role)
    for name, url_name in LISTS.items():
        response = client.get(reverse(url_name), {"export": "csv"})
        expected = 200 if role in EXPORT_ROLES[name] else 404
        assert response.status_code == expected, f"{role} export {name}"
        if expected != 200 or name not in ("travel", "health"):
            continue
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        for key in ("dv2", "cs", "hp"):
            worker = mon[f"{name}_{key}"].worker
            assert (worker.identity_number in text) == (f"{name}_{key}" in VISIBLE[role]), f"{role} {name} {key}"


@pytest.mark.parametrize("role", ROLES)
def test_add_pages(role, mon, login):
    client = login(role)
    for name in ("area", "rule", "travel", "commitment", "call"):
        response = client.get(reverse(f"monitoring:{name}_add"))
        expected = 200 if name in ADDABLE.get(role, set()) else 404
        assert response.status_code == expected, f"{role} add {name}"


@pytest.mark.parametrize("role", ROLES)
def test_workflow_pages(role, mon, login):
    """The daily sheet and the uploads: who declares; the pending list: who follows up."""
    client = login(role)
    declares = role in {"truongphong", "canbo", "doanhnghiep"}
    for url_name in ("monitoring:health_sheet", "monitoring:health_import", "monitoring:travel_import"):
        assert client.get(reverse(url_name)).status_code == (200 if declares else 404), f"{role} {url_name}"
    follows = role in {"admin", "lanhdao", "truongphong", "canbo", "quansat"}
    for key in ("text_hn", "text_hp"):
        response = client.get(reverse("monitoring:commitment_pending", args=[mon[key].pk]))
        expected = 200 if follows and key in VISIBLE[role] else 404
        assert response.status_code == expected, f"{role} pending {key}"


@pytest.mark.parametrize("role", ROLES)
def test_api_follows_scope(role, mon, api):
    client = api(role)
    for kind, basename in API.items():
        response = client.get(reverse(f"monitoring-api:{basename}-list"), {"page_size": 500})
        expected = 200 if role in API_ROLES[LIST_OF.get(kind, kind)] else 404
        assert response.status_code == expected, f"{role} api list {kind}"
        listed = {row["id"] for row in response.json()["results"]} if expected == 200 else set()
        for key, obj in mon.items():
            if _kind(key) != kind:
                continue
            assert (obj.pk in listed) == (key in VISIBLE[role]), f"{role} api list shows {key}?"
            detail = client.get(reverse(f"monitoring-api:{basename}-detail", args=[obj.pk]))
            assert detail.status_code == (200 if key in VISIBLE[role] else 404), f"{role} api detail {key}"


def test_anonymous_is_refused(mon, client):
    for url_name in LISTS.values():
        response = client.get(reverse(url_name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("monitoring-api:area-list")).status_code == 401
