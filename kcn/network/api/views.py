"""Network API: consultants (read), activities, quarterly updates, evaluations, workshops (with
their agenda, organisations, participants and visits, added and removed line by line),
documents (multipart upload) and the indicators.

Scope as on the pages: ``restrict`` on every read, the services on every write; a row out of
scope, or a role that may not act, answers 404.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, UserLanguageMixin
from kcn.core.choices import Action
from kcn.training.models import Programme

from .. import selectors, services
from ..filtersets import (
    ActivityUpdateFilterSet,
    ConsultantFilterSet,
    CpActivityFilterSet,
    DocumentFilterSet,
    EvaluationFilterSet,
    WorkshopFilterSet,
)
from ..models import (
    ActivityUpdate,
    Consultant,
    CpActivity,
    Document,
    Evaluation,
    Workshop,
    WorkshopParticipant,
)
from . import serializers


@extend_schema(tags=["Network"])
class ConsultantViewSet(ScopedReadOnlyViewSet):
    """The consultant directory: trainees who passed a course."""

    queryset = Consultant.objects.select_related("province").prefetch_related("sectors")
    serializer_class = serializers.ConsultantSerializer
    filterset_class = ConsultantFilterSet
    ordering_fields = ["full_name", "organisation"]


@extend_schema(tags=["Network"])
class ActivityViewSet(ScopedModelViewSet):
    """CP activities graduates registered to carry out."""

    queryset = CpActivity.objects.select_related("trainee", "programme")
    serializer_class = serializers.ActivitySerializer
    filterset_class = CpActivityFilterSet
    ordering_fields = ["planned_start", "title", "created_at"]
    save_service = staticmethod(services.activity_save)


@extend_schema(tags=["Network"])
class ActivityUpdateViewSet(ScopedModelViewSet):
    """Quarterly updates: one per activity per quarter; a future quarter is refused."""

    queryset = ActivityUpdate.objects.select_related("activity")
    serializer_class = serializers.ActivityUpdateSerializer
    filterset_class = ActivityUpdateFilterSet
    ordering_fields = ["year", "quarter", "created_at"]
    save_service = staticmethod(services.activity_update_save)


@extend_schema(tags=["Network"])
class EvaluationViewSet(ScopedModelViewSet):
    """Six-monthly evaluations of graduates: one per half-year."""

    queryset = Evaluation.objects.select_related("trainee")
    serializer_class = serializers.EvaluationSerializer
    filterset_class = EvaluationFilterSet
    ordering_fields = ["year", "half", "created_at"]
    save_service = staticmethod(services.evaluation_save)


#: The serializer of each of a workshop's parts (``services.WORKSHOP_PARTS`` names them).
PART_SERIALIZERS = {
    "agenda": serializers.AgendaItemSerializer,
    "organisation": serializers.WorkshopOrganisationSerializer,
    "participant": serializers.WorkshopParticipantSerializer,
    "visit": serializers.FieldVisitSerializer,
}
_KIND = "(?P<kind>" + "|".join(services.WORKSHOP_PARTS) + ")"
_KIND_PARAMETER = OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(services.WORKSHOP_PARTS),
                                   description=_("Phần của hội thảo: chương trình, đơn vị, người tham dự, "
                                                 "tham quan thực tế."))


@extend_schema(tags=["Network"])
class WorkshopViewSet(ScopedModelViewSet):
    """Workshops, with their agenda, participating organisations and field visits. Lines are
    added with ``POST …/parts/{kind}/`` and removed with ``POST …/parts/{kind}/{id}/remove/``; who came
    is ticked with ``POST …/attendance/``."""

    queryset = Workshop.objects.prefetch_related("agenda", "organisations__province",
                                                 "organisations__legacy_province", "field_visits")
    serializer_class = serializers.WorkshopSerializer
    filterset_class = WorkshopFilterSet
    ordering_fields = ["start_date", "title"]
    save_service = staticmethod(services.workshop_save)
    action_permissions = {"parts": Action.VIEW, "add_part": Action.CHANGE, "remove_part": Action.CHANGE,
                          "attendance": Action.CHANGE}

    @extend_schema(parameters=[_KIND_PARAMETER], responses={200: OpenApiTypes.OBJECT, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["get"], url_path=f"parts/{_KIND}", pagination_class=None, filterset_class=None)
    def parts(self, request, pk=None, kind=None):
        """The lines of one part (participants: as the user's scope allows)."""
        workshop = self.get_object()
        model = services.WORKSHOP_PARTS[kind][0]
        rows = model.objects.restrict(request.user, Action.VIEW).filter(workshop=workshop)
        return Response(PART_SERIALIZERS[kind](rows, many=True, context=self.get_serializer_context()).data)

    @extend_schema(parameters=[_KIND_PARAMETER], request=OpenApiTypes.OBJECT,
                   responses={201: OpenApiTypes.OBJECT, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @parts.mapping.post
    def add_part(self, request, pk=None, kind=None):
        """Add a line: the fields of that part's serializer (see the workshop's nested lists)."""
        workshop = self.get_object()
        add, serializer_class = services.WORKSHOP_PARTS[kind][1], PART_SERIALIZERS[kind]
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        part = add(user=request.user, workshop=workshop, data=dict(serializer.validated_data))
        return Response(serializer_class(part, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[_KIND_PARAMETER], request=None, responses={204: None, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], url_path=f"parts/{_KIND}/(?P<part>[0-9]+)/remove")
    def remove_part(self, request, pk=None, kind=None, part=None):
        """Remove a line added by mistake."""
        workshop = self.get_object()
        model = services.WORKSHOP_PARTS[kind][0]
        line = get_object_or_404(model.objects.restrict(request.user, Action.DELETE), pk=part, workshop=workshop)
        services.workshop_part_delete(user=request.user, instance=line)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=serializers.PresentSerializer,
                   responses={200: serializers.WorkshopParticipantSerializer(many=True), 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Tick who came: the participants listed attended, the others did not."""
        workshop = self.get_object()
        payload = serializers.PresentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.attendance_mark(user=request.user, workshop=workshop, present_ids=payload.validated_data["present"])
        rows = WorkshopParticipant.objects.restrict(request.user, Action.VIEW).filter(workshop=workshop)
        return Response(serializers.WorkshopParticipantSerializer(rows, many=True,
                                                                  context=self.get_serializer_context()).data)


@extend_schema(tags=["Network"])
class DocumentViewSet(ScopedModelViewSet):
    """The library. Upload the file as multipart ``file``; it must really be a document."""

    queryset = Document.objects.all()
    serializer_class = serializers.DocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["published_on", "title", "created_at"]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    save_service = staticmethod(services.document_save)
    delete_service = staticmethod(services.document_delete)


class IndicatorsView(UserLanguageMixin, APIView):
    """The network's indicators (managers: their programmes; administrator, observers, board leaders: all)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["Network"], responses={200: serializers.IndicatorsSerializer, 404: NOT_FOUND_RESPONSE},
                   parameters=[OpenApiParameter("programme", OpenApiTypes.INT, required=False)])
    def get(self, request):
        if not selectors.may_view_indicators(request.user):
            raise NotFound
        programme = None
        if request.query_params.get("programme"):
            try:
                programme = selectors.indicator_programmes(user=request.user).get(
                    pk=int(request.query_params["programme"]))
            except (ValueError, Programme.DoesNotExist):
                raise NotFound from None
        data = selectors.indicators(user=request.user, programme=programme)
        return Response(serializers.IndicatorsSerializer(data).data)
