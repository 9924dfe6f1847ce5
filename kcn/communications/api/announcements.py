"""Announcements API: the board's announcements a user may read, sending one, and its figures.

Mounted before the notifications' own routes (see urls.py): the inbox viewset sits at the prefix
itself and would otherwise take "announcements" for a notification id.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedReadOnlyViewSet
from kcn.registry.choices import Sector
from kcn.registry.models import Board, Enterprise, Zone

from .. import announcements
from ..announcements_forms import AnnouncementFilterSet
from ..choices import Audience
from ..models import Announcement


class AnnouncementSerializer(serializers.ModelSerializer):
    """An announcement of the board; ``attachment_url`` downloads its file through scope."""

    attachment_url = serializers.SerializerMethodField()

    class Meta:
        model = Announcement
        fields = ["id", "board", "title", "body", "attachment_name", "attachment_url", "audience", "zones",
                  "sectors", "enterprises", "channels", "sent_at"]
        read_only_fields = fields

    def get_attachment_url(self, announcement) -> str:
        from django.urls import reverse

        if not announcement.attachment:
            return ""
        return reverse("communications:announcement_attachment", args=[announcement.pk])


class AnnouncementInputSerializer(serializers.Serializer):
    board = serializers.PrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))
    title = serializers.CharField(max_length=255, label=_("Tiêu đề"))
    body = serializers.CharField(label=_("Nội dung"))
    attachment = serializers.FileField(required=False, label=_("Tệp đính kèm"))
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.ALL, label=_("Gửi đến"))
    zones = serializers.PrimaryKeyRelatedField(queryset=Zone.objects.all(), many=True, required=False)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    enterprises = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.select_related("zone"), many=True,
                                                     required=False)


class ChannelStatsSerializer(serializers.Serializer):
    channel = serializers.CharField()
    label = serializers.CharField()
    sent = serializers.IntegerField()
    failed = serializers.IntegerField()
    queued = serializers.IntegerField()


class AnnouncementStatsSerializer(serializers.Serializer):
    recipients = serializers.IntegerField()
    enterprises = serializers.IntegerField()
    read = serializers.IntegerField()
    channels = ChannelStatsSerializer(many=True)


@extend_schema(tags=["Announcements"])
class AnnouncementViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The board's announcements: leaders and department heads send; enterprises read theirs."""

    queryset = Announcement.objects.all()
    serializer_class = AnnouncementSerializer
    filterset_class = AnnouncementFilterSet
    ordering_fields = ["sent_at"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    action_permissions = {"stats": "export"}

    @extend_schema(request=AnnouncementInputSerializer,
                   responses={201: AnnouncementSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request, *args, **kwargs):
        """Send an announcement (multipart when it has an attachment); it goes out at once."""
        payload = AnnouncementInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        announcement = announcements.announcement_send(user=request.user, data=payload.validated_data)
        return Response(self.get_serializer(announcement).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: AnnouncementStatsSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def stats(self, request, pk=None):
        """Recipients, readers and deliveries per channel (sent, failed, waiting)."""
        return Response(announcements.announcement_stats(self.get_object()))
