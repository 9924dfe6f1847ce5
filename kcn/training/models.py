"""Training programmes for the cleaner-production consultant network (seeds 001 and 003).

A programme (chương trình) runs courses (khóa); a course has modules and sessions (đợt); a
session has days, in class or visiting a factory, and is followed by coaching (hướng dẫn trực
tiếp) at a demonstration enterprise, after which each trainee writes a field report (báo cáo thu
hoạch). Trainers grade reports and trainees against the course's rubric; the weighted result
falls into one of the course's grade bands; those who pass get a certificate anyone can verify.
After each session trainees score it against the programme's feedback criteria.

Where a record names a province, it keeps the province as written at the time (a pre-1 July 2025
``legacy_province``) beside the current one, so indicators can count under the 34 provinces and
still show what the record said.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.files import stored_name
from kcn.core.models import KcnModel, RestrictedQuerySet
from kcn.core.text import search_key
from kcn.registry.choices import Sector
from kcn.registry.models import Enterprise, LegacyProvince, Province

from . import scope
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
from .constants import FEEDBACK_MAX


def field_report_upload_to(instance, filename):
    return stored_name("training/reports", filename)


class ProvinceRecordMixin(models.Model):
    """A province as the record named it: the current one, and the pre-2025 one where it named that."""

    province = models.ForeignKey(Province, verbose_name=_("tỉnh, thành phố (hiện nay)"), on_delete=models.PROTECT,
                                 related_name="+", null=True, blank=True)
    legacy_province = models.ForeignKey(
        LegacyProvince, verbose_name=_("tỉnh ghi trong hồ sơ (trước 01/07/2025)"), on_delete=models.PROTECT,
        related_name="+", null=True, blank=True,
        help_text=_("Hồ sơ lập trước 01/07/2025 ghi tên tỉnh cũ; tỉnh hiện nay được suy ra từ tỉnh cũ."))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.legacy_province_id:
            successor = self.legacy_province.successor_id
            if self.province_id and self.province_id != successor:
                raise ValidationError({"province": _("Tỉnh cũ %(old)s nay thuộc %(new)s, không phải %(given)s.") % {
                    "old": self.legacy_province.name, "new": self.legacy_province.successor.name,
                    "given": self.province.name}})
            self.province_id = successor

    @property
    def province_label(self):
        """"Thái Nguyên" or "Bắc Kạn (nay thuộc Thái Nguyên)"."""
        if self.legacy_province_id and self.legacy_province.name != getattr(self.province, "name", None):
            return _("%(old)s (nay thuộc %(new)s)") % {"old": self.legacy_province.name,
                                                       "new": self.legacy_province.successor.name}
        return self.province.name if self.province_id else ""


class Programme(KcnModel):
    """A training programme (e.g. "Đào tạo chuyên gia tư vấn SXSH", Hợp phần CPI 2008–2010)."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=255)
    sponsor = models.CharField(_("cơ quan chủ trì"), max_length=255, blank=True,
                               help_text=_("Ví dụ: Bộ Công Thương – Hợp phần Sản xuất sạch hơn trong công nghiệp."))
    description = models.TextField(_("mô tả"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"), validators=[MinValueValidator(1990)])
    end_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True,
                                                validators=[MinValueValidator(1990)])
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("người quản lý"),
                                      related_name="managed_programmes", blank=True,
                                      limit_choices_to={"role": Role.PROGRAMME_MANAGER})
    target_department_share = models.DecimalField(
        _("mục tiêu tỷ lệ Sở Công Thương có cán bộ hướng dẫn được (%)"), max_digits=5, decimal_places=2,
        default=90, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Chiến lược SXSH trong công nghiệp: 90% Sở Công Thương có cán bộ có khả năng hướng dẫn "
                    "doanh nghiệp thực hiện sản xuất sạch hơn."))

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("chương trình đào tạo")
        verbose_name_plural = pgettext_lazy("plural", "chương trình đào tạo")

    def __str__(self):
        return self.name

    def clean(self):
        if self.end_year and self.start_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Năm kết thúc không được trước năm bắt đầu.")})

    def get_absolute_url(self):
        return reverse("training:programme_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.programme_q(user)


class Trainee(KcnModel):
    """A person trained by a programme; once they complete a course, a consultant of the network.

    ``user`` is their login, when they have one (trainees check in by QR, upload reports and
    score sessions themselves). Organisation and province are where they work now; each
    enrolment keeps where they worked then.
    """

    full_name = models.CharField(_("họ và tên"), max_length=150)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True,
                                                  validators=[MinValueValidator(1930), MaxValueValidator(2015)])
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    organisation = models.CharField(_("cơ quan, đơn vị"), max_length=255)
    organisation_type = models.CharField(_("loại đơn vị"), max_length=32, choices=OrganisationType.choices)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    province = models.ForeignKey(Province, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT,
                                 related_name="+", null=True, blank=True)
    experience = models.TextField(_("kinh nghiệm"), blank=True,
                                  help_text=_("Lĩnh vực, doanh nghiệp đã tư vấn, đánh giá SXSH đã thực hiện."))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="trainee")
    # Name, organisation and e-mail without diacritics, for the roster's and the directory's search box.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["email"], condition=~Q(email=""),
                                               name="trainee_email_unique")]
        verbose_name = _("học viên")
        verbose_name_plural = pgettext_lazy("plural", "học viên")

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_text = self.search_text_for(self.full_name, self.organisation, self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("training:trainee_detail", args=[self.pk])

    @staticmethod
    def search_text_for(full_name, organisation, email):
        """What the search box matches; bulk writers (demo, benchmark) call this themselves."""
        return search_key(full_name, organisation, email)

    @classmethod
    def scope_q(cls, user, action):
        # Managers keep the national roster (a person is entered before they are enrolled);
        # a trainer sees the people of their courses; a trainee sees themself.
        if user.is_superuser or user.role in (Role.ADMIN, Role.PROGRAMME_MANAGER):
            return None
        if user.role == Role.TRAINER:
            return Q(pk__in=Enrolment.objects.filter(course__in=scope.taught_courses(user)).values("trainee_id"))
        if user.role == Role.TRAINEE:
            return Q(user_id=user.pk)
        return scope.NOTHING


class SectorExperience(models.Model):
    """A sector (VSIC division) a trainee has experience in: the directory searches by it."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="sectors")
    sector = models.CharField(_("ngành"), max_length=4, choices=Sector.choices)

    class Meta:
        ordering = ["sector"]
        constraints = [models.UniqueConstraint(fields=["trainee", "sector"], name="trainee_sector_unique")]
        verbose_name = _("ngành có kinh nghiệm")
        verbose_name_plural = pgettext_lazy("plural", "ngành có kinh nghiệm")

    def __str__(self):
        return self.get_sector_display()


class Course(KcnModel):
    """A course (khóa) of a programme, e.g. "Khóa 2: Kỹ năng tư vấn SXSH", 06/2009–05/2010."""

    programme = models.ForeignKey(Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT,
                                  related_name="courses")
    number = models.PositiveSmallIntegerField(_("khóa số"))
    name = models.CharField(_("tên khóa"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=CourseStatus.choices,
                              default=CourseStatus.PLANNED)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("giảng viên"),
                                      related_name="taught_courses", blank=True,
                                      limit_choices_to={"role": Role.TRAINER})
    results_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="course_programme_number")]
        indexes = [models.Index(fields=["start_date"], name="course_start_idx")]
        verbose_name = _("khóa đào tạo")
        verbose_name_plural = pgettext_lazy("plural", "khóa đào tạo")

    def __str__(self):
        return _("Khóa %(number)s: %(name)s") % {"number": self.number, "name": self.name}

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})

    def get_absolute_url(self):
        return reverse("training:course_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.course_q(user)


class CourseModule(KcnModel):
    """A module of a course (seed 001: 1 Lập kế hoạch, 2 Thực hiện, 3 Giám sát và đánh giá, 4 Duy trì
    và cải tiến)."""

    course = models.ForeignKey(Course, verbose_name=_("khóa"), on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tên module"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)

    class Meta:
        ordering = ["course", "order"]
        constraints = [models.UniqueConstraint(fields=["course", "order"], name="module_course_order")]
        verbose_name = _("module")
        verbose_name_plural = pgettext_lazy("plural", "module")

    def __str__(self):
        return _("Module %(order)s – %(title)s") % {"order": self.order, "title": self.title}

    @classmethod
    def scope_q(cls, user, action):
        return scope.course_q(user, "course__")


class Session(ProvinceRecordMixin, KcnModel):
    """A session (đợt) of a course: days in class, a day visiting a factory, at one place."""

    course = models.ForeignKey(Course, verbose_name=_("khóa"), on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("đợt số"))
    place = models.CharField(_("địa điểm"), max_length=255)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    visited_enterprise = models.CharField(_("doanh nghiệp tham quan"), max_length=255, blank=True)
    modules = models.ManyToManyField(CourseModule, verbose_name=_("module"), related_name="sessions", blank=True)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("giảng viên"),
                                      related_name="taught_sessions", blank=True,
                                      limit_choices_to={"role": Role.TRAINER})

    class Meta:
        ordering = ["course", "number"]
        constraints = [models.UniqueConstraint(fields=["course", "number"], name="session_course_number")]
        verbose_name = _("đợt đào tạo")
        verbose_name_plural = pgettext_lazy("plural", "đợt đào tạo")

    def __str__(self):
        return _("Đợt %(number)s – %(place)s") % {"number": self.number, "place": self.place}

    def get_absolute_url(self):
        return reverse("training:session_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})

    @classmethod
    def scope_q(cls, user, action):
        return scope.course_q(user, "course__")


class SessionDay(KcnModel):
    """One day of a session, in class or visiting a factory; a half day counts 0.5 (3.5 days in class)."""

    session = models.ForeignKey(Session, verbose_name=_("đợt"), on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức"), max_length=8, choices=DayKind.choices, default=DayKind.CLASS)
    half_day = models.BooleanField(_("nửa ngày"), default=False)
    topic = models.CharField(_("nội dung"), max_length=255, blank=True)

    class Meta:
        ordering = ["session", "date"]
        constraints = [models.UniqueConstraint(fields=["session", "date"], name="session_day_unique")]
        verbose_name = _("ngày học")
        verbose_name_plural = pgettext_lazy("plural", "ngày học")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}"

    def clean(self):
        session = self.session
        if self.date and session and not (session.start_date <= self.date <= session.end_date):
            raise ValidationError({"date": _("Ngày %(date)s nằm ngoài đợt (%(start)s – %(end)s).") % {
                "date": f"{self.date:%d/%m/%Y}", "start": f"{session.start_date:%d/%m/%Y}",
                "end": f"{session.end_date:%d/%m/%Y}"}})

    @property
    def length(self):
        return 0.5 if self.half_day else 1

    @classmethod
    def scope_q(cls, user, action):
        return scope.course_q(user, "session__course__")


class Enrolment(ProvinceRecordMixin, KcnModel):
    """A trainee on a course, with where they worked then and, once graded, their result."""

    course = models.ForeignKey(Course, verbose_name=_("khóa"), on_delete=models.PROTECT, related_name="enrolments")
    trainee = models.ForeignKey(Trainee, verbose_name=_("học viên"), on_delete=models.PROTECT,
                                related_name="enrolments")
    status = models.CharField(_("trạng thái"), max_length=16, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED)
    enrolled_on = models.DateField(_("ngày ghi danh"), default=timezone.localdate)
    organisation = models.CharField(_("cơ quan, đơn vị khi học"), max_length=255)
    organisation_type = models.CharField(_("loại đơn vị"), max_length=32, choices=OrganisationType.choices)
    # The result, written by services.grading when the course is classified (never typed in).
    result_score = models.DecimalField(_("điểm tổng hợp"), max_digits=5, decimal_places=2, null=True, blank=True)
    band = models.ForeignKey("GradeBand", verbose_name=_("xếp loại"), on_delete=models.PROTECT, null=True,
                             blank=True, related_name="enrolments")
    passed = models.BooleanField(_("đạt yêu cầu"), null=True, blank=True)
    classified_at = models.DateTimeField(_("xếp loại lúc"), null=True, blank=True)

    class Meta:
        ordering = ["course", "trainee__full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "trainee"], name="enrolment_course_trainee")]
        indexes = [models.Index(fields=["course", "passed"], name="enrolment_course_passed_idx")]
        verbose_name = _("ghi danh")
        verbose_name_plural = pgettext_lazy("plural", "ghi danh")

    def __str__(self):
        return f"{self.trainee} – {self.course}"

    def get_absolute_url(self):
        return reverse("training:enrolment_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enrolment_q(user)


class Attendance(models.Model):
    """Whether a trainee was there on a day, and how that was recorded.

    Not a KcnModel: a programme holds hundreds of thousands of these, and the audit a history
    table would give is already in recorded_by and recorded_at.
    """

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("học viên"), on_delete=models.CASCADE,
                                  related_name="attendances")
    day = models.ForeignKey(SessionDay, verbose_name=_("ngày"), on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("điểm danh"), max_length=16, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.PRESENT)
    method = models.CharField(_("cách ghi"), max_length=16, choices=AttendanceMethod.choices,
                              default=AttendanceMethod.TRAINER)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    recorded_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)

    #: Every write sets ``recorded_at``: it is the version an API client sends back (If-Match).
    VERSION_STAMP_FIELD = "recorded_at"

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["day", "enrolment"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_enrolment_day")]
        verbose_name = _("điểm danh")
        verbose_name_plural = pgettext_lazy("plural", "điểm danh")

    def __str__(self):
        return f"{self.enrolment.trainee} {self.day.date:%d/%m/%Y}: {self.get_status_display()}"

    @classmethod
    def scope_q(cls, user, action):
        return scope.enrolment_q(user, "enrolment__")


class Coaching(ProvinceRecordMixin, KcnModel):
    """Coaching (hướng dẫn trực tiếp) at a demonstration enterprise after a session, 1–2 days."""

    session = models.ForeignKey(Session, verbose_name=_("sau đợt"), on_delete=models.CASCADE,
                                related_name="coachings")
    enterprise_name = models.CharField(_("doanh nghiệp trình diễn"), max_length=255)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp trong danh bạ"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="coachings")
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=CoachingStatus.choices,
                              default=CoachingStatus.PLANNED)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("giảng viên hướng dẫn"),
                                      related_name="coachings", blank=True, limit_choices_to={"role": Role.TRAINER})
    participants = models.ManyToManyField(Enrolment, verbose_name=_("học viên tham gia"), related_name="coachings",
                                          blank=True)
    report_due = models.DateField(_("hạn nộp báo cáo thu hoạch"), null=True, blank=True)
    notes = models.TextField(_("ghi nhận"), blank=True, help_text=_("Nội dung đã hướng dẫn, kết quả tại doanh nghiệp."))

    class Meta:
        ordering = ["session", "start_date", "pk"]
        verbose_name = _("hướng dẫn tại doanh nghiệp")
        verbose_name_plural = pgettext_lazy("plural", "hướng dẫn tại doanh nghiệp")

    def __str__(self):
        return _("Hướng dẫn tại %(enterprise)s (%(date)s)") % {"enterprise": self.enterprise_name,
                                                             "date": f"{self.start_date:%d/%m/%Y}"}

    def get_absolute_url(self):
        return reverse("training:coaching_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})
            if self.session_id and self.start_date < self.session.start_date:
                raise ValidationError({"start_date": _("Hướng dẫn tại doanh nghiệp diễn ra sau khi đợt bắt đầu.")})

    @property
    def days(self):
        return (self.end_date - self.start_date).days + 1

    @classmethod
    def scope_q(cls, user, action):
        return scope.course_q(user, "session__course__")


class FieldReport(KcnModel):
    """A trainee's field report (báo cáo thu hoạch) on one coaching."""

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("học viên"), on_delete=models.CASCADE,
                                  related_name="field_reports")
    coaching = models.ForeignKey(Coaching, verbose_name=_("đợt hướng dẫn"), on_delete=models.PROTECT,
                                 related_name="field_reports")
    title = models.CharField(_("tiêu đề"), max_length=255)
    file = models.FileField(_("tệp báo cáo"), upload_to=field_report_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    content_type = models.CharField(_("kiểu tệp"), max_length=128, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        ordering = ["-submitted_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "coaching"], name="field_report_unique")]
        verbose_name = _("báo cáo thu hoạch")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo thu hoạch")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:report_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enrolment_q(user, "enrolment__")


class RubricCriterion(KcnModel):
    """A criterion of a course's rubric with its weight (seed 001: participation, interaction with
    trainers, enterprises and peers, quality of the field reports)."""

    course = models.ForeignKey(Course, verbose_name=_("khóa"), on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("mã"), max_length=32)
    name = models.CharField(_("tiêu chí"), max_length=255)
    description = models.TextField(_("hướng dẫn chấm"), blank=True)
    target = models.CharField(_("chấm cho"), max_length=16, choices=CriterionTarget.choices)
    weight = models.DecimalField(_("trọng số"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)],
                                 help_text=_("Tỷ trọng trong điểm tổng hợp; các trọng số được quy về 100%."))
    max_score = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2, default=10,
                                    validators=[MinValueValidator(1), MaxValueValidator(100)])
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["course", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "code"], name="criterion_course_code")]
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = pgettext_lazy("plural", "tiêu chí chấm điểm")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user, action):
        return scope.course_q(user, "course__")


class Grade(KcnModel):
    """A trainer's score of one trainee on one criterion (and, for report criteria, one report)."""

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("học viên"), on_delete=models.CASCADE,
                                  related_name="grades")
    criterion = models.ForeignKey(RubricCriterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT,
                                  related_name="grades")
    report = models.ForeignKey(FieldReport, verbose_name=_("báo cáo thu hoạch"), on_delete=models.CASCADE,
                               null=True, blank=True, related_name="grades")
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])
    comment = models.TextField(_("nhận xét"), blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người chấm"), on_delete=models.PROTECT,
                                  related_name="+")
    graded_at = models.DateTimeField(_("chấm lúc"), default=timezone.now)

    class Meta:
        ordering = ["enrolment", "criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "criterion"], condition=Q(report__isnull=True),
                                    name="grade_enrolment_criterion"),
            models.UniqueConstraint(fields=["report", "criterion"], condition=Q(report__isnull=False),
                                    name="grade_report_criterion"),
        ]
        verbose_name = _("điểm")
        verbose_name_plural = pgettext_lazy("plural", "điểm")

    def __str__(self):
        return f"{self.enrolment.trainee} – {self.criterion}: {self.score}"

    def clean(self):
        criterion = self.criterion
        if self.score is not None and criterion and not (0 <= self.score <= criterion.max_score):
            raise ValidationError({"score": _("Điểm %(score)s của tiêu chí “%(criterion)s” phải từ 0 đến %(max)s.") % {
                "score": self.score, "criterion": criterion.name, "max": criterion.max_score}})
        if criterion and (criterion.target == CriterionTarget.REPORT) != bool(self.report_id):
            raise ValidationError(_("Tiêu chí “%(criterion)s” chấm cho %(target)s.") % {
                "criterion": criterion.name, "target": criterion.get_target_display().lower()})

    @classmethod
    def scope_q(cls, user, action):
        return scope.enrolment_q(user, "enrolment__")


class GradeBand(KcnModel):
    """A grade band of a course (giỏi ≥ 8, khá ≥ 6.5, trung bình ≥ 5, không đạt): each course sets its own."""

    course = models.ForeignKey(Course, verbose_name=_("khóa"), on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("xếp loại"), max_length=64)
    min_score = models.DecimalField(_("từ điểm"), max_digits=5, decimal_places=2,
                                    validators=[MinValueValidator(0), MaxValueValidator(10)],
                                    help_text=_("Điểm tổng hợp (thang 10) thấp nhất của loại này."))
    passes = models.BooleanField(_("đạt yêu cầu tốt nghiệp"), default=True)

    class Meta:
        ordering = ["course", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="band_course_name"),
            models.UniqueConstraint(fields=["course", "min_score"], name="band_course_min_score"),
        ]
        verbose_name = _("xếp loại")
        verbose_name_plural = pgettext_lazy("plural", "xếp loại")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user, action):
        return scope.course_q(user, "course__")


class FeedbackCriterion(KcnModel):
    """What trainees score a session on (e.g. "Nội dung đáp ứng nhu cầu", "Giảng viên", "Tổ chức")."""

    programme = models.ForeignKey(Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE,
                                  related_name="feedback_criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("tiêu chí"), max_length=255)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["programme", "order", "pk"]
        verbose_name = _("tiêu chí đánh giá đợt học")
        verbose_name_plural = pgettext_lazy("plural", "tiêu chí đánh giá đợt học")

    def __str__(self):
        return self.text

    @classmethod
    def scope_q(cls, user, action):
        return scope.programme_q(user, "programme__")


class Feedback(models.Model):
    """A trainee's feedback on a session: one score out of 10 per criterion, and a comment.

    Not a KcnModel: one per trainee per session, never edited, so the row is its own record.
    """

    session = models.ForeignKey(Session, verbose_name=_("đợt"), on_delete=models.CASCADE, related_name="feedback")
    enrolment = models.ForeignKey(Enrolment, verbose_name=_("học viên"), on_delete=models.CASCADE,
                                  related_name="feedback")
    # Mean of the scores, written with them: per-session and per-programme averages then read
    # one row per trainee instead of one per score.
    average = models.DecimalField(_("điểm trung bình"), max_digits=4, decimal_places=2)
    comment = models.TextField(_("góp ý"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "-submitted_at"]
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="feedback_session_enrolment")]
        verbose_name = _("đánh giá đợt học")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá đợt học")

    def __str__(self):
        return f"{self.session}: {self.average}"

    @classmethod
    def scope_q(cls, user, action):
        return scope.enrolment_q(user, "enrolment__")


class FeedbackScore(models.Model):
    """One score of a feedback, on one criterion, from 0 to 10."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(FeedbackCriterion, verbose_name=_("tiêu chí"), on_delete=models.PROTECT,
                                  related_name="scores")
    score = models.DecimalField(_("điểm"), max_digits=4, decimal_places=2,
                                validators=[MinValueValidator(0), MaxValueValidator(FEEDBACK_MAX)])

    class Meta:
        ordering = ["feedback", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["feedback", "criterion"], name="feedback_score_unique")]
        verbose_name = _("điểm đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "điểm đánh giá")

    def __str__(self):
        return f"{self.criterion}: {self.score}"


def new_certificate_code():
    # 10 characters from an alphabet without 0/O, 1/I/L: read aloud over the phone or typed from
    # paper without ambiguity; 31^10 ≈ 8·10^14 codes, so guessing one is hopeless.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


class Certificate(KcnModel):
    """The certificate of a trainee who passed a course; public by its code, revocable with a reason."""

    enrolment = models.OneToOneField(Enrolment, verbose_name=_("học viên"), on_delete=models.PROTECT,
                                     related_name="certificate")
    code = models.CharField(_("mã xác thực"), max_length=16, unique=True, default=new_certificate_code)
    number = models.CharField(_("số chứng chỉ"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày cấp"), default=timezone.localdate)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cấp"), on_delete=models.PROTECT,
                                  related_name="+")
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thu hồi"), on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "pk"]
        verbose_name = _("chứng chỉ")
        verbose_name_plural = pgettext_lazy("plural", "chứng chỉ")

    def __str__(self):
        return f"{self.code} – {self.enrolment.trainee}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def get_absolute_url(self):
        return reverse("training:certificate_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.enrolment_q(user, "enrolment__")
