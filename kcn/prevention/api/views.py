"""Prevention API: levels (list, set), criteria sets, self-assessments, plans and checklists.

Scope and the 404-for-everything rule come from core's base viewsets; every write is a service call.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedReadOnlyViewSet
from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.registry.models import Zone

from .. import selectors, services
from ..filtersets import (
    ChecklistItemApiFilterSet,
    EnterpriseLevelFilterSet,
    ScenarioPlanApiFilterSet,
    SelfAssessmentApiFilterSet,
    ZoneLevelFilterSet,
)
from ..models import (
    Checklist,
    ChecklistItem,
    CriteriaSet,
    EnterpriseLevel,
    ScenarioPlan,
    SelfAssessment,
    ZoneLevel,
)
from . import serializers


def _created(serializer_class, instance, request):
    return Response(serializer_class(instance, context={"request": request}).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Outbreak levels"])
class EnterpriseLevelViewSet(ScopedReadOnlyViewSet):
    """Enterprises' level changes, visible board-wide; ``current=true`` keeps each enterprise's current
    level. POST sets a level (the department monitoring the zone, or a leader): when it changes,
    that level's actions of the enterprise's plan become its checklist."""

    queryset = EnterpriseLevel.objects.select_related("enterprise", "set_by", "checklist")
    serializer_class = serializers.EnterpriseLevelSerializer
    filterset_class = EnterpriseLevelFilterSet
    ordering_fields = ["effective_date", "level", "created_at"]

    @extend_schema(request=serializers.EnterpriseLevelSetSerializer,
                   responses={201: serializers.EnterpriseLevelSerializer, 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    def create(self, request):
        data = self._valid(serializers.EnterpriseLevelSetSerializer, request)
        row = services.enterprise_level_set(user=request.user, **data)
        return _created(serializers.EnterpriseLevelSerializer, row, request)

    def _valid(self, serializer_class, request):
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema(tags=["Outbreak levels"])
class ZoneLevelViewSet(ScopedReadOnlyViewSet):
    """Zones' level changes; POST sets a zone's level (its monitoring department or a leader)."""

    queryset = ZoneLevel.objects.select_related("zone", "set_by")
    serializer_class = serializers.ZoneLevelSerializer
    filterset_class = ZoneLevelFilterSet
    ordering_fields = ["effective_date", "level", "created_at"]

    @extend_schema(request=serializers.ZoneLevelSetSerializer,
                   responses={201: serializers.ZoneLevelSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request):
        serializer = serializers.ZoneLevelSetSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        row = services.zone_level_set(user=request.user, **serializer.validated_data)
        return _created(serializers.ZoneLevelSerializer, row, request)


@extend_schema(tags=["Outbreak levels"])
class ZoneSummaryViewSet(ScopedReadOnlyViewSet):
    """Every zone whose level you may see, with its current level and the level its enterprises
    propose (the map's outbreak layer). Not paginated: a board has tens of zones."""

    queryset = Zone.objects.all()
    serializer_class = serializers.ZoneSummarySerializer
    pagination_class = None
    filter_backends = []

    def _rows(self):
        if not role_allows(self.request.user, ZoneLevel, Action.VIEW):
            raise NotFound
        return selectors.zone_rows(self.request.user)

    def list(self, request):
        return Response(self.get_serializer(self._rows(), many=True).data)

    def retrieve(self, request, pk=None):
        for row in self._rows():
            if str(row["zone"].pk) == str(pk):
                return Response(self.get_serializer(row).data)
        raise NotFound


@extend_schema(tags=["Outbreak levels"])
class CriteriaSetViewSet(ScopedReadOnlyViewSet):
    """Versions of the risk criteria, newest first. POST (administrators) publishes a new version;
    a published version never changes, and assessments keep the version they answered."""

    queryset = CriteriaSet.objects.prefetch_related("criteria__options", "score_thresholds", "case_thresholds")
    serializer_class = serializers.CriteriaSetSerializer
    ordering_fields = ["version"]

    @extend_schema(request=serializers.CriteriaSetSerializer,
                   responses={201: serializers.CriteriaSetSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request):
        serializer = serializers.CriteriaSetSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        criteria_set = services.criteria_set_publish(user=request.user, data=serializer.validated_data)
        return _created(serializers.CriteriaSetSerializer, criteria_set, request)


@extend_schema(tags=["Outbreak levels"])
class SelfAssessmentViewSet(ScopedReadOnlyViewSet):
    """Enterprises' self-assessments. POST (the enterprise) answers the current criteria set;
    ``review`` (its monitoring department or a leader) accepts the proposed level or not."""

    queryset = SelfAssessment.objects.select_related("submitted_by", "reviewed_by").prefetch_related(
        "answers__criterion", "answers__option")
    serializer_class = serializers.SelfAssessmentSerializer
    filterset_class = SelfAssessmentApiFilterSet
    ordering_fields = ["submitted_at", "score"]
    action_permissions = {"review": Action.CHANGE}

    @extend_schema(request=serializers.AssessmentSubmitSerializer,
                   responses={201: serializers.SelfAssessmentSerializer, 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    def create(self, request):
        serializer = serializers.AssessmentSubmitSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answers = {row["criterion"]: row["option"] for row in data["answers"]}
        assessment = services.assessment_submit(user=request.user, enterprise=data["enterprise"], answers=answers)
        return _created(serializers.SelfAssessmentSerializer, assessment, request)

    @extend_schema(request=serializers.AssessmentReviewSerializer,
                   responses={200: serializers.SelfAssessmentSerializer, 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def review(self, request, pk=None):
        """Accept the proposed level (it becomes the enterprise's level) or not (``note`` required)."""
        assessment = self.get_object()
        serializer = serializers.AssessmentReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = services.assessment_review(user=request.user, assessment=assessment, **serializer.validated_data)
        return Response(self.get_serializer(assessment).data)


@extend_schema(tags=["Scenario plans"])
class ScenarioPlanViewSet(ScopedReadOnlyViewSet):
    """Every version of the enterprises' scenario plans with their actions per level; filter with
    ``enterprise``. POST (the enterprise) saves its whole plan; ``review`` (its monitoring department)
    marks the current version seen or asks for more."""

    queryset = ScenarioPlan.objects.select_related("submitted_by", "reviewed_by").prefetch_related(
        Prefetch("actions"))
    serializer_class = serializers.ScenarioPlanSerializer
    filterset_class = ScenarioPlanApiFilterSet
    ordering_fields = ["submitted_at", "version"]
    action_permissions = {"review": Action.CHANGE}

    @extend_schema(request=serializers.PlanSaveSerializer,
                   responses={201: serializers.ScenarioPlanSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request):
        serializer = serializers.PlanSaveSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        plan = services.plan_save(user=request.user, enterprise=data["enterprise"],
                                  actions=[dict(row) for row in data["actions"]],
                                  base_version=data.get("base_version"))
        return _created(serializers.ScenarioPlanSerializer, plan, request)

    @extend_schema(request=serializers.PlanReviewSerializer,
                   responses={200: serializers.ScenarioPlanSerializer, 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def review(self, request, pk=None):
        """``decision``: ``seen`` or ``needs_more`` (with a ``comment``); only the current version."""
        plan = self.get_object()
        serializer = serializers.PlanReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.plan_review(user=request.user, plan=plan, **serializer.validated_data)
        return Response(self.get_serializer(plan).data)


@extend_schema(tags=["Scenario plans"])
class ChecklistViewSet(ScopedReadOnlyViewSet):
    """The checklists level changes produced, with their items."""

    queryset = Checklist.objects.prefetch_related(
        Prefetch("items", queryset=ChecklistItem.objects.select_related("done_by", "checklist")))
    serializer_class = serializers.LevelChecklistSerializer
    filterset_fields = ["enterprise", "level"]
    ordering_fields = ["effective_at"]


@extend_schema(tags=["Scenario plans"])
class ChecklistItemViewSet(ScopedReadOnlyViewSet):
    """Checklist items; ``overdue=true`` keeps the overdue ones of the checklists in force.
    ``done`` ticks one (the enterprise or its monitoring department), once."""

    queryset = ChecklistItem.objects.select_related("done_by", "checklist")
    serializer_class = serializers.LevelChecklistItemSerializer
    filterset_class = ChecklistItemApiFilterSet
    ordering_fields = ["due_at", "done_at"]
    action_permissions = {"done": Action.CHANGE}

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.request.query_params.get("overdue") in ("true", "1"):
            from django.utils import timezone

            queryset = queryset.filter(done_at__isnull=True, checklist__superseded_at__isnull=True,
                                       due_at__lt=timezone.now())
        return queryset

    @extend_schema(request=serializers.ItemDoneSerializer,
                   responses={200: serializers.LevelChecklistItemSerializer, 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def done(self, request, pk=None):
        """Mark the item done, with an optional note; 400 when it was done already."""
        item = self.get_object()
        serializer = serializers.ItemDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = serializer.validated_data.get("note", "")
        item = services.checklist_item_done(user=request.user, item=item, note=note)
        return Response(self.get_serializer(item).data)


