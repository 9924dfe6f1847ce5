"""Returnees from outbreak areas and the daily health of workers, commitments and the hotline.

Plan 16/KH-BQLKCN asks enterprises to watch closely the health of workers who come from outbreak
areas (centralised quarantine, then self-isolation at the residence, ho, sốt, khó thở), to sign
the board's commitment, and asks the board to run a hotline. Each is a model here.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.core.models import KcnModel, RestrictedQuerySet
from kcn.registry.models import Board, Commune, Enterprise, Province
from kcn.registry.scope import enterprise_child_q, personal_data_q
from kcn.workers.models import Worker

from . import constants, scope
from .choices import MonitoringStatus, TravelDirection, TravelMeans


class MonitoringRule(KcnModel):
    """The board's rule for people coming from an outbreak area, from a date: how many days of
    centralised quarantine, then of self-isolation. The rules changed often in 2020–2021, so each
    change is a new row; a new area takes its defaults from the rule in force that day."""

    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE,
                              related_name="monitoring_rules")
    valid_from = models.DateField(_("áp dụng từ ngày"))
    quarantine_days = models.PositiveSmallIntegerField(_("số ngày cách ly tập trung"),
                                                       validators=[MaxValueValidator(60)])
    self_isolation_days = models.PositiveSmallIntegerField(_("số ngày tự cách ly tại nơi cư trú"),
                                                           validators=[MaxValueValidator(60)])
    basis = models.CharField(_("căn cứ"), max_length=255, blank=True,
                             help_text=_("Văn bản quy định, ví dụ Công điện số 01/CĐ-UBND ngày 01/5/2021."))

    class Meta:
        ordering = ["board", "-valid_from"]
        verbose_name = _("quy định theo dõi")
        verbose_name_plural = pgettext_lazy("plural", "quy định theo dõi")
        constraints = [models.UniqueConstraint(fields=["board", "valid_from"], name="monitoring_rule_unique_day")]

    def __str__(self):
        return _("Từ %(date)s: %(q)s ngày cách ly tập trung, %(s)s ngày tự cách ly") % {
            "date": self.valid_from.strftime("%d/%m/%Y"), "q": self.quarantine_days, "s": self.self_isolation_days}

    def get_absolute_url(self):
        return reverse("monitoring:rule_list")

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_public_q(user, action)


class OutbreakArea(KcnModel):
    """An administrative unit declared an outbreak area by the board, from a date to a date
    (open-ended while it lasts), with the monitoring required of people who come from it."""

    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE,
                              related_name="outbreak_areas")
    province = models.ForeignKey(Province, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT,
                                 related_name="+")
    commune = models.ForeignKey(Commune, verbose_name=_("xã, phường"), on_delete=models.PROTECT, null=True,
                                blank=True, related_name="+",
                                help_text=_("Để trống nếu cả tỉnh, thành phố là vùng dịch."))
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True,
                                help_text=_("Để trống khi vùng dịch chưa được công bố kết thúc."))
    quarantine_days = models.PositiveSmallIntegerField(_("số ngày cách ly tập trung"),
                                                       validators=[MaxValueValidator(60)])
    self_isolation_days = models.PositiveSmallIntegerField(_("số ngày tự cách ly tại nơi cư trú"),
                                                           validators=[MaxValueValidator(60)])
    source = models.CharField(_("căn cứ công bố"), max_length=255, blank=True,
                              help_text=_("Ví dụ: Thông báo số 123/TB-SYT của Sở Y tế."))
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("vùng dịch")
        verbose_name_plural = pgettext_lazy("plural", "vùng dịch")

    def __str__(self):
        return self.place_name

    def get_absolute_url(self):
        return reverse("monitoring:area_detail", args=[self.pk])

    @property
    def place_name(self):
        if self.commune_id:
            return f"{self.commune.name}, {self.province.name}"
        return self.province.name if self.province_id else ""

    def clean(self):
        errors = {}
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            errors["commune"] = _("Xã, phường này không thuộc tỉnh, thành phố đã chọn.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")
        if errors:
            raise ValidationError(errors)

    def is_active_on(self, day):
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_public_q(user, action)


class TravelDeclarationQuerySet(RestrictedQuerySet):
    def with_status(self, on=None):
        """Annotate ``status_code`` for ``on`` (today): quarantine, self-isolation or done."""
        on = on or timezone.localdate()
        return self.annotate(status_code=models.Case(
            models.When(quarantine_end__gte=on, then=models.Value(MonitoringStatus.QUARANTINE.value)),
            models.When(isolation_end__gte=on, then=models.Value(MonitoringStatus.SELF_ISOLATION.value)),
            default=models.Value(MonitoringStatus.DONE.value),
        ))

    def in_period(self, on=None):
        on = on or timezone.localdate()
        return self.filter(return_date__lte=on, isolation_end__gte=on)


class TravelDeclaration(KcnModel):
    """A worker who travelled to, or came from, an outbreak area, and the monitoring period it
    requires: centralised quarantine from the return day, then self-isolation at the residence.

    The periods are stored (computed by the service from the area's days) so that lists can be
    filtered and sorted by them in the database; editing the area recomputes them.
    """

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="travel_declarations")
    worker = models.ForeignKey(Worker, verbose_name=_("người lao động"), on_delete=models.CASCADE,
                               related_name="travel_declarations")
    area = models.ForeignKey(OutbreakArea, verbose_name=_("vùng dịch"), on_delete=models.PROTECT,
                             related_name="travel_declarations")
    direction = models.CharField(_("hình thức"), max_length=16, choices=TravelDirection.choices,
                                 default=TravelDirection.WENT_TO)
    departure_date = models.DateField(_("ngày đi"), null=True, blank=True)
    return_date = models.DateField(_("ngày về"))
    means = models.CharField(_("phương tiện"), max_length=16, choices=TravelMeans.choices, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    quarantine_days = models.PositiveSmallIntegerField(_("số ngày cách ly tập trung"))
    self_isolation_days = models.PositiveSmallIntegerField(_("số ngày tự cách ly"))
    quarantine_end = models.DateField(_("cách ly tập trung đến ngày"), null=True, blank=True)
    isolation_end = models.DateField(_("tự cách ly đến ngày"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người khai báo"),
                                    on_delete=models.PROTECT, related_name="+")

    objects = TravelDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["-return_date", "pk"]
        verbose_name = _("người về từ vùng dịch")
        verbose_name_plural = pgettext_lazy("plural", "người về từ vùng dịch")
        constraints = [models.UniqueConstraint(fields=["worker", "area", "return_date"],
                                               name="travel_unique_return")]
        indexes = [models.Index(fields=["enterprise", "isolation_end"], name="travel_enterprise_end")]

    def __str__(self):
        return f"{self.worker} – {self.area}"

    def get_absolute_url(self):
        return reverse("monitoring:travel_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return personal_data_q(user, action)

    # The periods, as the page shows them (start and end days included).
    @property
    def quarantine_start(self):
        return self.return_date if self.quarantine_days else None

    @property
    def isolation_start(self):
        if not self.self_isolation_days:
            return None
        return self.return_date + datetime.timedelta(days=self.quarantine_days)

    def status_on(self, day=None):
        day = day or timezone.localdate()
        if self.quarantine_end and day <= self.quarantine_end:
            return MonitoringStatus.QUARANTINE
        if day <= self.isolation_end:
            return MonitoringStatus.SELF_ISOLATION
        return MonitoringStatus.DONE

    @property
    def status(self):
        return self.status_on()

    def get_status_display(self):
        return MonitoringStatus(self.status).label

    @staticmethod
    def periods_for(return_date, quarantine_days, self_isolation_days):
        """(last day of quarantine or None, last day of monitoring), the return day being day one.

        With no monitoring at all the last day is the day before the return, so the returnee is
        never "in period"."""
        quarantine_end = return_date + datetime.timedelta(days=quarantine_days - 1) if quarantine_days else None
        isolation_end = return_date + datetime.timedelta(days=quarantine_days + self_isolation_days - 1)
        return quarantine_end, isolation_end


class HealthDeclaration(models.Model):
    """One worker's health on one day: sốt, ho, khó thở (plan 16), temperature, other symptoms.

    One row per worker and day; declaring again updates it. Like Worker, it keeps no row-by-row
    audit history: an enterprise of 60,000 workers declares 60,000 rows a day, and the row keeps
    who declared it last and when.
    """

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="health_declarations")
    worker = models.ForeignKey(Worker, verbose_name=_("người lao động"), on_delete=models.CASCADE,
                               related_name="health_declarations")
    date = models.DateField(_("ngày"))
    fever = models.BooleanField(_("sốt"), default=False)
    cough = models.BooleanField(_("ho"), default=False)
    shortness_of_breath = models.BooleanField(_("khó thở"), default=False)
    temperature = models.DecimalField(
        _("nhiệt độ (°C)"), max_digits=3, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(constants.TEMPERATURE_MIN), MaxValueValidator(constants.TEMPERATURE_MAX)],
    )
    other_symptoms = models.CharField(_("triệu chứng khác"), max_length=255, blank=True)
    symptomatic = models.BooleanField(_("có triệu chứng"), default=False, editable=False)
    alerted_at = models.DateTimeField(_("đã cảnh báo lúc"), null=True, blank=True, editable=False)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người khai báo"),
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "worker__full_name", "pk"]
        verbose_name = _("khai báo y tế")
        verbose_name_plural = pgettext_lazy("plural", "khai báo y tế")
        constraints = [models.UniqueConstraint(fields=["worker", "date"], name="health_unique_day")]
        indexes = [models.Index(fields=["enterprise", "date", "symptomatic"], name="health_enterprise_day")]

    def __str__(self):
        return f"{self.worker} – {self.date:%d/%m/%Y}"

    @classmethod
    def scope_q(cls, user, action):
        return personal_data_q(user, action)

    def is_in_scope(self, user, action="view"):
        return type(self).objects.restrict(user, action).filter(pk=self.pk).exists()

    def symptom_labels(self):
        labels = [str(self._meta.get_field(name).verbose_name)
                  for name in ("fever", "cough", "shortness_of_breath") if getattr(self, name)]
        if self.other_symptoms:
            labels.append(self.other_symptoms)
        return labels


class CommitmentText(KcnModel):
    """A version of the board's commitment (bản cam kết phòng, chống dịch). A new version needs
    every enterprise to acknowledge it again."""

    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE,
                              related_name="commitment_texts")
    version = models.PositiveIntegerField(_("phiên bản"), editable=False)
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung cam kết"))
    published_on = models.DateField(_("ngày ban hành"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ban hành"),
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["board", "-version"]
        verbose_name = _("bản cam kết")
        verbose_name_plural = pgettext_lazy("plural", "bản cam kết")
        constraints = [models.UniqueConstraint(fields=["board", "version"], name="commitment_unique_version")]

    def __str__(self):
        return _("%(title)s (phiên bản %(version)s)") % {"title": self.title, "version": self.version}

    def get_absolute_url(self):
        return reverse("monitoring:commitment_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return scope.board_public_q(user, action)


def _scan_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"monitoring/commitments/{instance.text_id}/{instance.enterprise_id}.{extension}"


class CommitmentAcknowledgement(KcnModel):
    """An enterprise's acknowledgement of one version of the commitment: who signed, when, and
    optionally the signed scan."""

    text = models.ForeignKey(CommitmentText, verbose_name=_("bản cam kết"), on_delete=models.CASCADE,
                             related_name="acknowledgements")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="commitment_acknowledgements")
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_position = models.CharField(_("chức vụ"), max_length=150)
    signed_on = models.DateField(_("ngày ký"))
    scan = models.FileField(_("bản ký scan"), upload_to=_scan_path, blank=True, max_length=255)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản xác nhận"),
                                        on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-signed_on", "pk"]
        verbose_name = _("xác nhận cam kết")
        verbose_name_plural = pgettext_lazy("plural", "xác nhận cam kết")
        constraints = [models.UniqueConstraint(fields=["text", "enterprise"], name="commitment_ack_unique")]

    def __str__(self):
        return f"{self.enterprise} – {self.text}"

    def get_absolute_url(self):
        return reverse("monitoring:commitment_detail", args=[self.text_id])

    @classmethod
    def scope_q(cls, user, action):
        return enterprise_child_q(user, action)


class HotlineCall(KcnModel):
    """A call to the board's hotline (plan 16, III.2: phòng QLDN sets it up) and how it was answered."""

    board = models.ForeignKey(Board, verbose_name=_("ban quản lý"), on_delete=models.CASCADE,
                              related_name="hotline_calls")
    called_at = models.DateTimeField(_("thời điểm gọi"))
    caller_name = models.CharField(_("người gọi"), max_length=150)
    caller_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    question = models.TextField(_("nội dung hỏi"))
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    follow_up_needed = models.BooleanField(_("cần xử lý tiếp"), default=False)
    follow_up_done = models.BooleanField(_("đã xử lý xong"), default=False)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tiếp nhận"),
                                   on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-called_at", "-pk"]
        verbose_name = _("cuộc gọi đường dây nóng")
        verbose_name_plural = pgettext_lazy("plural", "cuộc gọi đường dây nóng")

    def __str__(self):
        return f"{timezone.localtime(self.called_at):%d/%m/%Y %H:%M} – {self.caller_name}"

    def get_absolute_url(self):
        return reverse("monitoring:call_detail", args=[self.pk])

    def clean(self):
        if self.follow_up_done and not self.follow_up_needed:
            raise ValidationError({"follow_up_done": _("Chỉ đánh dấu “đã xử lý xong” cho cuộc gọi cần xử lý tiếp.")})
        if self.called_at and self.called_at > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError({"called_at": _("Thời điểm gọi không được ở tương lai.")})

    @classmethod
    def scope_q(cls, user, action):
        return scope.hotline_q(user, action)
