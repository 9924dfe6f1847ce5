"""The design API: templates, their versions, fields and rules, and schedules, readable by every
role that may read them and writable by the roles permissions.py lets design (administrators).

Every write goes through ``kcn.reporting.services`` (scope, row lock, validation, audit), so a
published version's fields and rules are refused here exactly as on the pages: 400 with the
message "Phiên bản này đã được ban hành..." under ``non_field_errors``. Answers follow
``kcn.core.api.viewsets``: 404 for a role that may not, 400 for invalid data, 412 for a stale
If-Match.
"""

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedModelViewSet
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Enterprise, Zone

from .. import selectors, services
from ..filtersets import ScheduleFilterSet
from ..models import CrossFieldRule, Field, ReportTemplate, Schedule, TemplateVersion
from . import serializers_design as serializers


class _DesignViewSet(ScopedModelViewSet):
    """Workflow actions (publish, deactivate) change the row: they need the role's "change"."""

    action_permissions: dict = {}

    @property
    def kcn_action(self):
        return self.action_permissions.get(self.action) or super().kcn_action

    def may_design(self):
        return role_allows(self.request.user, TemplateVersion, Action.CHANGE)


# --- Templates and versions


def _template_save(*, user, instance, data):
    # A new template starts with its first (empty) draft version, in the same transaction.
    with transaction.atomic():
        template = services.template_save(user=user, instance=instance, data=data)
        if instance is None:
            services.template_version_new(user=user, template=template)
    return template


@extend_schema(tags=["Report templates"])
class ReportTemplateDesignViewSet(_DesignViewSet):
    """Report templates with their versions (newest first), fields and cross-field rules.

    Everyone who reports sees the published versions; a designer also sees drafts. Creating a
    template also creates its first draft version; add fields with ``/fields/``, rules with
    ``/rules/``, then publish the version with ``/versions/{id}/publish/``.
    """

    queryset = ReportTemplate.objects.all()
    serializer_class = serializers.ReportTemplateDesignSerializer
    filterset_fields = ["is_builtin"]
    ordering_fields = ["name", "code", "created_at", "updated_at"]
    save_service = staticmethod(_template_save)

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related(Prefetch(
            "versions", to_attr="all_versions",
            queryset=TemplateVersion.objects.order_by("-number").prefetch_related("fields", "rules"),
        ))


def _version_new(*, user, instance, data):
    return services.template_version_new(user=user, template=data["template"])


@extend_schema(tags=["Report templates"])
class TemplateVersionViewSet(_DesignViewSet):
    """Versions of the templates. POST ``{"template": id}`` makes a new draft copying the latest
    version; a published version never changes."""

    queryset = TemplateVersion.objects.select_related("template").prefetch_related("fields", "rules")
    serializer_class = serializers.TemplateVersionDesignSerializer
    filterset_fields = ["template", "is_published"]
    ordering_fields = ["number", "published_at", "created_at"]
    http_method_names = ["get", "post", "head", "options"]
    save_service = staticmethod(_version_new)
    action_permissions = {"publish": Action.CHANGE}

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not self.may_design():
            queryset = queryset.filter(is_published=True)
        return queryset

    @extend_schema(request=None, responses={200: serializers.TemplateVersionDesignSerializer,
                                            400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft: from now on new reports are filled under it and it never changes.
        A version without fields, or already published, is refused (400)."""
        version = self.get_object()
        version = services.template_publish(user=request.user, version=version)
        version = self.get_base_queryset().get(pk=version.pk)
        return Response(self.get_serializer(version).data)


def _part_service(save):
    def service(*, user, instance, data):
        data = dict(data)
        version = data.pop("version", None) or instance.version
        return save(user=user, version=version, instance=instance, data=data)

    return service


class _VersionPartViewSet(_DesignViewSet):
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    filterset_fields = {"version": ["exact"], "version__template": ["exact"]}

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if not self.may_design():
            queryset = queryset.filter(version__is_published=True)
        return queryset


@extend_schema(tags=["Report templates"])
class FieldViewSet(_VersionPartViewSet):
    """Typed fields of the template versions. Adding, changing or deleting one is possible only in
    a draft version; filter with ``version`` (the template version's id)."""

    queryset = Field.objects.select_related("version")
    serializer_class = serializers.FieldDesignSerializer
    ordering_fields = ["order", "code", "created_at"]
    save_service = staticmethod(_part_service(services.field_save))
    delete_service = staticmethod(services.field_delete)


@extend_schema(tags=["Report templates"])
class RuleViewSet(_VersionPartViewSet):
    """Cross-field rules of the template versions (``returnees <= workforce``); an expression outside
    the safe language, or naming a code the version does not have, is refused under ``expression``."""

    queryset = CrossFieldRule.objects.select_related("version")
    serializer_class = serializers.RuleDesignSerializer
    ordering_fields = ["created_at"]
    save_service = staticmethod(_part_service(services.rule_save))
    delete_service = staticmethod(services.rule_delete)


# --- Schedules


@extend_schema(tags=["Report schedules"])
class ScheduleDesignViewSet(_DesignViewSet):
    """Schedules of the user's boards; an enterprise's representative sees those that ask it to report.

    Designers create and change them; a schedule is never deleted (its periods and reports stay):
    stop it with ``POST .../deactivate/`` or ``is_active: false``.
    """

    queryset = Schedule.objects.select_related("template")
    serializer_class = serializers.ScheduleDesignSerializer
    filterset_class = ScheduleFilterSet
    ordering_fields = ["name", "frequency", "created_at", "updated_at"]
    save_service = staticmethod(services.schedule_save)
    action_permissions = {"deactivate": Action.CHANGE}

    def get_base_queryset(self):
        user = self.request.user
        return super().get_base_queryset().prefetch_related(
            "zones", "enterprises",
            Prefetch("zones", to_attr="visible_zones", queryset=Zone.objects.restrict(user).order_by("code")),
            Prefetch("enterprises", to_attr="visible_enterprises",
                     queryset=Enterprise.objects.restrict(user).order_by("pk")),
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset
        return selectors.visible_schedules(queryset, self.request.user)

    @extend_schema(request=None, responses={200: serializers.ScheduleDesignSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Stop the schedule: no new periods open; its periods and reports stay."""
        schedule = services.schedule_deactivate(user=request.user, instance=self.get_object())
        schedule = self.get_base_queryset().get(pk=schedule.pk)
        return Response(self.get_serializer(schedule).data)
