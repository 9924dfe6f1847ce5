"""Background work of communications, run by Huey (inline in tests, see conftest.py)."""

from huey.contrib.djhuey import db_task


@db_task()
def delivery_send_task(delivery_id: int) -> None:
    from .services import delivery_send

    delivery_send(delivery_id=delivery_id)
