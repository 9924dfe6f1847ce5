"""Permission matrix of tracing: every role × the tracing pages and API × a case (and its contact)
in each of three places: KCN Đồng Văn II (the demo enterprise; QLDN monitors it), KCN Châu Sơn
(QLMT monitors it; QLDN consolidates) and the Hải Phòng board (nobody's but the administrator's).

Cases name people and their health: only the enterprise, the monitoring department, the
consolidating department and the board's leaders see them; observers and everyone else nothing.
Expectations are written out as data.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.accounts.models import User
from kcn.tracing import services
from kcn.tracing.models import Contact
from kcn.tracing.tests.factories import ensure_default_rule, make_workers
from tests.conftest import ROLES

PLACES = ("dv2", "cs", "hp")

VISIBLE = {
    "admin": set(),  # cases are personal health data: not the administrator's
    "lanhdao": {"dv2", "cs"},
    "truongphong": {"dv2", "cs"},  # monitors DV2, consolidates the board
    "canbo": {"cs"},
    "doanhnghiep": {"dv2"},
    "quansat": set(), "quanlychuongtrinh": set(), "giangvien": set(), "hocvien": set(),
}
CHANGEABLE = {  # propose again, update a contact's status
    "truongphong": {"dv2"},
    "canbo": {"cs"},
    "doanhnghiep": {"dv2"},
}
DECIDES = {"truongphong": {"dv2"}, "canbo": {"cs"}}  # confirm or reject
LIST_ROLES = {"lanhdao", "truongphong", "canbo", "doanhnghiep"}
RECORD_ROLES = {"truongphong", "canbo", "doanhnghiep"}
RULE_READERS = LIST_ROLES | {"admin"}
RULE_PUBLISHERS = {"admin"}


@pytest.fixture
def cases(objects, user_named):
    ensure_default_rule()
    today = timezone.localdate()
    # A superuser (scope does not apply) records a case in each board.
    admin = User.objects.create(username="root", role="admin", is_superuser=True)
    result = {}
    for place in PLACES:
        enterprise = objects[f"ent_{place}"]
        f0, f1 = make_workers(enterprise, [
            {"full_name": f"Người bệnh {place}", "team": "Tổ 1", "shift": "Ca 1"},
            {"full_name": f"Đồng nghiệp {place}", "team": "Tổ 1", "shift": "Ca 1"},
        ])
        case = services.case_record(user=admin, identity_number=f0.identity_number,
                                    positive_test_date=today - datetime.timedelta(days=1))
        contact = Contact.objects.get(case=case)
        services.contacts_decide(user=admin, contact_ids=[contact.pk], decision="confirmed")
        result[place] = (case, contact)
    return result


@pytest.mark.parametrize("role", ROLES)
def test_case_list_shows_only_cases_in_scope(role, cases, login):
    response = login(role).get(reverse("tracing:case_list"))
    if role not in LIST_ROLES:
        assert response.status_code == 404
        return
    page = response.content.decode()
    for place in PLACES:
        assert (f"Người bệnh {place}" in page) == (place in VISIBLE[role]), place


@pytest.mark.parametrize("role", ROLES)
def test_case_list_export_holds_only_cases_in_scope(role, cases, login):
    response = login(role).get(reverse("tracing:case_list"), {"export": "csv"})
    if role not in LIST_ROLES:
        assert response.status_code == 404
        return
    text = b"".join(response.streaming_content).decode()
    for place in PLACES:
        assert (f"Người bệnh {place}" in text) == (place in VISIBLE[role]), place


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", PLACES)
def test_case_page_and_contacts_export(role, place, cases, login):
    case, _contact = cases[place]
    client = login(role)
    expected = 200 if place in VISIBLE[role] else 404
    assert client.get(reverse("tracing:case_detail", args=[case.pk])).status_code == expected
    assert client.get(reverse("tracing:contact_export", args=[case.pk])).status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", PLACES)
def test_writes_on_a_case(role, place, cases, login):
    case, contact = cases[place]
    client = login(role)
    may_change = place in CHANGEABLE.get(role, set())
    assert client.get(reverse("tracing:contact_status", args=[contact.pk])).status_code == (
        200 if may_change else 404)
    response = client.post(reverse("tracing:case_propose", args=[case.pk]))
    assert response.status_code == (302 if may_change else 404)
    extra = make_workers(case.enterprise, [{"full_name": "Bạn ăn trưa"}])[0]
    response = client.post(reverse("tracing:contact_add", args=[case.pk]),
                           {"identity_number": extra.identity_number, "link": "Ăn trưa cùng bàn"})
    assert response.status_code == (302 if may_change else 404)
    assert Contact.objects.filter(case=case, worker=extra).exists() == may_change
    response = client.post(reverse("tracing:contact_decide", args=[case.pk]),
                           {"decision": "rejected", "contact": [contact.pk]})
    contact.refresh_from_db()
    if place in DECIDES.get(role, set()):
        assert contact.decision == "rejected"
    else:
        assert response.status_code == 404 and contact.decision == "confirmed"


@pytest.mark.parametrize("role", ROLES)
def test_record_and_rule_pages(role, cases, login):
    client = login(role)
    assert client.get(reverse("tracing:case_add")).status_code == (200 if role in RECORD_ROLES else 404)
    response = client.get(reverse("tracing:rule_list"))
    assert response.status_code == (200 if role in RULE_READERS else 404)
    if response.status_code == 200:
        assert ("Công bố phiên bản mới" in response.content.decode()) == (role in RULE_PUBLISHERS)


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_details(role, cases, api):
    client = api(role)
    for resource in ("cases", "contacts"):
        response = client.get(f"/api/v1/tracing/{resource}/")
        if role not in LIST_ROLES:
            assert response.status_code == 404
            continue
        ids = {row["id"] for row in response.json()["results"]}
        for place in PLACES:
            case, contact = cases[place]
            obj = case if resource == "cases" else contact
            assert (obj.pk in ids) == (place in VISIBLE[role]), (resource, place)
            detail = client.get(f"/api/v1/tracing/{resource}/{obj.pk}/")
            assert detail.status_code == (200 if place in VISIBLE[role] else 404)
    assert client.get("/api/v1/tracing/rules/").status_code == (200 if role in RULE_READERS else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("place", PLACES)
def test_api_writes(role, place, cases, api):
    case, contact = cases[place]
    client = api(role)
    may_change = place in CHANGEABLE.get(role, set())
    assert client.post(f"/api/v1/tracing/cases/{case.pk}/propose/").status_code == (200 if may_change else 404)
    extra = make_workers(case.enterprise, [{"full_name": "Bạn đi chung xe"}])[0]
    response = client.post(f"/api/v1/tracing/cases/{case.pk}/contacts/",
                           {"identity_number": extra.identity_number, "link": "Đi chung xe máy"}, format="json")
    assert response.status_code == (201 if may_change else 404)
    response = client.post(f"/api/v1/tracing/contacts/{contact.pk}/reject/")
    assert response.status_code == (200 if place in DECIDES.get(role, set()) else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_record_outside_scope_is_refused(role, cases, api, objects):
    """Recording a case for a Hải Phòng worker: nobody of the demo board reaches that worker."""
    worker = make_workers(objects["ent_hp"], [{"full_name": "Người lao động Hải Phòng"}])[0]
    response = api(role).post("/api/v1/tracing/cases/", {
        "identity_number": worker.identity_number, "positive_test_date": str(timezone.localdate())}, format="json")
    if role in RECORD_ROLES:
        assert response.status_code == 400 and "identity_number" in response.json()
    else:
        assert response.status_code == 404
