"""Tracing API serializers: explicit input serializers for the workflow (record, decide, status),
read serializers that mask identity numbers as the pages do."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kcn.core.api.serializers import VersionField
from kcn.workers.validators import mask_identity

from ..choices import Decision, PersonStatus
from ..models import Case, Contact, StatusChange, TracingRule


class TracingRuleSerializer(serializers.ModelSerializer):
    groups = serializers.JSONField(label=_("Các nhóm tiếp xúc gần"), help_text=_(
        'Danh sách nhóm, ví dụ [{"fields": ["team", "shift"], "across_enterprises": false}]; các trường: '
        'workshop, production_line, team, shift, dormitory, room, bus_route.'))

    class Meta:
        model = TracingRule
        fields = ["id", "version", "valid_from", "groups", "days_before", "generations", "note", "created_at"]
        read_only_fields = ["id", "version", "created_at"]


class CaseSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.full_name", read_only=True, label=_("Họ và tên"))
    identity_number_masked = serializers.SerializerMethodField(label=_("Số CCCD (che bớt)"))
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True, label=_("Doanh nghiệp"))
    zone = serializers.IntegerField(source="enterprise.zone_id", read_only=True, label=_("Khu công nghiệp"))
    rule_version = serializers.IntegerField(source="rule.version", read_only=True, label=_("Phiên bản quy tắc"))
    window_start = serializers.DateField(read_only=True, label=_("Lây nhiễm từ ngày"))
    window_end = serializers.DateField(read_only=True, label=_("Lây nhiễm đến ngày"))
    version = VersionField(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "enterprise", "enterprise_name", "zone", "worker", "worker_name", "identity_number_masked",
                  "positive_test_date", "symptom_onset", "isolated_on", "isolation_place", "notes", "status",
                  "released_on", "rule_version", "window_start", "window_end", "source_contact", "proposed_at",
                  "created_at", "version"]
        read_only_fields = fields

    def get_identity_number_masked(self, case) -> str:
        return mask_identity(case.identity_number)


class CaseRecordSerializer(serializers.Serializer):
    identity_number = serializers.CharField(max_length=12, label=_("Số CCCD"))
    enterprise = serializers.IntegerField(required=False, allow_null=True, label=_("Doanh nghiệp"),
                                          help_text=_("Chỉ cần khi người này làm việc ở nhiều doanh nghiệp."))
    positive_test_date = serializers.DateField(label=_("Ngày xét nghiệm dương tính"))
    symptom_onset = serializers.DateField(required=False, allow_null=True, label=_("Ngày khởi phát triệu chứng"))
    isolated_on = serializers.DateField(required=False, allow_null=True, label=_("Ngày cách ly"))
    isolation_place = serializers.CharField(required=False, allow_blank=True, max_length=255,
                                            label=_("Nơi cách ly, điều trị"))
    notes = serializers.CharField(required=False, allow_blank=True, label=_("Ghi chú"))


class ContactAddSerializer(serializers.Serializer):
    identity_number = serializers.CharField(max_length=12, label=_("Số CCCD người tiếp xúc"))
    source_identity_number = serializers.CharField(
        max_length=12, required=False, allow_blank=True, label=_("Truy từ (số CCCD)"),
        help_text=_("Để trống nếu tiếp xúc trực tiếp với người bệnh (F1)."))
    link = serializers.CharField(max_length=255, label=_("Hoàn cảnh tiếp xúc"))
    enterprise = serializers.IntegerField(required=False, allow_null=True, label=_("Doanh nghiệp"),
                                          help_text=_("Chỉ cần khi người này làm việc ở nhiều doanh nghiệp."))


class ReleaseSerializer(serializers.Serializer):
    released_on = serializers.DateField(label=_("Ngày kết thúc"))


class ProposeResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(label=_("Số người tiếp xúc được thêm"))


class ContactSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.full_name", read_only=True, label=_("Họ và tên"))
    identity_number_masked = serializers.SerializerMethodField(label=_("Số CCCD (che bớt)"))
    source_worker_name = serializers.CharField(source="source_worker.full_name", read_only=True,
                                               label=_("Truy từ người"))
    rule_version = serializers.IntegerField(source="rule.version", read_only=True, label=_("Phiên bản quy tắc"))
    version = VersionField(read_only=True)

    class Meta:
        model = Contact
        fields = ["id", "case", "enterprise", "worker", "worker_name", "identity_number_masked", "generation",
                  "source", "source_worker", "source_worker_name", "link", "rule_version", "decision", "decided_at",
                  "status", "status_on", "version"]
        read_only_fields = fields

    def get_identity_number_masked(self, contact) -> str:
        return mask_identity(contact.worker.identity_number)


class DecideSerializer(serializers.Serializer):
    contacts = serializers.ListField(child=serializers.IntegerField(), min_length=1, label=_("Những người tiếp xúc"))
    decision = serializers.ChoiceField(choices=[Decision.CONFIRMED, Decision.REJECTED], label=_("Quyết định"))


class DecideResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(label=_("Số người thay đổi"))


class StatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[c for c in PersonStatus.values if c], label=_("Tình trạng"))
    on = serializers.DateField(label=_("Từ ngày"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=255, label=_("Ghi chú"))
    version = serializers.CharField(required=False, allow_blank=True, label=_("Phiên bản đã đọc"))


class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = StatusChange
        fields = ["id", "contact", "status", "on", "note", "created_at"]
        read_only_fields = fields
