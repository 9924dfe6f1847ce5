"""The registry API as each demo role uses it, with real token authentication.

The rule under test everywhere: a row outside the user's scope, a role that may not attempt an
action and an id that does not exist all answer 404, and every write goes through the services.
"""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from kcn.registry.demo import demo_tax_codes
from kcn.registry.models import Enterprise, Province, Zone, ZoneAssignment

ENTERPRISES = reverse("registry-api:enterprise-list")
ZONES = reverse("registry-api:zone-list")
ASSIGNMENTS = reverse("registry-api:assignment-list")


def enterprise_url(pk):
    return reverse("registry-api:enterprise-detail", args=[pk])



def zone(code):
    return Zone.objects.get(code=code)


def new_tax_code(seed=2026):
    """A valid tax code that the demo (prefix 07) does not use."""
    return demo_tax_codes(random.Random(seed), 1, prefix="01")[0]


def enterprise_in(code):
    return Enterprise.objects.filter(zone__code=code).order_by("pk").first()


def enterprise_payload(zone_code, **extra):
    return {"tax_code": new_tax_code(), "name": "Công ty TNHH Thử nghiệm API", "zone": zone(zone_code).pk,
            "sector": "26", "investor_country": "KR", "workforce": 120, **extra}


def all_pages(client, url, **params):
    rows, response = [], client.get(url, {**params, "page_size": 500})
    assert response.status_code == 200, response.content
    body = response.json()  # as rendered: decimals become JSON numbers
    assert body["next"] is None
    rows.extend(body["results"])
    return rows


# --- Authentication


def test_anonymous_gets_401(demo):
    client = APIClient()
    for url in (ENTERPRISES, ZONES, enterprise_url(enterprise_in("HNA-DV2").pk),
                reverse("registry-api:province-list")):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"


def test_bad_token_gets_401(demo):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(ENTERPRISES).status_code == 401


def test_token_endpoint_gives_a_working_token(demo):
    response = APIClient().post(reverse("core-api:token"), {"username": "canbo", "password": "kcn-demo-2026"})
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    assert client.get(ENTERPRISES).status_code == 200


def test_token_endpoint_refuses_a_wrong_password(demo):
    response = APIClient().post(reverse("core-api:token"), {"username": "canbo", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.data


def test_token_endpoint_locks_out_like_the_login_page(demo, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core-api:token"), {"username": "canbo", "password": "wrong"})
    response = client.post(reverse("core-api:token"), {"username": "canbo", "password": "kcn-demo-2026"})
    assert response.status_code == 400
    assert "token" not in response.data


def test_answers_in_the_language_of_the_user_profile(demo, api, user_named):
    user = user_named("canbo")
    assert api("canbo").get(ENTERPRISES)["Content-Language"] == "vi"
    user.language = "en"
    user.save(update_fields=["language"])
    assert api("canbo").get(ENTERPRISES)["Content-Language"] == "en"


# --- Reading in scope


def test_officer_lists_only_enterprises_of_monitored_zones(demo, api):
    rows = all_pages(api("canbo"), ENTERPRISES)
    assert {row["zone_code"] for row in rows} == {"HNA-CS", "HNA-TL"}
    assert len(rows) == Enterprise.objects.filter(zone__code__in=["HNA-CS", "HNA-TL"]).count()


def test_officer_lists_only_monitored_zones_with_their_department(demo, api):
    rows = all_pages(api("canbo"), ZONES)
    assert {row["code"] for row in rows} == {"HNA-CS", "HNA-TL"}
    for row in rows:
        assert row["current_department"]["name"] == "Phòng Quản lý môi trường"
        assert row["legacy_province_name"] == "Hà Nam"
        assert isinstance(row["latitude"], float)


def test_department_head_sees_the_two_zones_of_her_department(demo, api):
    rows = all_pages(api("truongphong"), ZONES)
    assert {row["code"] for row in rows} == {"HNA-DV2", "HNA-DV3"}


def test_out_of_scope_enterprise_looks_like_a_missing_one(demo, api):
    client = api("canbo")
    outside = client.get(enterprise_url(enterprise_in("HNA-DV2").pk))
    missing = client.get(enterprise_url(Enterprise.objects.order_by("-pk").first().pk + 1000))
    assert outside.status_code == missing.status_code == 404
    assert outside.data == missing.data


def test_retrieve_in_scope_carries_version_and_etag(demo, api):
    enterprise = enterprise_in("HNA-CS")
    response = api("canbo").get(enterprise_url(enterprise.pk))
    assert response.status_code == 200
    assert response.data["version"] == enterprise.updated_at.isoformat()
    assert response["ETag"] == f'"{enterprise.updated_at.isoformat()}"'
    assert response.data["url"].endswith(enterprise_url(enterprise.pk))


def test_search_filter_and_ordering_use_the_shared_filterset(demo, api):
    client = api("lanhdao")
    target = enterprise_in("HNA-DV4")
    rows = all_pages(client, ENTERPRISES, q=target.tax_code)
    assert [row["id"] for row in rows] == [target.pk]
    rows = all_pages(client, ENTERPRISES, zone=zone("HNA-DV4").pk, ordering="-workforce")
    assert {row["zone_code"] for row in rows} == {"HNA-DV4"}
    assert [row["workforce"] for row in rows] == sorted((row["workforce"] for row in rows), reverse=True)


def test_paging_through_ties_sees_every_enterprise_once(demo, api):
    client = api("admin")
    seen, url, params = [], ENTERPRISES, {"ordering": "sector", "page_size": 7}
    while url:
        body = client.get(url, params).json()
        seen.extend(row["id"] for row in body["results"])
        url, params = body["next"], None
    assert sorted(seen) == sorted(Enterprise.objects.values_list("pk", flat=True))


def test_filter_on_a_zone_outside_scope_is_refused_like_a_missing_zone(demo, api):
    client = api("canbo")
    outside = client.get(ENTERPRISES, {"zone": zone("HNA-DV2").pk})
    missing = client.get(ENTERPRISES, {"zone": 999999})
    assert outside.status_code == missing.status_code == 400
    assert "zone" in outside.data


# --- Writing through the services


def test_officer_cannot_create_an_enterprise_outside_scope(demo, api):
    before = Enterprise.objects.count()
    response = api("canbo").post(ENTERPRISES, enterprise_payload("HNA-DV2"), format="json")
    assert response.status_code in (400, 404)
    assert Enterprise.objects.count() == before
    if response.status_code == 400:
        # The zone is refused exactly like a zone id that does not exist.
        assert "zone" in response.data


def test_officer_creates_an_enterprise_in_scope_with_history(demo, api, user_named):
    code = new_tax_code()
    response = api("canbo").post(ENTERPRISES, enterprise_payload("HNA-CS", tax_code=f"{code[:4]} {code[4:]}"),
                                 format="json")
    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(pk=response.data["id"])
    assert enterprise.tax_code == code  # normalised by the service
    assert response.data["zone_code"] == "HNA-CS"
    record = enterprise.history.get()
    assert record.history_type == "+"
    assert record.history_user == user_named("canbo")


def test_invalid_tax_code_is_400_under_tax_code_in_vietnamese(demo, api):
    code = new_tax_code()
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    before = Enterprise.objects.count()
    response = api("canbo").post(ENTERPRISES, enterprise_payload("HNA-CS", tax_code=wrong), format="json")
    assert response.status_code == 400
    assert "chữ số kiểm tra" in str(response.data["tax_code"][0])
    assert Enterprise.objects.count() == before


def test_duplicate_tax_code_is_400_under_tax_code(demo, api):
    existing = enterprise_in("HNA-CS")
    response = api("canbo").post(ENTERPRISES, enterprise_payload("HNA-CS", tax_code=existing.tax_code),
                                 format="json")
    assert response.status_code == 400
    assert "tax_code" in response.data


def test_officer_cannot_move_an_enterprise_out_of_scope(demo, api):
    enterprise = enterprise_in("HNA-CS")
    response = api("canbo").patch(enterprise_url(enterprise.pk), {"zone": zone("HNA-DV2").pk}, format="json")
    assert response.status_code in (400, 404)
    enterprise.refresh_from_db()
    assert enterprise.zone.code == "HNA-CS"


def test_service_refusal_answers_404_and_saves_nothing(demo, api, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from kcn.registry.api import views

    def refuse(**kwargs):
        raise PermissionDenied

    monkeypatch.setattr(views.EnterpriseViewSet, "save_service", staticmethod(refuse))
    before = Enterprise.objects.count()
    response = api("canbo").post(ENTERPRISES, enterprise_payload("HNA-CS"), format="json")
    assert response.status_code == 404
    assert Enterprise.objects.count() == before


def test_enterprise_representative_sees_only_their_enterprise(demo, api):
    rows = all_pages(api("doanhnghiep"), ENTERPRISES)
    assert len(rows) == 1
    assert rows[0]["zone_code"] == "HNA-DV2"


def test_enterprise_representative_updates_contacts_not_the_zone(demo, api, user_named):
    client = api("doanhnghiep")
    own = client.get(ENTERPRISES).data["results"][0]
    url = enterprise_url(own["id"])

    response = client.patch(url, {"phone": "0912345678"}, format="json")
    assert response.status_code == 200, response.content
    enterprise = Enterprise.objects.get(pk=own["id"])
    assert enterprise.phone == "0912345678"
    assert enterprise.history.first().history_user == user_named("doanhnghiep")

    response = client.patch(url, {"zone": zone("HNA-DV3").pk, "phone": "0987654321"}, format="json")
    assert response.status_code == 400
    assert "zone" in response.data
    enterprise.refresh_from_db()
    assert (enterprise.zone.code, enterprise.phone) == ("HNA-DV2", "0912345678")


def test_enterprise_representative_cannot_reach_another_enterprise(demo, api):
    other = enterprise_in("HNA-DV3")
    client = api("doanhnghiep")
    assert client.get(enterprise_url(other.pk)).status_code == 404
    assert client.patch(enterprise_url(other.pk), {"phone": "0912345678"}, format="json").status_code == 404


def test_observer_reads_but_every_write_is_404(demo, api):
    client = api("quansat")
    enterprise = enterprise_in("HNA-DV1")
    assert len(all_pages(client, ENTERPRISES)) == Enterprise.objects.count()
    assert client.get(enterprise_url(enterprise.pk)).status_code == 200
    before = Enterprise.objects.count()
    url = enterprise_url(enterprise.pk)
    assert client.patch(url, {"phone": "0912345678"}, format="json").status_code == 404
    assert client.post(ENTERPRISES, enterprise_payload("HNA-DV1"), format="json").status_code == 404
    assert client.delete(url).status_code == 404
    enterprise.refresh_from_db()
    assert enterprise.phone != "0912345678"
    assert Enterprise.objects.count() == before


def test_role_without_registry_access_gets_404_on_lists(demo, api):
    client = api("giangvien")
    for url in (ENTERPRISES, ZONES, ASSIGNMENTS, reverse("registry-api:staff-list")):
        assert client.get(url).status_code == 404, url
    # Administrative units are reference data for everyone signed in.
    assert client.get(reverse("registry-api:province-list")).status_code == 200


def test_communes_filter_by_province(demo, api):
    ninh_binh = Province.objects.get(code=37)
    rows = all_pages(api("giangvien"), reverse("registry-api:commune-list"), province=ninh_binh.code)
    assert rows
    assert {row["province"] for row in rows} == {ninh_binh.code}


def test_only_enterprises_can_be_deleted_and_only_in_scope(demo, api):
    enterprise = enterprise_in("HNA-DV2")
    assert api("canbo").delete(enterprise_url(enterprise.pk)).status_code == 404  # officers have no delete
    outside = enterprise_in("HNA-CS")
    assert api("truongphong").delete(enterprise_url(outside.pk)).status_code == 404  # out of her scope
    response = api("truongphong").delete(enterprise_url(enterprise.pk))
    assert response.status_code == 204
    assert not Enterprise.objects.filter(pk=enterprise.pk).exists()
    zone_url = reverse("registry-api:zone-detail", args=[zone("HNA-DV2").pk])
    assert api("admin").delete(zone_url).status_code == 405


# --- Zones and assignments


def test_admin_creates_a_zone_and_assigns_it_once(demo, api):
    client = api("admin")
    dv1 = zone("HNA-DV1")
    response = client.post(ZONES, {
        "code": "HNA-TEST", "name": "KCN Thử nghiệm", "board": dv1.board_id, "province": dv1.province_id,
        "latitude": 20.5, "longitude": 105.9, "boundary": {"type": "Polygon", "coordinates": []},
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.data["current_department"] is None
    new_zone = Zone.objects.get(code="HNA-TEST")

    department = ZoneAssignment.objects.get(zone=dv1).department
    payload = {"zone": new_zone.pk, "department": department.pk, "start_date": "2025-07-01"}
    response = client.post(ASSIGNMENTS, payload, format="json")
    assert response.status_code == 201, response.content

    response = client.post(ASSIGNMENTS, {**payload, "start_date": "2026-01-01"}, format="json")
    assert response.status_code == 400
    assert "đã được giao cho" in str(response.data["non_field_errors"][0])
    assert ZoneAssignment.objects.filter(zone=new_zone).count() == 1

    zone_response = client.get(reverse("registry-api:zone-detail", args=[new_zone.pk]))
    assert zone_response.data["current_department"] == {"id": department.pk, "name": department.name}


def test_zone_boundary_must_be_geojson(demo, api):
    dv1 = zone("HNA-DV1")
    point = {"type": "Point", "coordinates": [105.9, 20.6]}
    response = api("admin").patch(reverse("registry-api:zone-detail", args=[dv1.pk]), {"boundary": point},
                                  format="json")
    assert response.status_code == 400
    assert "boundary" in response.data


def test_assignment_patch_keeps_the_rest_of_the_period(demo, api):
    assignment = ZoneAssignment.objects.get(zone__code="HNA-DV1")
    response = api("admin").patch(reverse("registry-api:assignment-detail", args=[assignment.pk]),
                                  {"note": "Đã rà soát"}, format="json")
    assert response.status_code == 200, response.content
    assignment.refresh_from_db()
    assert (assignment.note, assignment.end_date) == ("Đã rà soát", None)


def test_assignment_end_before_start_is_400_under_end_date(demo, api):
    assignment = ZoneAssignment.objects.get(zone__code="HNA-DV1")
    response = api("admin").patch(reverse("registry-api:assignment-detail", args=[assignment.pk]),
                                  {"end_date": "2020-01-01"}, format="json")
    assert response.status_code == 400
    assert "end_date" in response.data


# --- Lost updates


def test_stale_if_match_is_412_and_changes_nothing(demo, api):
    enterprise = enterprise_in("HNA-CS")
    client = api("canbo")
    etag = client.get(enterprise_url(enterprise.pk))["ETag"]
    # A colleague saves first.
    assert client.patch(enterprise_url(enterprise.pk), {"workforce": 321}, format="json").status_code == 200

    url = enterprise_url(enterprise.pk)
    response = client.patch(url, {"workforce": 999}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert "người khác sửa" in str(response.data["detail"])
    enterprise.refresh_from_db()
    assert enterprise.workforce == 321


def test_stale_if_match_is_judged_before_the_body(demo, api):
    enterprise = enterprise_in("HNA-CS")
    client = api("canbo")
    url = enterprise_url(enterprise.pk)
    stale = '"2000-01-01T00:00:00+00:00"'
    response = client.patch(url, {"workforce": -1}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412


def test_stale_if_match_on_delete_is_412_and_keeps_the_row(demo, api):
    enterprise = enterprise_in("HNA-DV2")
    client = api("truongphong")
    etag = client.get(enterprise_url(enterprise.pk))["ETag"]
    assert client.patch(enterprise_url(enterprise.pk), {"workforce": 321}, format="json").status_code == 200
    assert client.delete(enterprise_url(enterprise.pk), HTTP_IF_MATCH=etag).status_code == 412
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()


def test_current_if_match_saves_and_moves_the_etag(demo, api):
    enterprise = enterprise_in("HNA-CS")
    client = api("canbo")
    etag = client.get(enterprise_url(enterprise.pk))["ETag"]
    url = enterprise_url(enterprise.pk)
    response = client.patch(url, {"workforce": 555}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    enterprise.refresh_from_db()
    assert enterprise.workforce == 555


def test_stale_version_in_the_body_is_400(demo, api):
    enterprise = enterprise_in("HNA-CS")
    client = api("canbo")
    version = client.get(enterprise_url(enterprise.pk)).data["version"]
    assert client.patch(enterprise_url(enterprise.pk), {"workforce": 321}, format="json").status_code == 200
    url = enterprise_url(enterprise.pk)
    response = client.patch(url, {"workforce": 999, "version": version}, format="json")
    assert response.status_code == 400
    assert "người khác sửa" in str(response.data["non_field_errors"][0])
    enterprise.refresh_from_db()
    assert enterprise.workforce == 321


# --- Query counts


@pytest.mark.parametrize(("url", "username"), [
    (ZONES, "lanhdao"), (ZONES, "admin"),
    (ENTERPRISES, "lanhdao"), (ENTERPRISES, "canbo"), (ENTERPRISES, "admin"),
])
def test_list_query_count_does_not_grow_with_page_size(demo, api, url, username):
    client = api(username)
    counts = []
    for page_size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"page_size": page_size})
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.data["results"]) > 5
    assert counts[0] == counts[1], counts


def test_old_province_names_are_resolvable_through_the_api(demo, user_named):
    client = APIClient()
    client.force_authenticate(user_named("hocvien"))  # reference data: any signed-in user
    rows = client.get("/api/v1/registry/legacy-provinces/", {"page_size": 100}).json()["results"]
    assert len(rows) == 63
    ha_nam = next(row for row in rows if row["name"] == "Hà Nam")
    assert ha_nam["successor_name"] == "Ninh Bình"
