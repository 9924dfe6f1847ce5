"""The network a training programme builds (seeds 001–003): what graduates do afterwards, the
consultant directory, workshops and the document library.

Graduates register the cleaner-production activities they will carry out, report on them every
quarter and are evaluated every six months. Workshops (hội thảo) gather organisations from many
provinces, with an agenda, presentations and field visits. The library keeps guides, templates
and slides, searchable by topic and sector.
"""


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
from kcn.core.models import KcnModel
from kcn.core.text import search_key
from kcn.registry.choices import Sector
from kcn.registry.models import Enterprise
from kcn.training import scope as training_scope
from kcn.training.choices import OrganisationType
from kcn.training.models import Enrolment, Programme, ProvinceRecordMixin, Trainee

from .choices import ActivityKind, ActivityStatus, DocumentKind, DocumentTopic, EvaluationRating, WorkshopStatus


def library_upload_to(instance, filename):
    return stored_name("library", filename)


def _graduates_of_managed_programmes(user):
    return Enrolment.objects.filter(course__programme__in=training_scope.managed_programmes(user)).values("trainee_id")


def follow_up_q(user, path=""):
    """Follow-up of graduates: the graduate, the managers of the programmes they studied in, the
    trainers who taught them (read only, permissions.py); the administrator role sees all."""
    if user.is_superuser or user.role == Role.ADMIN:
        return None
    if user.role == Role.TRAINEE:
        return Q(**{f"{path}trainee__user_id": user.pk})
    if user.role == Role.PROGRAMME_MANAGER:
        return Q(**{f"{path}trainee_id__in": _graduates_of_managed_programmes(user)})
    if user.role == Role.TRAINER:
        taught = Enrolment.objects.filter(course__in=training_scope.taught_courses(user)).values("trainee_id")
        return Q(**{f"{path}trainee_id__in": taught})
    return training_scope.NOTHING


class Consultant(Trainee):
    """A trainee seen as a member of the network: the directory lists those who passed a course.

    A proxy, so the directory has its own scope: every signed-in role may look a consultant up
    (boards and enterprises look for one), while Trainee's scope keeps the training records
    to the programme's people.
    """

    class Meta:
        proxy = True
        verbose_name = _("chuyên gia tư vấn")
        verbose_name_plural = pgettext_lazy("plural", "chuyên gia tư vấn")

    def get_absolute_url(self):
        return reverse("network:consultant_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return Q(pk__in=Enrolment.objects.filter(passed=True).values("trainee_id"))


class CpActivity(KcnModel):
    """A cleaner-production activity a graduate registered to carry out after the course."""

    trainee = models.ForeignKey(Trainee, verbose_name=_("chuyên gia"), on_delete=models.PROTECT,
                                related_name="cp_activities")
    programme = models.ForeignKey(Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT,
                                  related_name="cp_activities", null=True, blank=True)
    kind = models.CharField(_("loại hoạt động"), max_length=16, choices=ActivityKind.choices,
                            default=ActivityKind.ASSESSMENT)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    enterprise_name = models.CharField(_("doanh nghiệp"), max_length=255, blank=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp trong danh bạ"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="cp_activities")
    sector = models.CharField(_("ngành"), max_length=4, choices=Sector.choices, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    planned_start = models.DateField(_("dự kiến bắt đầu"))
    planned_end = models.DateField(_("dự kiến kết thúc"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=ActivityStatus.choices,
                              default=ActivityStatus.REGISTERED)

    class Meta:
        ordering = ["trainee", "planned_start", "pk"]
        verbose_name = _("hoạt động SXSH đăng ký")
        verbose_name_plural = pgettext_lazy("plural", "hoạt động SXSH đăng ký")

    def __str__(self):
        return self.title

    def clean(self):
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValidationError({"planned_end": _("Ngày kết thúc không được trước ngày bắt đầu.")})

    def get_absolute_url(self):
        return reverse("network:activity_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return follow_up_q(user)


class ActivityUpdate(KcnModel):
    """A graduate's quarterly update on one activity (seed 001: "cập nhật hàng quý")."""

    activity = models.ForeignKey(CpActivity, verbose_name=_("hoạt động"), on_delete=models.CASCADE,
                                 related_name="updates")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(_("quý"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    status = models.CharField(_("trạng thái"), max_length=16, choices=ActivityStatus.choices)
    progress = models.TextField(_("kết quả trong quý"))
    enterprises_reached = models.PositiveIntegerField(_("số doanh nghiệp được hỗ trợ"), default=0)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"),
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["activity", "-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["activity", "year", "quarter"], name="activity_update_quarter")]
        verbose_name = _("cập nhật hằng quý")
        verbose_name_plural = pgettext_lazy("plural", "cập nhật hằng quý")

    def __str__(self):
        return _("Quý %(quarter)s/%(year)s – %(activity)s") % {"quarter": self.quarter, "year": self.year,
                                                             "activity": self.activity}

    @classmethod
    def scope_q(cls, user, action):
        return follow_up_q(user, "activity__")


class Evaluation(KcnModel):
    """The six-monthly evaluation of a graduate's CP work (seed 001: "đánh giá 6 tháng 1 lần")."""

    trainee = models.ForeignKey(Trainee, verbose_name=_("chuyên gia"), on_delete=models.PROTECT,
                                related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    half = models.PositiveSmallIntegerField(_("6 tháng"), choices=[(1, _("6 tháng đầu năm")),
                                                                   (2, _("6 tháng cuối năm"))])
    rating = models.CharField(_("đánh giá"), max_length=16, choices=EvaluationRating.choices)
    score = models.DecimalField(_("điểm"), max_digits=4, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(10)])
    comment = models.TextField(_("nhận xét"), blank=True)
    evaluated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đánh giá"),
                                     on_delete=models.PROTECT, related_name="+")
    evaluated_on = models.DateField(_("ngày đánh giá"), default=timezone.localdate)

    class Meta:
        ordering = ["-year", "-half", "trainee"]
        constraints = [models.UniqueConstraint(fields=["trainee", "year", "half"], name="evaluation_half_year")]
        verbose_name = _("đánh giá 6 tháng")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá 6 tháng")

    def __str__(self):
        return f"{self.trainee} {self.half}/{self.year}: {self.get_rating_display()}"

    @classmethod
    def scope_q(cls, user, action):
        return follow_up_q(user)


class Workshop(ProvinceRecordMixin, KcnModel):
    """A workshop or event (hội thảo), e.g. seed 002: sharing CP experience in Bến Tre, 14/4/2011."""

    title = models.CharField(_("tên hội thảo"), max_length=255)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=255)
    programme = models.ForeignKey(Programme, verbose_name=_("thuộc chương trình"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="workshops")
    place = models.CharField(_("địa điểm"), max_length=255)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    description = models.TextField(_("nội dung"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=WorkshopStatus.choices,
                              default=WorkshopStatus.PLANNED)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("hội thảo")
        verbose_name_plural = pgettext_lazy("plural", "hội thảo")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Ngày kết thúc không được trước ngày bắt đầu.")})

    def get_absolute_url(self):
        return reverse("network:workshop_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return None  # public to every role permissions.py lets in


class AgendaItem(KcnModel):
    """A line of a workshop's agenda: when, what, who speaks, and their slides if any."""

    workshop = models.ForeignKey(Workshop, verbose_name=_("hội thảo"), on_delete=models.CASCADE,
                                 related_name="agenda")
    day = models.DateField(_("ngày"))
    time = models.TimeField(_("giờ"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("nội dung"), max_length=255)
    speaker = models.CharField(_("người trình bày"), max_length=255, blank=True)
    document = models.ForeignKey("Document", verbose_name=_("tài liệu trình bày"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="agenda_items")

    class Meta:
        ordering = ["workshop", "day", "time", "order", "pk"]
        verbose_name = _("mục chương trình hội thảo")
        verbose_name_plural = pgettext_lazy("plural", "mục chương trình hội thảo")

    def __str__(self):
        return self.title

    def clean(self):
        workshop = self.workshop
        if self.day and workshop and not (workshop.start_date <= self.day <= workshop.end_date):
            raise ValidationError({"day": _("Ngày nằm ngoài thời gian hội thảo.")})

    @classmethod
    def scope_q(cls, user, action):
        return None


class WorkshopOrganisation(ProvinceRecordMixin, KcnModel):
    """An organisation taking part (seed 002: 16 provincial departments and promotion centres)."""

    workshop = models.ForeignKey(Workshop, verbose_name=_("hội thảo"), on_delete=models.CASCADE,
                                 related_name="organisations")
    name = models.CharField(_("tên đơn vị"), max_length=255)
    organisation_type = models.CharField(_("loại đơn vị"), max_length=32, choices=OrganisationType.choices)
    attendees = models.PositiveSmallIntegerField(_("số người tham dự"), default=0)

    class Meta:
        ordering = ["workshop", "name"]
        constraints = [models.UniqueConstraint(fields=["workshop", "name"], name="workshop_organisation_unique")]
        verbose_name = _("đơn vị tham dự")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị tham dự")

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user, action):
        return None


class WorkshopParticipant(KcnModel):
    """A person registered for a workshop, and whether they came."""

    workshop = models.ForeignKey(Workshop, verbose_name=_("hội thảo"), on_delete=models.CASCADE,
                                 related_name="participants")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    organisation = models.ForeignKey(WorkshopOrganisation, verbose_name=_("đơn vị"), on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="participants")
    trainee = models.ForeignKey(Trainee, verbose_name=_("chuyên gia trong mạng lưới"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="workshops")
    attended = models.BooleanField(_("có mặt"), default=False)

    class Meta:
        ordering = ["workshop", "full_name"]
        verbose_name = _("người tham dự")
        verbose_name_plural = pgettext_lazy("plural", "người tham dự")

    def __str__(self):
        return self.full_name

    @classmethod
    def scope_q(cls, user, action):
        # Names of people: the programme's people and the administrator, not every visitor.
        if user.is_superuser or user.role in (Role.ADMIN, Role.PROGRAMME_MANAGER, Role.TRAINER):
            return None
        if user.role == Role.TRAINEE:
            return Q(trainee__user_id=user.pk)
        return training_scope.NOTHING


class FieldVisit(KcnModel):
    """A visit to a factory during a workshop (seed 002: the sugar mill and the tobacco factory)."""

    workshop = models.ForeignKey(Workshop, verbose_name=_("hội thảo"), on_delete=models.CASCADE,
                                 related_name="field_visits")
    date = models.DateField(_("ngày"))
    enterprise_name = models.CharField(_("cơ sở tham quan"), max_length=255)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp trong danh bạ"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    note = models.TextField(_("ghi nhận"), blank=True)

    class Meta:
        ordering = ["workshop", "date", "pk"]
        verbose_name = _("tham quan thực tế")
        verbose_name_plural = pgettext_lazy("plural", "tham quan thực tế")

    def __str__(self):
        return self.enterprise_name

    @classmethod
    def scope_q(cls, user, action):
        return None


class Document(KcnModel):
    """A document of the library: a guide, template, slides or report, by topic and sector."""

    title = models.CharField(_("tên tài liệu"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=DocumentKind.choices)
    topic = models.CharField(_("chủ đề"), max_length=32, choices=DocumentTopic.choices)
    sector = models.CharField(_("ngành"), max_length=4, choices=Sector.choices, blank=True,
                              help_text=_("Để trống nếu dùng cho mọi ngành."))
    description = models.TextField(_("tóm tắt"), blank=True)
    author = models.CharField(_("tác giả, đơn vị ban hành"), max_length=255, blank=True)
    published_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    workshop = models.ForeignKey(Workshop, verbose_name=_("trình bày tại hội thảo"), on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="documents")
    file = models.FileField(_("tệp"), upload_to=library_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    content_type = models.CharField(_("kiểu tệp"), max_length=128, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                    on_delete=models.PROTECT, related_name="+")
    # Title, summary and author without diacritics, for the library's search box.
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-published_on", "-created_at", "pk"]
        verbose_name = _("tài liệu")
        verbose_name_plural = pgettext_lazy("plural", "tài liệu")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.title, self.description, self.author)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("network:document_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return None
