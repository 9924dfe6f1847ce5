"""The training demo: the programme of seed 001 as the seed tells it, a course running today, once."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Avg, Count, Sum
from django.urls import reverse
from django.utils import timezone

from kcn.core.choices import Action
from kcn.training.choices import DayKind, EnrolmentStatus
from kcn.training.demo import CURRENT_CODE, PROGRAMME_CODE, load_training_demo
from kcn.training.models import (
    Attendance,
    Certificate,
    Coaching,
    Course,
    Enrolment,
    Feedback,
    FeedbackScore,
    FieldReport,
    Grade,
    Session,
    SessionDay,
    Trainee,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    line = load_training_demo(demo)
    assert line and line.startswith("Đào tạo mẫu")
    return {course.number: course for course in Course.objects.filter(programme__code=PROGRAMME_CODE)}


def _bands(course):
    rows = (Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED)
            .values_list("band__name").annotate(n=Count("pk")))
    return dict(rows)


def test_courses_sessions_and_trainees_match_the_seed(loaded):
    k1, k2 = loaded[1], loaded[2]
    assert (k1.start_date, k1.end_date) == (datetime.date(2008, 6, 9), datetime.date(2009, 1, 23))
    assert k1.enrolments.count() == 26 and k2.enrolments.count() == 29
    assert k1.enrolments.filter(status=EnrolmentStatus.WITHDRAWN).count() == 6
    assert [m.title for m in k2.modules.order_by("order")] == ["Lập kế hoạch", "Thực hiện", "Giám sát và đánh giá",
                                                               "Duy trì và cải tiến"]
    for course in (k1, k2):
        sessions = list(course.sessions.order_by("number"))
        assert [s.number for s in sessions] == [1, 2, 3, 4]
        for session in sessions:
            days = list(session.days.all())
            class_days = sum(d.length for d in days if d.kind == DayKind.CLASS)
            field_days = sum(d.length for d in days if d.kind == DayKind.FIELD)
            assert (class_days, field_days) == (3.5, 1)
            assert all(session.start_date <= d.date <= session.end_date for d in days)
            # Pre-2025 records name the old province and the one it is part of now.
            assert session.legacy_province and session.province == session.legacy_province.successor
            coaching = session.coachings.get()
            assert coaching.start_date > session.end_date and 1 <= coaching.days <= 2
    assert k2.sessions.get(number=4).province.name == "Thành phố Hà Nội"
    assert k2.sessions.get(number=2).province.name == "Thái Nguyên"
    quang_nam = k1.sessions.get(number=3)
    assert (quang_nam.legacy_province.name, quang_nam.province.name) == ("Quảng Nam", "Thành phố Đà Nẵng")
    enrolments = Enrolment.objects.filter(course__in=[k1, k2])
    assert not enrolments.filter(legacy_province__isnull=True).exists()
    assert all(e.province_id == e.legacy_province.successor_id for e in enrolments.select_related("legacy_province"))
    # The promotion centres of the five provinces the seed names, in both courses.
    for course in (k1, k2):
        centres = set(course.enrolments.filter(organisation__startswith="Trung tâm Khuyến công")
                      .values_list("legacy_province__name", flat=True))
        assert centres == {"Thái Nguyên", "Phú Thọ", "Nghệ An", "Quảng Nam", "Bến Tre"}


def test_attendance_every_day_and_a_field_report_after_every_coaching(loaded):
    for course in loaded.values():
        days = SessionDay.objects.filter(session__course=course).count()
        assert Attendance.objects.filter(enrolment__course=course).count() == days * course.enrolments.count()
        for coaching in Coaching.objects.filter(session__course=course):
            participants = set(coaching.participants.values_list("pk", flat=True))
            assert participants == set(course.enrolments.filter(status=EnrolmentStatus.ENROLLED)
                                       .values_list("pk", flat=True))
            reports = FieldReport.objects.filter(coaching=coaching)
            assert set(reports.values_list("enrolment_id", flat=True)) == participants
    report = FieldReport.objects.filter(enrolment__course=loaded[2]).first()
    with report.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert report.size == report.file.size


def test_classification_gives_the_seed_results(loaded):
    k1, k2 = loaded[1], loaded[2]
    assert _bands(k2) == {"Giỏi": 10, "Khá": 11, "Trung bình": 5, "Không đạt": 3}
    # Another course, other bands.
    assert _bands(k1) == {"Tích cực": 9, "Khá": 1, "Trung bình": 5, "Tham gia chưa đầy đủ": 5}
    assert not Enrolment.objects.filter(course=k1, status=EnrolmentStatus.WITHDRAWN, band__isnull=False).exists()
    for enrolment in Enrolment.objects.filter(course=k2).select_related("band"):
        assert enrolment.band.min_score <= enrolment.result_score and enrolment.passed == enrolment.band.passes
    # Every grade within its criterion's range; one report grade per report.
    assert not Grade.objects.filter(score__gt=10).exists()
    assert Grade.objects.filter(report__isnull=False).count() == FieldReport.objects.filter(
        enrolment__course__in=[k1, k2]).count()


def test_feedback_averages_like_the_seed(loaded):
    sessions = (Session.objects.filter(course__programme__code=PROGRAMME_CODE)
                .annotate(average=Avg("feedback__average")).order_by("-average"))
    highest, lowest = sessions.first(), sessions.last()
    assert (highest.number, highest.province.name) == (4, "Thành phố Hà Nội")
    assert round(highest.average, 2) == Decimal("8.88")
    assert (lowest.number, lowest.province.name) == (2, "Thái Nguyên")
    assert round(lowest.average, 2) == Decimal("8.37")
    overall = Feedback.objects.filter(session__course__programme__code=PROGRAMME_CODE).aggregate(a=Avg("average"))
    assert abs(overall["a"] - Decimal("8.59")) < Decimal("0.01")
    # Feedback.average is the mean of its scores, for every feedback.
    for item in Feedback.objects.annotate(total=Sum("scores__score"), n=Count("scores")):
        assert item.n == 4 and item.average == (item.total / item.n).quantize(Decimal("0.01"))
    assert FeedbackScore.objects.filter(score__gt=10).count() == 0


def test_certificates_for_those_who_passed_one_revoked(loaded):
    passed = Enrolment.objects.filter(course__in=loaded.values(), passed=True)
    assert passed.count() == 10 + 26
    certificates = Certificate.objects.filter(enrolment__course__in=loaded.values())
    assert set(certificates.values_list("enrolment_id", flat=True)) == set(passed.values_list("pk", flat=True))
    revoked = certificates.get(revoked_at__isnull=False)
    assert revoked.revoked_reason and revoked.enrolment.course.number == 1
    assert all(c.issued_on == datetime.date(2010, 5, 20) for c in certificates)


def test_loading_twice_changes_nothing(loaded, demo):
    models = [Course, Session, SessionDay, Trainee, Enrolment, Attendance, Coaching, FieldReport, Grade, Feedback,
              Certificate]
    before = {model: model.objects.count() for model in models}
    assert load_training_demo(demo) is None
    assert {model: model.objects.count() for model in models} == before



def test_hocvien_sees_todays_session_and_giangvien_teaches_it(loaded, user_named, login):
    today = timezone.localdate()
    hocvien, giangvien = user_named("hocvien"), user_named("giangvien")
    course = Course.objects.get(programme__code=CURRENT_CODE)
    assert course.enrolments.count() == 30
    provinces = set(course.enrolments.values_list("province__name", flat=True))
    assert len(provinces) == 16
    mine = Enrolment.objects.restrict(hocvien, Action.VIEW).get()
    assert mine.course == course and mine.trainee.organisation == "Trung tâm Khuyến công tỉnh Ninh Bình"
    session = Session.objects.restrict(hocvien, Action.VIEW).get(start_date__lte=today, end_date__gte=today)
    assert session.start_date == today - datetime.timedelta(days=1)
    assert session.end_date == today + datetime.timedelta(days=3)
    assert SessionDay.objects.restrict(hocvien, Action.VIEW).filter(date=today).exists()
    assert session.trainers.filter(pk=giangvien.pk).exists()
    assert session.coachings.get().start_date > session.end_date
    page = login("hocvien").get(reverse("training:my_training"))
    assert page.status_code == 200 and session.place in page.content.decode()
