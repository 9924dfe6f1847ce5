"""Serializers of the writable design API: templates, versions, fields, rules and schedules.

They validate and render; every write goes through ``kcn.reporting.services`` (the viewsets'
``save_service``), which refuse any change to a published version. ``version`` is the row version
(as everywhere in the KCN API); a field's or rule's template version is ``template_version``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kcn.core.api.serializers import KcnModelSerializer, ScopedPrimaryKeyRelatedField
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Board, Enterprise, Zone

from ..models import CrossFieldRule, Field, ReportTemplate, Schedule, TemplateVersion

_TEMPLATE_VERSION = _("Phiên bản mẫu báo cáo (bản nháp) chứa mục này; không đổi được sau khi tạo.")


class _VersionPartSerializer(KcnModelSerializer):
    template_version = serializers.PrimaryKeyRelatedField(
        source="version", queryset=TemplateVersion.objects.all(), label=_("Phiên bản mẫu báo cáo"),
        help_text=_TEMPLATE_VERSION,
    )

    def validate_template_version(self, version):
        if self.instance is not None and version.pk != self.instance.version_id:
            raise serializers.ValidationError(
                _("Không chuyển được sang phiên bản khác; hãy tạo mục mới ở phiên bản đó."))
        return version


class FieldDesignSerializer(_VersionPartSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:field-detail")

    class Meta:
        model = Field
        fields = ["id", "url", "template_version", "code", "label", "type", "unit", "required", "min_value",
                  "max_value", "choices", "order", "help_text", "version", "created_at", "updated_at"]
        extra_kwargs = {name: {"coerce_to_string": False} for name in ("min_value", "max_value")}
        validators = []  # the code's uniqueness within its version is checked below, with a clear message

    def validate(self, attrs):
        version = attrs.get("version") or getattr(self.instance, "version", None)
        code = attrs.get("code")
        if version is not None and code:
            taken = version.fields.filter(code=code)
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                raise serializers.ValidationError(
                    {"code": [_("Phiên bản này đã có trường mã “%(code)s”.") % {"code": code}]})
        return attrs


class RuleDesignSerializer(_VersionPartSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:rule-detail")

    class Meta:
        model = CrossFieldRule
        fields = ["id", "url", "template_version", "expression", "message", "version", "created_at", "updated_at"]


class FieldBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "code", "label", "type", "unit", "required", "min_value", "max_value", "choices",
                  "order", "help_text"]
        extra_kwargs = {name: {"coerce_to_string": False} for name in ("min_value", "max_value")}


class RuleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CrossFieldRule
        fields = ["id", "expression", "message"]


class TemplateVersionDesignSerializer(KcnModelSerializer):
    """A version with its fields and rules. Create one by POSTing its template: the new draft
    copies the latest version's fields and rules. Publish it with ``POST .../publish/``."""

    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:version-detail")
    template = ScopedPrimaryKeyRelatedField(queryset=ReportTemplate.objects.all(), label=_("Mẫu báo cáo"))
    fields = FieldBriefSerializer(many=True, read_only=True)
    rules = RuleBriefSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateVersion
        fields = ["id", "url", "template", "number", "is_published", "published_at", "fields", "rules", "version",
                  "created_at", "updated_at"]
        read_only_fields = ["number", "is_published", "published_at"]
        validators = []


class ReportTemplateDesignSerializer(KcnModelSerializer):
    """A template with its versions, newest first: every version (drafts too) for a role that may
    design templates, the published ones for everyone else."""

    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:template-detail")
    versions = serializers.SerializerMethodField(help_text=_("Các phiên bản, mới nhất trước."))
    current_version = serializers.SerializerMethodField(
        help_text=_("Số của phiên bản mới nhất đã ban hành: báo cáo mới được điền theo phiên bản này."))

    class Meta:
        model = ReportTemplate
        fields = ["id", "url", "code", "name", "description", "is_builtin", "current_version", "versions",
                  "version", "created_at", "updated_at"]
        read_only_fields = ["is_builtin"]

    def _versions(self, template):
        versions = getattr(template, "all_versions", None)
        if versions is None:
            versions = list(template.versions.order_by("-number").prefetch_related("fields", "rules"))
        request = self.context.get("request")
        if request is None or not role_allows(request.user, TemplateVersion, Action.CHANGE):
            versions = [version for version in versions if version.is_published]
        return versions

    @extend_schema_field(TemplateVersionDesignSerializer(many=True, read_only=True))
    def get_versions(self, template):
        return [{
            "id": version.pk, "number": version.number, "is_published": version.is_published,
            "published_at": serializers.DateTimeField().to_representation(version.published_at)
            if version.published_at else None,
            "fields": FieldBriefSerializer(version.fields.all(), many=True).data,
            "rules": RuleBriefSerializer(version.rules.all(), many=True).data,
        } for version in self._versions(template)]

    @extend_schema_field(OpenApiTypes.INT)
    def get_current_version(self, template):
        published = [version for version in self._versions(template) if version.is_published]
        return published[0].number if published else None


class ScheduleDesignSerializer(KcnModelSerializer):
    """A schedule; ``zones`` and ``enterprises`` list (and accept) only rows the user may see.

    ``target`` says which of them counts: ``zones`` (every enterprise of the zones), ``sector``
    (the board's enterprises of ``sector``) or ``list`` (``enterprises``); the others are emptied.
    """

    url = serializers.HyperlinkedIdentityField(view_name="reporting-api:schedule-detail")
    template = ScopedPrimaryKeyRelatedField(queryset=ReportTemplate.objects.all(), label=_("Mẫu báo cáo"))
    template_code = serializers.CharField(source="template.code", read_only=True)
    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))
    zones = ScopedPrimaryKeyRelatedField(queryset=Zone.objects.all(), many=True, required=False,
                                         label=_("Khu công nghiệp"))
    enterprises = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), many=True, required=False,
                                               label=_("Doanh nghiệp"))

    class Meta:
        model = Schedule
        fields = ["id", "url", "name", "template", "template_code", "board", "target", "zones", "sector",
                  "enterprises", "frequency", "convention", "due_time", "due_day_offset", "is_active", "version",
                  "created_at", "updated_at"]

    def to_representation(self, schedule):
        data = super().to_representation(schedule)
        request = self.context.get("request")
        zones = getattr(schedule, "visible_zones", None)
        enterprises = getattr(schedule, "visible_enterprises", None)
        if zones is None and request is not None:
            zones = schedule.zones.restrict(request.user, Action.VIEW).order_by("code")
        if enterprises is None and request is not None:
            enterprises = schedule.enterprises.restrict(request.user, Action.VIEW).order_by("pk")
        data["zones"] = [zone.pk for zone in zones or []]
        data["enterprises"] = [enterprise.pk for enterprise in enterprises or []]
        return data
