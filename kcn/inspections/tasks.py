"""Background work of inspections, run by Huey (inline in tests, see conftest.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="20", hour="7"))
def actions_remind_task() -> None:
    """Each morning: corrective actions due tomorrow, and those overdue, to their enterprises
    (each reminder once, see services.actions_remind)."""
    from .services import actions_remind

    actions_remind()
