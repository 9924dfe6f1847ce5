"""Inspections of enterprises against versioned checklists, their findings and corrective actions.

A checklist is data (a topic, a code, a version and its items), so that the same app can later
hold disaster-drill and cleaner-production audits. An inspection is a draft until the officer
finalises it; from then on only its corrective actions move (the enterprise reports the fix,
the officer verifies it).
"""


from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kcn.accounts.choices import Role
from kcn.core.files import stored_name
from kcn.core.models import KcnModel
from kcn.registry.models import Enterprise
from kcn.registry.scope import enterprise_child_q

from .choices import ActionStatus, InspectionStatus, Outcome, Topic


def _photo_name(folder):
    return stored_name(f"inspections/{folder}", extension="jpg")  # photos are re-encoded as JPEG


def photo_upload_to(instance, filename):
    return _photo_name("photos")


def thumbnail_upload_to(instance, filename):
    return _photo_name("thumbs")


def fix_upload_to(instance, filename):
    return _photo_name("fixes")


def _inspection_scope(user, action, path):
    """The enterprise, the department monitoring its zone, the board's leaders; an enterprise
    sees an inspection only once it is finalised (a draft is the officer's working paper)."""
    q = enterprise_child_q(user, action, path=f"{path}enterprise")
    if q is not None and user.role == Role.ENTERPRISE:
        q &= Q(**{f"{path}status": InspectionStatus.FINALISED})
    return q


class Checklist(KcnModel):
    """One version of a checklist (e.g. "5K và phòng dịch tại doanh nghiệp", version 2)."""

    topic = models.CharField(_("chủ đề"), max_length=32, choices=Topic.choices, default=Topic.EPIDEMIC)
    code = models.SlugField(_("mã"), max_length=64)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên bảng kiểm"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True,
                                    help_text=_("Phiên bản mới nhất đang dùng được chọn mặc định khi lập biên bản."))

    class Meta:
        ordering = ["topic", "code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version")]
        verbose_name = _("bảng kiểm")
        verbose_name_plural = pgettext_lazy("plural", "bảng kiểm")

    def __str__(self):
        return f"{self.name} (phiên bản {self.version})"

    @classmethod
    def scope_q(cls, user, action):
        return None  # reference data: whether a role reads it at all is permissions.py's table


class ChecklistItem(KcnModel):
    """One requirement of a checklist, in a group ("5K", "Trang thiết bị", "Tổ chức")."""

    checklist = models.ForeignKey(Checklist, verbose_name=_("bảng kiểm"), on_delete=models.CASCADE,
                                  related_name="items")
    group = models.CharField(_("nhóm"), max_length=100)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=32)
    text = models.CharField(_("nội dung kiểm tra"), max_length=500)

    class Meta:
        ordering = ["checklist", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["checklist", "code"], name="checklist_item_code")]
        verbose_name = _("nội dung kiểm tra")
        verbose_name_plural = pgettext_lazy("plural", "nội dung kiểm tra")

    def __str__(self):
        return f"{self.code}. {self.text}"

    @classmethod
    def scope_q(cls, user, action):
        return None


class Inspection(KcnModel):
    """An inspection of one enterprise on one day against one checklist version (biên bản kiểm tra)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.PROTECT,
                                   related_name="inspections")
    checklist = models.ForeignKey(Checklist, verbose_name=_("bảng kiểm"), on_delete=models.PROTECT,
                                  related_name="inspections")
    date = models.DateField(_("ngày kiểm tra"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ kiểm tra"),
                                        related_name="inspections", blank=True)
    other_participants = models.TextField(
        _("thành phần khác"), blank=True,
        help_text=_("Đại diện doanh nghiệp, Sở Y tế, Công an…, mỗi người một dòng."))
    conclusion = models.TextField(_("kết luận"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=InspectionStatus.choices,
                              default=InspectionStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT,
                                   related_name="+")
    finalised_at = models.DateTimeField(_("hoàn tất lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người hoàn tất"),
                                     on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["enterprise", "date"])]
        verbose_name = _("biên bản kiểm tra")
        verbose_name_plural = pgettext_lazy("plural", "biên bản kiểm tra")

    def __str__(self):
        return f"{self.enterprise} – {self.date:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return _inspection_scope(user, action, "")

    @property
    def is_draft(self):
        return self.status == InspectionStatus.DRAFT


class InspectionResult(KcnModel):
    """The outcome of one checklist item in one inspection."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("biên bản kiểm tra"), on_delete=models.CASCADE,
                                   related_name="results")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("nội dung kiểm tra"), on_delete=models.PROTECT,
                             related_name="+")
    outcome = models.CharField(_("kết quả"), max_length=8, choices=Outcome.choices, blank=True, default="")
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        ordering = ["inspection", "item__order", "item__pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="inspection_result_once")]
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = pgettext_lazy("plural", "kết quả kiểm tra")

    def __str__(self):
        return f"{self.item}: {self.get_outcome_display()}"

    @classmethod
    def scope_q(cls, user, action):
        return _inspection_scope(user, action, "inspection__")


class Finding(KcnModel):
    """Something the inspectors saw: for a failed item, or on its own."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("biên bản kiểm tra"), on_delete=models.CASCADE,
                                   related_name="findings")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("nội dung kiểm tra"), on_delete=models.PROTECT,
                             related_name="+", null=True, blank=True)
    description = models.TextField(_("mô tả tồn tại"))

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("tồn tại phát hiện")
        verbose_name_plural = pgettext_lazy("plural", "tồn tại phát hiện")

    def __str__(self):
        return self.description[:80]

    @classmethod
    def scope_q(cls, user, action):
        return _inspection_scope(user, action, "inspection__")


class FindingPhoto(KcnModel):
    """A photo of a finding, checked to be a real image, with a thumbnail made when it is saved."""

    finding = models.ForeignKey(Finding, verbose_name=_("tồn tại phát hiện"), on_delete=models.CASCADE,
                                related_name="photos")
    image = models.ImageField(_("ảnh"), upload_to=photo_upload_to)
    thumbnail = models.ImageField(_("ảnh thu nhỏ"), upload_to=thumbnail_upload_to)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)

    class Meta:
        ordering = ["finding", "pk"]
        verbose_name = _("ảnh tồn tại")
        verbose_name_plural = pgettext_lazy("plural", "ảnh tồn tại")

    def __str__(self):
        return self.original_name or self.image.name

    def get_absolute_url(self):
        return reverse("inspections:photo", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return _inspection_scope(user, action, "finding__inspection__")


class CorrectiveAction(KcnModel):
    """What the enterprise must fix by a date: open → fixed (the enterprise) → verified (the officer)."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("biên bản kiểm tra"), on_delete=models.CASCADE,
                                   related_name="actions")
    finding = models.ForeignKey(Finding, verbose_name=_("tồn tại phát hiện"), on_delete=models.SET_NULL,
                                related_name="actions", null=True, blank=True)
    # The owner; always the inspection's enterprise, kept here so lists and scope need no join.
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp thực hiện"), on_delete=models.PROTECT,
                                   related_name="corrective_actions")
    description = models.TextField(_("biện pháp khắc phục"))
    due_date = models.DateField(_("hạn khắc phục"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=ActionStatus.choices,
                              default=ActionStatus.OPEN)
    fix_note = models.TextField(_("báo cáo khắc phục"), blank=True)
    fix_photo = models.ImageField(_("ảnh sau khắc phục"), upload_to=fix_upload_to, blank=True)
    fixed_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    fixed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.PROTECT,
                                 related_name="+", null=True, blank=True)
    verify_note = models.TextField(_("ý kiến xác nhận"), blank=True)
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"),
                                    on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    # Each reminder goes out once, however often the periodic task runs.
    due_reminder_sent = models.DateField(_("đã nhắc sắp đến hạn"), null=True, blank=True, editable=False)
    overdue_reminder_sent = models.DateField(_("đã nhắc quá hạn"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        verbose_name = _("biện pháp khắc phục")
        verbose_name_plural = pgettext_lazy("plural", "biện pháp khắc phục")

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("inspections:action_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return _inspection_scope(user, action, "inspection__")

    @property
    def is_overdue(self):
        return self.status == ActionStatus.OPEN and self.due_date < timezone.localdate()
