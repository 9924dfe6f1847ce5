"""Network API: consultants (read), activities, quarterly updates, evaluations, workshops (with
their agenda, organisations and visits), documents (multipart upload) and the indicators.

Scope as on the pages: ``restrict`` on every read, the services on every write; a row out of
scope, or a role that may not act, answers 404.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from kcn.core.api.schema import NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, UserLanguageMixin
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
from ..models import ActivityUpdate, Consultant, CpActivity, Document, Evaluation, Workshop
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


@extend_schema(tags=["Network"])
class WorkshopViewSet(ScopedModelViewSet):
    """Workshops, with their agenda, participating organisations and field visits (read)."""

    queryset = Workshop.objects.prefetch_related("agenda", "organisations__province",
                                                 "organisations__legacy_province", "field_visits")
    serializer_class = serializers.WorkshopSerializer
    filterset_class = WorkshopFilterSet
    ordering_fields = ["start_date", "title"]
    save_service = staticmethod(services.workshop_save)


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
