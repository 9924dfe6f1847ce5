"""Monitoring API: thin viewsets over the app's FilterSets, serializers and services.

Scope, the 404-for-everything rule, versions and error answers live in core's ScopedModelViewSet.
"""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kcn.core.api.schema import NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedModelViewSet
from kcn.core.choices import Action
from kcn.core.permissions import role_allows

from .. import services
from ..filtersets import (
    AcknowledgementFilterSet,
    AreaFilterSet,
    CallFilterSet,
    HealthFilterSet,
    RuleFilterSet,
    TravelFilterSet,
)
from ..models import (
    CommitmentAcknowledgement,
    CommitmentText,
    HealthDeclaration,
    HotlineCall,
    MonitoringRule,
    OutbreakArea,
    TravelDeclaration,
)
from ..selectors import enterprises_without_acknowledgement
from . import serializers


def _health_save(*, user, instance=None, data):
    data = dict(data)
    data.pop("_version", None)
    worker = data.pop("worker", None) or instance.worker
    day = data.pop("date", None) or instance.date
    return services.health_declare(user=user, worker=worker, date=day, **data)


def _acknowledgement_save(*, user, instance=None, data):
    data = dict(data)
    text = data.pop("text", None) or instance.text
    return services.commitment_acknowledge(user=user, text=text, data=data)


@extend_schema(tags=["Outbreak areas"])
class RuleViewSet(ScopedModelViewSet):
    """The boards' rules for returnees (days of quarantine and self-isolation), newest first."""

    queryset = MonitoringRule.objects.all()
    serializer_class = serializers.RuleSerializer
    filterset_class = RuleFilterSet
    ordering_fields = ["valid_from", "created_at"]
    save_service = staticmethod(services.rule_save)


@extend_schema(tags=["Outbreak areas"])
class AreaViewSet(ScopedModelViewSet):
    """Outbreak areas of the user's boards; ``active=true`` for the areas in force today."""

    queryset = OutbreakArea.objects.select_related("province", "commune")
    serializer_class = serializers.AreaSerializer
    filterset_class = AreaFilterSet
    ordering_fields = ["start_date", "end_date", "created_at"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]
    save_service = staticmethod(services.area_save)
    delete_service = staticmethod(services.area_delete)


@extend_schema(tags=["Returnees"])
class TravelViewSet(ScopedModelViewSet):
    """Returnees from outbreak areas with their monitoring periods and today's status (personal data:
    the enterprise and the department monitoring its zone only)."""

    queryset = TravelDeclaration.objects.select_related("worker", "area__province", "area__commune")
    serializer_class = serializers.TravelSerializer
    filterset_class = TravelFilterSet
    ordering_fields = ["return_date", "isolation_end", "created_at"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]
    save_service = staticmethod(services.travel_declare)
    delete_service = staticmethod(services.travel_delete)

    def get_base_queryset(self):
        return super().get_base_queryset().with_status()


@extend_schema(tags=["Health declarations"])
class HealthViewSet(ScopedModelViewSet):
    """Daily health declarations (personal data). POST for a worker and day already declared updates
    that declaration; a symptom alerts the enterprise and the monitoring department once a day."""

    queryset = HealthDeclaration.objects.select_related("worker")
    serializer_class = serializers.HealthSerializer
    filterset_class = HealthFilterSet
    ordering_fields = ["date", "created_at"]
    save_service = staticmethod(_health_save)


@extend_schema(tags=["Commitments"])
class CommitmentViewSet(ScopedModelViewSet):
    """Versions of the boards' commitment texts. POST publishes a new version."""

    queryset = CommitmentText.objects.all()
    serializer_class = serializers.CommitmentTextSerializer
    filterset_class = None
    ordering_fields = ["version", "published_on"]
    save_service = staticmethod(services.commitment_text_save)

    def _text_for_follow_up(self):
        user = self.request.user
        if user.role == "enterprise" or not role_allows(user, CommitmentAcknowledgement, Action.VIEW):
            raise NotFound
        return self.get_object()

    @extend_schema(responses={200: serializers.PendingEnterpriseSerializer(many=True), 404: NOT_FOUND_RESPONSE},
                   filters=False)
    @action(detail=True, methods=["get"], filterset_class=None)
    def pending(self, request, pk=None):
        """Enterprises in your scope that have not acknowledged this version."""
        text = self._text_for_follow_up()
        queryset = enterprises_without_acknowledgement(request.user, text)
        page = self.paginate_queryset(queryset)
        data = serializers.PendingEnterpriseSerializer(page if page is not None else queryset, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    @extend_schema(request=None, responses={200: serializers.RemindResultSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def remind(self, request, pk=None):
        """Send a reminder to the enterprises in your scope that have not acknowledged this version."""
        text = self._text_for_follow_up()
        return Response({"reminded": services.commitment_remind(user=request.user, text=text)})

    @property
    def kcn_action(self):
        if self.action in ("pending", "remind"):
            return Action.VIEW
        return super().kcn_action


@extend_schema(tags=["Commitments"])
class AcknowledgementViewSet(ScopedModelViewSet):
    """Acknowledgements of commitment versions by enterprises; acknowledging again replaces."""

    queryset = CommitmentAcknowledgement.objects.select_related("enterprise")
    serializer_class = serializers.AcknowledgementSerializer
    filterset_class = AcknowledgementFilterSet
    ordering_fields = ["signed_on", "created_at"]
    save_service = staticmethod(_acknowledgement_save)


@extend_schema(tags=["Hotline"])
class CallViewSet(ScopedModelViewSet):
    """The board's hotline log (board leaders and departments only); ``q`` searches every text."""

    queryset = HotlineCall.objects.select_related("handled_by")
    serializer_class = serializers.CallSerializer
    filterset_class = CallFilterSet
    ordering_fields = ["called_at", "created_at"]
    save_service = staticmethod(services.call_save)

