"""Serializers of the monitoring API. They validate and render; ../services.py writes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kcn.core.api.serializers import KcnModelSerializer, ScopedPrimaryKeyRelatedField
from kcn.registry.models import Board, Commune, Enterprise
from kcn.workers.models import Worker

from ..choices import MonitoringStatus
from ..models import (
    CommitmentAcknowledgement,
    CommitmentText,
    HealthDeclaration,
    HotlineCall,
    MonitoringRule,
    OutbreakArea,
    TravelDeclaration,
)


class RuleSerializer(KcnModelSerializer):
    """A board's rule for returnees from a date: days of centralised quarantine, then self-isolation."""

    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))

    class Meta:
        model = MonitoringRule
        fields = ["id", "board", "valid_from", "quarantine_days", "self_isolation_days", "basis", "version",
                  "created_at", "updated_at"]
        validators = []  # the unique (board, valid_from) rule is checked by the service's full_clean


class AreaSerializer(KcnModelSerializer):
    """An outbreak area declared by the board; days left out come from the board's rule in force."""

    url = serializers.HyperlinkedIdentityField(view_name="monitoring-api:area-detail")
    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))
    commune = serializers.PrimaryKeyRelatedField(queryset=Commune.objects.select_related("province"),
                                                 required=False, allow_null=True, label=_("Xã, phường"))
    place_name = serializers.CharField(read_only=True)
    quarantine_days = serializers.IntegerField(min_value=0, max_value=60, required=False, allow_null=True,
                                               label=_("Số ngày cách ly tập trung"))
    self_isolation_days = serializers.IntegerField(min_value=0, max_value=60, required=False, allow_null=True,
                                                   label=_("Số ngày tự cách ly tại nơi cư trú"))

    class Meta:
        model = OutbreakArea
        fields = ["id", "url", "board", "province", "commune", "place_name", "start_date", "end_date",
                  "quarantine_days", "self_isolation_days", "source", "note", "version", "created_at", "updated_at"]


class TravelSerializer(KcnModelSerializer):
    """A returnee: who, from which area, when, and the monitoring periods computed from the area."""

    url = serializers.HyperlinkedIdentityField(view_name="monitoring-api:returnee-detail")
    worker = ScopedPrimaryKeyRelatedField(queryset=Worker.objects.all(), label=_("Người lao động"))
    area = ScopedPrimaryKeyRelatedField(queryset=OutbreakArea.objects.all(), label=_("Vùng dịch"))
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)
    identity_number = serializers.CharField(source="worker.identity_number", read_only=True)
    area_name = serializers.CharField(source="area.place_name", read_only=True)
    quarantine_start = serializers.DateField(read_only=True, allow_null=True)
    isolation_start = serializers.DateField(read_only=True, allow_null=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = TravelDeclaration
        fields = ["id", "url", "enterprise", "worker", "worker_name", "identity_number", "area", "area_name",
                  "direction", "departure_date", "return_date", "means", "note", "quarantine_days",
                  "self_isolation_days", "quarantine_start", "quarantine_end", "isolation_start", "isolation_end",
                  "status", "version", "created_at", "updated_at"]
        read_only_fields = ["enterprise", "quarantine_days", "self_isolation_days", "quarantine_end",
                            "isolation_end"]
        validators = []  # duplicates are refused by the service with a clearer message

    @extend_schema_field(serializers.ChoiceField(choices=MonitoringStatus.choices))
    def get_status(self, obj):
        return getattr(obj, "status_code", None) or obj.status


class HealthSerializer(KcnModelSerializer):
    """One worker's health on one day. Posting the same worker and day again updates the row."""

    worker = ScopedPrimaryKeyRelatedField(queryset=Worker.objects.all(), label=_("Người lao động"))
    worker_name = serializers.CharField(source="worker.full_name", read_only=True)

    class Meta:
        model = HealthDeclaration
        fields = ["id", "enterprise", "worker", "worker_name", "date", "fever", "cough", "shortness_of_breath",
                  "temperature", "other_symptoms", "symptomatic", "alerted_at", "version", "created_at",
                  "updated_at"]
        read_only_fields = ["enterprise", "symptomatic", "alerted_at"]
        validators = []  # a second declaration of the day is an update, not an error


class CommitmentTextSerializer(KcnModelSerializer):
    """A version of the board's commitment text; creating one publishes a new version."""

    url = serializers.HyperlinkedIdentityField(view_name="monitoring-api:commitment-detail")
    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))
    text_version = serializers.IntegerField(source="version", read_only=True, label=_("Phiên bản của văn bản"))

    class Meta:
        model = CommitmentText
        fields = ["id", "url", "board", "text_version", "title", "body", "published_on", "version", "created_at",
                  "updated_at"]
        extra_kwargs = {"published_on": {"required": False}}


class AcknowledgementSerializer(KcnModelSerializer):
    """An enterprise's acknowledgement of a commitment version (multipart to attach the scan)."""

    text = ScopedPrimaryKeyRelatedField(queryset=CommitmentText.objects.all(), label=_("Bản cam kết"))
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), label=_("Doanh nghiệp"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    scan = serializers.FileField(required=False, allow_null=True, write_only=True, label=_("Bản ký scan"))
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = CommitmentAcknowledgement
        fields = ["id", "text", "enterprise", "enterprise_name", "signer_name", "signer_position", "signed_on",
                  "scan", "has_scan", "version", "created_at", "updated_at"]
        validators = []  # acknowledging again replaces the earlier acknowledgement

    def get_has_scan(self, obj) -> bool:
        return bool(obj.scan)


class PendingEnterpriseSerializer(serializers.ModelSerializer):
    """An enterprise that has not acknowledged the commitment version."""

    zone_name = serializers.CharField(source="zone.name", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "tax_code", "name", "zone", "zone_name", "phone", "email"]


class RemindResultSerializer(serializers.Serializer):
    reminded = serializers.IntegerField(help_text=_("Số doanh nghiệp chưa xác nhận đã được nhắc."))


class CallSerializer(KcnModelSerializer):
    """A call to the board's hotline and how it was answered."""

    url = serializers.HyperlinkedIdentityField(view_name="monitoring-api:call-detail")
    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True,
                                              label=_("Doanh nghiệp"))
    handled_by_name = serializers.CharField(source="handled_by.display_name", read_only=True)

    class Meta:
        model = HotlineCall
        fields = ["id", "url", "board", "called_at", "caller_name", "caller_phone", "enterprise", "question",
                  "answer", "follow_up_needed", "follow_up_done", "handled_by", "handled_by_name", "version",
                  "created_at", "updated_at"]
        read_only_fields = ["handled_by"]
        extra_kwargs = {"called_at": {"required": False}}
