"""Writes of communications: notify users, send and retry deliveries, mark notifications read.

``notify`` stores everything in one transaction and hands the sending to the task queue only
after it commits, so a rolled-back caller sends nothing and a slow SMTP server or Zalo never
holds a page up.
"""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.utils import timezone

from kcn.core.choices import Action

from .channels import ChannelError, channel_for
from .choices import ChannelName, DeliveryStatus
from .models import Delivery, Notification

DEFAULT_CHANNELS = (ChannelName.IN_APP, ChannelName.EMAIL)


def notify(*, recipients: Iterable, title: str, body: str = "", url: str = "",
           channels: Iterable[str] = DEFAULT_CHANNELS) -> list[Notification]:
    """One notification per recipient, with a delivery on each channel, sent after commit."""
    channels = list(dict.fromkeys(ChannelName(channel) for channel in channels))
    now = timezone.now()
    notifications = []
    with transaction.atomic():
        for recipient in dict.fromkeys(recipients):
            notification = Notification(recipient=recipient, title=title, body=body, url=url)
            notification.full_clean()
            notification.save()
            notifications.append(notification)
            for channel in channels:
                # The inbox is the notification itself: it is delivered by being saved.
                in_app = channel == ChannelName.IN_APP
                delivery = Delivery.objects.create(
                    notification=notification, channel=channel,
                    status=DeliveryStatus.SENT if in_app else DeliveryStatus.QUEUED,
                    attempts=1 if in_app else 0, sent_at=now if in_app else None,
                    external_id=str(notification.pk) if in_app else "",
                )
                if not in_app:
                    transaction.on_commit(partial(_enqueue, delivery.pk))
    return notifications


def _enqueue(delivery_id: int) -> None:
    from .tasks import delivery_send_task

    delivery_send_task(delivery_id)


def delivery_send(*, delivery_id: int) -> Delivery:
    """Send one delivery unless it has gone already; a failure is recorded, not raised.

    The row stays locked while the channel talks to the outside, so two workers retrying the
    same delivery cannot both send it: the second waits, then finds it sent.
    """
    with transaction.atomic():
        deliveries = Delivery.objects.select_for_update(of=("self",)).select_related("notification__recipient")
        delivery = deliveries.get(pk=delivery_id)
        if delivery.status == DeliveryStatus.SENT:
            return delivery
        delivery.attempts += 1
        try:
            delivery.external_id = channel_for(delivery.channel).send(delivery)
        except ChannelError as exc:
            delivery.status = DeliveryStatus.FAILED
            delivery.error = str(exc)
        else:
            delivery.status = DeliveryStatus.SENT
            delivery.error = ""
            delivery.sent_at = timezone.now()
        delivery.save(update_fields=["attempts", "external_id", "status", "error", "sent_at", "updated_at"])
    return delivery


def deliveries_retry(*, max_attempts: int = 5) -> int:
    """Queue again the failed deliveries that have not used up their attempts; returns how many."""
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED, attempts__lt=max_attempts).values_list("pk", flat=True)
    )
    for delivery_id in ids:
        _enqueue(delivery_id)
    return len(ids)


def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's notifications read; someone else's is simply not found."""
    with transaction.atomic():
        notification = Notification.objects.restrict(user, Action.CHANGE).select_for_update().get(pk=notification_id)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark the whole inbox read; returns how many notifications changed."""
    return Notification.objects.restrict(user, Action.CHANGE).filter(read_at__isnull=True).update(
        read_at=timezone.now()
    )
