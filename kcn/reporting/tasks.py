"""Background work of reporting, run by Huey (the in-process consumer on the embedded setup,
`kcn run_huey` elsewhere)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="5"))
def periods_open_task() -> None:
    from django.utils import timezone

    from .services import periods_open

    periods_open(on=timezone.localdate())


@db_periodic_task(crontab(minute="*/15"))
def reminders_task() -> None:
    """Reminders before the deadlines and the missing lists after them; each message goes out
    once however often this runs (see reminders.py)."""
    from django.utils import timezone

    from .reminders import missing_lists_send, reminders_send

    now = timezone.now()
    reminders_send(now=now)
    missing_lists_send(now=now)
