"""The workers of each enterprise, with the workplace structure tracing follows.

A worker list runs to hundreds of thousands of rows and is re-uploaded often, so Worker keeps no
row-by-row audit history (a 300,000-row upload would write 300,000 history rows); each upload is
recorded instead as a WorkerImport with what it added, changed and removed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kcn.core.models import ImportJob, RestrictedQuerySet
from kcn.core.text import search_key
from kcn.registry.models import Commune, Enterprise
from kcn.registry.scope import personal_data_q

from .choices import Sex
from .validators import cccd_error, phone_error


class Worker(models.Model):
    """One worker of one enterprise. The identity number (CCCD) identifies the person within the
    enterprise; the same person may appear under two enterprises (two jobs), each its own row."""

    # No index of its own: the (enterprise, identity number) constraint and the (enterprise, name)
    # index serve lookups by enterprise, and each index slows a 300,000-row upload.
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="workers", db_index=False)
    identity_number = models.CharField(_("số CCCD"), max_length=12)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=8, choices=Sex.choices, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    # Residence in the administrative units in force since 1 July 2025; an address written in the
    # older district-based form is converted and its original text kept in residence_original.
    residence_address = models.CharField(_("nơi cư trú"), max_length=255, blank=True)
    residence_commune = models.ForeignKey(Commune, verbose_name=_("xã, phường cư trú"), on_delete=models.PROTECT,
                                          null=True, blank=True, related_name="+")
    residence_original = models.CharField(_("địa chỉ cũ (như đã khai)"), max_length=255, blank=True)
    # The workplace structure: who shares a team, a shift, a line, a room or a bus with whom.
    workshop = models.CharField(_("phân xưởng"), max_length=100, blank=True)
    production_line = models.CharField(_("dây chuyền"), max_length=100, blank=True)
    team = models.CharField(_("tổ, nhóm"), max_length=100, blank=True)
    shift = models.CharField(_("ca làm việc"), max_length=50, blank=True)
    dormitory = models.CharField(_("khu nhà ở, ký túc xá"), max_length=100, blank=True)
    room = models.CharField(_("phòng ở"), max_length=50, blank=True)
    bus_route = models.CharField(_("tuyến xe đưa đón"), max_length=100, blank=True)
    vaccine_doses = models.PositiveSmallIntegerField(_("số mũi vắc-xin"), default=0)
    # A worker missing from a later upload has left; the row stays for the cases that name them.
    left_on = models.DateField(_("nghỉ việc từ ngày"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name = _("người lao động")
        verbose_name_plural = _("người lao động")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "identity_number"], name="worker_unique_identity"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "full_name"], name="worker_enterprise_name"),
            models.Index(fields=["identity_number"], name="worker_identity"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_text = search_key(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("workers:worker_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.identity_number:
            error = cccd_error(self.identity_number, date_of_birth=self.date_of_birth, sex=self.sex or "")
            if error:
                errors["identity_number"] = error
        if self.phone:
            error = phone_error(self.phone)
            if error:
                errors["phone"] = error
        if errors:
            raise ValidationError(errors)

    @classmethod
    def scope_q(cls, user, action):
        return personal_data_q(user, action)

    def is_in_scope(self, user, action="view"):
        return type(self).objects.restrict(user, action).filter(pk=self.pk).exists()

    @property
    def is_active(self):
        return self.left_on is None


class WorkerImport(models.Model):
    """One upload of an enterprise's worker list and what it did."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   related_name="worker_imports")
    file_name = models.CharField(_("tên tệp"), max_length=255)
    added = models.PositiveIntegerField(_("thêm mới"), default=0)
    changed = models.PositiveIntegerField(_("thay đổi"), default=0)
    removed = models.PositiveIntegerField(_("nghỉ việc"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    # Up to DETAIL_LIMIT rows of each kind, for the result page: {"added": [...], "changed": [...],
    # "removed": [...]}, each row {"identity_number", "full_name", "fields"}.
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    job = models.ForeignKey(ImportJob, verbose_name=_("lượt nhập"), on_delete=models.SET_NULL, null=True,
                            blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt tải danh sách lao động")
        verbose_name_plural = _("các lượt tải danh sách lao động")

    def __str__(self):
        return f"{self.enterprise} {self.file_name}"

    def get_absolute_url(self):
        return reverse("workers:import_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        return personal_data_q(user, action)


class WorkerExport(models.Model):
    """An export of a worker list with identity numbers and phones in full: who, when, how many."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("doanh nghiệp"), on_delete=models.CASCADE,
                                   null=True, blank=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người xuất"), on_delete=models.PROTECT,
                             related_name="+")
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    file_format = models.CharField(_("định dạng"), max_length=8)
    revealed = models.BooleanField(_("hiện đầy đủ CCCD, điện thoại"), default=False)
    query = models.CharField(_("bộ lọc"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("xuất lúc"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt xuất danh sách lao động")
        verbose_name_plural = _("các lượt xuất danh sách lao động")

    def __str__(self):
        return f"{self.user} {self.created_at:%d/%m/%Y %H:%M} ({self.rows})"

    @classmethod
    def scope_q(cls, user, action):
        return personal_data_q(user, action)


__all__ = ["Worker", "WorkerExport", "WorkerImport"]
