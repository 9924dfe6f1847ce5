import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kcn.registry.demo import generate_enterprises
from kcn.registry.models import Enterprise, Zone


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["registry:enterprise_list", "registry:zone_list", "registry:staff_list",
                                      "registry:assignment_list", "registry:department_list"])
def test_list_pages_cost_the_same_queries_whatever_the_page_size(demo, login, url_name):
    Enterprise.objects.bulk_create(generate_enterprises(list(Zone.objects.all()), 250, seed=3, prefix="09"))
    client = login("lanhdao")
    url = reverse(url_name)
    assert _queries(client, url, {"per_page": 25}) == _queries(client, url, {"per_page": 200})


def test_search_filter_sort_and_paginate_enterprises(demo, login):
    client = login("lanhdao")
    url = reverse("registry:enterprise_list")
    zone = Zone.objects.get(code="HNA-DV2")
    response = client.get(url, {"zone": zone.pk, "sort": "-workforce", "per_page": 25})
    records = response.context["table"].records
    assert records and all(e.zone_id == zone.pk for e in records)
    assert [e.workforce for e in records] == sorted((e.workforce for e in records), reverse=True)
    target = Enterprise.objects.order_by("pk").first()
    found = client.get(url, {"q": target.tax_code}).context["table"].records
    assert found == [target]
    # Case-insensitive for Vietnamese letters too (SQLite folds only ASCII by itself).
    by_name = client.get(url, {"q": target.name.lower(), "per_page": 200}).context["table"].records
    assert target in by_name
    # Without tone marks too: people type "dien tu" on phones and foreign keyboards.
    electronics = client.get(url, {"q": "dien tu", "per_page": 200}).context["table"].records
    assert electronics and all("Điện tử" in e.name for e in electronics)
    assert client.get(url, {"q": "ĐIỆN TỬ", "per_page": 200}).context["table"].records == electronics
    zone_search = client.get(reverse("registry:zone_list"), {"q": "đồng văn"}).context["table"].records
    assert {z.code for z in zone_search} == {"HNA-DV1", "HNA-DV2", "HNA-DV3", "HNA-DV4"}


def test_htmx_request_gets_only_the_table(demo, login):
    response = login("lanhdao").get(reverse("registry:enterprise_list"), {"q": "Công ty"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="object-list"' in body and "<nav class=\"navbar" not in body


def test_invalid_filter_value_shows_no_rows_and_says_why(demo, login):
    response = login("lanhdao").get(reverse("registry:enterprise_list"), {"zone": "999999"})
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 0
    assert response.context["filterset"].form.errors


def test_zone_page_shows_department_enterprises_and_old_province(demo, login):
    zone = Zone.objects.get(code="HNA-DV2")
    body = login("lanhdao").get(reverse("registry:zone_detail", args=[zone.pk])).content.decode()
    assert "Phòng Quản lý doanh nghiệp" in body.split('id="zone-department"')[1][:400]
    assert "Hà Nam" in body.split('id="zone-location"')[1][:400]
    assert 'id="zone-map"' in body


def test_dates_and_numbers_are_vietnamese(demo, login):
    body = login("lanhdao").get(reverse("registry:assignment_list")).content.decode()
    assert "03/05/2021" in body
    enterprise = Enterprise.objects.order_by("-workforce").first()
    Enterprise.objects.filter(pk=enterprise.pk).update(workforce=12345)
    body = login("lanhdao").get(reverse("registry:enterprise_list"), {"q": enterprise.tax_code}).content.decode()
    assert "12.345" in body


def test_repeated_wrong_passwords_lock_the_account(demo, client):
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "canbo", "password": "sai-mat-khau"})
    response = client.post(reverse("accounts:login"), {"username": "canbo", "password": "kcn-demo-2026"})
    assert "tạm bị khóa" in response.content.decode()


def test_zone_list_maps_only_the_zones_in_scope(demo, login):
    import json
    import re

    body = login("canbo").get(reverse("registry:zone_list")).content.decode()
    data = json.loads(re.search(r'id="zones-map-data" type="application/json">(.*?)</script>', body).group(1))
    names = {feature["properties"]["name"] for feature in data["features"]}
    assert names == {"KCN Châu Sơn", "KCN Thanh Liêm"}
