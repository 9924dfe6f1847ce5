"""Reporting API serializers: read-only resources, and explicit input/output for the workflow.

Submissions are never written through a model serializer: ``SubmitInputSerializer``,
``DraftInputSerializer`` and ``ReviseInputSerializer`` describe what a client sends, the view
calls the service, and ``SubmissionSerializer`` renders what was stored.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from ..models import (
    ApprovalLevel,
    Period,
    Revision,
    Submission,
)

# --- Periods


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

    def to_representation(self, submission):
        """The fields above written out: this is the answer to every submission at a deadline,
        and DRF's generic walk built eighteen field objects per report (a third of the submit
        call's Python time). test_api checks that both give the same answer."""
        period, enterprise, submitted_by = submission.period, submission.enterprise, submission.submitted_by
        return {
            "id": submission.pk,
            "url": reverse("reporting-api:submission-detail", kwargs={"pk": submission.pk},
                           request=self.context.get("request"), format=self.context.get("format")),
            "period": submission.period_id,
            "period_label": period.label,
            "enterprise": submission.enterprise_id,
            "enterprise_name": enterprise.name,
            "zone": enterprise.zone_id,
            "zone_code": enterprise.zone.code,
            "template_version": submission.version_id,
            "template_version_number": submission.version.number,
            "status": submission.status,
            "values": submission.values,
            "revision": submission.revision,
            "submitted_at": _DATETIME.to_representation(submission.submitted_at),
            "submitted_by": submitted_by.username if submitted_by is not None else None,
            "is_late": self.get_is_late(submission),
            "created_at": _DATETIME.to_representation(submission.created_at),
            "updated_at": _DATETIME.to_representation(submission.updated_at),
        }


# How DRF writes a datetime (ISO 8601 in the current time zone), shared by the fast answer.
_DATETIME = serializers.DateTimeField()


class RevisionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", read_only=True)

    class Meta:
        model = Revision
        fields = ["id", "number", "values", "reason", "created_by", "created_at"]
        read_only_fields = fields


_VALUES_HELP = _("Mã trường → giá trị, theo phiên bản mẫu đang áp dụng (xem /templates/). "
                 "Số có thể gửi dạng số JSON hoặc dạng chữ kiểu Việt Nam (“1.200”, “1,5”).")


class TargetSerializer(serializers.Serializer):
    period = serializers.IntegerField(label=_("Kỳ báo cáo"))
    enterprise = serializers.IntegerField(label=_("Doanh nghiệp"))


class PrefillSerializer(serializers.Serializer):
    values = serializers.DictField(child=serializers.JSONField(), label=_("Số liệu đã có trong hệ thống"))


class DraftInputSerializer(TargetSerializer):
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


# --- Approval chain (read by approvals.chain_of, written by services.approval_approve/return)


class ApprovalStepSerializer(serializers.Serializer):
    """One level of a period's approval chain, its current state and what the user may do there."""

    level = serializers.ChoiceField(choices=ApprovalLevel.choices)
    department = serializers.IntegerField(source="department_id", allow_null=True,
                                          help_text=_("Phòng duyệt (chỉ với cấp phòng)."))
    department_name = serializers.CharField(source="department.name", allow_null=True, default=None)
    status = serializers.SerializerMethodField(help_text=_("approved: đã duyệt; returned: đã trả lại (mở lại); "
                                                           "pending: chưa duyệt."))
    by = serializers.CharField(source="current.by.username", allow_null=True, default=None)
    by_name = serializers.SerializerMethodField()
    at = serializers.DateTimeField(source="current.at", allow_null=True, default=None)
    comment = serializers.CharField(source="current.comment", allow_null=True, default=None)
    can_approve = serializers.BooleanField(help_text=_("Bạn duyệt được cấp này ngay bây giờ."))
    can_return = serializers.BooleanField(help_text=_("Bạn trả lại (mở lại) được cấp này."))

    @extend_schema_field(serializers.ChoiceField(choices=["approved", "returned", "pending"]))
    def get_status(self, step):
        return step.current.status if step.current is not None else "pending"

    @extend_schema_field(OpenApiTypes.STR)
    def get_by_name(self, step):
        if step.current is None:
            return None
        return step.current.by.get_full_name() or step.current.by.username


class ApprovalChainSerializer(serializers.Serializer):
    """The chain of a period: each department, then the board total, then the leader's sign-off."""

    period = serializers.IntegerField(source="period.pk")
    is_locked = serializers.BooleanField(source="period.is_locked")
    consolidating_department = serializers.IntegerField(source="chain.consolidating.pk", allow_null=True, default=None)
    steps = ApprovalStepSerializer(source="chain.steps", many=True)


class ApprovalInputSerializer(serializers.Serializer):
    level = serializers.ChoiceField(label=_("Cấp duyệt"), choices=ApprovalLevel.choices, error_messages={
        "invalid_choice": _("Cấp duyệt “{input}” không có: hãy gửi department, board hoặc leader."),
    })
    department = serializers.IntegerField(label=_("Phòng"), required=False, allow_null=True,
                                          help_text=_("Bắt buộc với cấp phòng (department): mã của phòng duyệt."))
    comment = serializers.CharField(label=_("Ý kiến"), required=False, allow_blank=True, default="",
                                    help_text=_("Ý kiến khi duyệt (không bắt buộc); lý do khi trả lại (bắt buộc)."))


# --- Consolidated totals (read from the pre-aggregated rows, see consolidation.py)

_TOTALS = serializers.DictField(child=serializers.DecimalField(max_digits=26, decimal_places=6, coerce_to_string=False),
                                help_text=_("Mã trường → tổng."))


class TotalFieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()


class EnterpriseTotalSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(source="enterprise.pk")
    name = serializers.CharField(source="enterprise.name")
    tax_code = serializers.CharField(source="enterprise.tax_code")
    submission = serializers.IntegerField(source="submission.pk")
    submission_url = serializers.SerializerMethodField(help_text=_("Báo cáo của doanh nghiệp (xem chi tiết)."))
    totals = _TOTALS

    @extend_schema_field(OpenApiTypes.URI)
    def get_submission_url(self, row):
        return reverse("reporting-api:submission-detail", args=[row["submission"].pk], request=self.context["request"])


class ZoneTotalSerializer(serializers.Serializer):
    zone = serializers.IntegerField(source="zone.pk")
    code = serializers.CharField(source="zone.code")
    name = serializers.CharField(source="zone.name")
    submissions = serializers.IntegerField(help_text=_("Số báo cáo đã nộp."))
    totals = _TOTALS
    submissions_url = serializers.SerializerMethodField(help_text=_("Các báo cáo đã nộp của khu công nghiệp kỳ này."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_submissions_url(self, node):
        url = reverse("reporting-api:submission-list", request=self.context["request"])
        return f"{url}?period={self.context['period'].pk}&zone={node['zone'].pk}&status=submitted"


class DepartmentZoneTotalSerializer(ZoneTotalSerializer):
    enterprises = EnterpriseTotalSerializer(many=True, help_text=_("Từng doanh nghiệp đã nộp, với báo cáo của nó."))


class BoardDepartmentTotalSerializer(serializers.Serializer):
    department = serializers.IntegerField(source="department.pk")
    name = serializers.CharField(source="department.name")
    submissions = serializers.IntegerField()
    totals = _TOTALS
    zones = ZoneTotalSerializer(many=True)


class BoardTotalsSerializer(serializers.Serializer):
    submissions = serializers.IntegerField()
    totals = _TOTALS
    departments = BoardDepartmentTotalSerializer(many=True)
    unassigned = ZoneTotalSerializer(many=True, help_text=_("Khu công nghiệp chưa được giao phòng nào theo dõi."))


class DepartmentTotalsSerializer(serializers.Serializer):
    department = serializers.IntegerField(source="department.pk")
    name = serializers.CharField(source="department.name")
    submissions = serializers.IntegerField()
    totals = _TOTALS
    zones = DepartmentZoneTotalSerializer(many=True)


class PeriodTotalsSerializer(serializers.Serializer):
    """A period's consolidated totals as the user may see them: ``department`` for a department's
    staff (by zone and enterprise), ``board`` for the leaders, the observer, the administrator and
    the consolidating department (by department and zone); the other is null."""

    period = serializers.IntegerField(source="period.pk")
    label = serializers.CharField(source="period.label")
    fields = TotalFieldSerializer(many=True, help_text=_("Các chỉ tiêu được cộng, nhãn theo phiên bản mẫu mới nhất."))
    department = DepartmentTotalsSerializer(allow_null=True)
    board = BoardTotalsSerializer(allow_null=True)


# --- Trends


class TrendQuerySerializer(serializers.Serializer):
    schedule = serializers.IntegerField(label=_("Lịch báo cáo"))
    level = serializers.ChoiceField(label=_("Cấp"), choices=["board", "department", "zone"], error_messages={
        "invalid_choice": _("Cấp “{input}” không có: hãy gửi board, department hoặc zone."),
    })
    object = serializers.IntegerField(label=_("Đối tượng"), help_text=_("Mã của ban, phòng hoặc khu công nghiệp."))
    date_from = serializers.CharField(label=_("Từ ngày"), required=False, allow_blank=True,
                                      help_text=_("dd/mm/yyyy hoặc yyyy-mm-dd."))
    date_to = serializers.CharField(label=_("Đến ngày"), required=False, allow_blank=True,
                                    help_text=_("dd/mm/yyyy hoặc yyyy-mm-dd."))
    fields = serializers.CharField(label=_("Chỉ tiêu"), required=False, allow_blank=True,
                                   help_text=_("Mã các trường, cách nhau bằng dấu phẩy; bỏ trống là mọi trường số."))


class TrendPeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class TrendPointSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk")
    label = serializers.CharField(source="period.label")
    start = serializers.DateField(source="period.start")
    value = serializers.DecimalField(max_digits=26, decimal_places=6, coerce_to_string=False, allow_null=True,
                                     help_text=_("Tổng của kỳ; null khi chưa có báo cáo nào có trường này."))
    submissions = serializers.IntegerField(help_text=_("Số báo cáo đã nộp có trường này."))


class TrendSeriesSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField()
    points = TrendPointSerializer(many=True)


class TrendSerializer(serializers.Serializer):
    schedule = serializers.IntegerField(source="schedule.pk")
    level = serializers.CharField()
    object = serializers.IntegerField(source="object.pk")
    object_name = serializers.SerializerMethodField()
    periods = TrendPeriodSerializer(many=True)
    reports = serializers.ListField(child=serializers.IntegerField(),
                                    help_text=_("Số báo cáo đã nộp của từng kỳ, theo thứ tự của periods."))
    series = TrendSeriesSerializer(many=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_object_name(self, trend):
        return str(trend.object)
