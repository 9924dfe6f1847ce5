"""Communications API serializers: a user's notifications, read-only; marking read is an action."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    channels = serializers.DictField(source="channel_results", child=serializers.CharField(), read_only=True,
                                     help_text=_("Kênh gửi và trạng thái gửi trên kênh đó."))

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read", "channels"]
        read_only_fields = fields


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
