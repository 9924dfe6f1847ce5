"""The inbox bell of the top bar: ``{% unread_notifications as count %}`` (one COUNT query)."""

from django import template

from ..selectors import notification_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return notification_unread_count(user=user)
