"""A small training world for tests (the permission matrices and each area's tests build on it).

Two programmes: P1, run by the demo's programme manager (quanlychuongtrinh) with the demo's
trainer (giangvien) and trainee (hocvien) plus a classmate without a login; P2, run by other
people, out of the demo users' scope. P1's session 1 is running today (two days ago to two days
ahead), so attendance and QR check-in have a day to work with; its coaching follows it.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.registry.models import LegacyProvince, Province
from kcn.training.choices import CourseStatus, CriterionTarget, DayKind, OrganisationType
from kcn.training.models import (
    Coaching,
    Course,
    CourseModule,
    Enrolment,
    FeedbackCriterion,
    GradeBand,
    Programme,
    RubricCriterion,
    Session,
    SessionDay,
    Trainee,
)

MODULES = ["Lập kế hoạch", "Thực hiện", "Giám sát và đánh giá", "Duy trì và cải tiến"]
BANDS = [("Giỏi", "8", True), ("Khá", "6.5", True), ("Trung bình", "5", True), ("Không đạt", "0", False)]
CRITERIA = [("tham-gia", "Tham gia các hoạt động đào tạo", CriterionTarget.ENROLMENT, "30"),
            ("tuong-tac", "Tương tác với giảng viên, doanh nghiệp và học viên", CriterionTarget.ENROLMENT, "20"),
            ("bao-cao", "Chất lượng báo cáo thu hoạch", CriterionTarget.REPORT, "50")]
FEEDBACK = ["Nội dung đáp ứng nhu cầu", "Phương pháp giảng dạy", "Công tác tổ chức"]


def _user(username, role, full_name):
    user, _ = User.objects.get_or_create(username=username, defaults={"role": role, "full_name": full_name})
    return user


def _course(programme, number, trainer, start):
    course = Course.objects.create(programme=programme, number=number, name="Kỹ năng tư vấn SXSH",
                                   start_date=start, end_date=start + datetime.timedelta(days=120),
                                   status=CourseStatus.RUNNING)
    course.trainers.add(trainer)
    for order, title in enumerate(MODULES, start=1):
        CourseModule.objects.create(course=course, order=order, title=title)
    for name, min_score, passes in BANDS:
        GradeBand.objects.create(course=course, name=name, min_score=Decimal(min_score), passes=passes)
    for order, (code, name, target, weight) in enumerate(CRITERIA):
        RubricCriterion.objects.create(course=course, code=code, name=name, target=target,
                                       weight=Decimal(weight), order=order)
    return course


def _session(course, number, start, place, province, trainer):
    session = Session.objects.create(course=course, number=number, place=place, province=province,
                                     start_date=start, end_date=start + datetime.timedelta(days=4),
                                     visited_enterprise="Nhà máy Giấy Hoàng Văn Thụ")
    session.trainers.add(trainer)
    session.modules.set(course.modules.all())
    for offset in range(5):
        SessionDay.objects.create(session=session, date=start + datetime.timedelta(days=offset),
                                  kind=DayKind.FIELD if offset == 4 else DayKind.CLASS, half_day=offset == 3)
    return session


def build_world():
    today = timezone.localdate()
    manager = User.objects.get(username="quanlychuongtrinh")
    trainer = User.objects.get(username="giangvien")
    trainee_user = User.objects.get(username="hocvien")
    other_manager = _user("ql.khac", Role.PROGRAMME_MANAGER, "Phạm Thu Trang")
    other_trainer = _user("gv.khac", Role.TRAINER, "Hồ Văn Nam")
    other_trainee_user = _user("hv.khac", Role.TRAINEE, "Đỗ Minh Châu")
    ninh_binh, thai_nguyen = Province.objects.get(code=37), Province.objects.get(code=19)

    p1 = Programme.objects.create(code="sxsh-tu-van", name="Đào tạo chuyên gia tư vấn SXSH",
                                  sponsor="Bộ Công Thương – Hợp phần CPI", start_year=today.year - 1)
    p1.managers.add(manager)
    p2 = Programme.objects.create(code="sxsh-nang-cao", name="Tập huấn nâng cao đánh giá SXSH",
                                  start_year=today.year)
    p2.managers.add(other_manager)
    for programme in (p1, p2):
        for order, text in enumerate(FEEDBACK):
            FeedbackCriterion.objects.create(programme=programme, order=order, text=text)

    c1 = _course(p1, 1, trainer, today - datetime.timedelta(days=10))
    c2 = _course(p2, 1, other_trainer, today - datetime.timedelta(days=10))
    s1 = _session(c1, 1, today - datetime.timedelta(days=2), "Khách sạn Kim Liên, Hà Nội", Province.objects.get(code=1),
                  trainer)
    s2 = _session(c2, 1, today - datetime.timedelta(days=2), "Thái Nguyên", thai_nguyen, other_trainer)

    t1 = Trainee.objects.create(full_name="Lý Thị Hoa", email="hoa@khuyencong-ninhbinh.vn",
                                organisation="Trung tâm Khuyến công tỉnh Ninh Bình",
                                organisation_type=OrganisationType.PROMOTION_CENTRE, province=ninh_binh,
                                user=trainee_user)
    t2 = Trainee.objects.create(full_name="Trần Văn Bình", organisation="Sở Công Thương tỉnh Thái Nguyên",
                                organisation_type=OrganisationType.DOIT, province=thai_nguyen)
    t3 = Trainee.objects.create(full_name="Đỗ Minh Châu", organisation="Công ty CP Tư vấn Môi trường Xanh",
                                organisation_type=OrganisationType.CONSULTING_FIRM, province=thai_nguyen,
                                user=other_trainee_user)
    e1 = Enrolment.objects.create(course=c1, trainee=t1, organisation=t1.organisation,
                                  organisation_type=t1.organisation_type, province=ninh_binh,
                                  legacy_province=LegacyProvince.objects.get(code=37))
    e2 = Enrolment.objects.create(course=c1, trainee=t2, organisation=t2.organisation,
                                  organisation_type=t2.organisation_type, province=thai_nguyen,
                                  legacy_province=LegacyProvince.objects.get(code=6))
    e3 = Enrolment.objects.create(course=c2, trainee=t3, organisation=t3.organisation,
                                  organisation_type=t3.organisation_type, province=thai_nguyen)

    def coaching(session, trainer_user, enrolments):
        start = session.end_date + datetime.timedelta(days=1)
        item = Coaching.objects.create(session=session, enterprise_name="Công ty CP Giấy Hoàng Văn Thụ",
                                       start_date=start, end_date=start + datetime.timedelta(days=1),
                                       report_due=start + datetime.timedelta(days=14))
        item.trainers.add(trainer_user)
        item.participants.set(enrolments)
        return item

    k1 = coaching(s1, trainer, [e1, e2])
    k2 = coaching(s2, other_trainer, [e3])
    return {
        "manager": manager, "trainer": trainer, "trainee_user": trainee_user, "other_manager": other_manager,
        "other_trainer": other_trainer, "other_trainee_user": other_trainee_user,
        "p1": p1, "p2": p2, "c1": c1, "c2": c2, "s1": s1, "s2": s2, "k1": k1, "k2": k2,
        "t1": t1, "t2": t2, "t3": t3, "e1": e1, "e2": e2, "e3": e3,
        "day_today": s1.days.get(date=today), "day_s2_today": s2.days.get(date=today),
    }
