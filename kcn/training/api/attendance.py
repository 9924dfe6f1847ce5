"""Attendance API: list and filter by session or day; trainers create and change cells; a trainee
checks in with the QR code's token (POST /attendance/checkin/).

A cell's ``version`` (and ETag) is its ``recorded_at``: a PUT or PATCH with an older If-Match is
412, so a check-in made meanwhile is not overwritten.

Scope as on the pages: ``restrict`` on every read, the services on every write.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.serializers import ScopedPrimaryKeyRelatedField, VersionField
from kcn.core.api.viewsets import ScopedModelViewSet
from kcn.core.choices import Action
from kcn.core.services import VERSION_FIELD

from ..filtersets.attendance import AttendanceFilterSet
from ..models import Attendance, Enrolment, SessionDay
from ..services import attendance as services


class AttendanceSerializer(serializers.ModelSerializer):
    """Whether a trainee was there on a day (có mặt, đến muộn, vắng có phép, vắng)."""

    enrolment = ScopedPrimaryKeyRelatedField(queryset=Enrolment.objects.all(), label=_("Học viên"))
    day = ScopedPrimaryKeyRelatedField(queryset=SessionDay.objects.all(), label=_("Ngày học"))
    trainee_name = serializers.CharField(source="enrolment.trainee.full_name", read_only=True)
    date = serializers.DateField(source="day.date", read_only=True)
    session = serializers.IntegerField(source="day.session_id", read_only=True)

    version = VersionField()

    class Meta:
        model = Attendance
        fields = ["id", "enrolment", "trainee_name", "day", "date", "session", "status", "method", "recorded_by",
                  "recorded_at", "version"]
        read_only_fields = ["method", "recorded_by", "recorded_at"]
        # The (enrolment, day) pair is checked by the service, which updates an existing cell.
        validators = []

    def create(self, validated_data):
        raise NotImplementedError

    def update(self, instance, validated_data):
        raise NotImplementedError


class CheckinSerializer(serializers.Serializer):
    token = serializers.CharField(required=False, label=_("Mã trong QR"))
    code = serializers.CharField(required=False, max_length=12, label=_("Mã 6 chữ số"))

    def validate(self, attrs):
        if not attrs.get("token") and not attrs.get("code"):
            raise serializers.ValidationError(_("Hãy gửi mã trong QR (token) hoặc mã 6 chữ số (code)."))
        return attrs


class CheckinResultSerializer(AttendanceSerializer):
    created = serializers.BooleanField(read_only=True, label=_("Lần điểm danh đầu tiên"))

    class Meta(AttendanceSerializer.Meta):
        fields = [*AttendanceSerializer.Meta.fields, "created"]


def _attendance_save(*, user, instance, data):
    return services.attendance_set(user=user, enrolment=data["enrolment"], day=data["day"], status=data["status"],
                                   instance=instance, version=data.get(VERSION_FIELD))


@extend_schema(tags=["Training"])
class AttendanceViewSet(ScopedModelViewSet):
    """Attendance of trainees per session day. Filter with ``?session=`` or ``?day=``."""

    queryset = Attendance.objects.select_related("enrolment__trainee", "day")
    serializer_class = AttendanceSerializer
    filterset_class = AttendanceFilterSet
    ordering_fields = ["recorded_at", "day__date"]
    save_service = staticmethod(_attendance_save)

    @property
    def kcn_action(self):
        if self.action == "checkin":
            return Action.ADD
        return super().kcn_action

    @extend_schema(request=CheckinSerializer,
                   responses={200: CheckinResultSerializer, 201: CheckinResultSerializer, 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    @action(detail=False, methods=["post"])
    def checkin(self, request):
        """The trainee checks in for today with the QR code's token (or the 6-digit code): 201 the
        first time, 200 when already recorded (nothing changes)."""
        payload = CheckinSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        row, created = services.attendance_checkin(user=request.user, token=payload.validated_data.get("token"),
                                                   code=payload.validated_data.get("code"))
        data = CheckinResultSerializer(row, context=self.get_serializer_context()).data
        data["created"] = created
        return Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


urlpatterns = []


def register(router):
    router.register("attendance", AttendanceViewSet, basename="attendance")
