"""Services of the courses area: what a manager and a trainer rely on when they set up a course."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kcn.registry.models import LegacyProvince, Province
from kcn.training.choices import CoachingStatus, DayKind, EnrolmentStatus, OrganisationType
from kcn.training.models import Course, Enrolment, SessionDay, Trainee
from kcn.training.selectors.courses import my_training, session_totals, trainee_search
from kcn.training.services import courses as services

pytestmark = pytest.mark.django_db
D = datetime.date


def _course(world, user, start=None, number=5):
    start = start or D(2026, 3, 2)
    return services.course_save(user=user, data={
        "programme": world["p1"], "number": number, "name": "Đánh giá SXSH", "start_date": start,
        "end_date": start + datetime.timedelta(days=90), "trainers": [world["trainer"]]},
        modules=["Lập kế hoạch", "Thực hiện"])


def test_a_manager_creates_a_programme_and_manages_it(training_world, user_named):
    manager = user_named("quanlychuongtrinh")
    programme = services.programme_save(user=manager, data={"code": "moi", "name": "Chương trình mới",
                                                            "start_year": 2026, "target_department_share": 90})
    assert manager in programme.managers.all()
    with pytest.raises(ValidationError) as error:
        services.programme_save(user=manager, data={"code": "sai", "name": "Sai", "start_year": 2026,
                                                    "end_year": 2020, "target_department_share": 90})
    assert "end_year" in error.value.message_dict


def test_course_modules_are_kept_in_order_and_replaced(training_world, user_named):
    manager = user_named("quanlychuongtrinh")
    course = _course(training_world, manager)
    assert list(course.modules.values_list("order", "title")) == [(1, "Lập kế hoạch"), (2, "Thực hiện")]
    services.course_save(user=manager, instance=course, data={
        "programme": course.programme, "number": 5, "name": course.name, "start_date": course.start_date,
        "end_date": course.end_date}, modules=["Lập kế hoạch và khởi động"])
    assert list(course.modules.values_list("title", flat=True)) == ["Lập kế hoạch và khởi động"]


def test_a_manager_cannot_add_a_course_to_another_managers_programme(training_world, user_named):
    with pytest.raises(PermissionDenied):
        services.course_save(user=user_named("quanlychuongtrinh"), data={
            "programme": training_world["p2"], "number": 9, "name": "X", "start_date": D(2026, 1, 1),
            "end_date": D(2026, 2, 1)})
    assert not Course.objects.filter(number=9).exists()


def test_session_days_are_generated_with_the_last_day_in_the_field(training_world, user_named):
    manager = user_named("quanlychuongtrinh")
    course = _course(training_world, manager)
    session = services.session_save(user=manager, data={
        "course": course, "place": "Hà Nội", "province": Province.objects.get(code=1),
        "start_date": D(2026, 3, 9), "end_date": D(2026, 3, 13), "trainers": [training_world["trainer"]],
        "modules": list(course.modules.all())})
    assert session.number == 1
    days = list(session.days.order_by("date"))
    assert [day.date for day in days] == [D(2026, 3, d) for d in range(9, 14)]
    assert [day.kind for day in days] == [DayKind.CLASS] * 4 + [DayKind.FIELD]
    services.session_days_update(user=manager, session=session, rows=[
        {"day": days[3].pk, "kind": DayKind.CLASS, "half_day": True, "topic": "Ôn tập"}])
    totals = session_totals(session.days.all())
    assert (totals.class_days, totals.field_days) == (3.5, 1)

    # Shortening the session drops the days after its new end; lengthening adds days in class.
    services.session_save(user=manager, instance=session, data={
        "course": course, "number": 1, "place": "Hà Nội", "province": session.province,
        "start_date": D(2026, 3, 9), "end_date": D(2026, 3, 14)})
    assert session.days.get(date=D(2026, 3, 14)).kind == DayKind.CLASS
    assert session.days.count() == 6


def test_a_day_outside_the_session_is_refused(training_world, user_named):
    with pytest.raises(ValidationError) as error:
        services.session_day_add(user=user_named("quanlychuongtrinh"), session=training_world["s1"],
                                 date=training_world["s1"].end_date + datetime.timedelta(days=3))
    assert "nằm ngoài đợt" in error.value.message_dict["date"][0]


def test_session_trainers_must_teach_the_course(training_world, user_named):
    w = training_world
    with pytest.raises(ValidationError) as error:
        services.session_save(user=user_named("quanlychuongtrinh"), data={
            "course": w["c1"], "place": "Huế", "start_date": w["c1"].start_date,
            "end_date": w["c1"].start_date + datetime.timedelta(days=1), "trainers": [w["other_trainer"]]})
    assert "không phải giảng viên của khóa này" in error.value.message_dict["trainers"][0]
    assert w["c1"].sessions.count() == 1


def test_a_second_enrolment_of_the_same_person_is_refused(training_world, user_named):
    w = training_world
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(user=user_named("quanlychuongtrinh"), course=w["c1"], trainee=w["t1"])
    assert error.value.message_dict["trainee"] == ["Lý Thị Hoa đã ghi danh khóa này."]
    assert Enrolment.objects.filter(course=w["c1"], trainee=w["t1"]).count() == 1


def test_enrolment_snapshots_the_organisation_and_creates_a_new_trainee(training_world, user_named):
    w = training_world
    manager = user_named("quanlychuongtrinh")
    course = _course(w, manager)
    enrolment = services.enrolment_create(user=manager, course=course, new_trainee={
        "full_name": "Nguyễn Thị Mai", "organisation": "Sở Công Thương Ninh Bình",
        "organisation_type": OrganisationType.DOIT, "province": Province.objects.get(code=37)})
    assert enrolment.trainee.full_name == "Nguyễn Thị Mai"
    assert (enrolment.organisation, enrolment.province_id) == ("Sở Công Thương Ninh Bình", 37)
    enrolment.trainee.organisation = "Nơi khác"
    enrolment.trainee.save()
    enrolment.refresh_from_db()
    assert enrolment.organisation == "Sở Công Thương Ninh Bình"


def test_a_course_before_july_2025_records_the_old_province_and_derives_the_new(training_world, user_named):
    w = training_world
    manager = user_named("quanlychuongtrinh")
    course = _course(w, manager, start=D(2024, 9, 1), number=6)
    ha_nam = LegacyProvince.objects.get(name__icontains="Hà Nam")
    enrolment = services.enrolment_create(user=manager, course=course, trainee=w["t2"], legacy_province=ha_nam)
    assert enrolment.legacy_province == ha_nam
    assert enrolment.province == ha_nam.successor
    assert str(enrolment.province_label) == f"{ha_nam.name} (nay thuộc {ha_nam.successor.name})"


def test_withdraw_keeps_the_record(training_world, user_named):
    e2 = services.enrolment_withdraw(user=user_named("quanlychuongtrinh"), enrolment=training_world["e2"])
    assert e2.status == EnrolmentStatus.WITHDRAWN
    with pytest.raises(PermissionDenied):
        services.enrolment_withdraw(user=user_named("giangvien"), enrolment=training_world["e1"])


def test_coaching_lasts_one_or_two_days_after_the_session(training_world, user_named):
    w = training_world
    trainer = user_named("giangvien")
    start = w["s1"].end_date + datetime.timedelta(days=7)
    base = {"session": w["s1"], "enterprise_name": "Công ty Bia Hà Nội", "start_date": start,
            "trainers": [trainer], "participants": [w["e1"]]}
    with pytest.raises(ValidationError) as error:
        services.coaching_save(user=trainer, data={**base, "end_date": start + datetime.timedelta(days=2)})
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.coaching_save(user=trainer, data={**base, "start_date": w["s1"].start_date - datetime.timedelta(1),
                                                   "end_date": w["s1"].start_date})
    assert "start_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.coaching_save(user=trainer, data={**base, "end_date": start, "participants": [w["e3"]]})
    assert "participants" in error.value.message_dict
    coaching = services.coaching_save(user=trainer, data={**base, "end_date": start + datetime.timedelta(days=1)})
    assert coaching.days == 2
    with pytest.raises(PermissionDenied):
        services.coaching_save(user=trainer, data={**base, "session": w["s2"], "end_date": start})


def test_coaching_is_marked_done_once_it_has_started(training_world, user_named):
    w = training_world
    trainer = user_named("giangvien")
    with pytest.raises(ValidationError):
        services.coaching_mark_done(user=trainer, coaching=w["k1"], notes="Đã hướng dẫn")
    w["k1"].start_date = w["s1"].start_date
    w["k1"].save()
    done = services.coaching_mark_done(user=trainer, coaching=w["k1"], notes="Đã hướng dẫn kiểm toán nước")
    assert (done.status, done.notes) == (CoachingStatus.DONE, "Đã hướng dẫn kiểm toán nước")


def test_a_trainee_edits_only_their_phone_experience_and_sectors(training_world, user_named):
    w = training_world
    me = user_named("hocvien")
    trainee = services.trainee_save(user=me, instance=w["t1"], data={
        "phone": "0912345678", "experience": "Kiểm toán năng lượng", "full_name": "Tên khác",
        "sectors": ["10", "17"]})
    trainee.refresh_from_db()
    assert (trainee.full_name, trainee.phone) == ("Lý Thị Hoa", "0912345678")
    assert sorted(trainee.sectors.values_list("sector", flat=True)) == ["10", "17"]
    with pytest.raises(PermissionDenied):
        services.trainee_save(user=me, instance=w["t2"], data={"phone": "1"})


def test_trainee_email_is_unique_with_a_clear_message(training_world, user_named):
    with pytest.raises(ValidationError) as error:
        services.trainee_save(user=user_named("quanlychuongtrinh"), data={
            "full_name": "Người trùng", "email": "HOA@khuyencong-ninhbinh.vn", "organisation": "X",
            "organisation_type": OrganisationType.OTHER})
    assert "đã có trong danh sách học viên" in error.value.message_dict["email"][0]


def test_roster_search_ignores_diacritics(training_world, user_named):
    rows = Trainee.objects.restrict(user_named("quanlychuongtrinh"), "view")
    assert list(trainee_search(rows, "ly thi hoa")) == [training_world["t1"]]
    assert list(trainee_search(rows, "SỞ CÔNG THƯƠNG")) == [training_world["t2"]]


def test_my_training_shows_today_coaching_and_feedback_due(training_world, user_named):
    data = my_training(user=user_named("hocvien"))
    assert data["trainee"] == training_world["t1"]
    assert [day.pk for day in data["days"]] == [training_world["day_today"].pk]
    assert [k.pk for k in data["coachings"]] == [training_world["k1"].pk]
    assert [s.pk for s in data["feedback_due"]] == [training_world["s1"].pk]
    assert SessionDay.objects.filter(session=training_world["s1"]).count() == 5
