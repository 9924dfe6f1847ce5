"""Attendance: the trainer's grid (all or nothing, totals with half days), the QR check-in (today
only, enrolled only, expiring tokens, idempotent) and the API's refusal of a day outside the session."""

import datetime
import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kcn.core.services import version_token
from kcn.training.choices import AttendanceMethod, AttendanceStatus, EnrolmentStatus
from kcn.training.constants import CHECKIN_TOKEN_MAX_AGE_SECONDS
from kcn.training.models import Attendance
from kcn.training.selectors.attendance import attendance_grid
from kcn.training.services import attendance as services

pytestmark = pytest.mark.django_db


def _grid_post(world, statuses):
    """POST data for the grid: {(enrolment key, day index): status}."""
    days = list(world["s1"].days.order_by("date"))
    return {f"cell_{world[e].pk}_{days[i].pk}": status for (e, i), status in statuses.items()}


def test_trainer_saves_the_grid_and_totals_count_half_days(training_world, login, user_named):
    w = training_world
    days = list(w["s1"].days.order_by("date"))  # day 3 (index 3) is a half day, day 4 the field day
    client = login("giangvien")
    data = _grid_post(w, {("e1", 0): "present", ("e1", 1): "late", ("e1", 2): "excused", ("e1", 3): "present",
                          ("e1", 4): "present", ("e2", 0): "absent"})
    response = client.post(reverse("training:attendance_session", args=[w["s1"].pk]), data)
    assert response.status_code == 302
    assert Attendance.objects.filter(enrolment=w["e1"]).count() == 5
    _days, rows = attendance_grid(user=user_named("giangvien"), session=w["s1"])
    by_enrolment = {row.enrolment.pk: row for row in rows}
    # present 1 + late 1 + half day 0.5 + field day 1; the excused day is not attendance.
    assert str(by_enrolment[w["e1"].pk].attended) == "3.5"
    assert str(by_enrolment[w["e1"].pk].total) == "4.5"
    assert by_enrolment[w["e2"].pk].attended == 0
    page = client.get(reverse("training:attendance_session", args=[w["s1"].pk]))
    assert "3,5/4,5" in page.content.decode()
    assert len(days) == 5


def _page_post(page):
    """What the browser sends back: every select and hidden field of the grid as it was drawn."""
    form = page.context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_a_check_in_made_while_the_trainer_edits_is_kept(training_world, login):
    w = training_world
    days = list(w["s1"].days.order_by("date"))
    today = days.index(w["day_today"])
    trainer = login("giangvien")
    url = reverse("training:attendance_session", args=[w["s1"].pk])
    data = _page_post(trainer.get(url))  # the grid, all blank
    # Meanwhile hocvien scans the QR code of today.
    login("hocvien").post(reverse("training:checkin", args=[services.checkin_token(w["day_today"])]))
    # The trainer marks the classmate absent and leaves hocvien's cell as the page showed it (blank).
    data[f"cell_{w['e2'].pk}_{days[today].pk}"] = "absent"
    assert trainer.post(url, data).status_code == 302
    kept = Attendance.objects.get(enrolment=w["e1"], day=w["day_today"])
    assert kept.status == AttendanceStatus.PRESENT and kept.method == AttendanceMethod.QR
    assert Attendance.objects.get(enrolment=w["e2"]).status == AttendanceStatus.ABSENT


def test_a_cell_changed_by_both_is_refused_then_saved_knowingly(training_world, login):
    w = training_world
    trainer = login("giangvien")
    url = reverse("training:attendance_session", args=[w["s1"].pk])
    data = _page_post(trainer.get(url))
    login("hocvien").post(reverse("training:checkin", args=[services.checkin_token(w["day_today"])]))
    cell = f"cell_{w['e1'].pk}_{w['day_today'].pk}"
    data[cell] = "absent"
    data[f"cell_{w['e2'].pk}_{w['day_today'].pk}"] = "present"
    refused = trainer.post(url, data)
    html = refused.content.decode()
    assert refused.status_code == 400 and "trong lúc bạn sửa" in html and "Lý Thị Hoa" in html
    assert Attendance.objects.get().method == AttendanceMethod.QR  # nothing saved, the classmate's cell neither
    # The page is drawn again with the trainer's choices over what is stored now: saving applies them.
    again = _page_post(refused)
    assert again[cell] == "absent"
    assert trainer.post(url, again).status_code == 302
    assert Attendance.objects.get(enrolment=w["e1"]).status == AttendanceStatus.ABSENT
    assert Attendance.objects.get(enrolment=w["e2"]).status == AttendanceStatus.PRESENT


def test_a_bad_cell_saves_nothing(training_world, login):
    w = training_world
    data = _grid_post(w, {("e1", 0): "present", ("e2", 0): "on-holiday"})
    response = login("giangvien").post(reverse("training:attendance_session", args=[w["s1"].pk]), data)
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_grid_export_is_a_workbook(training_world, login):
    w = training_world
    response = login("giangvien").get(reverse("training:attendance_session", args=[w["s1"].pk]), {"export": "xlsx"})
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_checkin_show_page_has_an_inline_qr_and_a_working_link(training_world, login):
    w = training_world
    page = login("giangvien").get(reverse("training:checkin_show", args=[w["day_today"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "cdn" not in html.lower()
    assert services.checkin_short_code(w["day_today"]) in html
    link = page.context["checkin_url"]
    assert link.startswith("http://testserver/training/checkin/")
    trainee = login("hocvien")
    path = link.removeprefix("http://testserver")
    assert trainee.get(path).status_code == 200
    done = trainee.post(path)
    assert "Đã điểm danh" in done.content.decode()
    row = Attendance.objects.get(enrolment=w["e1"], day=w["day_today"])
    assert (row.status, row.method) == (AttendanceStatus.PRESENT, AttendanceMethod.QR)


def test_checkin_twice_is_idempotent_and_keeps_the_trainers_status(training_world, user_named):
    w = training_world
    token = services.checkin_token(w["day_today"])
    row, created = services.attendance_checkin(user=user_named("hocvien"), token=token)
    assert created
    again, created = services.attendance_checkin(user=user_named("hocvien"), token=token)
    assert not created and again.pk == row.pk
    Attendance.objects.filter(pk=row.pk).update(status=AttendanceStatus.LATE, method=AttendanceMethod.TRAINER)
    third, created = services.attendance_checkin(user=user_named("hocvien"), token=token)
    assert not created and third.status == AttendanceStatus.LATE
    assert Attendance.objects.count() == 1


def test_second_checkin_page_says_when(training_world, login):
    w = training_world
    client = login("hocvien")
    url = reverse("training:checkin", args=[services.checkin_token(w["day_today"])])
    client.post(url)
    row = Attendance.objects.get()
    html = client.post(url).content.decode()
    assert f"Bạn đã điểm danh lúc {timezone.localtime(row.recorded_at):%H:%M}" in html


def test_expired_token_is_refused(training_world, user_named, monkeypatch):
    w = training_world
    token = services.checkin_token(w["day_today"])
    later = time.time() + CHECKIN_TOKEN_MAX_AGE_SECONDS + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(ValidationError) as error:
        services.attendance_checkin(user=user_named("hocvien"), token=token)
    assert error.value.code == "expired"
    assert not Attendance.objects.exists()


def test_forged_token_is_refused(training_world, login):
    w = training_world
    forged = signing.dumps({"d": w["day_today"].pk}, salt="something-else")
    response = login("hocvien").post(reverse("training:checkin", args=[forged]))
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert not Attendance.objects.exists()


def test_token_for_another_day_is_refused(training_world, user_named):
    w = training_world
    yesterday = w["s1"].days.get(date=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        services.attendance_checkin(user=user_named("hocvien"), token=services.checkin_token(yesterday))
    assert error.value.code == "wrong_day"
    assert "không phải hôm nay" in error.value.messages[0]


def test_trainee_not_enrolled_is_refused(training_world, user_named):
    w = training_world
    with pytest.raises(ValidationError) as error:
        services.attendance_checkin(user=user_named("hocvien"), token=services.checkin_token(w["day_s2_today"]))
    assert error.value.code == "not_enrolled"
    assert not Attendance.objects.exists()


def test_withdrawn_trainee_is_refused(training_world, user_named):
    w = training_world
    w["e1"].status = EnrolmentStatus.WITHDRAWN
    w["e1"].save()
    with pytest.raises(ValidationError) as error:
        services.attendance_checkin(user=user_named("hocvien"), token=services.checkin_token(w["day_today"]))
    assert error.value.code == "withdrawn"


def test_short_code_checks_in_and_a_wrong_code_does_not(training_world, login):
    w = training_world
    client = login("hocvien")
    wrong = client.post(reverse("training:checkin_code"), {"code": "000000" if services.checkin_short_code(
        w["day_today"]) != "000000" else "111111"})
    assert wrong.status_code == 400 and not Attendance.objects.exists()
    right = client.post(reverse("training:checkin_code"), {"code": services.checkin_short_code(w["day_today"])})
    assert right.status_code == 200
    assert Attendance.objects.get().enrolment == w["e1"]


def test_too_many_wrong_codes_then_even_the_right_one_is_refused(training_world, login):
    w = training_world
    client = login("hocvien")
    right = services.checkin_short_code(w["day_today"])
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(services.SHORT_CODE_MAX_FAILURES):
        assert client.post(reverse("training:checkin_code"), {"code": wrong}).status_code == 400
    refused = client.post(reverse("training:checkin_code"), {"code": right})
    assert refused.status_code == 400 and "quá nhiều lần" in refused.content.decode()
    assert not Attendance.objects.exists()
    # The scanned QR code still works: the limit is on guessing six digits.
    token = services.checkin_token(w["day_today"])
    client.post(reverse("training:checkin", args=[token]))
    assert Attendance.objects.get().method == AttendanceMethod.QR


def test_api_refuses_a_day_outside_the_session(training_world, api):
    w = training_world
    client = api("admin")
    response = client.post("/api/v1/training/attendance/", {"enrolment": w["e1"].pk, "day": w["day_s2_today"].pk,
                                                              "status": "present"}, format="json")
    assert response.status_code == 400
    assert "day" in response.json()
    assert not Attendance.objects.exists()


def test_api_trainer_records_and_lists_by_session(training_world, api):
    w = training_world
    client = api("giangvien")
    response = client.post("/api/v1/training/attendance/", {"enrolment": w["e2"].pk, "day": w["day_today"].pk,
                                                              "status": "late"}, format="json")
    assert response.status_code == 201, response.content
    listed = client.get("/api/v1/training/attendance/", {"session": w["s1"].pk}).json()
    assert [row["status"] for row in listed["results"]] == ["late"]
    # Out of scope: the trainer of course 1 cannot record on course 2.
    response = client.post("/api/v1/training/attendance/", {"enrolment": w["e3"].pk, "day": w["day_s2_today"].pk,
                                                              "status": "present"}, format="json")
    assert response.status_code == 400 and not Attendance.objects.filter(enrolment=w["e3"]).exists()


def test_api_checkin(training_world, api):
    w = training_world
    client = api("hocvien")
    token = services.checkin_token(w["day_today"])
    first = client.post("/api/v1/training/attendance/checkin/", {"token": token}, format="json")
    assert first.status_code == 201 and first.json()["created"] is True
    second = client.post("/api/v1/training/attendance/checkin/", {"token": token}, format="json")
    assert second.status_code == 200 and second.json()["created"] is False
    refused = client.post("/api/v1/training/attendance/checkin/", {"token": "nope"}, format="json")
    assert refused.status_code == 400


def test_api_cell_changed_by_someone_else_is_412_then_saved_with_the_new_etag(training_world, api, user_named):
    w = training_world
    trainer = api("giangvien")
    created = trainer.post("/api/v1/training/attendance/", {"enrolment": w["e1"].pk, "day": w["day_today"].pk,
                                                             "status": "absent"}, format="json")
    assert created.status_code == 201, created.content
    url = f"/api/v1/training/attendance/{created.json()['id']}/"
    read = trainer.get(url)
    etag = read["ETag"]
    assert etag == f'"{read.json()["version"]}"' and read.json()["version"]
    # Another trainer corrects the cell after the first one read it.
    row = Attendance.objects.get(pk=created.json()["id"])
    services.attendance_set(user=user_named("admin"), enrolment=row.enrolment, day=row.day,
                            status=AttendanceStatus.EXCUSED, instance=row)
    stale = trainer.patch(url, {"status": "present"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Attendance.objects.get(pk=row.pk).status == AttendanceStatus.EXCUSED
    fresh = trainer.get(url)["ETag"]
    assert fresh != etag
    saved = trainer.patch(url, {"status": "present"}, format="json", HTTP_IF_MATCH=fresh)
    assert saved.status_code == 200, saved.content
    assert Attendance.objects.get(pk=row.pk).status == AttendanceStatus.PRESENT


def test_attendance_service_refuses_a_stale_version_under_its_lock(training_world, user_named):
    w = training_world
    admin = user_named("admin")
    row = services.attendance_set(user=admin, enrolment=w["e1"], day=w["day_today"], status=AttendanceStatus.ABSENT)
    read = version_token(row)
    services.attendance_set(user=admin, enrolment=w["e1"], day=w["day_today"], status=AttendanceStatus.LATE,
                            instance=row, version=read)
    with pytest.raises(ValidationError):
        services.attendance_set(user=admin, enrolment=w["e1"], day=w["day_today"], status=AttendanceStatus.PRESENT,
                                instance=row, version=read)
    assert Attendance.objects.get(pk=row.pk).status == AttendanceStatus.LATE
