"""The design pages as the administrator uses them: templates, versions, fields, rules, schedules."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kcn.registry.models import Board, Enterprise, Zone
from kcn.reporting.choices import Frequency, TargetKind
from kcn.reporting.models import CrossFieldRule, ReportTemplate, Schedule, TemplateVersion
from kcn.reporting.services import period_ensure, submission_submit

PUBLISHED = "Phiên bản này đã được ban hành nên không sửa được"


def _field(code, label, type_="integer", **extra):
    return {"code": code, "label": label, "type": type_, "unit": "", "min_value": "", "max_value": "",
            "choices": "", "order": "", "help_text": "", **extra}


@pytest.fixture
def admin(demo, login):
    return login("admin")


def test_admin_designs_a_template_then_publishes_it(admin):
    response = admin.post(reverse("reporting:template_add"),
                          {"code": "lao_dong_thang", "name": "Báo cáo lao động tháng", "description": ""})
    template = ReportTemplate.objects.get(code="lao_dong_thang")
    assert response.status_code == 302 and response["Location"] == reverse("reporting:template_detail",
                                                                              args=[template.pk])
    version = template.versions.get()
    assert version.number == 1 and not version.is_published

    add_field = reverse("reporting:field_add", args=[version.pk])
    assert admin.post(add_field, _field("workforce", "Tổng số lao động", unit="người", required="on",
                                        min_value="0", max_value="1.000.000", order="10")).status_code == 302
    assert admin.post(add_field, _field("returnees", "Số người về từ vùng dịch", min_value="0",
                                        order="20")).status_code == 302
    assert admin.post(add_field, _field("ca_lam", "Ca làm việc", "choice", choices="sang | Ca sáng\nchieu | Ca chiều",
                                        order="30")).status_code == 302
    workforce = version.fields.get(code="workforce")
    assert workforce.required and workforce.unit == "người" and workforce.max_value == 1000000
    assert version.fields.get(code="ca_lam").choices == [["sang", "Ca sáng"], ["chieu", "Ca chiều"]]

    # A second field with the same code is refused under the code, naming it.
    again = admin.post(add_field, _field("workforce", "Trùng"))
    assert again.status_code == 400 and "đã có trường mã “workforce”" in again.content.decode()
    # A choice field without choices is refused with the model's message.
    no_choices = admin.post(add_field, _field("loai", "Loại", "choice"))
    assert no_choices.status_code == 400 and "cần danh sách các lựa chọn" in no_choices.content.decode()

    add_rule = reverse("reporting:rule_add", args=[version.pk])
    bad = admin.post(add_rule, {"expression": "returnees <= max(workforce)", "message": "Sai"})
    assert bad.status_code == 400
    assert "không dùng được “max(workforce)”" in bad.content.decode()
    unknown = admin.post(add_rule, {"expression": "returnees <= workers", "message": "Sai"})
    assert "“workers”, không phải mã trường" in unknown.content.decode()
    assert not CrossFieldRule.objects.filter(version=version).exists()
    ok = admin.post(add_rule, {"expression": "returnees <= workforce",
                               "message": "Số người về không vượt quá tổng số lao động."})
    assert ok.status_code == 302 and version.rules.count() == 1

    preview = admin.get(reverse("reporting:version_preview", args=[version.pk])).content.decode()
    assert "Tổng số lao động (người)" in preview and 'name="workforce"' in preview and "Ca chiều" in preview

    assert admin.post(reverse("reporting:version_publish", args=[version.pk])).status_code == 302
    version.refresh_from_db()
    assert version.is_published and template.current_version() == version

    page = admin.get(reverse("reporting:version_detail", args=[version.pk])).content.decode()
    assert 'id="read-only-notice"' in page and 'id="add-field-button"' not in page
    assert reverse("reporting:field_edit", args=[workforce.pk]) not in page

    # The service refuses an edit of a published version, whatever the page shows.
    refused = admin.post(add_field, _field("f0", "F0"))
    assert refused.status_code == 400 and PUBLISHED in refused.content.decode()
    edit = admin.post(reverse("reporting:field_edit", args=[workforce.pk]), _field("workforce", "Đổi nhãn"))
    assert edit.status_code == 400 and PUBLISHED in edit.content.decode()
    assert admin.post(reverse("reporting:field_delete", args=[workforce.pk])).status_code == 302
    workforce.refresh_from_db()
    assert workforce.label == "Tổng số lao động" and version.fields.count() == 3
    # Opening the edit page of a published version sends back with the reason.
    opened = admin.get(add_field, follow=True)
    assert PUBLISHED in opened.content.decode()


def test_publishing_an_empty_version_is_refused(admin):
    admin.post(reverse("reporting:template_add"), {"code": "trong", "name": "Mẫu trống"})
    version = TemplateVersion.objects.get(template__code="trong")
    page = admin.post(reverse("reporting:version_publish", args=[version.pk]), follow=True).content.decode()
    assert "chưa có trường nào" in page
    version.refresh_from_db()
    assert not version.is_published


def test_new_version_keeps_old_submissions(admin, user_named):
    template = ReportTemplate.objects.get(code="covid_daily")
    old = template.current_version()
    old_codes = set(old.fields.values_list("code", flat=True))
    schedule = Schedule.objects.create(template=template, board=Board.objects.get(), name="Dịch hằng ngày",
                                       target=TargetKind.ZONES, frequency=Frequency.DAILY)
    schedule.zones.set(Zone.objects.filter(code="HNA-DV2"))
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    enterprise = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    values = {"workforce": 100, "workers_at_work": 90, "returnees": 1, "workers_not_returned": 2,
              "f0": 0, "f1": 0, "f2": 0, "f3": 0}
    submission = submission_submit(user=user_named("doanhnghiep"), period=period, enterprise=enterprise,
                                   values=values)
    stored = dict(submission.values)

    response = admin.post(reverse("reporting:template_version_new", args=[template.pk]))
    new = template.versions.get(number=old.number + 1)
    assert response["Location"] == reverse("reporting:version_detail", args=[new.pk])
    assert set(new.fields.values_list("code", flat=True)) == old_codes
    assert new.rules.count() == old.rules.count()

    f3 = new.fields.get(code="f3")
    assert admin.post(reverse("reporting:field_delete", args=[f3.pk])).status_code == 302
    assert admin.post(reverse("reporting:field_add", args=[new.pk]),
                      _field("vaccinated", "Số người đã tiêm", min_value="0")).status_code == 302
    assert admin.post(reverse("reporting:version_publish", args=[new.pk])).status_code == 302

    submission.refresh_from_db()
    assert submission.version_id == old.pk and submission.values == stored
    assert set(old.fields.values_list("code", flat=True)) == old_codes
    detail = admin.get(reverse("reporting:template_detail", args=[template.pk])).content.decode()
    assert f'id="version-{new.number}"' in detail and f'id="version-{old.number}"' in detail
    old_page = admin.get(reverse("reporting:version_detail", args=[old.pk])).content.decode()
    assert 'id="field-f3"' in old_page and "vaccinated" not in old_page
    assert "Có 1 báo cáo điền theo phiên bản này." in old_page
    # One draft at a time: "new version" with a draft open leads to that draft.
    admin.post(reverse("reporting:template_version_new", args=[template.pk]))
    draft = template.versions.get(number=new.number + 1)
    again = admin.post(reverse("reporting:template_version_new", args=[template.pk]))
    assert again["Location"] == reverse("reporting:version_detail", args=[draft.pk])
    assert template.versions.count() == new.number + 1


def _schedule_data(**extra):
    return {"template": ReportTemplate.objects.get(code="covid_daily").pk, "board": Board.objects.get().pk,
            "name": "Lịch thử", "target": TargetKind.ZONES, "zones": [], "sector": "", "enterprises": [],
            "frequency": Frequency.MONTHLY, "convention": "state", "due_time": "16:00", "due_day_offset": "5",
            "is_active": "on", **extra}


def test_schedule_with_each_target_kind(admin):
    add = reverse("reporting:schedule_add")
    form = admin.get(add).content.decode()
    assert 'name="zones"' in form and "multiple" in form

    zones = list(Zone.objects.filter(code__in=["HNA-DV2", "HNA-CS"]))
    response = admin.post(add, _schedule_data(name="Theo KCN", zones=[zone.pk for zone in zones]))
    by_zone = Schedule.objects.get(name="Theo KCN")
    assert response.status_code == 302 and set(by_zone.zones.all()) == set(zones)
    page = admin.get(reverse("reporting:schedule_detail", args=[by_zone.pk])).content.decode()
    expected = Enterprise.objects.filter(zone__in=zones).count()
    assert f'id="target-count">{expected}<' in page
    # The state convention: the period containing today runs from the 15th to the 14th; due 5 days later at 16:00.
    today = timezone.localdate()
    end = today.replace(day=14) if today.day < 15 else (today.replace(day=1) + datetime.timedelta(days=40)).replace(
        day=14)
    due = end + datetime.timedelta(days=5)
    assert f"16:00 {due.strftime('%d/%m/%Y')}" in page

    sector = Enterprise.objects.exclude(sector="").values_list("sector", flat=True).first()
    refused = admin.post(add, _schedule_data(name="Theo ngành", target=TargetKind.SECTOR))
    assert refused.status_code == 400 and "Hãy chọn ngành" in refused.content.decode()
    assert not Schedule.objects.filter(name="Theo ngành").exists()
    admin.post(add, _schedule_data(name="Theo ngành", target=TargetKind.SECTOR, sector=sector,
                                   zones=[zones[0].pk]))
    by_sector = Schedule.objects.get(name="Theo ngành")
    assert by_sector.sector == sector and not by_sector.zones.exists()  # only what the target uses is kept
    assert set(by_sector.target_enterprises()) == set(Enterprise.objects.filter(sector=sector))

    chosen = list(Enterprise.objects.order_by("pk")[:3])
    empty = admin.post(add, _schedule_data(name="Danh sách", target=TargetKind.LIST))
    assert empty.status_code == 400 and "ít nhất một doanh nghiệp" in empty.content.decode()
    admin.post(add, _schedule_data(name="Danh sách", target=TargetKind.LIST, enterprises=[e.pk for e in chosen]))
    by_list = Schedule.objects.get(name="Danh sách")
    assert set(by_list.target_enterprises()) == set(chosen)

    edit = reverse("reporting:schedule_edit", args=[by_list.pk])
    assert admin.post(edit, _schedule_data(name="Danh sách", target=TargetKind.LIST, enterprises=[chosen[0].pk],
                                           frequency=Frequency.DAILY)).status_code == 302
    by_list.refresh_from_db()
    assert list(by_list.enterprises.all()) == [chosen[0]] and by_list.frequency == Frequency.DAILY

    assert admin.post(reverse("reporting:schedule_deactivate", args=[by_list.pk])).status_code == 302
    by_list.refresh_from_db()
    assert not by_list.is_active


def test_schedule_page_lists_its_periods_and_the_preview_follows_the_form(admin):
    admin.post(reverse("reporting:schedule_add"),
               _schedule_data(name="Hằng ngày", frequency=Frequency.DAILY, convention="calendar",
                              zones=[Zone.objects.get(code="HNA-DV2").pk]))
    schedule = Schedule.objects.get(name="Hằng ngày")
    period = period_ensure(schedule=schedule, around=timezone.localdate())[0]
    page = admin.get(reverse("reporting:schedule_detail", args=[schedule.pk])).content.decode()
    assert reverse("reporting:period_detail", args=[period.pk]) in page
    preview = admin.get(reverse("reporting:schedule_preview"), {"frequency": "quarterly", "convention": "calendar",
                                                                "due_time": "08:30", "due_day_offset": "0"})
    text = preview.content.decode()
    assert text.count("<tr>") == 4 and "Quý" in text and "08:30" in text


@pytest.mark.parametrize("username", ["lanhdao", "truongphong", "canbo", "doanhnghiep", "quansat"])
def test_other_roles_cannot_reach_the_design_pages(demo, login, username):
    client = login(username)
    template = ReportTemplate.objects.get(code="covid_daily")
    version = template.current_version()
    versions = template.versions.count()
    for url in (reverse("reporting:template_list"), reverse("reporting:schedule_list"),
                reverse("reporting:template_add"), reverse("reporting:template_detail", args=[template.pk]),
                reverse("reporting:version_detail", args=[version.pk])):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("reporting:template_add"), {"code": "lau", "name": "Lậu"})
    assert response.status_code == 404 and not ReportTemplate.objects.filter(code="lau").exists()
    assert client.post(reverse("reporting:template_version_new", args=[template.pk])).status_code == 404
    assert template.versions.count() == versions


def test_menu_shows_the_design_entries_to_the_administrator_only(demo, login):
    assert reverse("reporting:template_list") in login("admin").get(reverse("core:home")).content.decode()
    assert reverse("reporting:schedule_list") in login("admin").get(reverse("core:home")).content.decode()
    assert reverse("reporting:template_list") not in login("lanhdao").get(reverse("core:home")).content.decode()


def test_template_list_searches_and_shows_the_current_version(admin):
    page = admin.get(reverse("reporting:template_list"), {"q": "covid"})
    assert page.status_code == 200
    records = page.context["table"].records
    assert [record.code for record in records] == ["covid_daily"]
    assert records[0].current_number == ReportTemplate.objects.get(code="covid_daily").current_version().number
