"""Demo training data: the national programme of seed 001 and a course running today (seed 003).

* "Đào tạo kỹ năng tư vấn sản xuất sạch hơn" (Bộ Công Thương – Hợp phần CPI, 2008–2010), run by an
  invented consulting firm and managed by ``quanlychuongtrinh``: Khóa 1 (06/2008–01/2009, 26
  trainees, 6 of whom withdrew after đợt 1) and Khóa 2 (06/2009–05/2010, 29 trainees); four
  modules; four sessions (đợt) of 4.5 days each (3.5 in class, a half day among them, and a field
  day) at the places a national programme would use, each followed by coaching at a demonstration
  enterprise and a field report from every trainee; grades whose classification gives the seed's
  results (Khóa 2: 10 giỏi, 11 khá, 5 trung bình, 3 không đạt; Khóa 1 with its own bands: 9 tích
  cực, 1 khá, 5 trung bình, 5 tham gia chưa đầy đủ); feedback averaging 8,59 with đợt 4 (Hà Nội)
  highest (8,88) and đợt 2 (Thái Nguyên) lowest (8,37); certificates for those who passed, one
  revoked. Records made before 1 July 2025 name the old province and the current one.
* "Tập huấn nâng cao kỹ năng thực hành đánh giá SXSH" (seed 003): this year's course, 30 trainees
  from 16 provinces, a session running from yesterday to three days ahead taught by ``giangvien``,
  ``hocvien`` among the trainees, a coaching after it.

People's and firms' names are invented. Deterministic (one seeded Random), run once: nothing is
done if the programme exists. Results and certificates go through the grading and certificate
services, so they obey the same rules as the pages.
"""

import datetime
import io
import random
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kcn.accounts.choices import Role
from kcn.accounts.models import User
from kcn.registry.choices import Sector
from kcn.registry.models import LegacyProvince, Province

from .choices import (
    AttendanceMethod,
    AttendanceStatus,
    CoachingStatus,
    CourseStatus,
    CriterionTarget,
    DayKind,
    EnrolmentStatus,
    OrganisationType,
    Sex,
)
from .models import (
    Attendance,
    Certificate,
    Coaching,
    Course,
    CourseModule,
    Enrolment,
    Feedback,
    FeedbackCriterion,
    FeedbackScore,
    FieldReport,
    Grade,
    GradeBand,
    Programme,
    RubricCriterion,
    SectorExperience,
    Session,
    SessionDay,
    Trainee,
)

PROGRAMME_CODE = "cpi-ky-nang-tu-van-sxsh"
CURRENT_CODE = "tap-huan-nang-cao-danh-gia-sxsh"
SEED = 2008
REASON = "Dữ liệu mẫu"
FIRM = "Công ty Cổ phần Tư vấn Môi trường Hồng Lam"
SIGNER_NAME = "TS. Phan Quốc Minh"
SIGNER_TITLE = "Giám đốc Hợp phần Sản xuất sạch hơn trong công nghiệp (CPI), Bộ Công Thương"
CEREMONY = datetime.date(2010, 5, 20)  # Hội thảo và lễ trao chứng chỉ tại TP Hồ Chí Minh
REVOKE_REASON = ("Báo cáo thu hoạch đợt 3 sao chép gần như toàn bộ báo cáo của một học viên khác; Hội đồng "
                 "đào tạo quyết định thu hồi chứng chỉ.")

# username, full name: the invented trainers of the firm, beside the demo's giangvien.
TRAINERS = [("gv.thuha", "Nguyễn Thị Thu Hà"), ("gv.anhtuan", "Phạm Anh Tuấn"), ("gv.vankhai", "Lê Văn Khải")]

MODULES = [
    ("Lập kế hoạch", "Thành lập nhóm đánh giá SXSH, khảo sát doanh nghiệp, lập kế hoạch đánh giá."),
    ("Thực hiện", "Cân bằng vật liệu và năng lượng, xác định nguyên nhân lãng phí, đề xuất giải pháp."),
    ("Giám sát và đánh giá", "Theo dõi kết quả thực hiện giải pháp, các chỉ số tiêu thụ, báo cáo."),
    ("Duy trì và cải tiến", "Lồng ghép SXSH vào hệ thống quản lý, duy trì nhóm SXSH, cải tiến liên tục."),
]
DAY_TOPICS = ["Bài giảng và thảo luận nhóm", "Bài tập tình huống", "Thực hành công cụ đánh giá",
              "Tổng kết, giao nhiệm vụ hướng dẫn thực tế"]
FEEDBACK_CRITERIA = ["Nội dung đáp ứng nhu cầu công việc", "Phương pháp giảng dạy của giảng viên",
                     "Tài liệu đào tạo", "Công tác tổ chức, hậu cần"]

# Each course: number, name, dates, weights (participation, interaction, report), bands
# (name, min score, passes) and the number of trainees per band, in band order.
COURSES = [
    {"number": 1, "start": datetime.date(2008, 6, 9), "end": datetime.date(2009, 1, 23), "trainees": 26,
     "withdrawn": 6, "weights": (40, 20, 40),
     "bands": [("Tích cực", "8", True, 9), ("Khá", "6.5", True, 1), ("Trung bình", "5", False, 5),
               ("Tham gia chưa đầy đủ", "0", False, 5)],
     # number, first day, place, old province code, factory visited, coaching enterprise, feedback mean
     "sessions": [
         (1, datetime.date(2008, 6, 9), "Hội trường Sở Công Thương TP Hồ Chí Minh, Quận 1", 79,
          "Công ty TNHH Dệt nhuộm Phú Lâm", "Công ty CP Chế biến thực phẩm Bình Tây", "8.50"),
         (2, datetime.date(2008, 8, 18), "Khách sạn Sông Cầu, thành phố Thái Nguyên", 19,
          "Nhà máy Giấy Sông Cầu", "Công ty CP Chè Tân Cương Xanh", "8.45"),
         (3, datetime.date(2008, 10, 20), "Trung tâm Hội nghị Hội An, Quảng Nam", 49,
          "Công ty CP Gạch ngói Điện Bàn", "Công ty CP Dệt may Điện Nam", "8.57"),
         (4, datetime.date(2008, 12, 8), "Khách sạn Thủ Đô, quận Ba Đình, Hà Nội", 1,
          "Công ty CP Bia Đông Anh", "Công ty CP Giấy Phú Thượng", "8.80"),
     ]},
    {"number": 2, "start": datetime.date(2009, 6, 15), "end": datetime.date(2010, 5, 20), "trainees": 29,
     "withdrawn": 0, "weights": (30, 20, 50),
     "bands": [("Giỏi", "8", True, 10), ("Khá", "6.5", True, 11), ("Trung bình", "5", True, 5),
               ("Không đạt", "0", False, 3)],
     "sessions": [
         (1, datetime.date(2009, 6, 15), "Khách sạn Ninh Kiều, thành phố Cần Thơ", 92,
          "Công ty CP Thủy sản Trà Nóc", "Công ty CP Chế biến lương thực Ô Môn", "8.55"),
         (2, datetime.date(2009, 9, 14), "Khách sạn Sông Cầu, thành phố Thái Nguyên", 19,
          "Công ty CP Chè Tân Cương Xanh", "Nhà máy Giấy Sông Cầu", "8.37"),
         (3, datetime.date(2009, 12, 7), "Trung tâm Hội nghị Sông Hàn, Đà Nẵng", 48,
          "Công ty CP Dệt may Hòa Khánh", "Công ty CP Thủy sản Thọ Quang", "8.63"),
         (4, datetime.date(2010, 3, 15), "Khách sạn Thủ Đô, quận Ba Đình, Hà Nội", 1,
          "Công ty CP Giấy Phú Thượng", "Công ty CP Bia Đông Anh", "8.88"),
     ]},
]

# Where trainees of the 2008–2010 courses worked: consulting firms and environmental centres of the
# three regions, and the industrial promotion centres of the five provinces the seed names.
LEGACY_ORGANISATIONS = [
    ("Trung tâm Tư vấn Công nghệ Môi trường Thăng Long", OrganisationType.ENVIRONMENT_CENTRE, 1),
    ("Công ty CP Tư vấn Môi trường Hồ Tây", OrganisationType.CONSULTING_FIRM, 1),
    ("Trung tâm Quan trắc Môi trường Hải Phòng", OrganisationType.ENVIRONMENT_CENTRE, 31),
    ("Công ty TNHH Kỹ thuật Môi trường Hải Dương Xanh", OrganisationType.CONSULTING_FIRM, 30),
    ("Trung tâm Kỹ thuật Môi trường Quảng Ninh", OrganisationType.ENVIRONMENT_CENTRE, 22),
    ("Trung tâm Tư vấn Môi trường Đà Nẵng", OrganisationType.ENVIRONMENT_CENTRE, 48),
    ("Công ty CP Tư vấn Môi trường Miền Trung", OrganisationType.CONSULTING_FIRM, 48),
    ("Trung tâm Quan trắc Môi trường Thừa Thiên Huế", OrganisationType.ENVIRONMENT_CENTRE, 46),
    ("Công ty CP Tư vấn Công nghệ Môi trường Phương Nam", OrganisationType.CONSULTING_FIRM, 79),
    ("Trung tâm Tư vấn Sản xuất sạch hơn Sài Gòn", OrganisationType.ENVIRONMENT_CENTRE, 79),
    ("Trung tâm Quan trắc và Kỹ thuật Môi trường Cần Thơ", OrganisationType.ENVIRONMENT_CENTRE, 92),
    ("Công ty TNHH Môi trường Đồng Nai Xanh", OrganisationType.CONSULTING_FIRM, 75),
    ("Trung tâm Khuyến công tỉnh Thái Nguyên", OrganisationType.PROMOTION_CENTRE, 19),
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Phú Thọ", OrganisationType.PROMOTION_CENTRE, 25),
    ("Trung tâm Khuyến công tỉnh Nghệ An", OrganisationType.PROMOTION_CENTRE, 40),
    ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Quảng Nam", OrganisationType.PROMOTION_CENTRE,
     49),
    ("Trung tâm Khuyến công tỉnh Bến Tre", OrganisationType.PROMOTION_CENTRE, 83),
]
# Seed 003: this year's course, DoITs, promotion centres and consulting units of 16 provinces.
CURRENT_PROVINCES = [1, 31, 37, 38, 40, 19, 25, 24, 48, 46, 56, 79, 75, 92, 86, 91]
CURRENT_KINDS = [("Sở Công Thương", OrganisationType.DOIT),
                 ("Trung tâm Khuyến công", OrganisationType.PROMOTION_CENTRE),
                 ("Trung tâm Tiết kiệm năng lượng và Sản xuất sạch hơn", OrganisationType.CP_CENTRE),
                 ("Trung tâm Tư vấn và Quan trắc môi trường", OrganisationType.ENVIRONMENT_CENTRE)]
HOCVIEN_ORGANISATION = "Trung tâm Khuyến công tỉnh Ninh Bình"

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
           "Ngô", "Dương", "Lý", "Trịnh", "Đinh", "Lương", "Tạ"]
_MIDDLE = {Sex.MALE: ["Văn", "Quang", "Minh", "Đức", "Hữu", "Thanh", "Công", "Xuân"],
           Sex.FEMALE: ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Thị Thu", "Hồng", "Kim"]}
_GIVEN = {Sex.MALE: ["An", "Bảo", "Cường", "Dũng", "Hải", "Hiếu", "Hoàng", "Khánh", "Long", "Nam", "Phong",
                     "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Vinh"],
          Sex.FEMALE: ["Anh", "Châu", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hương", "Lan", "Linh", "Mai",
                       "Nga", "Ngân", "Oanh", "Phương", "Thảo", "Trang", "Yến"]}
_POSITIONS = ["Chuyên viên", "Cán bộ kỹ thuật", "Trưởng phòng Tư vấn", "Phó Giám đốc", "Kỹ sư môi trường"]
_SECTORS = [Sector.C10, Sector.C11, Sector.C13, Sector.C17, Sector.C20, Sector.C22, Sector.C23, Sector.C24,
            Sector.C15, Sector.C16]
_INDUSTRIES = ["giấy", "dệt nhuộm", "chế biến thủy sản", "bia, nước giải khát", "gạch ngói", "mía đường"]
_COMMENTS = ["Nên tăng thời gian thực hành tại doanh nghiệp.", "Tài liệu rất hữu ích cho công việc.",
             "Giảng viên nhiệt tình, nhiều ví dụ thực tế.", "Đề nghị gửi tài liệu trước mỗi đợt học.", ""]

TWO_PLACES = Decimal("0.01")


def _aware(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _trainer(username, full_name, template):
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "role": Role.TRAINER, "organisation": FIRM,
                                     "email": f"{username.replace('.', '-')}@kcn.local"})
    if created:
        # The demo password, without hashing it once more: the demo trainer's hash is of the same password.
        user.password = template.password
        user.save(update_fields=["password"])
    return user


def sample_pdf(title, lines):
    """A one-page PDF in Vietnamese (the serif family of official documents)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from kcn.core.documents import font_family

    family = font_family()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    page.setTitle(title)
    page.setFont(f"{family}-Bold", 14)
    page.drawString(60, 780, title[:90])
    page.setFont(family, 11)
    for index, line in enumerate(lines):
        page.drawString(60, 750 - 18 * index, line[:100])
    page.showPage()
    page.save()
    return buffer.getvalue()


def _person(rng, taken):
    while True:
        sex = rng.choice([Sex.MALE, Sex.FEMALE])
        name = f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE[sex])} {rng.choice(_GIVEN[sex])}"
        if name not in taken:
            taken.add(name)
            return name, sex


def _province_label(province):
    if province.name.startswith("Thành phố"):
        return "thành phố " + province.name.removeprefix("Thành phố ").strip()
    return f"tỉnh {province.name}"


def _scores(rng, count, mean):
    """``count`` whole scores of 6–10 whose mean is ``mean`` to two decimals."""
    values = [rng.choice([7, 8, 8, 9, 9, 9, 10, 10]) for _ in range(count)]
    target = int((Decimal(mean) * count).to_integral_value(rounding=ROUND_HALF_UP))
    while sum(values) != target:
        index = rng.randrange(count)
        if sum(values) < target and values[index] < 10:
            values[index] += 1
        elif sum(values) > target and values[index] > 6:
            values[index] -= 1
    return values


def _result(weights, scores):
    total = sum(Decimal(w) * s / 10 for w, s in zip(weights, scores, strict=True))
    return (total / sum(weights) * 10).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _half(value):
    return (value / Decimal("0.5")).to_integral_value(rounding=ROUND_HALF_UP) * Decimal("0.5")


def _grades_for(rng, weights, low, high):
    """Participation, interaction and the mean report score (all on 10) giving a result in [low, high)."""
    quarter = Decimal("0.25")
    while True:
        target = low + (high - low) * Decimal(str(round(rng.uniform(0.15, 0.85), 2)))
        p, i = (min(Decimal(10), max(Decimal(2), _half(target + Decimal(str(round(rng.gauss(0, 0.6), 1))))))
                for _ in range(2))
        r = (target * sum(weights) - weights[0] * p - weights[1] * i) / weights[2]
        r = min(Decimal(10), max(Decimal(0), (r / quarter).to_integral_value() * quarter))
        if low <= _result(weights, (p, i, r)) < high:
            return p, i, r


def _report_scores(rng, mean):
    """Four report scores (quarter points) whose mean is ``mean``."""
    d1, d2 = (Decimal(rng.choice(["0", "0.25", "0.5", "0.75"])) for _ in range(2))
    if mean + max(d1, d2) > 10 or mean - max(d1, d2) < 0:
        d1 = d2 = Decimal(0)
    return [mean + d1, mean - d1, mean + d2, mean - d2]


class _Loader:
    """One run of the demo: the users, lookups and the seeded Random shared by its steps."""

    def __init__(self):
        self.rng = random.Random(SEED)
        self.manager = User.objects.get(username="quanlychuongtrinh")
        self.trainer = User.objects.get(username="giangvien")
        self.hocvien = User.objects.get(username="hocvien")
        self.trainers = [self.trainer] + [_trainer(u, n, self.trainer) for u, n in TRAINERS]
        self.legacy = {p.code: p for p in LegacyProvince.objects.select_related("successor")}
        self.provinces = {p.code: p for p in Province.objects.all()}
        self.names = set(Trainee.objects.values_list("full_name", flat=True))
        self.pdf_count = 0

    # --- building blocks

    def save(self, obj):
        obj.full_clean()
        obj._history_user = self.manager
        obj._change_reason = REASON
        obj.save()
        return obj

    def bulk(self, model, objects):
        if hasattr(model, "history"):
            return bulk_create_with_history(objects, model, batch_size=500, default_user=self.manager,
                                            default_change_reason=REASON)
        return model.objects.bulk_create(objects, batch_size=500)

    def course(self, programme, number, name, start, end, status, weights, bands):
        course = self.save(Course(programme=programme, number=number, name=name, start_date=start, end_date=end,
                                  status=status))
        course.trainers.set(self.trainers if programme.code == PROGRAMME_CODE else self.trainers[:2])
        modules = self.bulk(CourseModule, [CourseModule(course=course, order=order, title=title, description=text)
                                           for order, (title, text) in enumerate(MODULES, start=1)])
        self.bulk(GradeBand, [GradeBand(course=course, name=name, min_score=Decimal(minimum), passes=passes)
                              for name, minimum, passes, *_ in bands])
        names = [("tham-gia", "Tham gia các hoạt động đào tạo", CriterionTarget.ENROLMENT,
                  "Có mặt đầy đủ các buổi học, tham quan và hướng dẫn thực tế."),
                 ("tuong-tac", "Tương tác với giảng viên, doanh nghiệp và học viên", CriterionTarget.ENROLMENT,
                  "Trao đổi, đặt câu hỏi, làm việc nhóm, hỗ trợ doanh nghiệp."),
                 ("bao-cao", "Chất lượng báo cáo thu hoạch", CriterionTarget.REPORT,
                  "Đúng phương pháp, số liệu đầy đủ, giải pháp khả thi.")]
        criteria = self.bulk(RubricCriterion, [
            RubricCriterion(course=course, code=code, name=name, target=target, description=text,
                            weight=Decimal(weight), order=order)
            for order, ((code, name, target, text), weight) in enumerate(zip(names, weights, strict=True))])
        return course, modules, criteria

    def session(self, course, modules, number, start, place, visited, trainers, legacy_code=None, province=None):
        legacy = self.legacy.get(legacy_code) if legacy_code else None
        session = Session(course=course, number=number, place=place, start_date=start,
                          end_date=start + datetime.timedelta(days=4), visited_enterprise=visited,
                          legacy_province=legacy, province=legacy.successor if legacy else province)
        self.save(session)
        session.trainers.set(trainers)
        session.modules.set(modules)
        # 3.5 days in class (the fourth is a half day) and a day at a factory.
        days = [SessionDay(session=session, date=start + datetime.timedelta(days=offset),
                           kind=DayKind.FIELD if offset == 4 else DayKind.CLASS, half_day=offset == 3,
                           topic=f"Tham quan {visited}" if offset == 4 else DAY_TOPICS[offset])
                for offset in range(5)]
        return session, self.bulk(SessionDay, days)

    def coaching(self, session, enterprise, start, days, trainers, participants, status, legacy_code=None,
                 province=None):
        legacy = self.legacy.get(legacy_code) if legacy_code else None
        coaching = Coaching(session=session, enterprise_name=enterprise, start_date=start,
                            end_date=start + datetime.timedelta(days=days - 1), status=status,
                            report_due=start + datetime.timedelta(days=21), legacy_province=legacy,
                            province=legacy.successor if legacy else province,
                            notes="Hướng dẫn học viên thực hiện đánh giá nhanh SXSH tại dây chuyền sản xuất chính.")
        self.save(coaching)
        coaching.trainers.set(trainers)
        coaching.participants.set(participants)
        return coaching

    def trainees(self, rows, course, enrolled_on):
        """``rows``: (organisation, type, current province, old province or None). Trainees and enrolments."""
        trainees = []
        for index, (organisation, kind, province, _legacy) in enumerate(rows, start=1):
            name, sex = _person(self.rng, self.names)
            trainees.append(Trainee(
                full_name=name, sex=sex, birth_year=self.rng.randint(1962, 1986) if course.start_date.year < 2015
                else self.rng.randint(1975, 1998), organisation=organisation, organisation_type=kind,
                email=f"k{course.pk}.hv{index:02d}@mangluoi-sxsh.vn", phone=f"09{self.rng.randint(10000000, 99999999)}",
                position=self.rng.choice(_POSITIONS), province=province,
                experience=f"Tham gia đánh giá SXSH tại doanh nghiệp ngành {self.rng.choice(_INDUSTRIES)}."))
        for trainee in trainees:  # bulk_create does not call save(), which keeps the search key
            trainee.search_text = Trainee.search_text_for(trainee.full_name, trainee.organisation, trainee.email)
        trainees = self.bulk(Trainee, trainees)
        sectors = []
        for trainee in trainees:
            for sector in self.rng.sample(_SECTORS, self.rng.randint(1, 3)):
                sectors.append(SectorExperience(trainee=trainee, sector=sector))
        SectorExperience.objects.bulk_create(sectors)
        enrolments = [Enrolment(course=course, trainee=trainee, organisation=organisation, organisation_type=kind,
                                province=province, legacy_province=legacy, enrolled_on=enrolled_on)
                      for trainee, (organisation, kind, province, legacy) in zip(trainees, rows, strict=True)]
        return self.bulk(Enrolment, enrolments)

    def report(self, enrolment, coaching, submitted_by, number):
        trainee = enrolment.trainee
        title = f"Báo cáo thu hoạch đợt {number} – {trainee.full_name}"
        content = sample_pdf(title, [
            f"Học viên: {trainee.full_name} – {enrolment.organisation}",
            f"Doanh nghiệp hướng dẫn thực tế: {coaching.enterprise_name}",
            f"Thời gian: {coaching.start_date:%d/%m/%Y} – {coaching.end_date:%d/%m/%Y}",
            "1. Tổng quan quy trình sản xuất và các dòng thải chính.",
            "2. Cân bằng vật liệu, định mức tiêu thụ nước, điện, nhiên liệu.",
            "3. Các cơ hội SXSH đã xác định và giải pháp đề xuất.",
            "4. Tính khả thi kỹ thuật, kinh tế, môi trường của giải pháp.",
        ])
        self.pdf_count += 1
        report = FieldReport(enrolment=enrolment, coaching=coaching, title=title,
                             original_name=f"bao-cao-thu-hoach-dot-{number}.pdf", size=len(content),
                             content_type="application/pdf", submitted_by=submitted_by,
                             submitted_at=_aware(coaching.end_date + datetime.timedelta(days=10), 9))
        report.file.save(report.original_name, ContentFile(content), save=False)
        return report

    # --- the 2008–2010 programme

    def legacy_programme(self):
        programme = self.save(Programme(
            code=PROGRAMME_CODE, name="Đào tạo kỹ năng tư vấn sản xuất sạch hơn",
            sponsor="Bộ Công Thương – Hợp phần Sản xuất sạch hơn trong công nghiệp (CPI)", start_year=2008,
            end_year=2010, description=(
                f"Hai khóa đào tạo chuyên gia tư vấn SXSH do {FIRM} thực hiện: 4 module, 4 đợt học tập trung "
                "mỗi đợt 4,5 ngày (3,5 ngày trên lớp, 1 ngày tham quan doanh nghiệp), sau mỗi đợt 1–2 ngày "
                "hướng dẫn trực tiếp tại doanh nghiệp trình diễn của CPI và báo cáo thu hoạch.")))
        programme.managers.add(self.manager)
        criteria = self.bulk(FeedbackCriterion, [FeedbackCriterion(programme=programme, order=order, text=text)
                                                 for order, text in enumerate(FEEDBACK_CRITERIA)])
        courses = [self.legacy_course(programme, spec, criteria) for spec in COURSES]
        return programme, courses

    def legacy_course(self, programme, spec, feedback_criteria):
        rng = self.rng
        course, modules, criteria = self.course(
            programme, spec["number"], "Kỹ năng tư vấn sản xuất sạch hơn", spec["start"], spec["end"],
            CourseStatus.CLOSED, spec["weights"], spec["bands"])
        # Each course has people of the five provinces' promotion centres, the rest from firms and centres.
        picks = [o for o in LEGACY_ORGANISATIONS if o[1] == OrganisationType.PROMOTION_CENTRE]
        picks += [rng.choice(LEGACY_ORGANISATIONS) for _ in range(spec["trainees"] - len(picks))]
        rng.shuffle(picks)
        rows = [(organisation, kind, self.legacy[code].successor, self.legacy[code])
                for organisation, kind, code in picks]
        enrolments = self.trainees(rows, course, spec["start"] - datetime.timedelta(days=14))
        withdrawn = set(rng.sample(range(len(enrolments)), spec["withdrawn"]))
        active = [e for index, e in enumerate(enrolments) if index not in withdrawn]
        for index in withdrawn:
            enrolments[index].status = EnrolmentStatus.WITHDRAWN
        Enrolment.objects.filter(pk__in=[enrolments[i].pk for i in withdrawn]).update(
            status=EnrolmentStatus.WITHDRAWN)

        # Who lands in which band: the seed's counts, shuffled over the active trainees.
        band_of = []
        for position, (_name, minimum, _passes, count) in enumerate(spec["bands"]):
            high = Decimal(spec["bands"][position - 1][1]) if position else Decimal("9.6")
            low = Decimal(minimum) if Decimal(minimum) > 0 else Decimal("3")
            band_of += [(low, high)] * count
        rng.shuffle(band_of)
        planned = {e.pk: _grades_for(rng, spec["weights"], *band) for e, band in zip(active, band_of, strict=True)}

        attendance, feedback, reports = [], [], []
        for number, start, place, code, visited, enterprise, mean in spec["sessions"]:
            trainers = [self.trainers[0], self.trainers[number % 3 + 1]]
            session, days = self.session(course, [modules[number - 1]], number, start, place, visited, trainers,
                                         legacy_code=code)
            present = enrolments if number == 1 else active
            for enrolment in enrolments:
                weak = enrolment.pk in planned and planned[enrolment.pk][0] < 5
                for day in days:
                    if enrolment not in present:
                        status = AttendanceStatus.ABSENT
                    else:
                        roll = rng.random()
                        status = (AttendanceStatus.ABSENT if roll < (0.25 if weak else 0.02) else
                                  AttendanceStatus.LATE if roll > 0.96 else AttendanceStatus.PRESENT)
                    attendance.append(Attendance(enrolment=enrolment, day=day, status=status,
                                                 method=AttendanceMethod.TRAINER, recorded_by=trainers[0],
                                                 recorded_at=_aware(day.date, 17)))
            scores = _scores(rng, len(present) * len(feedback_criteria), mean)
            for index, enrolment in enumerate(present):
                mine = scores[index * len(feedback_criteria):(index + 1) * len(feedback_criteria)]
                item = Feedback(session=session, enrolment=enrolment, comment=rng.choice(_COMMENTS),
                                average=(Decimal(sum(mine)) / len(mine)).quantize(TWO_PLACES),
                                submitted_at=_aware(session.end_date, 16))
                feedback.append((item, mine))
            coaching_start = session.end_date + datetime.timedelta(days=rng.randint(10, 18))
            coaching = self.coaching(session, enterprise, coaching_start, rng.choice([1, 2]), trainers, active,
                                     CoachingStatus.DONE, legacy_code=code)
            for enrolment in active:
                reports.append(self.report(enrolment, coaching, trainers[0], number))

        Attendance.objects.bulk_create(attendance, batch_size=1000)
        items = Feedback.objects.bulk_create([item for item, _ in feedback], batch_size=500)
        FeedbackScore.objects.bulk_create([
            FeedbackScore(feedback=item, criterion=criterion, score=Decimal(score))
            for item, (_, mine) in zip(items, feedback, strict=True)
            for criterion, score in zip(feedback_criteria, mine, strict=True)], batch_size=1000)
        reports = self.bulk(FieldReport, reports)

        grader = self.trainers[0]
        per_trainee, per_report = criteria[:2], criteria[2]
        grades, by_enrolment = [], {}
        for report in reports:
            by_enrolment.setdefault(report.enrolment_id, []).append(report)
        for enrolment in active:
            participation, interaction, report_mean = planned[enrolment.pk]
            graded_at = _aware(course.end_date, 10)
            for criterion, score in zip(per_trainee, (participation, interaction), strict=True):
                grades.append(Grade(enrolment=enrolment, criterion=criterion, score=score, graded_by=grader,
                                    graded_at=graded_at))
            for report, score in zip(by_enrolment[enrolment.pk], _report_scores(rng, report_mean), strict=True):
                grades.append(Grade(enrolment=enrolment, criterion=per_report, report=report, score=score,
                                    graded_by=grader, graded_at=graded_at))
        self.bulk(Grade, grades)
        self.classify(course)
        return course

    def classify(self, course):
        """The course's result and certificates, through the grading and certificate services."""
        from .services.certificates import certificate_revoke, certificates_issue
        from .services.grading import course_classify, course_publish_results

        course_classify(user=self.manager, course=course)
        course_publish_results(user=self.manager, course=course)
        # Published before the ceremony of 20/05/2010, revoked that September: as it happened, not today.
        Course.objects.filter(pk=course.pk).update(results_published_at=_aware(CEREMONY - datetime.timedelta(days=10)))
        issued = certificates_issue(user=self.manager, course=course, signer_name=SIGNER_NAME,
                                    signer_title=SIGNER_TITLE, issued_on=CEREMONY)
        if course.number == 1 and issued:
            revoked = certificate_revoke(user=self.manager, certificate=self.rng.choice(issued), reason=REVOKE_REASON)
            Certificate.objects.filter(pk=revoked.pk).update(revoked_at=_aware(datetime.date(2010, 9, 15)))

    # --- this year's course (seed 003)

    def current_programme(self):
        today = timezone.localdate()
        rng = self.rng
        programme = self.save(Programme(
            code=CURRENT_CODE, name="Tập huấn nâng cao kỹ năng thực hành đánh giá sản xuất sạch hơn",
            sponsor="Bộ Công Thương – Vụ Tiết kiệm năng lượng và Phát triển bền vững", start_year=today.year,
            description=("Tập huấn hằng năm cho cán bộ Sở Công Thương, trung tâm khuyến công, trung tâm tiết kiệm "
                         "năng lượng và SXSH, đơn vị tư vấn: kỹ thuật quan sát, phỏng vấn, đánh giá số liệu và viết "
                         "báo cáo đánh giá nhanh hiệu quả sử dụng nước, nhiên liệu và điện.")))
        programme.managers.add(self.manager)
        self.bulk(FeedbackCriterion, [FeedbackCriterion(programme=programme, order=order, text=text)
                                      for order, text in enumerate(FEEDBACK_CRITERIA)])
        start = today - datetime.timedelta(days=1)
        course, modules, _criteria = self.course(
            programme, 1, f"Tập huấn nâng cao năm {today.year}", start, start + datetime.timedelta(days=150),
            CourseStatus.RUNNING, (30, 20, 50),
            [("Giỏi", "8", True), ("Khá", "6.5", True), ("Trung bình", "5", True), ("Không đạt", "0", False)])
        session, days = self.session(course, modules[:2], 1, start, "Trung tâm Hội nghị Phú Thọ, TP Hồ Chí Minh",
                                     "Công ty CP Giấy Tân Mai Xanh", [self.trainer, self.trainers[1]],
                                     province=self.provinces[79])
        self.session(course, modules[2:], 2, start + datetime.timedelta(days=120), "Khách sạn Kim Liên, Hà Nội",
                     "Công ty CP Bia Đông Anh", [self.trainer], province=self.provinces[1])

        rows = []
        provinces = CURRENT_PROVINCES + rng.sample(CURRENT_PROVINCES, 13)
        for code in provinces:
            province = self.provinces[code]
            prefix, kind = rng.choice(CURRENT_KINDS)
            rows.append((f"{prefix} {_province_label(province)}", kind, province, None))
        enrolments = self.trainees(rows, course, start - datetime.timedelta(days=20))
        trainee = Trainee.objects.filter(user=self.hocvien).first()
        if trainee is None:
            trainee = self.save(Trainee(full_name=self.hocvien.full_name or "Lý Thị Hoa", sex=Sex.FEMALE,
                                        birth_year=1990, organisation=HOCVIEN_ORGANISATION,
                                        organisation_type=OrganisationType.PROMOTION_CENTRE,
                                        province=self.provinces[37], position="Chuyên viên", user=self.hocvien))
        mine = self.save(Enrolment(course=course, trainee=trainee, organisation=HOCVIEN_ORGANISATION,
                                   organisation_type=OrganisationType.PROMOTION_CENTRE, province=self.provinces[37],
                                   enrolled_on=start - datetime.timedelta(days=20)))
        enrolments.append(mine)
        # Yesterday's roll call is taken; today's is left for the class (and the QR code).
        Attendance.objects.bulk_create([
            Attendance(enrolment=e, day=days[0], recorded_by=self.trainer, recorded_at=_aware(days[0].date, 8),
                       status=AttendanceStatus.ABSENT if rng.random() < 0.05 else AttendanceStatus.PRESENT)
            for e in enrolments])
        self.coaching(session, "Công ty TNHH Chế biến thủy sản Sao Biển", session.end_date + datetime.timedelta(days=7),
                      2, [self.trainer], enrolments, CoachingStatus.PLANNED, province=self.provinces[86])
        return course


def load_training_demo(board=None):
    """The demo's training programmes (see the module docstring); None if they are there already."""
    if Programme.objects.filter(code__in=[PROGRAMME_CODE, CURRENT_CODE]).exists():
        return None
    if not User.objects.filter(username__in=["quanlychuongtrinh", "giangvien", "hocvien"]).count() == 3:
        return None
    with transaction.atomic():
        loader = _Loader()
        programme, courses = loader.legacy_programme()
        loader.current_programme()
    passed = Enrolment.objects.filter(course__programme=programme, passed=True).count()
    return (f"Đào tạo mẫu: chương trình “{programme.name}” ({len(courses)} khóa, "
            f"{Enrolment.objects.filter(course__programme=programme).count()} học viên, {passed} đạt, "
            f"{loader.pdf_count} báo cáo thu hoạch) và một khóa đang học hôm nay.")
