"""Writes of the worker registry: uploads, edits, deletion and the record of unmasked exports."""

from __future__ import annotations

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kcn.core.choices import Action, JobStatus
from kcn.core.models import ImportJob
from kcn.core.permissions import role_allows
from kcn.core.services import scoped_delete, scoped_save
from kcn.registry.models import Enterprise

from .importers import ImportReport, import_workers
from .models import Worker, WorkerExport
from .selectors import worker_enterprises

JOB_KIND = "workers"


def _check_enterprise(*, user, enterprise: Enterprise, action: str) -> None:
    if not role_allows(user, Worker, action):
        raise PermissionDenied
    if not worker_enterprises(user, action).filter(pk=enterprise.pk).exists():
        raise PermissionDenied


def worker_import(*, user, enterprise: Enterprise, file, file_name: str, job: ImportJob | None = None,
                  today=None) -> ImportReport:
    """Upload an enterprise's full worker list (see importers.import_workers). All or nothing."""
    _check_enterprise(user=user, enterprise=enterprise, action=Action.IMPORT)
    return import_workers(user=user, enterprise=enterprise, file=file, file_name=file_name, job=job, today=today)


def worker_import_start(*, user, enterprise: Enterprise, upload) -> ImportJob:
    """Keep the file on a job and queue it; the job page shows progress, then the result."""
    _check_enterprise(user=user, enterprise=enterprise, action=Action.IMPORT)
    job = ImportJob(kind=JOB_KIND, file_name=os.path.basename(upload.name)[:255], created_by=user,
                    message=str(enterprise.pk))
    job.file.save(upload.name, upload, save=False)
    job.save()
    from .tasks import worker_import_job

    worker_import_job(job.pk, enterprise.pk)
    return job


def worker_import_run_job(*, job_id: int, enterprise_id: int) -> ImportJob | None:
    """Run a queued upload (the task queue calls this); the job records the outcome."""
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    try:
        if enterprise is None:
            raise PermissionDenied
        with job.file.open("rb") as file:
            report = worker_import(user=job.created_by, enterprise=enterprise, file=file, file_name=job.file_name,
                                   job=job)
    except PermissionDenied:
        report = ImportReport(ok=False, message=_("Bạn không có quyền tải danh sách lao động cho doanh nghiệp này."))
    except Exception:
        import logging

        logging.getLogger(__name__).exception("worker import job %s failed", job_id)
        report = ImportReport(ok=False, message=_("Lỗi hệ thống khi nhập tệp; không dòng nào được lưu. "
                                                  "Hãy thử lại hoặc báo quản trị viên."))
    job.status = JobStatus.DONE if report.ok else JobStatus.FAILED
    job.total_rows = job.processed_rows = report.total
    job.created_rows = report.added
    job.errors = report.errors.stored()
    job.message = report.message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "total_rows", "processed_rows", "created_rows", "errors", "message",
                            "finished_at"])
    # The job row is no record of the file's content: drop the stored copy once it is read.
    if job.file:
        job.file.delete(save=True)
    return job


def worker_save(*, user, instance: Worker | None, data: dict) -> Worker:
    """Create or edit one worker; the identity number stays unique within the enterprise."""
    data = dict(data)
    enterprise = data.get("enterprise") or (instance.enterprise if instance else None)
    if enterprise is None:
        raise ValidationError({"enterprise": _("Hãy chọn doanh nghiệp.")})
    if instance is not None and data.get("enterprise", enterprise) != instance.enterprise:
        raise ValidationError({"enterprise": _("Không thể chuyển người lao động sang doanh nghiệp khác.")})
    number = data.get("identity_number", instance.identity_number if instance else "")
    with transaction.atomic():
        clash = Worker.objects.filter(enterprise=enterprise, identity_number=number)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if number and clash.exists():
            raise ValidationError({"identity_number": _(
                "Doanh nghiệp đã có người lao động mang số CCCD này.")})
        return scoped_save(user=user, model=Worker, instance=instance, data=data)


def worker_delete(*, user, instance: Worker) -> None:
    scoped_delete(user=user, model=Worker, instance=instance)


def worker_export_record(*, user, enterprise: Enterprise | None, rows: int, file_format: str, revealed: bool,
                         query: str = "") -> WorkerExport:
    """Who exported which list, when, how many rows, and whether in full."""
    return WorkerExport.objects.create(user=user, enterprise=enterprise, rows=rows, file_format=file_format,
                                       revealed=revealed, query=query[:500])
