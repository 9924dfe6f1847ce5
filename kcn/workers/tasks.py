"""Background work of the worker registry (Huey; inline in tests)."""

from huey.contrib.djhuey import db_task


@db_task()
def worker_import_job(job_id: int, enterprise_id: int) -> None:
    from .services import worker_import_run_job

    worker_import_run_job(job_id=job_id, enterprise_id=enterprise_id)
