"""One FilterSet per communications model that has a list (NetBox's pattern)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet

from .models import Notification


class NotificationFilterSet(KcnFilterSet):
    """``unread=true``: only the notifications not yet read; ``unread=false``: only those read."""

    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Chưa đọc"))

    class Meta:
        model = Notification
        fields = ["unread"]
