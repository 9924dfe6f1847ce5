"""Service rules of health monitoring: areas, returnees, daily declarations, commitments, hotline."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kcn.communications.models import Notification
from kcn.monitoring import services
from kcn.monitoring.choices import MonitoringStatus
from kcn.monitoring.models import HealthDeclaration, MonitoringRule, TravelDeclaration
from kcn.monitoring.selectors import declaration_sheet, enterprises_without_acknowledgement, returnees
from kcn.registry.models import Province

DAY = datetime.timedelta(days=1)


# --- Areas and rules


def test_area_takes_its_days_from_the_rule_in_force(board, leader, today):
    MonitoringRule.objects.create(board=board, valid_from=today - 100 * DAY, quarantine_days=14, self_isolation_days=14)
    MonitoringRule.objects.create(board=board, valid_from=today - 10 * DAY, quarantine_days=21, self_isolation_days=7)
    province = Province.objects.get(code=1)
    old = services.area_save(user=leader, data={"board": board, "province": province, "start_date": today - 50 * DAY,
                                                "quarantine_days": None, "self_isolation_days": None})
    new = services.area_save(user=leader, data={"board": board, "province": province, "start_date": today,
                                                "quarantine_days": None, "self_isolation_days": None})
    assert (old.quarantine_days, old.self_isolation_days) == (14, 14)
    assert (new.quarantine_days, new.self_isolation_days) == (21, 7)


def test_commune_must_lie_in_the_province(board, leader, today):
    commune = Province.objects.get(code=1).communes.first()
    with pytest.raises(ValidationError) as error:
        services.area_save(user=leader, data={"board": board, "province": Province.objects.get(code=79),
                                              "commune": commune, "start_date": today})
    assert "commune" in error.value.message_dict


def test_only_leaders_and_the_consolidating_department_declare_areas(board, user_named, today):
    data = {"board": board, "province": Province.objects.get(code=1), "start_date": today}
    services.area_save(user=user_named("truongphong"), data=data)  # QLDN consolidates
    for username in ("canbo", "doanhnghiep", "quansat"):  # QLMT officer, enterprise, observer
        with pytest.raises(PermissionDenied):
            services.area_save(user=user_named(username), data=data)


# --- Returnees


def test_returnee_periods_and_status(area, workers_dv2, user_named, today):
    declaration = services.travel_declare(user=user_named("doanhnghiep"), data={
        "worker": workers_dv2[0], "area": area, "departure_date": today - 5 * DAY, "return_date": today - 3 * DAY})
    assert declaration.quarantine_start == today - 3 * DAY
    assert declaration.quarantine_end == today + 10 * DAY  # 14 days, the return day being the first
    assert declaration.isolation_start == today + 11 * DAY
    assert declaration.isolation_end == today + 17 * DAY
    assert declaration.status == MonitoringStatus.QUARANTINE
    assert declaration.status_on(today + 11 * DAY) == MonitoringStatus.SELF_ISOLATION
    assert declaration.status_on(today + 18 * DAY) == MonitoringStatus.DONE
    listed = returnees(user_named("truongphong")).get()
    assert listed.status_code == MonitoringStatus.QUARANTINE


def test_editing_the_area_recomputes_its_returnees(area, workers_dv2, user_named, leader, today):
    declaration = services.travel_declare(user=user_named("doanhnghiep"), data={
        "worker": workers_dv2[0], "area": area, "return_date": today})
    data = {name: getattr(area, name) for name in ("board", "province", "commune", "start_date", "end_date",
                                                   "source", "note")}
    services.area_save(user=leader, instance=area, data={**data, "quarantine_days": 21, "self_isolation_days": 7})
    declaration.refresh_from_db()
    assert declaration.quarantine_end == today + 20 * DAY and declaration.isolation_end == today + 27 * DAY


@pytest.mark.parametrize("departure, returned, field", [
    (None, 1, "return_date"),  # in the future
    (-3, -5, "departure_date"),  # left after coming back
    (None, -40, "return_date"),  # before the area was declared
])
def test_bad_travel_dates_are_refused(area, workers_dv2, user_named, today, departure, returned, field):
    data = {"worker": workers_dv2[0], "area": area, "return_date": today + returned * DAY,
            "departure_date": today + departure * DAY if departure is not None else None}
    with pytest.raises(ValidationError) as error:
        services.travel_declare(user=user_named("doanhnghiep"), data=data)
    assert field in error.value.message_dict
    assert not TravelDeclaration.objects.exists()


def test_a_trip_after_the_area_ended_is_refused(area, workers_dv2, user_named, leader, today):
    area.end_date = today - 10 * DAY
    area.save()
    with pytest.raises(ValidationError) as error:
        services.travel_declare(user=user_named("doanhnghiep"), data={
            "worker": workers_dv2[0], "area": area, "departure_date": today - 5 * DAY, "return_date": today})
    assert "hết là vùng dịch" in error.value.message_dict["departure_date"][0]


def test_same_return_twice_is_refused(area, workers_dv2, user_named, today):
    data = {"worker": workers_dv2[0], "area": area, "return_date": today}
    services.travel_declare(user=user_named("doanhnghiep"), data=data)
    with pytest.raises(ValidationError, match="đã được khai báo"):
        services.travel_declare(user=user_named("doanhnghiep"), data=data)


def test_only_the_enterprise_and_its_department_declare_a_worker(area, workers_dv2, user_named, today):
    data = {"worker": workers_dv2[0], "area": area, "return_date": today}
    for username in ("canbo", "lanhdao"):  # canbo monitors HNA-CS, not HNA-DV2; leaders see no personal data
        with pytest.raises((ValidationError, PermissionDenied)):
            services.travel_declare(user=user_named(username), data=data)
    declaration = services.travel_declare(user=user_named("truongphong"), data=data)
    assert declaration.enterprise == workers_dv2[0].enterprise
    assert not returnees(user_named("canbo")).exists()
    assert not returnees(user_named("lanhdao")).exists()


# --- Daily health declarations


def test_declaring_twice_updates_and_alerts_once(workers_dv2, user_named, today):
    user = user_named("doanhnghiep")
    worker = workers_dv2[0]
    services.health_declare(user=user, worker=worker, date=today, cough=True)
    services.health_declare(user=user, worker=worker, date=today, cough=True, fever=True)
    declaration = HealthDeclaration.objects.get()
    assert declaration.fever and declaration.cough and declaration.symptomatic
    alerts = Notification.objects.filter(title__contains=worker.full_name)
    recipients = {n.recipient.username for n in alerts}
    # The enterprise and the department monitoring HNA-DV2 (QLDN), once each; nobody else.
    assert "doanhnghiep" in recipients and "truongphong" in recipients
    assert "canbo" not in recipients and "lanhdao" not in recipients
    assert alerts.count() == len(recipients)


def test_a_new_day_alerts_again(workers_dv2, user_named, today):
    user = user_named("doanhnghiep")
    services.health_declare(user=user, worker=workers_dv2[0], date=today - DAY, fever=True)
    services.health_declare(user=user, worker=workers_dv2[0], date=today, fever=True)
    assert Notification.objects.filter(recipient__username="doanhnghiep").count() == 2


def test_measured_fever_counts_as_fever(workers_dv2, user_named, today):
    declaration = services.health_declare(user=user_named("doanhnghiep"), worker=workers_dv2[0], date=today,
                                          temperature=Decimal("38.2"))
    assert declaration.fever and declaration.symptomatic


def test_future_health_declaration_is_refused(workers_dv2, user_named, today):
    with pytest.raises(ValidationError):
        services.health_declare(user=user_named("doanhnghiep"), worker=workers_dv2[0], date=today + DAY)
    assert not HealthDeclaration.objects.exists()


def test_all_others_fine(workers_dv2, user_named, today):
    result = services.health_declare_many(user=user_named("doanhnghiep"), enterprise=workers_dv2[0].enterprise,
                                          date=today, entries=[{"worker": workers_dv2[1], "cough": True}],
                                          all_others_fine=True)
    assert result["fine"] == 4 and result["alerts"] == 1
    assert HealthDeclaration.objects.filter(date=today).count() == 5
    assert HealthDeclaration.objects.filter(symptomatic=True).get().worker == workers_dv2[1]


def test_a_worker_of_another_enterprise_is_refused(workers_dv2, workers_cs, user_named, today):
    with pytest.raises(ValidationError):
        services.health_declare_many(user=user_named("doanhnghiep"), enterprise=workers_dv2[0].enterprise,
                                     date=today, entries=[{"worker": workers_cs[0], "fever": True}])
    assert not HealthDeclaration.objects.exists() and not Notification.objects.exists()


def test_sheet_lists_returnees_in_period_first(area, workers_dv2, user_named, today):
    user = user_named("doanhnghiep")
    services.travel_declare(user=user, data={"worker": workers_dv2[4], "area": area, "return_date": today})
    returnee_rows, other_rows, total = declaration_sheet(user, workers_dv2[0].enterprise, today)
    assert [row[0] for row in returnee_rows] == [workers_dv2[4]]
    assert total == 4 and workers_dv2[4] not in [row[0] for row in other_rows]


# --- Commitments


def _text(board, user, **extra):
    return services.commitment_publish(user=user, data={"board": board, "title": "Cam kết phòng, chống dịch",
                                                        "body": "Doanh nghiệp cam kết thực hiện 5K.", **extra})


def test_a_new_version_needs_new_acknowledgements(board, leader, ent_dv2, user_named, today):
    first = _text(board, leader)
    services.commitment_acknowledge(user=user_named("doanhnghiep"), text=first, data={
        "enterprise": ent_dv2, "signer_name": "Kim Min-jun", "signer_position": "Tổng giám đốc", "signed_on": today})
    assert ent_dv2 not in enterprises_without_acknowledgement(leader, first)
    second = _text(board, leader)
    assert second.version == first.version + 1
    assert ent_dv2 in enterprises_without_acknowledgement(leader, second)


def test_acknowledging_again_replaces(board, leader, ent_dv2, user_named, today):
    text = _text(board, leader)
    data = {"enterprise": ent_dv2, "signer_name": "Kim Min-jun", "signer_position": "Tổng giám đốc",
            "signed_on": today}
    services.commitment_acknowledge(user=user_named("doanhnghiep"), text=text, data=data)
    ack = services.commitment_acknowledge(user=user_named("doanhnghiep"), text=text,
                                          data={**data, "signer_name": "Park Ji-hoon"})
    assert text.acknowledgements.get() == ack and ack.signer_name == "Park Ji-hoon"


@pytest.mark.parametrize("name, content, message", [
    ("ban-ky.pdf", b"MZ\x90\x00 not a pdf", "không phải PDF"),
    ("ban-ky.exe", b"%PDF-1.4", "PDF, JPG hoặc PNG"),
    ("ban-ky.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024), "quá lớn"),
])
def test_bad_scans_are_refused(board, leader, ent_dv2, user_named, today, name, content, message):
    text = _text(board, leader)
    with pytest.raises(ValidationError, match=message):
        services.commitment_acknowledge(user=user_named("doanhnghiep"), text=text, data={
            "enterprise": ent_dv2, "signer_name": "Kim Min-jun", "signer_position": "Tổng giám đốc",
            "signed_on": today, "scan": SimpleUploadedFile(name, content)})
    assert not text.acknowledgements.exists()


def test_a_good_scan_is_kept(board, leader, ent_dv2, user_named, today, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    text = _text(board, leader)
    ack = services.commitment_acknowledge(user=user_named("doanhnghiep"), text=text, data={
        "enterprise": ent_dv2, "signer_name": "Kim Min-jun", "signer_position": "Tổng giám đốc",
        "signed_on": today, "scan": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)})
    assert ack.scan.name.endswith(".png")


def test_an_enterprise_cannot_acknowledge_for_another(board, leader, ent_cs, user_named, today):
    text = _text(board, leader)
    with pytest.raises(PermissionDenied):
        services.commitment_acknowledge(user=user_named("doanhnghiep"), text=text, data={
            "enterprise": ent_cs, "signer_name": "A", "signer_position": "B", "signed_on": today})


def test_signing_in_the_future_is_refused(board, leader, ent_dv2, user_named, today):
    text = _text(board, leader)
    with pytest.raises(ValidationError):
        services.commitment_acknowledge(user=user_named("doanhnghiep"), text=text, data={
            "enterprise": ent_dv2, "signer_name": "A", "signer_position": "B", "signed_on": today + DAY})


def test_reminder_reaches_only_enterprises_that_have_not_acknowledged(board, leader, ent_dv2, user_named, today):
    text = _text(board, leader)
    Notification.objects.all().delete()
    assert services.commitment_remind(user=leader, text=text) == enterprises_without_acknowledgement(
        leader, text).count()
    assert Notification.objects.filter(recipient__username="doanhnghiep", title__startswith="Nhắc").exists()
    services.commitment_acknowledge(user=user_named("doanhnghiep"), text=text, data={
        "enterprise": ent_dv2, "signer_name": "A", "signer_position": "B", "signed_on": today})
    Notification.objects.all().delete()
    services.commitment_remind(user=leader, text=text)
    assert not Notification.objects.filter(recipient__username="doanhnghiep").exists()


def test_only_board_writers_publish(board, user_named):
    with pytest.raises(PermissionDenied):
        _text(board, user_named("canbo"))
    assert _text(board, user_named("truongphong")).version == 1


# --- Hotline


def test_hotline_call_rules(board, user_named, ent_dv2, ent_cs):
    canbo = user_named("canbo")
    data = {"board": board, "caller_name": "Chị Lan", "caller_phone": "0912345678", "enterprise": ent_cs,
            "question": "Người lao động về từ Hà Nội có phải cách ly không?", "answer": "Có, 14 ngày."}
    call = services.call_save(user=canbo, data=data)
    assert call.handled_by == canbo and "nguoi lao dong" in call.search_text
    with pytest.raises(ValidationError):  # an enterprise outside canbo's zones
        services.call_save(user=canbo, data={**data, "enterprise": ent_dv2})
    with pytest.raises(ValidationError):
        services.call_save(user=canbo, data={**data, "follow_up_done": True})
    with pytest.raises(PermissionDenied):
        services.call_save(user=user_named("doanhnghiep"), data={**data, "enterprise": None})


# --- Imports


def _xlsx(rows):
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    workbook.close()
    buffer.seek(0)
    return buffer


def test_travel_import_is_all_or_nothing(area, workers_dv2, ent_dv2, user_named, today):
    from kcn.core.importers import run_import
    from kcn.monitoring.importers import TravelImporter

    user = user_named("doanhnghiep")
    good = [workers_dv2[0].identity_number, str(area.pk), "", "", today.strftime("%d/%m/%Y"), "Xe khách", ""]
    bad = ["123", str(area.pk), "", "", (today + DAY).strftime("%d/%m/%Y"), "Tàu ngầm", ""]
    header = ["Số CCCD", "Vùng dịch", "Hình thức", "Ngày đi", "Ngày về", "Phương tiện", "Ghi chú"]
    result = run_import(importer=TravelImporter(user=user, enterprise=ent_dv2), file=_xlsx([header, good, bad]),
                        file_name="ve-tu-vung-dich.xlsx")
    assert not result.ok and not TravelDeclaration.objects.exists()
    cells = {(e.row, e.column) for e in result.errors.sorted()}
    assert {(3, "Số CCCD"), (3, "Ngày về"), (3, "Phương tiện")} <= cells
    result = run_import(importer=TravelImporter(user=user, enterprise=ent_dv2), file=_xlsx([header, good]),
                        file_name="ve-tu-vung-dich.xlsx")
    assert result.ok, result.errors.sorted()
    declaration = TravelDeclaration.objects.get()
    assert declaration.means == "coach" and declaration.isolation_end == today + 20 * DAY


def test_health_import_upserts_and_alerts(workers_dv2, ent_dv2, user_named, today):
    from kcn.core.importers import run_import
    from kcn.monitoring.importers import HealthImporter

    user = user_named("doanhnghiep")
    header = ["Số CCCD", "Ngày", "Sốt", "Ho", "Khó thở", "Nhiệt độ (°C)", "Triệu chứng khác"]
    rows = [header, [workers_dv2[0].identity_number, "", "x", "", "", "38,1", ""],
            [workers_dv2[1].identity_number, "", "", "", "", "36,6", ""]]
    result = run_import(importer=HealthImporter(user=user, enterprise=ent_dv2, day=today), file=_xlsx(rows),
                        file_name="khai-bao.xlsx")
    assert result.ok, result.errors.sorted()
    assert HealthDeclaration.objects.count() == 2
    assert HealthDeclaration.objects.get(worker=workers_dv2[0]).temperature == Decimal("38.1")
    bad = [header, [workers_dv2[1].identity_number, "", "có lẽ", "", "", "", ""],
           [workers_dv2[1].identity_number, "", "", "", "", "", ""]]
    result = run_import(importer=HealthImporter(user=user, enterprise=ent_dv2, day=today), file=_xlsx(bad),
                        file_name="khai-bao.xlsx")
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors.sorted()} == {(2, "Sốt"), (3, "Số CCCD")}
    assert HealthDeclaration.objects.count() == 2 and not HealthDeclaration.objects.get(worker=workers_dv2[1]).fever
