"""Communications API: the user's own notifications (list, one, unread count) and marking them read.

Everyone, administrators included, reaches only their own notifications (``Notification.scope_q``):
someone else's answers 404, like an id that does not exist.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from kcn.core.api.schema import NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedReadOnlyViewSet
from kcn.core.choices import Action

from .. import selectors, services
from ..filtersets import NotificationFilterSet
from ..models import Notification
from . import serializers


@extend_schema(tags=["Notifications"])
class NotificationViewSet(ScopedReadOnlyViewSet):
    """The user's notifications, newest first; ``?unread=true`` for those not yet read."""

    queryset = Notification.objects.prefetch_related("deliveries")
    serializer_class = serializers.NotificationSerializer
    filterset_class = NotificationFilterSet
    ordering_fields = ["created_at", "read_at"]
    action_permissions = {"read": Action.CHANGE, "read_all": Action.CHANGE, "unread_count": Action.VIEW}

    @extend_schema(request=None, responses={200: serializers.NotificationSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark one notification read (again is harmless: the first reading time is kept)."""
        notification = self.get_object()
        notification = services.notification_mark_read(user=request.user, notification_id=notification.pk)
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses={200: serializers.MarkedSerializer},
                   description=_("Đánh dấu mọi thông báo chưa đọc là đã đọc; trả về số thông báo đã đánh dấu."))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_mark_all_read(user=request.user)})

    @extend_schema(responses={200: serializers.UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None, filterset_class=None)
    def unread_count(self, request):
        """How many notifications the user has not read (what the bell shows)."""
        return Response({"unread": selectors.notification_unread_count(user=request.user)})
