"""Inspections API: checklists (read), inspections (drafts, results, finalise), findings with
photos, corrective actions (the enterprise reports the fix, the officer verifies).

Scope as on the pages: ``restrict`` on every read, the services on every write; a row out of
scope, or a role that may not act, answers 404.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet
from kcn.core.choices import Action

from .. import services
from ..filtersets import ChecklistFilterSet, CorrectiveActionFilterSet, FindingFilterSet, InspectionFilterSet
from ..models import Checklist, CorrectiveAction, Finding, Inspection
from . import serializers


def _inspection_save(*, user, instance, data):
    if instance is None:
        return services.inspection_create(user=user, data=data)
    return services.inspection_update(user=user, instance=instance, data=data)


@extend_schema(tags=["Inspections"])
class ChecklistViewSet(ScopedReadOnlyViewSet):
    """Inspection checklists, each version with its items."""

    queryset = Checklist.objects.prefetch_related("items")
    serializer_class = serializers.ChecklistSerializer
    filterset_class = ChecklistFilterSet
    ordering_fields = ["code", "version"]


@extend_schema(tags=["Inspections"])
class InspectionViewSet(ScopedModelViewSet):
    """Inspections of enterprises. Create and update while a draft; ``finalise`` closes it."""

    queryset = Inspection.objects.select_related("enterprise", "checklist").prefetch_related(
        "inspectors", "results__item")
    serializer_class = serializers.InspectionSerializer
    filterset_class = InspectionFilterSet
    ordering_fields = ["date", "created_at"]
    save_service = staticmethod(_inspection_save)

    @property
    def kcn_action(self):
        if self.action in ("results", "finalise"):
            return Action.CHANGE
        return super().kcn_action

    @extend_schema(request=serializers.ResultsInputSerializer,
                   responses={200: serializers.InspectionSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        """Record outcomes of checklist items (đạt / không đạt / không áp dụng) with notes."""
        inspection = self.get_object()
        payload = serializers.ResultsInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = {row["item"]: (row["outcome"], row.get("note", "")) for row in payload.validated_data["results"]}
        inspection = services.inspection_record_results(user=request.user, inspection=inspection, results=rows,
                                                        version=payload.validated_data.get("version", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=inspection.pk)).data)

    @extend_schema(request=serializers.FinaliseSerializer,
                   responses={200: serializers.InspectionSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def finalise(self, request, pk=None):
        """Finalise the record (read-only afterwards); the enterprise is notified."""
        inspection = self.get_object()
        payload = serializers.FinaliseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        inspection = services.inspection_finalise(user=request.user, inspection=inspection,
                                                  conclusion=data.get("conclusion"), version=data.get("version", ""))
        return Response(self.get_serializer(self.get_queryset().get(pk=inspection.pk)).data)


@extend_schema(tags=["Inspections"])
class FindingViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Findings of inspections; create one (multipart, with ``upload`` photos) on a draft."""

    queryset = Finding.objects.select_related("item").prefetch_related("photos")
    serializer_class = serializers.FindingSerializer
    filterset_class = FindingFilterSet
    ordering_fields = ["created_at"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        finding = services.finding_add(user=request.user, inspection=data["inspection"], item=data.get("item"),
                                       description=data["description"], photos=data.get("upload") or [])
        return Response(self.get_serializer(finding).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Inspections"])
class CorrectiveActionViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Corrective actions. Officers add them to a draft; the enterprise reports the fix
    (``report-fix``); the officer verifies it (``verify``)."""

    queryset = CorrectiveAction.objects.select_related("enterprise", "inspection")
    serializer_class = serializers.ActionSerializer
    filterset_class = CorrectiveActionFilterSet
    ordering_fields = ["due_date", "created_at"]
    action_permissions = {"report_fix": Action.CHANGE, "verify": Action.CHANGE}
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        created = services.action_add(user=request.user, inspection=data["inspection"], finding=data.get("finding"),
                                      description=data["description"], due_date=data["due_date"])
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.FixReportSerializer,
                   responses={200: serializers.ActionSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], url_path="report-fix")
    def report_fix(self, request, pk=None):
        """The enterprise reports what it did (a note and optionally a photo)."""
        current = self.get_object()
        payload = serializers.FixReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        updated = services.action_report_fix(user=request.user, action=current, note=payload.validated_data["note"],
                                             photo=payload.validated_data.get("photo"))
        return Response(self.get_serializer(updated).data)

    @extend_schema(request=serializers.VerifySerializer,
                   responses={200: serializers.ActionSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The officer accepts the fix, or sends it back open with a reason."""
        current = self.get_object()
        payload = serializers.VerifySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        updated = services.action_verify(user=request.user, action=current, accepted=payload.validated_data["accepted"],
                                         note=payload.validated_data.get("note", ""))
        return Response(self.get_serializer(updated).data)
