"""Serializers of the prevention API. They validate and render; the services in ../services.py write."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kcn.core.api.serializers import ScopedPrimaryKeyRelatedField
from kcn.registry.models import Enterprise, Zone

from ..choices import DueUnit, LevelSource, PlanDecision, ZoneRule
from ..models import (
    AssessmentAnswer,
    CaseThreshold,
    Checklist,
    ChecklistItem,
    CriteriaSet,
    Criterion,
    CriterionOption,
    EnterpriseLevel,
    PlanAction,
    ScenarioPlan,
    ScoreThreshold,
    SelfAssessment,
    ZoneLevel,
)

# --- Levels


class EnterpriseLevelSerializer(serializers.ModelSerializer):
    """One change of an enterprise's outbreak level (the latest row is its current level)."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    zone = serializers.IntegerField(source="enterprise.zone_id", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    set_by = serializers.StringRelatedField(read_only=True)
    checklist = serializers.SerializerMethodField()
    level = serializers.IntegerField(read_only=True)

    class Meta:
        model = EnterpriseLevel
        fields = ["id", "enterprise", "enterprise_name", "zone", "level", "level_label", "effective_date", "source",
                  "reason", "set_by", "assessment", "checklist", "created_at"]
        read_only_fields = fields

    def get_checklist(self, obj) -> int | None:
        checklist = getattr(obj, "checklist", None)
        return checklist.pk if checklist else None


class LevelSetSerializer(serializers.Serializer):
    """Set a level: the enterprise (or zone), the level, from which date (today if left out) and why.
    ``expected_current``: the id of the current level row you decided on (0 if none), to be refused
    rather than overwrite a change someone else made meanwhile."""

    level = serializers.IntegerField(min_value=1, max_value=4, label=_("Cấp độ (1–4)"))
    effective_date = serializers.DateField(required=False, label=_("Áp dụng từ ngày"))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("Lý do"))
    expected_current = serializers.IntegerField(required=False, min_value=0, label=_("Cấp độ hiện tại đã xem"))


class EnterpriseLevelSetSerializer(LevelSetSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), label=_("Doanh nghiệp"))
    source = serializers.ChoiceField(choices=LevelSource.choices, required=False, default=LevelSource.OFFICER,
                                     label=_("Căn cứ"), help_text=_("officer hoặc cases."))

    def validate_source(self, value):
        if value not in (LevelSource.OFFICER, LevelSource.CASES):
            raise serializers.ValidationError(_("Căn cứ phải là officer (cán bộ quyết định) hoặc cases (ca bệnh)."))
        return value


class ZoneLevelSerializer(serializers.ModelSerializer):
    """One change of a zone's outbreak level."""

    zone_name = serializers.CharField(source="zone.name", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    set_by = serializers.StringRelatedField(read_only=True)
    level = serializers.IntegerField(read_only=True)

    class Meta:
        model = ZoneLevel
        fields = ["id", "zone", "zone_name", "level", "level_label", "effective_date", "source", "reason", "set_by",
                  "created_at"]
        read_only_fields = fields


class ZoneLevelSetSerializer(LevelSetSerializer):
    zone = ScopedPrimaryKeyRelatedField(queryset=Zone.objects.all(), label=_("Khu công nghiệp"))
    source = serializers.ChoiceField(choices=LevelSource.choices, required=False, default=LevelSource.OFFICER,
                                     label=_("Căn cứ"), help_text=_("officer hoặc enterprises."))

    def validate_source(self, value):
        if value not in (LevelSource.OFFICER, LevelSource.ENTERPRISES):
            raise serializers.ValidationError(
                _("Căn cứ phải là officer (cán bộ quyết định) hoặc enterprises (cấp độ các doanh nghiệp)."))
        return value


class ZoneSummarySerializer(serializers.Serializer):
    """A zone with its current level and the level its enterprises propose (for the map layer)."""

    id = serializers.IntegerField(source="zone.pk")
    code = serializers.CharField(source="zone.code")
    name = serializers.CharField(source="zone.name")
    latitude = serializers.DecimalField(source="zone.latitude", max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(source="zone.longitude", max_digits=9, decimal_places=6, allow_null=True)
    current_level = serializers.IntegerField(source="level", allow_null=True)
    current_level_since = serializers.DateField(source="current.effective_date", allow_null=True, default=None)
    proposed_level = serializers.IntegerField(source="proposed", allow_null=True)
    enterprise_count = serializers.IntegerField()
    enterprises_by_level = serializers.DictField(child=serializers.IntegerField(), source="by_level")


# --- Criteria


class CriterionOptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CriterionOption
        fields = ["id", "text", "score"]
        read_only_fields = ["id"]


class CriterionSerializer(serializers.ModelSerializer):
    options = CriterionOptionSerializer(many=True)

    class Meta:
        model = Criterion
        fields = ["id", "text", "help_text", "options"]
        read_only_fields = ["id"]


class ScoreThresholdSerializer(serializers.ModelSerializer):
    level = serializers.IntegerField(min_value=1, max_value=4)

    class Meta:
        model = ScoreThreshold
        fields = ["min_score", "level"]


class CaseThresholdSerializer(serializers.ModelSerializer):
    level = serializers.IntegerField(min_value=1, max_value=4)

    class Meta:
        model = CaseThreshold
        fields = ["min_cases", "level"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    """A version of the criteria with their options, scores and thresholds. POST publishes a new version."""

    criteria = CriterionSerializer(many=True)
    score_thresholds = ScoreThresholdSerializer(many=True)
    case_thresholds = CaseThresholdSerializer(many=True, required=False)
    zone_rule = serializers.ChoiceField(choices=ZoneRule.choices, required=False)

    class Meta:
        model = CriteriaSet
        fields = ["id", "version", "name", "basis", "published_at", "zone_rule", "zone_share_percent", "criteria",
                  "score_thresholds", "case_thresholds"]
        read_only_fields = ["id", "version", "published_at"]


# --- Self-assessments


class AssessmentAnswerSerializer(serializers.ModelSerializer):
    criterion_text = serializers.CharField(source="criterion.text", read_only=True)
    option_text = serializers.CharField(source="option.text", read_only=True)

    class Meta:
        model = AssessmentAnswer
        fields = ["criterion", "criterion_text", "option", "option_text", "score"]


class SelfAssessmentSerializer(serializers.ModelSerializer):
    """An enterprise's answers, its score, the level it proposes and the department's decision."""

    answers = AssessmentAnswerSerializer(many=True, read_only=True)
    submitted_by = serializers.StringRelatedField()
    reviewed_by = serializers.StringRelatedField()
    proposed_level = serializers.IntegerField(read_only=True)

    class Meta:
        model = SelfAssessment
        fields = ["id", "enterprise", "criteria_set", "score", "proposed_level", "status", "submitted_by",
                  "submitted_at", "reviewed_by", "reviewed_at", "review_note", "answers"]
        read_only_fields = fields


class AnswerInputSerializer(serializers.Serializer):
    criterion = serializers.IntegerField()
    option = serializers.IntegerField()


class AssessmentSubmitSerializer(serializers.Serializer):
    """Answer every criterion of the current criteria set with one of its options."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), label=_("Doanh nghiệp"))
    answers = AnswerInputSerializer(many=True, label=_("Câu trả lời"))


class AssessmentReviewSerializer(serializers.Serializer):
    accept = serializers.BooleanField(label=_("Chấp nhận cấp độ đề xuất"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("Ý kiến"))
    effective_date = serializers.DateField(required=False, label=_("Áp dụng từ ngày"))


# --- Plans


class PlanActionSerializer(serializers.ModelSerializer):
    level = serializers.IntegerField(min_value=1, max_value=4)
    due_unit = serializers.ChoiceField(choices=DueUnit.choices, default=DueUnit.HOURS)

    class Meta:
        model = PlanAction
        fields = ["id", "level", "text", "owner", "due_value", "due_unit"]
        read_only_fields = ["id"]


class ScenarioPlanSerializer(serializers.ModelSerializer):
    """One version of an enterprise's scenario plan with its actions per level."""

    actions = PlanActionSerializer(many=True, read_only=True)
    submitted_by = serializers.StringRelatedField()
    reviewed_by = serializers.StringRelatedField()
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = ScenarioPlan
        fields = ["id", "enterprise", "version", "status", "is_current", "submitted_by", "submitted_at",
                  "reviewed_by", "reviewed_at", "review_comment", "actions"]
        read_only_fields = fields

    def get_is_current(self, obj) -> bool:
        latest = getattr(obj, "latest_version", None)
        if latest is None:
            latest = ScenarioPlan.objects.filter(enterprise_id=obj.enterprise_id).order_by("-version").values_list(
                "version", flat=True).first()
        return obj.version == latest


class PlanSaveSerializer(serializers.Serializer):
    """The whole plan: every action of every level. ``base_version``: the version you edited (0 for none)."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), label=_("Doanh nghiệp"))
    actions = PlanActionSerializer(many=True, label=_("Biện pháp"))
    base_version = serializers.IntegerField(required=False, min_value=0, label=_("Phiên bản đã sửa"))


class PlanReviewSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=PlanDecision.choices, label=_("Kết quả xem xét"))
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("Ý kiến"))


# --- Checklists


class LevelChecklistItemSerializer(serializers.ModelSerializer):
    """An action owed after a level change: owner, due time, when and by whom it was done."""

    done_by = serializers.StringRelatedField()
    is_overdue = serializers.BooleanField(read_only=True)
    enterprise = serializers.IntegerField(source="checklist.enterprise_id", read_only=True)

    class Meta:
        model = ChecklistItem
        fields = ["id", "checklist", "enterprise", "text", "owner", "due_at", "done_at", "done_by", "note",
                  "is_overdue", "is_plan_missing"]
        read_only_fields = fields


class LevelChecklistSerializer(serializers.ModelSerializer):
    items = LevelChecklistItemSerializer(many=True, read_only=True)

    level = serializers.IntegerField(read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "enterprise", "level", "level_change", "plan", "effective_at", "superseded_at", "items"]
        read_only_fields = fields


class ItemDoneSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, label=_("Ghi chú"))
