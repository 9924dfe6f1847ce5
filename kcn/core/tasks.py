"""Background work of the core machinery, run by Huey (inline in tests, see conftest.py)."""

from huey.contrib.djhuey import db_task


@db_task()
def import_job_run(job_id: int) -> None:
    """Run an import job by id; progress and result are written on the job for its page."""
    from .importers import run_import_job

    run_import_job(job_id=job_id)
