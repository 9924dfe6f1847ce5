import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kcn.core.services import version_token
from kcn.registry import services
from kcn.registry.models import Department, Enterprise, Zone, ZoneAssignment
from kcn.registry.scope import reach_of


def _enterprise_in(zone_code):
    return Enterprise.objects.filter(zone__code=zone_code).order_by("pk").first()


def test_officer_cannot_move_an_enterprise_out_of_their_zones(demo, user_named):
    canbo = user_named("canbo")
    enterprise = _enterprise_in("HNA-CS")
    with pytest.raises(PermissionDenied):
        services.enterprise_save(user=canbo, instance=enterprise, data={"zone": Zone.objects.get(code="HNA-DV2")})
    enterprise.refresh_from_db()
    assert enterprise.zone.code == "HNA-CS"  # the transaction rolled back


def test_officer_cannot_create_in_another_departments_zone(demo, user_named):
    before = Enterprise.objects.count()
    with pytest.raises(PermissionDenied):
        services.enterprise_save(user=user_named("canbo"), data={
            "tax_code": "0100109106", "name": "Công ty TNHH Thử", "zone": Zone.objects.get(code="HNA-DV2"),
        })
    assert Enterprise.objects.count() == before


def test_officer_creates_in_own_zone_and_history_names_them(demo, user_named):
    canbo = user_named("canbo")
    enterprise = services.enterprise_save(user=canbo, data={
        "tax_code": "0100109106-001", "name": "Chi nhánh Công ty Thử", "zone": Zone.objects.get(code="HNA-CS"),
    })
    record = enterprise.history.get()
    assert record.history_type == "+" and record.history_user == canbo


def test_stale_form_is_refused_instead_of_overwriting(demo, user_named):
    canbo = user_named("canbo")
    enterprise = _enterprise_in("HNA-CS")
    token = version_token(enterprise)
    services.enterprise_save(user=user_named("lanhdao"), instance=enterprise, data={"workforce": 999})
    with pytest.raises(ValidationError, match="vừa được người khác sửa"):
        services.enterprise_save(user=canbo, instance=enterprise, data={"workforce": 5, "_version": token})
    enterprise.refresh_from_db()
    assert enterprise.workforce == 999


def test_wrong_tax_code_is_refused_with_reason(demo, user_named):
    with pytest.raises(ValidationError) as error:
        services.enterprise_save(user=user_named("lanhdao"), data={
            "tax_code": "0100109107", "name": "X", "zone": Zone.objects.get(code="HNA-CS"),
        })
    assert "chữ số kiểm tra" in str(error.value.message_dict["tax_code"])


def test_zone_has_one_department_at_a_time(demo, user_named):
    admin = user_named("admin")
    zone = Zone.objects.get(code="HNA-HM")
    other = Department.objects.get(name="Văn phòng")
    with pytest.raises(ValidationError, match="đã được giao cho"):
        services.assignment_save(user=admin, data={"zone": zone, "department": other,
                                                   "start_date": datetime.date(2024, 1, 1)})
    # Ending the old assignment first makes room for the new one.
    current = ZoneAssignment.objects.get(zone=zone)
    services.assignment_save(user=admin, instance=current, data={
        "zone": zone, "department": current.department, "start_date": current.start_date,
        "end_date": datetime.date(2023, 12, 31)})
    services.assignment_save(user=admin, data={"zone": zone, "department": other,
                                               "start_date": datetime.date(2024, 1, 1)})
    assert zone.current_assignment().department == other


def test_reassigning_a_zone_moves_the_officers_scope(demo, user_named):
    canbo = user_named("canbo")
    assert {z for z in Zone.objects.restrict(canbo).values_list("code", flat=True)} == {"HNA-CS", "HNA-TL"}
    assignment = ZoneAssignment.objects.get(zone__code="HNA-TL")
    services.assignment_save(user=user_named("admin"), instance=assignment, data={
        "zone": assignment.zone, "department": assignment.department, "start_date": assignment.start_date,
        "end_date": datetime.date(2025, 1, 1)})
    fresh = type(canbo).objects.get(pk=canbo.pk)
    assert set(Zone.objects.restrict(fresh).values_list("code", flat=True)) == {"HNA-CS"}
    assert reach_of(fresh).zones == frozenset([Zone.objects.get(code="HNA-CS").pk])


def test_end_before_start_is_refused(demo, user_named):
    with pytest.raises(ValidationError, match="Ngày kết thúc"):
        services.assignment_save(user=user_named("admin"), data={
            "zone": Zone.objects.get(code="HNA-HM"), "department": Department.objects.get(name="Văn phòng"),
            "start_date": datetime.date(2024, 1, 2), "end_date": datetime.date(2024, 1, 1)})


def test_enterprise_page_shows_who_changed_what(demo, login, user_named):
    enterprise = _enterprise_in("HNA-CS")
    old = enterprise.workforce
    client = login("canbo")
    form = client.get(reverse("registry:enterprise_edit", args=[enterprise.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"workforce": old + 7, "zone": enterprise.zone_id,
                 "investor_country": str(enterprise.investor_country)})
    response = client.post(reverse("registry:enterprise_edit", args=[enterprise.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = client.get(reverse("registry:enterprise_detail", args=[enterprise.pk])).content.decode()
    history = page.split('id="history"')[1]
    assert "Vũ Đức Anh" in history  # canbo's name
    assert f"{old} → {old + 7}" in history


def test_edit_form_reports_errors_in_vietnamese(demo, login):
    enterprise = _enterprise_in("HNA-CS")
    client = login("canbo")
    response = client.post(reverse("registry:enterprise_edit", args=[enterprise.pk]), {
        "tax_code": enterprise.tax_code, "name": enterprise.name, "zone": enterprise.zone_id, "workforce": 10,
        "phone": "abc", "status": "operating"})
    assert response.status_code == 400
    assert "Số điện thoại không hợp lệ" in response.content.decode()


def test_language_choice_is_saved_on_the_user(demo, login, user_named):
    client = login("canbo")
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert user_named("canbo").language == "en"
    response = client.get("/")
    assert response["Content-Language"] == "en"
    assert b'<html lang="en">' in response.content


def test_a_deleted_enterprise_can_be_restored_with_its_id(demo, login, user_named):
    enterprise = _enterprise_in("HNA-CS")
    pk, tax_code = enterprise.pk, enterprise.tax_code
    # An officer may not delete; the board leader can, and the officer can bring it back.
    assert login("canbo").post(reverse("registry:enterprise_delete", args=[pk])).status_code == 404
    login("lanhdao").post(reverse("registry:enterprise_delete", args=[pk]))
    assert not Enterprise.objects.filter(pk=pk).exists()
    client = login("canbo")
    page = client.get(reverse("registry:enterprise_deleted")).content.decode()
    assert tax_code in page
    record = Enterprise.history.get(id=pk, history_type="-")
    assert record.history_user == user_named("lanhdao")
    response = client.post(reverse("registry:enterprise_deleted"), {"history_id": record.history_id})
    assert response.status_code == 302
    restored = Enterprise.objects.get(pk=pk)
    assert restored.tax_code == tax_code and restored.zone.code == "HNA-CS"
    assert restored.history.first().history_change_reason == "Khôi phục sau khi xóa"


def test_restore_follows_scope_and_refuses_a_reused_tax_code(demo, login, user_named):
    enterprise = _enterprise_in("HNA-DV2")
    services.enterprise_delete(user=user_named("lanhdao"), instance=enterprise)
    record = Enterprise.history.get(id=enterprise.pk, history_type="-")
    # canbo's department does not monitor Đồng Văn II: the record is neither listed nor restorable.
    canbo = login("canbo")
    assert enterprise.tax_code not in canbo.get(reverse("registry:enterprise_deleted")).content.decode()
    assert canbo.post(reverse("registry:enterprise_deleted"), {"history_id": record.history_id}).status_code == 404
    services.enterprise_save(user=user_named("lanhdao"), data={
        "tax_code": enterprise.tax_code, "name": "Công ty mới", "zone": Zone.objects.get(code="HNA-DV3")})
    with pytest.raises(ValidationError, match="đã được dùng"):
        services.enterprise_restore(user=user_named("lanhdao"), history_id=record.history_id)


def test_enterprise_representative_edits_only_contacts(demo, login):
    client = login("doanhnghiep")
    enterprise = Enterprise.objects.get(user_links__user__username="doanhnghiep")
    form = client.get(reverse("registry:enterprise_edit", args=[enterprise.pk])).context["form"]
    assert "zone" not in form.fields and "tax_code" not in form.fields
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update({"phone": "0912 345 678", "workforce": 321, "zone": Zone.objects.get(code="HNA-CS").pk})
    response = client.post(reverse("registry:enterprise_edit", args=[enterprise.pk]), data)
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.phone, enterprise.workforce, enterprise.zone.code) == ("0912 345 678", 321, "HNA-DV2")


def test_assignment_form_takes_vietnamese_dates(demo, login):
    client = login("admin")
    assignment = ZoneAssignment.objects.get(zone__code="HNA-HM")
    form = client.get(reverse("registry:assignment_edit", args=[assignment.pk])).content.decode()
    assert 'value="03/05/2021"' in form
    response = client.post(reverse("registry:assignment_edit", args=[assignment.pk]), {
        "zone": assignment.zone_id, "department": assignment.department_id, "start_date": "03/05/2021",
        "end_date": "31/12/2025", "note": "Hết nhiệm vụ"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end_date == datetime.date(2025, 12, 31)


def test_history_reasons_are_kept_in_vietnamese_whoever_acts(demo, user_named):
    from django.utils import translation

    enterprise = _enterprise_in("HNA-CS")
    services.enterprise_delete(user=user_named("lanhdao"), instance=enterprise)
    record = Enterprise.history.get(id=enterprise.pk, history_type="-")
    with translation.override("en"):
        restored = services.enterprise_restore(user=user_named("lanhdao"), history_id=record.history_id)
    assert restored.history.first().history_change_reason == "Khôi phục sau khi xóa"
