"""Reads of communications, always through the acting user's scope."""

from django.db.models import Case, IntegerField, Value, When

from kcn.core.choices import Action

from .models import Notification


def notification_list(*, user, unread_only: bool = False):
    """The user's inbox, newest first, with the deliveries for the channel badges."""
    notifications = Notification.objects.restrict(user, Action.VIEW).prefetch_related("deliveries")
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def notification_unread_count(*, user) -> int:
    return Notification.objects.restrict(user, Action.VIEW).filter(read_at__isnull=True).count()


def notification_inbox(*, user, unread_only: bool = False):
    """The user's inbox as the page shows it: unread first, then newest first."""
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return notification_list(user=user, unread_only=unread_only).order_by(unread_first, "-created_at", "-pk")
