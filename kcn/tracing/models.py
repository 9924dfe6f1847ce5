"""Cases (F0) and their contacts (F1, F2, F3) traced through the workplace structure.

The tracing rules are data with versions (the Ministry of Health changed them several times in
2021): which shared groups of workers make a close contact, the infectious window and how many
generations to trace. A case is traced under the rule current when it was recorded, and each
proposed contact keeps the version it was proposed under, so a later rule never rewrites the
reasons given for an earlier proposal.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.core.models import KcnModel
from kcn.registry.models import Enterprise
from kcn.workers.models import Worker

from .choices import CaseStatus, Decision, GroupField, PersonStatus
from .scope import tracing_q


class TracingRule(KcnModel):
    """One version of the tracing rules. Versions are never edited: a change is a new version.

    ``groups`` is a list of ``{"fields": [...], "across_enterprises": bool}``: workers whose
    values of all ``fields`` are equal (and not blank) share the group. A group across enterprises
    (a dormitory room, a bus route) links workers of different enterprises of the same zone.
    """

    version = models.PositiveIntegerField(_("phiên bản"), unique=True)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    groups = models.JSONField(_("các nhóm tiếp xúc gần"))
    days_before = models.PositiveSmallIntegerField(
        _("số ngày trước khởi phát"), default=2, validators=[MaxValueValidator(14)],
        help_text=_("Thời kỳ lây nhiễm bắt đầu từ số ngày này trước ngày khởi phát (hoặc trước ngày xét nghiệm "
                    "dương tính nếu không có triệu chứng) và kéo dài đến ngày cách ly."),
    )
    generations = models.PositiveSmallIntegerField(
        _("số thế hệ truy vết"), default=3, validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("1: chỉ F1; 2: F1 và F2; 3: F1, F2 và F3."),
    )
    note = models.TextField(_("căn cứ, ghi chú"), blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("quy tắc truy vết")
        verbose_name_plural = pgettext_lazy("plural", "quy tắc truy vết")

    def __str__(self):
        return _("Quy tắc truy vết phiên bản %(version)s") % {"version": self.version}

    def get_absolute_url(self):
        return reverse("tracing:rule_list") + f"#rule-{self.pk}"

    def clean(self):
        errors = []
        allowed = set(GroupField.values)
        if not isinstance(self.groups, list) or not self.groups:
            raise ValidationError({"groups": _("Cần ít nhất một nhóm tiếp xúc gần.")})
        seen = set()
        for group in self.groups:
            fields = group.get("fields") if isinstance(group, dict) else None
            if not isinstance(fields, list) or not fields or not set(fields) <= allowed:
                errors.append(_("Mỗi nhóm là một tổ hợp các trường: %(fields)s.") % {
                    "fields": ", ".join(allowed)})
                continue
            if len(set(fields)) != len(fields):
                errors.append(_("Một trường được lặp lại trong cùng một nhóm."))
            key = tuple(sorted(fields))
            if key in seen:
                errors.append(_("Nhóm %(fields)s được khai báo hai lần.") % {"fields": " + ".join(fields)})
            seen.add(key)
        if errors:
            raise ValidationError({"groups": errors})

    @classmethod
    def scope_q(cls, user, action):
        return None  # the rules are public to whoever may use tracing (permissions.py)

    @classmethod
    def current(cls, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return cls.objects.filter(valid_from__lte=on).order_by("-version").first()

    def group_list(self) -> list[tuple[tuple[str, ...], bool]]:
        return [(tuple(group["fields"]), bool(group.get("across_enterprises"))) for group in self.groups]

    def groups_display(self) -> list[str]:
        labels = dict(GroupField.choices)
        result = []
        for fields, across in self.group_list():
            text = " + ".join(str(labels.get(name, name)) for name in fields)
            if across:
                text = _("%(group)s (cả các doanh nghiệp cùng KCN)") % {"group": text}
            result.append(text)
        return result


class Case(KcnModel):
    """A confirmed case (F0) among an enterprise's workers."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.PROTECT,
                                   related_name="tracing_cases")
    worker = models.ForeignKey(Worker, verbose_name=_("người lao động"), on_delete=models.PROTECT,
                               related_name="tracing_cases")
    # The person, across enterprises: one open case per identity number.
    identity_number = models.CharField(_("số CCCD"), max_length=12, editable=False)
    positive_test_date = models.DateField(_("ngày xét nghiệm dương tính"))
    symptom_onset = models.DateField(_("ngày khởi phát triệu chứng"), null=True, blank=True)
    isolated_on = models.DateField(_("ngày cách ly"), null=True, blank=True,
                                   help_text=_("Để trống nếu cách ly ngay ngày xét nghiệm dương tính."))
    isolation_place = models.CharField(_("nơi cách ly, điều trị"), max_length=255, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    released_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    rule = models.ForeignKey(TracingRule, verbose_name=_("quy tắc truy vết"), on_delete=models.PROTECT,
                             related_name="cases")
    source_contact = models.OneToOneField(
        "Contact", verbose_name=_("từ người tiếp xúc"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="became_case",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"),
                                    on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("đề xuất tiếp xúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-positive_test_date", "-pk"]
        verbose_name = _("ca bệnh (F0)")
        verbose_name_plural = pgettext_lazy("plural", "ca bệnh (F0)")
        constraints = [
            models.UniqueConstraint(fields=["identity_number"], condition=Q(status="open"),
                                    name="tracing_one_open_case_per_person"),
        ]
        indexes = [models.Index(fields=["enterprise", "positive_test_date"], name="tracing_case_ent_date")]

    def __str__(self):
        return _("F0 %(name)s (%(date)s)") % {"name": self.worker.full_name,
                                               "date": self.positive_test_date.strftime("%d/%m/%Y")}

    def get_absolute_url(self):
        return reverse("tracing:case_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return tracing_q(user, action)

    @property
    def window_start(self) -> datetime.date:
        return (self.symptom_onset or self.positive_test_date) - datetime.timedelta(days=self.rule.days_before)

    @property
    def window_end(self) -> datetime.date:
        return self.isolated_on or self.positive_test_date


class Contact(KcnModel):
    """A person proposed as a close contact of a case, at a generation (F1, F2, F3), with the
    person they were traced from and the group that links them."""

    case = models.ForeignKey(Case, verbose_name=_("ca bệnh"), on_delete=models.CASCADE, related_name="contacts")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.PROTECT,
                                   related_name="+")
    worker = models.ForeignKey(Worker, verbose_name=_("người lao động"), on_delete=models.PROTECT,
                               related_name="tracing_contacts")
    generation = models.PositiveSmallIntegerField(_("thế hệ"), validators=[MinValueValidator(1),
                                                                         MaxValueValidator(3)])
    # None: traced from the case's F0.
    source = models.ForeignKey("self", verbose_name=_("truy từ"), on_delete=models.CASCADE, null=True, blank=True,
                               related_name="children")
    source_worker = models.ForeignKey(Worker, verbose_name=_("truy từ người"), on_delete=models.PROTECT,
                                      related_name="+")
    link = models.CharField(_("nhóm tiếp xúc"), max_length=255)
    rule = models.ForeignKey(TracingRule, verbose_name=_("quy tắc"), on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("xác nhận"), max_length=16, choices=Decision.choices, default=Decision.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"),
                                   on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=PersonStatus.choices, blank=True,
                              default=PersonStatus.NONE)
    status_on = models.DateField(_("từ ngày"), null=True, blank=True)

    class Meta:
        ordering = ["case", "generation", "pk"]
        verbose_name = _("người tiếp xúc")
        verbose_name_plural = pgettext_lazy("plural", "người tiếp xúc")
        constraints = [models.UniqueConstraint(fields=["case", "worker"], name="tracing_contact_once_per_case")]

    def __str__(self):
        return f"F{self.generation} {self.worker.full_name}"

    def get_absolute_url(self):
        return reverse("tracing:case_detail", args=[self.case_id]) + f"#contact-{self.pk}"

    @classmethod
    def scope_q(cls, user, action):
        return tracing_q(user, action)


class StatusChange(KcnModel):
    """One dated step of a contact's status: isolating, tested negative, positive, released."""

    contact = models.ForeignKey(Contact, verbose_name=_("người tiếp xúc"), on_delete=models.CASCADE,
                                related_name="status_changes")
    status = models.CharField(_("tình trạng"), max_length=16, choices=PersonStatus.choices)
    on = models.DateField(_("ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"),
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["contact", "on", "pk"]
        verbose_name = _("diễn biến tình trạng")
        verbose_name_plural = pgettext_lazy("plural", "diễn biến tình trạng")

    def __str__(self):
        return f"{self.contact} – {self.get_status_display()} {self.on:%d/%m/%Y}"

    @classmethod
    def scope_q(cls, user, action):
        return tracing_q(user, action, "contact__enterprise")
