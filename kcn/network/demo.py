"""Demo network data: what the 2008–2010 graduates did next, the Bến Tre workshop and the library.

* CP activities the graduates of the training demo's programme registered for 2010–2011, with
  quarterly updates and six-monthly evaluations; a few quarters and halves are missing, as in any
  real follow-up. The network still follows its graduates: evaluations for the latest half-year
  due, except for two people, and one graduate with an activity running now whose update for the
  latest quarter due is missing, so the follow-up page has something to show today.
* The workshop of seed 002: "Hội thảo chia sẻ kinh nghiệm về hoạt động sản xuất sạch hơn trong
  công nghiệp trên địa bàn tỉnh Bến Tre", 14–15/4/2011, organised by Sở Công Thương Bến Tre (old
  province Bến Tre, now Vĩnh Long), with 16 departments and promotion centres of southern provinces,
  its agenda, participants, the documents presented and the field visits of 15/4/2011.
* A library of guides, templates and slides by topic and sector (small PDFs made here).

People's and firms' names are invented. Run once: nothing is done if the workshop exists.
"""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from kcn.accounts.models import User
from kcn.registry.choices import Sector
from kcn.registry.models import LegacyProvince
from kcn.training.choices import OrganisationType
from kcn.training.demo import PROGRAMME_CODE, load_training_demo, sample_pdf
from kcn.training.models import Enrolment, Programme

from .choices import ActivityKind, ActivityStatus, DocumentKind, DocumentTopic, EvaluationRating, WorkshopStatus
from .constants import EVALUATION_GRACE_DAYS, UPDATE_GRACE_DAYS
from .models import (
    ActivityUpdate,
    AgendaItem,
    CpActivity,
    Document,
    Evaluation,
    FieldVisit,
    Workshop,
    WorkshopOrganisation,
    WorkshopParticipant,
)

SEED = 2011
REASON = "Dữ liệu mẫu"
WORKSHOP_TITLE = ("Hội thảo chia sẻ kinh nghiệm về hoạt động sản xuất sạch hơn trong công nghiệp "
                  "trên địa bàn tỉnh Bến Tre")
DAY_1, DAY_2 = datetime.date(2011, 4, 14), datetime.date(2011, 4, 15)
BEN_TRE = 83

# Enterprises graduates worked with (invented), by sector.
ENTERPRISES = [
    ("Công ty CP Giấy Việt Trì Xanh", Sector.C17), ("Công ty TNHH Dệt nhuộm Thành Công", Sector.C13),
    ("Công ty CP Chế biến thủy sản Cửu Long", Sector.C10), ("Công ty CP Bia Hương Sen", Sector.C11),
    ("Công ty CP Gạch Tuynel Đồng Tâm Xanh", Sector.C23), ("Công ty CP Mía đường Sông Lam", Sector.C10),
    ("Công ty TNHH Thuộc da Phú Mỹ", Sector.C15), ("Công ty CP Chế biến gỗ Trường Sơn", Sector.C16),
    ("Công ty CP Hóa chất Đồng Nai Xanh", Sector.C20), ("Công ty TNHH Nhựa Bình Minh Xanh", Sector.C22),
    ("Công ty CP Thép Thái Hưng", Sector.C24), ("Công ty CP Chè Phú Thọ Xanh", Sector.C10),
    ("Nhà máy Chế biến dừa Mỏ Cày", Sector.C10), ("Công ty CP Cao su Miền Trung", Sector.C22),
]
_PROGRESS = {
    ActivityKind.ASSESSMENT: "Hoàn thành khảo sát, lập cân bằng vật liệu; đã đề xuất {n} giải pháp SXSH.",
    ActivityKind.CONSULTING: "Hỗ trợ doanh nghiệp thực hiện {n} giải pháp; theo dõi định mức nước, điện, hơi.",
    ActivityKind.TRAINING: "Tổ chức {n} lớp tập huấn nhận thức SXSH cho doanh nghiệp trên địa bàn.",
    ActivityKind.GUIDANCE: "Hướng dẫn {n} doanh nghiệp đăng ký đánh giá SXSH với chương trình khuyến công.",
}

# Seed 002: 16 departments of industry and trade and promotion centres of southern provinces.
ORGANISATIONS = [
    ("Sở Công Thương tỉnh Tiền Giang", OrganisationType.DOIT, 82, 2),
    ("Trung tâm Khuyến công tỉnh Tiền Giang", OrganisationType.PROMOTION_CENTRE, 82, 1),
    ("Sở Công Thương tỉnh Long An", OrganisationType.DOIT, 80, 2),
    ("Sở Công Thương tỉnh Vĩnh Long", OrganisationType.DOIT, 86, 2),
    ("Trung tâm Khuyến công tỉnh Vĩnh Long", OrganisationType.PROMOTION_CENTRE, 86, 1),
    ("Sở Công Thương tỉnh Trà Vinh", OrganisationType.DOIT, 84, 2),
    ("Sở Công Thương tỉnh Đồng Tháp", OrganisationType.DOIT, 87, 1),
    ("Trung tâm Khuyến công tỉnh An Giang", OrganisationType.PROMOTION_CENTRE, 89, 2),
    ("Sở Công Thương tỉnh Kiên Giang", OrganisationType.DOIT, 91, 1),
    ("Sở Công Thương thành phố Cần Thơ", OrganisationType.DOIT, 92, 2),
    ("Trung tâm Khuyến công tỉnh Hậu Giang", OrganisationType.PROMOTION_CENTRE, 93, 1),
    ("Sở Công Thương tỉnh Sóc Trăng", OrganisationType.DOIT, 94, 2),
    ("Sở Công Thương tỉnh Bạc Liêu", OrganisationType.DOIT, 95, 1),
    ("Trung tâm Khuyến công tỉnh Cà Mau", OrganisationType.PROMOTION_CENTRE, 96, 1),
    ("Sở Công Thương tỉnh Bình Dương", OrganisationType.DOIT, 74, 2),
    ("Trung tâm Khuyến công tỉnh Đồng Nai", OrganisationType.PROMOTION_CENTRE, 75, 1),
]
# Hosts and speakers: name, type, old province, attendees.
HOSTS = [
    ("Sở Công Thương tỉnh Bến Tre", OrganisationType.DOIT, BEN_TRE, 4),
    ("Trung tâm Khuyến công tỉnh Bến Tre", OrganisationType.PROMOTION_CENTRE, BEN_TRE, 3),
    ("Văn phòng Sản xuất sạch hơn – Bộ Công Thương", OrganisationType.OTHER, 1, 2),
    ("Trung tâm Sản xuất sạch hơn TP Hồ Chí Minh", OrganisationType.CP_CENTRE, 79, 1),
    ("Công ty Cổ phần Tư vấn Môi trường Hồng Lam", OrganisationType.CONSULTING_FIRM, 1, 1),
    ("Nhà máy Thuốc lá Châu Thành", OrganisationType.ENTERPRISE, BEN_TRE, 1),
    ("Nhà máy Đường Giồng Trôm", OrganisationType.ENTERPRISE, BEN_TRE, 1),
    ("Nhà máy Chế biến dừa Mỏ Cày", OrganisationType.ENTERPRISE, BEN_TRE, 1),
]
# time, title, speaker, organisation, document (title, kind, topic, sector) presented, if any
AGENDA = [
    ("07:30", "Đăng ký đại biểu", "", None, None),
    ("08:00", "Phát biểu khai mạc", "Ông Trương Minh Đạt, Phó Chánh Văn phòng SXSH",
     "Văn phòng Sản xuất sạch hơn – Bộ Công Thương", None),
    ("08:20", "Kết quả triển khai hoạt động SXSH tại Bến Tre và kế hoạch hành động SXSH giai đoạn 2009–2013",
     "Ông Nguyễn Văn Phước, Phó Giám đốc Trung tâm Khuyến công", "Trung tâm Khuyến công tỉnh Bến Tre",
     ("Kết quả SXSH tỉnh Bến Tre và kế hoạch hành động 2009–2013", DocumentKind.SLIDES, DocumentTopic.POLICY, "")),
    ("09:00", "Hiệu quả áp dụng SXSH tại nhà máy thuốc lá", "Ông Lâm Văn Hậu, Quản đốc phân xưởng",
     "Nhà máy Thuốc lá Châu Thành",
     ("Dự án trình diễn SXSH tại nhà máy thuốc lá", DocumentKind.CASE_STUDY, DocumentTopic.CLEANER_PRODUCTION,
      Sector.C10)),
    ("09:30", "Hiệu quả áp dụng SXSH tại nhà máy đường", "Bà Võ Thị Ngọc Hân, Trưởng phòng Kỹ thuật",
     "Nhà máy Đường Giồng Trôm",
     ("Dự án trình diễn SXSH tại nhà máy đường: tiết kiệm hơi và nước", DocumentKind.CASE_STUDY,
      DocumentTopic.ENERGY, Sector.C10)),
    ("10:15", "Hiệu quả áp dụng SXSH tại nhà máy chế biến dừa", "Ông Huỳnh Tấn Lộc, Phó Giám đốc",
     "Nhà máy Chế biến dừa Mỏ Cày",
     ("Dự án trình diễn SXSH tại nhà máy chế biến dừa", DocumentKind.CASE_STUDY, DocumentTopic.WASTE, Sector.C10)),
    ("10:45", "Kinh nghiệm đào tạo và hỗ trợ doanh nghiệp đánh giá SXSH",
     "Bà Trần Thị Mỹ Liên, Phó Giám đốc", "Trung tâm Sản xuất sạch hơn TP Hồ Chí Minh",
     ("Kinh nghiệm đào tạo và hỗ trợ đánh giá SXSH cho doanh nghiệp phía Nam", DocumentKind.SLIDES,
      DocumentTopic.TRAINING, "")),
    ("11:15", "Giới thiệu bộ tài liệu phục vụ công tác tổ chức hội thảo SXSH", "Ông Trần Quốc An, Chuyên gia tư vấn",
     "Công ty Cổ phần Tư vấn Môi trường Hồng Lam",
     ("Bộ tài liệu phục vụ công tác tổ chức hội thảo SXSH", DocumentKind.GUIDE, DocumentTopic.TRAINING, "")),
    ("11:40", "Thảo luận và bế mạc", "", None, None),
]
VISITS = [
    ("Nhà máy Đường Giồng Trôm", "Hệ thống thu hồi nước ngưng, lò hơi đốt bã mía sau cải tạo."),
    ("Nhà máy Thuốc lá Châu Thành", "Hệ thống xử lý nước thải và hệ thống xử lý khí thải của nhà máy."),
    ("Nhà máy Chế biến dừa Mỏ Cày", "Tận dụng nước dừa và vỏ dừa; giảm tải lượng nước thải."),
]
# Library documents beside the workshop's: title, kind, topic, sector, author, date.
LIBRARY = [
    ("Hướng dẫn đánh giá sản xuất sạch hơn tại doanh nghiệp công nghiệp", DocumentKind.GUIDE,
     DocumentTopic.ASSESSMENT, "", "Hợp phần SXSH trong công nghiệp (CPI)", datetime.date(2008, 5, 15)),
    ("Biểu mẫu báo cáo thu hoạch sau hướng dẫn thực tế", DocumentKind.TEMPLATE, DocumentTopic.TRAINING, "",
     "Công ty Cổ phần Tư vấn Môi trường Hồng Lam", datetime.date(2008, 6, 1)),
    ("Tài liệu hướng dẫn SXSH ngành giấy và bột giấy", DocumentKind.GUIDE, DocumentTopic.CLEANER_PRODUCTION,
     Sector.C17, "Hợp phần SXSH trong công nghiệp (CPI)", datetime.date(2009, 3, 10)),
    ("Tài liệu hướng dẫn SXSH ngành dệt nhuộm", DocumentKind.GUIDE, DocumentTopic.WATER, Sector.C13,
     "Hợp phần SXSH trong công nghiệp (CPI)", datetime.date(2009, 3, 10)),
    ("Bài giảng module 2: Thực hiện đánh giá SXSH", DocumentKind.SLIDES, DocumentTopic.TRAINING, "",
     "Công ty Cổ phần Tư vấn Môi trường Hồng Lam", datetime.date(2009, 9, 14)),
    ("Chiến lược sản xuất sạch hơn trong công nghiệp đến năm 2020 – tóm tắt", DocumentKind.REGULATION,
     DocumentTopic.POLICY, "", "Bộ Công Thương", datetime.date(2009, 9, 7)),
]


def _aware(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _quarter_end(year, quarter):
    month = quarter * 3
    first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def _previous_quarter(year, quarter):
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def _due_quarter(today):
    """The latest quarter whose update is overdue if missing (the follow-up page's rule)."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    while (today - _quarter_end(year, quarter)).days <= UPDATE_GRACE_DAYS:
        year, quarter = _previous_quarter(year, quarter)
    return year, quarter


def _due_half(today):
    year, half = (today.year, 1) if today.month <= 6 else (today.year, 2)
    while (today - (datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31))).days \
            <= EVALUATION_GRACE_DAYS:
        year, half = (year, 1) if half == 2 else (year - 1, 2)
    return year, half


def _rating(score):
    return (EvaluationRating.EXCELLENT if score >= 8 else EvaluationRating.GOOD if score >= 6.5 else
            EvaluationRating.FAIR if score >= 5 else EvaluationRating.WEAK)


class _Loader:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.manager = User.objects.get(username="quanlychuongtrinh")
        self.legacy = {p.code: p for p in LegacyProvince.objects.select_related("successor")}

    def save(self, obj):
        obj.full_clean()
        obj._history_user = self.manager
        obj._change_reason = REASON
        obj.save()
        return obj

    def bulk(self, model, objects):
        return bulk_create_with_history(objects, model, batch_size=500, default_user=self.manager,
                                        default_change_reason=REASON)

    def place(self, code):
        legacy = self.legacy[code]
        return {"legacy_province": legacy, "province": legacy.successor}

    def document(self, title, kind, topic, sector, author, published_on, workshop=None):
        content = sample_pdf(title, [f"Tác giả, đơn vị ban hành: {author}", f"Ngày ban hành: {published_on:%d/%m/%Y}",
                                     "Tài liệu mẫu của mạng lưới chuyên gia tư vấn sản xuất sạch hơn."])
        document = Document(title=title, kind=kind, topic=topic, sector=sector, author=author,
                            published_on=published_on, workshop=workshop, original_name=f"tai-lieu-{kind}.pdf",
                            size=len(content), content_type="application/pdf", uploaded_by=self.manager,
                            description=f"{title}. Bản điện tử lưu tại thư viện của mạng lưới.")
        document.file.save(document.original_name, ContentFile(content), save=False)
        return self.save(document)

    # --- follow-up of the graduates

    def follow_up(self, programme):
        rng, today = self.rng, timezone.localdate()
        graduates = list(Enrolment.objects.filter(course__programme=programme, passed=True)
                         .select_related("trainee", "course").order_by("course__number", "trainee__full_name"))
        activities, plans = [], []
        for enrolment in graduates:
            for _ in range(1 if rng.random() < 0.7 else 2):
                enterprise, sector = rng.choice(ENTERPRISES)
                advisory = enrolment.organisation_type in (OrganisationType.PROMOTION_CENTRE, OrganisationType.DOIT)
                kind = rng.choice([ActivityKind.GUIDANCE, ActivityKind.TRAINING] if advisory else
                                  [ActivityKind.ASSESSMENT, ActivityKind.CONSULTING])
                dropped = rng.random() < 0.12
                activities.append(CpActivity(
                    trainee=enrolment.trainee, programme=programme, kind=kind, sector=sector,
                    title=f"{ActivityKind(kind).label} – {enterprise}", enterprise_name=enterprise,
                    planned_start=datetime.date(2010, 7, 1),
                    planned_end=rng.choice([datetime.date(2011, 6, 30), datetime.date(2011, 8, 31)]),
                    status=ActivityStatus.DROPPED if dropped else ActivityStatus.DONE,
                    description="Đăng ký sau khóa đào tạo kỹ năng tư vấn SXSH, triển khai 2010–2011."))
                plans.append(dropped)
        activities = self.bulk(CpActivity, activities)
        updates = []
        quarters = [(2010, 3), (2010, 4), (2011, 1), (2011, 2)]
        for activity, dropped in zip(activities, plans, strict=True):
            for index, (year, quarter) in enumerate(quarters):
                if dropped and index > 1:
                    break
                if rng.random() < 0.1 and index < 3:
                    continue  # a quarter the graduate did not report
                last = index == len(quarters) - 1 or (dropped and index == 1)
                status = (ActivityStatus.DROPPED if dropped else ActivityStatus.DONE) if last else \
                    ActivityStatus.IN_PROGRESS
                updates.append(ActivityUpdate(
                    activity=activity, year=year, quarter=quarter, status=status,
                    progress=_PROGRESS[activity.kind].format(n=rng.randint(1, 4)) if status != ActivityStatus.DROPPED
                    else "Doanh nghiệp tạm dừng sản xuất, chưa tiếp tục được hoạt động.",
                    enterprises_reached=rng.randint(1, 5), submitted_by=self.manager))
        self.bulk(ActivityUpdate, updates)

        evaluations = []
        for enrolment in graduates:
            for year, half in [(2010, 2), (2011, 1)]:
                if rng.random() < 0.08:
                    continue  # not evaluated that half-year
                score = Decimal(str(round(min(10.0, max(3.0, rng.gauss(7.6, 1.1))), 1)))
                evaluations.append(Evaluation(
                    trainee=enrolment.trainee, year=year, half=half, score=score, rating=_rating(score),
                    comment="Đánh giá theo báo cáo cập nhật hằng quý và ý kiến doanh nghiệp.",
                    evaluated_by=self.manager,
                    evaluated_on=datetime.date(year, 7, 20) if half == 1 else datetime.date(year + 1, 1, 20)))

        # Today: the network still evaluates its graduates every half-year; two are late, and one
        # graduate's activity running now has no update for the latest quarter due.
        late = [e for e in graduates if e.course.number == 2 and
                e.organisation_type == OrganisationType.PROMOTION_CENTRE][:1] or graduates[:1]
        late_trainees = {late[0].trainee_id, graduates[-1].trainee_id}
        h_year, half = _due_half(today)
        half_end = datetime.date(h_year, 6, 30) if half == 1 else datetime.date(h_year, 12, 31)
        for enrolment in graduates:
            if enrolment.trainee_id in late_trainees or (h_year, half) in ((2010, 2), (2011, 1)):
                continue
            score = Decimal(str(round(min(10.0, max(5.0, rng.gauss(7.8, 0.9))), 1)))
            evaluations.append(Evaluation(trainee=enrolment.trainee, year=h_year, half=half, score=score,
                                          rating=_rating(score), evaluated_by=self.manager,
                                          evaluated_on=half_end + datetime.timedelta(days=10),
                                          comment="Tiếp tục hỗ trợ doanh nghiệp trên địa bàn áp dụng SXSH."))
        self.bulk(Evaluation, evaluations)

        q_year, quarter = _due_quarter(today)
        first = _previous_quarter(*_previous_quarter(q_year, quarter))
        start = datetime.date(first[0], first[1] * 3 - 2, 1)
        enterprise, sector = ENTERPRISES[12]
        current = self.save(CpActivity(
            trainee=late[0].trainee, programme=programme, kind=ActivityKind.GUIDANCE, sector=sector,
            title=f"Hướng dẫn doanh nghiệp chế biến dừa áp dụng SXSH – {enterprise}", enterprise_name=enterprise,
            planned_start=start, planned_end=today + datetime.timedelta(days=180),
            status=ActivityStatus.IN_PROGRESS, description="Hoạt động đang triển khai; cập nhật hằng quý."))
        self.bulk(ActivityUpdate, [
            ActivityUpdate(activity=current, year=year, quarter=q, status=ActivityStatus.IN_PROGRESS,
                           progress=_PROGRESS[ActivityKind.GUIDANCE].format(n=index + 1), enterprises_reached=index + 1,
                           submitted_by=self.manager)
            for index, (year, q) in enumerate([first, _previous_quarter(q_year, quarter)])])
        return len(graduates), len(activities) + 1

    # --- the workshop of seed 002 and the library

    def workshop(self, programme):
        rng = self.rng
        workshop = self.save(Workshop(
            title=WORKSHOP_TITLE, organiser="Sở Công Thương tỉnh Bến Tre", programme=programme,
            place="Khách sạn Hùng Vương, thành phố Bến Tre", start_date=DAY_1, end_date=DAY_2,
            status=WorkshopStatus.HELD, **self.place(BEN_TRE),
            description=("Chia sẻ kinh nghiệm để các tỉnh trong khu vực cùng thực hiện thành công Chiến lược SXSH "
                         "trong công nghiệp đến năm 2020; thực hiện kế hoạch hỗ trợ năm 2011 của Hợp phần CPI. "
                         "Ngày 15/4/2011 tham quan thực tế các nhà máy thuộc dự án trình diễn tại Bến Tre.")))
        organisations = {}
        for name, kind, code, attendees in HOSTS + ORGANISATIONS:
            organisations[name] = self.save(WorkshopOrganisation(workshop=workshop, name=name,
                                                                 organisation_type=kind, attendees=attendees,
                                                                 **self.place(code)))
        for order, (time, title, speaker, organisation, presented) in enumerate(AGENDA):
            document = None
            if presented:
                doc_title, kind, topic, sector = presented
                document = self.document(doc_title, kind, topic, sector, organisation, DAY_1, workshop)
            hour, minute = (int(part) for part in time.split(":"))
            self.save(AgendaItem(workshop=workshop, day=DAY_1, time=datetime.time(hour, minute), order=order,
                                 title=title, speaker=f"{speaker} – {organisation}" if speaker else "",
                                 document=document))
        self.save(AgendaItem(workshop=workshop, day=DAY_2, time=datetime.time(7, 30), order=0,
                             title="Tham quan thực tế các nhà máy thuộc dự án trình diễn của Hợp phần CPI"))
        for name, note in VISITS:
            self.save(FieldVisit(workshop=workshop, date=DAY_2, enterprise_name=name, note=note))

        # Participants: the graduates working in the southern provinces, then invented delegates.
        southern = {code for _, _, code, _ in ORGANISATIONS} | {BEN_TRE}
        graduates = (Enrolment.objects.filter(course__programme=programme, passed=True,
                                              legacy_province__code__in=southern)
                     .select_related("trainee").order_by("trainee__full_name"))
        participants = []
        for enrolment in graduates:
            organisation = organisations.get(enrolment.organisation)
            participants.append(WorkshopParticipant(workshop=workshop, full_name=enrolment.trainee.full_name,
                                                    trainee=enrolment.trainee, organisation=organisation,
                                                    attended=True))
        family = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Lâm", "Tạ", "Châu", "Dương"]
        given = ["Văn Tài", "Thị Ngọc", "Minh Trí", "Thanh Tâm", "Hoàng Phúc", "Thị Kim", "Quốc Bảo", "Thị Diễm",
                 "Văn Lợi", "Thị Bích", "Hữu Nghĩa", "Thị Thanh Thúy"]
        taken = {p.full_name for p in participants}
        for name, _kind, _code, attendees in HOSTS + ORGANISATIONS:
            for _ in range(attendees):
                full_name = f"{rng.choice(family)} {rng.choice(given)}"
                while full_name in taken:
                    full_name = f"{rng.choice(family)} {rng.choice(given)}"
                taken.add(full_name)
                participants.append(WorkshopParticipant(workshop=workshop, full_name=full_name,
                                                        organisation=organisations[name],
                                                        attended=rng.random() > 0.08))
        self.bulk(WorkshopParticipant, participants)
        return workshop, len(organisations), len(participants)

    def library(self):
        for title, kind, topic, sector, author, published_on in LIBRARY:
            self.document(title, kind, topic, sector, author, published_on)


def load_network_demo(board=None):
    """The demo's follow-up, workshop and library (see the module docstring); None if there already."""
    if Workshop.objects.filter(title=WORKSHOP_TITLE).exists():
        return None
    load_training_demo(board)  # the graduates come from the training demo (a no-op if it is loaded)
    programme = Programme.objects.filter(code=PROGRAMME_CODE).first()
    if programme is None:
        return None
    with transaction.atomic():
        loader = _Loader()
        graduates, activities = loader.follow_up(programme)
        workshop, organisations, participants = loader.workshop(programme)
        loader.library()
    return (f"Mạng lưới mẫu: {graduates} chuyên gia, {activities} hoạt động SXSH đăng ký; hội thảo Bến Tre "
            f"{workshop.start_date:%d/%m/%Y} với {organisations} đơn vị, {participants} người; "
            f"{Document.objects.count()} tài liệu trong thư viện.")
