"""The design API: templates, versions, fields, rules and schedules written through the services."""

import pytest
from django.urls import reverse

from kcn.registry.models import Board, Enterprise, Zone
from kcn.reporting.models import ReportTemplate, Schedule, TemplateVersion

PUBLISHED = "Phiên bản này đã được ban hành nên không sửa được"


@pytest.fixture
def admin(demo, api):
    return api("admin")


def test_admin_designs_and_publishes_a_template_over_the_api(admin):
    created = admin.post(reverse("reporting-api:template-list"),
                         {"code": "tra_luong", "name": "Báo cáo trả lương", "description": "Hằng tháng"},
                         format="json")
    assert created.status_code == 201
    template = ReportTemplate.objects.get(code="tra_luong")
    draft = created.json()["versions"][0]
    assert draft["number"] == 1 and draft["is_published"] is False

    fields = reverse("reporting-api:field-list")
    paid = admin.post(fields, {"template_version": draft["id"], "code": "paid", "label": "Số người được trả",
                               "type": "integer", "min_value": 0, "order": 1}, format="json")
    assert paid.status_code == 201, paid.json()
    admin.post(fields, {"template_version": draft["id"], "code": "staff", "label": "Tổng số",
                        "type": "integer", "required": True, "order": 2}, format="json")
    duplicate = admin.post(fields, {"template_version": draft["id"], "code": "paid", "label": "Trùng",
                                    "type": "integer"}, format="json")
    assert duplicate.status_code == 400 and "paid" in duplicate.json()["code"][0]

    rules = reverse("reporting-api:rule-list")
    bad = admin.post(rules, {"template_version": draft["id"], "expression": "paid <= __import__('os')"},
                     format="json")
    assert bad.status_code == 400 and "expression" in bad.json()
    good = admin.post(rules, {"template_version": draft["id"], "expression": "paid <= staff",
                              "message": "Không vượt quá tổng số."}, format="json")
    assert good.status_code == 201

    field_url = paid.json()["url"]
    patched = admin.patch(field_url, {"label": "Số người đã được trả lương"}, format="json")
    assert patched.status_code == 200 and patched.json()["label"] == "Số người đã được trả lương"

    publish = admin.post(reverse("reporting-api:version-publish", args=[draft["id"]]))
    assert publish.status_code == 200 and publish.json()["is_published"] is True
    assert template.current_version().pk == draft["id"]

    refused = admin.patch(field_url, {"label": "Đổi sau ban hành"}, format="json")
    assert refused.status_code == 400 and PUBLISHED in str(refused.json())
    assert admin.delete(field_url).status_code == 400
    added = admin.post(fields, {"template_version": draft["id"], "code": "late", "label": "Muộn",
                                "type": "integer"}, format="json")
    assert added.status_code == 400 and PUBLISHED in str(added.json())
    assert TemplateVersion.objects.get(pk=draft["id"]).fields.count() == 2

    new = admin.post(reverse("reporting-api:version-list"), {"template": template.pk}, format="json")
    assert new.status_code == 201 and new.json()["number"] == 2
    assert {field["code"] for field in new.json()["fields"]} == {"paid", "staff"}


def test_others_read_published_versions_only_and_cannot_write(admin, api):
    template = ReportTemplate.objects.get(code="covid_daily")
    admin.post(reverse("reporting-api:version-list"), {"template": template.pk}, format="json")
    enterprise = api("doanhnghiep")
    body = enterprise.get(reverse("reporting-api:template-detail", args=[template.pk])).json()
    assert all(version["is_published"] for version in body["versions"])
    assert body["current_version"] == template.current_version().number
    for username in ("doanhnghiep", "lanhdao", "canbo"):
        client = api(username)
        assert client.post(reverse("reporting-api:template-list"), {"code": "x", "name": "X"},
                           format="json").status_code == 404
        assert client.post(reverse("reporting-api:version-list"), {"template": template.pk},
                           format="json").status_code == 404
    assert template.versions.filter(is_published=False).count() == 1


def test_schedules_over_the_api(admin):
    url = reverse("reporting-api:schedule-list")
    base = {"template": ReportTemplate.objects.get(code="covid_daily").pk, "board": Board.objects.get().pk,
            "frequency": "daily", "due_time": "16:00"}
    zone = Zone.objects.get(code="HNA-DV2")
    by_zone = admin.post(url, {**base, "name": "Theo KCN", "target": "zones", "zones": [zone.pk]}, format="json")
    assert by_zone.status_code == 201 and by_zone.json()["zones"] == [zone.pk]

    no_sector = admin.post(url, {**base, "name": "Theo ngành", "target": "sector"}, format="json")
    assert no_sector.status_code == 400 and "Hãy chọn ngành" in no_sector.json()["sector"][0]
    sector = Enterprise.objects.exclude(sector="").values_list("sector", flat=True).first()
    assert admin.post(url, {**base, "name": "Theo ngành", "target": "sector", "sector": sector},
                      format="json").status_code == 201

    chosen = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:2])
    by_list = admin.post(url, {**base, "name": "Danh sách", "target": "list", "enterprises": chosen}, format="json")
    assert by_list.status_code == 201 and sorted(by_list.json()["enterprises"]) == sorted(chosen)
    schedule = Schedule.objects.get(name="Danh sách")
    assert set(schedule.target_enterprises().values_list("pk", flat=True)) == set(chosen)

    detail = by_list.json()["url"]
    assert admin.patch(detail, {"name": "Danh sách mới"}, format="json").json()["name"] == "Danh sách mới"
    stopped = admin.post(reverse("reporting-api:schedule-deactivate", args=[schedule.pk]))
    assert stopped.status_code == 200 and stopped.json()["is_active"] is False


def test_non_admin_cannot_create_a_schedule(demo, api):
    body = {"template": ReportTemplate.objects.get(code="covid_daily").pk, "board": Board.objects.get().pk,
            "name": "Lậu", "target": "zones", "zones": [Zone.objects.get(code="HNA-DV2").pk], "frequency": "daily"}
    for username in ("lanhdao", "canbo", "doanhnghiep"):
        assert api(username).post(reverse("reporting-api:schedule-list"), body, format="json").status_code == 404
    assert not Schedule.objects.filter(name="Lậu").exists()
