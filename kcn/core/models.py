"""Shared machinery: the base model, the scoped queryset and the long-job record.

Core knows no domain. A domain model says who may see it by implementing ``scope_q``; core
only asks the question in one place, ``RestrictedQuerySet.restrict``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import Action, JobStatus
from .permissions import role_allows


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to what a user may do (NetBox's RestrictedQuerySet)."""

    def restrict(self, user, action=Action.VIEW):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if not role_allows(user, self.model, action):
            return self.none()
        if user.is_superuser:
            return self
        condition = self.model.scope_q(user, action)
        if condition is None:
            return self
        return self.filter(condition)


class LeanHistoricalRecords(HistoricalRecords):
    """Audit history whose table is indexed only as it is read: by object id and by date; none for
    proxy models.

    django-simple-history copies the model's indexes (unique fields, foreign keys) onto the history
    table, where nothing queries them and each one slows every write, a bulk import most of all.
    """

    def finalize(self, sender, **kwargs):
        # A proxy (network.Consultant over training.Trainee) is a way of reading its concrete
        # model's rows: it is not written through, and an inherited history would only be an
        # empty second table.
        if sender._meta.proxy:
            return
        super().finalize(sender, **kwargs)

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields


class KcnModel(models.Model):
    """Base of every KCN record: timestamps, audit history and the scoped manager."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    history = LeanHistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action):
        """The Q a user's rows must match for ``action``; None means every row.

        Every domain model overrides this; the default refuses everything so that a model
        that forgets to declare its scope leaks nothing.
        """
        return Q(pk__in=[])

    def is_in_scope(self, user, action=Action.VIEW):
        return type(self).objects.restrict(user, action).filter(pk=self.pk).exists()


class ImportJob(models.Model):
    """A long import (or export) run in the task queue; pages poll it for progress."""

    kind = models.CharField(_("loại"), max_length=64)
    status = models.CharField(_("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/", blank=True)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("đã xử lý"), default=0)
    created_rows = models.PositiveIntegerField(_("đã thêm"), default=0)
    errors = models.JSONField(_("các lỗi"), default=list, blank=True)
    message = models.TextField(_("kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("các lượt nhập dữ liệu")

    def __str__(self):
        return f"{self.kind} {self.file_name} ({self.get_status_display()})"

    @property
    def percent(self):
        if not self.total_rows:
            return 100 if self.status in (JobStatus.DONE, JobStatus.FAILED) else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
