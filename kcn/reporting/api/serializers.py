"""Reporting API serializers: read-only resources, and explicit input/output for the workflow.

Submissions are never written through a model serializer: ``SubmitInputSerializer``,
``DraftInputSerializer`` and ``ReviseInputSerializer`` describe what a client sends, the view
calls the service, and ``SubmissionSerializer`` renders what was stored.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import CrossFieldRule, Field, Period, ReportTemplate, Revision, Schedule, Submission, TemplateVersion

# --- Templates


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "code", "label", "type", "unit", "required", "min_value", "max_value", "choices",
                  "order", "help_text"]
        extra_kwargs = {name: {"coerce_to_string": False} for name in ("min_value", "max_value")}


class RuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrossFieldRule
        fields = ["id", "expression", "message"]


class TemplateVersionSerializer(serializers.ModelSerializer):
    """A published version: frozen, so a client may cache its fields and rules by id."""

    fields = FieldSerializer(many=True, read_only=True)
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateVersion
        fields = ["id", "number", "published_at", "fields", "rules"]


class ReportTemplateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:template-detail")
    versions = serializers.SerializerMethodField(help_text=_("Các phiên bản đã ban hành, mới nhất trước."))
    current_version = serializers.SerializerMethodField(
        help_text=_("Số của phiên bản mới nhất đã ban hành: báo cáo mới được điền theo phiên bản này."))

    class Meta:
        model = ReportTemplate
        fields = ["id", "url", "code", "name", "description", "is_builtin", "current_version", "versions",
                  "created_at", "updated_at"]

    @extend_schema_field(TemplateVersionSerializer(many=True))
    def get_versions(self, template):
        return TemplateVersionSerializer(template.published_versions, many=True).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_current_version(self, template):
        versions = template.published_versions
        return versions[0].number if versions else None


# --- Schedules and periods


class ScheduleSerializer(serializers.ModelSerializer):
    """A schedule; ``zones`` and ``enterprises`` list only the rows the user may see."""

    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:schedule-detail")
    template_code = serializers.CharField(source="template.code", read_only=True)
    zones = serializers.SerializerMethodField()
    enterprises = serializers.SerializerMethodField()

    class Meta:
        model = Schedule
        fields = ["id", "url", "name", "template", "template_code", "board", "target", "zones", "sector",
                  "enterprises", "frequency", "convention", "due_time", "due_day_offset", "is_active",
                  "created_at", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_zones(self, schedule):
        return [zone.pk for zone in schedule.visible_zones]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_enterprises(self, schedule):
        return [enterprise.pk for enterprise in schedule.visible_enterprises]


class PeriodSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:period-detail")
    schedule_name = serializers.CharField(source="schedule.name", read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Period
        fields = ["id", "url", "schedule", "schedule_name", "label", "start", "end", "due_at", "is_locked",
                  "locked_at", "created_at", "updated_at"]


class MissingEnterpriseSerializer(serializers.Serializer):
    """An enterprise that has not submitted, with how to reach it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    tax_code = serializers.CharField()
    zone = serializers.IntegerField(source="zone_id")
    zone_code = serializers.CharField(source="zone.code")
    legal_representative = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    zalo = serializers.CharField()


class CompletenessSerializer(serializers.Serializer):
    """Completeness of one period among the targeted enterprises the user may see."""

    period = serializers.IntegerField(source="period.pk")
    label = serializers.CharField(source="period.label")
    due_at = serializers.DateTimeField(source="period.due_at")
    targeted = serializers.IntegerField(help_text=_("Số doanh nghiệp phải báo cáo kỳ này (trong phạm vi của bạn)."))
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField(help_text=_("Đã nộp trước hoặc đúng hạn."))
    late = serializers.IntegerField(help_text=_("Đã nộp sau hạn."))
    missing_count = serializers.SerializerMethodField()
    missing = MissingEnterpriseSerializer(many=True, help_text=_("Chưa nộp (bản nháp cũng tính là chưa nộp)."))

    @extend_schema_field(OpenApiTypes.INT)
    def get_missing_count(self, completeness):
        return len(completeness.missing)


# --- Submissions


class SubmissionSerializer(serializers.ModelSerializer):
    """A report as stored: ``values`` are in their stored form (integers as numbers, decimals as text)."""

    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:submission-detail")
    period_label = serializers.CharField(source="period.label", read_only=True)
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    zone = serializers.IntegerField(source="enterprise.zone_id", read_only=True)
    zone_code = serializers.CharField(source="enterprise.zone.code", read_only=True)
    template_version = serializers.IntegerField(source="version_id", read_only=True)
    template_version_number = serializers.IntegerField(source="version.number", read_only=True)
    values = serializers.JSONField(read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True, allow_null=True)
    is_late = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "url", "period", "period_label", "enterprise", "enterprise_name", "zone", "zone_code",
                  "template_version", "template_version_number", "status", "values", "revision", "submitted_at",
                  "submitted_by", "is_late", "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_is_late(self, submission):
        if submission.submitted_at is None:
            return None
        return submission.submitted_at > submission.period.due_at


class RevisionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = Revision
        fields = ["id", "number", "values", "reason", "created_by", "created_at"]
        read_only_fields = fields


_VALUES_HELP = _("Mã trường → giá trị, theo phiên bản mẫu đang áp dụng (xem /templates/). "
                 "Số có thể gửi dạng số JSON hoặc dạng chữ kiểu Việt Nam (“1.200”, “1,5”).")


class DraftInputSerializer(serializers.Serializer):
    period = serializers.IntegerField(label=_("Kỳ báo cáo"))
    enterprise = serializers.IntegerField(label=_("Doanh nghiệp"))
    values = serializers.DictField(child=serializers.JSONField(), label=_("Số liệu"), help_text=_VALUES_HELP)


class SubmitInputSerializer(DraftInputSerializer):
    idempotency_key = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("Khóa chống gửi trùng"),
        help_text=_("Một chuỗi do máy khách sinh cho mỗi báo cáo (ví dụ UUID), hoặc gửi ở tiêu đề Idempotency-Key. "
                    "Gửi lại cùng khóa và cùng số liệu thì báo cáo chỉ được lưu một lần."),
    )


class ReviseInputSerializer(serializers.Serializer):
    values = serializers.DictField(child=serializers.JSONField(), label=_("Số liệu"), help_text=_VALUES_HELP)
    reason = serializers.CharField(label=_("Lý do điều chỉnh"), error_messages={
        "required": _("Hãy ghi lý do điều chỉnh báo cáo."),
        "blank": _("Hãy ghi lý do điều chỉnh báo cáo."),
    })
