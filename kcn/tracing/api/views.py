"""Tracing API: rules (read; the administrator publishes a new version), cases (list, read,
record with the page's validation, propose, close, decide on contacts in bulk) and contacts
(list, read, confirm, reject, status). Scoped like the pages: a case or contact outside the
user's scope, or a role without tracing, answers 404."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.viewsets import ScopedReadOnlyViewSet
from kcn.core.choices import Action
from kcn.registry.models import Enterprise

from .. import services
from ..choices import Decision
from ..filtersets import CaseFilterSet, ContactFilterSet
from ..models import Case, Contact, TracingRule
from . import serializers


@extend_schema(tags=["Tracing"])
class TracingRuleViewSet(ScopedReadOnlyViewSet):
    """Versions of the tracing rules, newest first. ``POST`` publishes a new version (administrator)."""

    queryset = TracingRule.objects.all()
    serializer_class = serializers.TracingRuleSerializer
    ordering_fields = ["version", "valid_from"]
    action_permissions = {"create": Action.ADD}

    @extend_schema(request=serializers.TracingRuleSerializer,
                   responses={201: serializers.TracingRuleSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request):
        data = serializers.TracingRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            rule = services.rule_publish(user=request.user, data=dict(data.validated_data))
        except DjangoPermissionDenied as error:
            raise NotFound from error
        return Response(serializers.TracingRuleSerializer(rule).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["Tracing"])
class CaseViewSet(ScopedReadOnlyViewSet):
    """Cases (F0). ``POST`` records one, found by identity number among the workers you may record
    for, notifies the board and proposes its contacts; the validation is the page's."""

    queryset = Case.objects.select_related("worker", "enterprise", "rule")
    serializer_class = serializers.CaseSerializer
    filterset_class = CaseFilterSet
    ordering_fields = ["positive_test_date", "created_at"]
    action_permissions = {"create": Action.ADD, "propose": Action.CHANGE, "release": Action.CHANGE,
                          "decide": Action.CHANGE, "add_contact": Action.CHANGE}

    @extend_schema(request=serializers.CaseRecordSerializer,
                   responses={201: serializers.CaseSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def create(self, request):
        data = serializers.CaseRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        enterprise_id = values.pop("enterprise", None)
        enterprise = Enterprise.objects.filter(pk=enterprise_id).first() if enterprise_id else None
        if enterprise_id and enterprise is None:
            raise NotFound
        case = services.case_record(user=request.user, enterprise=enterprise, **values)
        return Response(serializers.CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: serializers.ProposeResultSerializer, 400: INVALID_RESPONSE,
                                            404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def propose(self, request, pk=None):
        """Propose the contacts again under the rule in force (people already named are kept)."""
        added = services.contacts_propose(user=request.user, cases=[self.get_object()])
        return Response({"added": added})

    @extend_schema(request=serializers.ContactAddSerializer,
                   responses={201: serializers.ContactSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None, url_path="contacts")
    def add_contact(self, request, pk=None):
        """Add a contact the workplace structure did not propose, by identity number; traced from
        the F0 or from ``source_identity_number``. Confirmed at once when an officer adds it."""
        case = self.get_object()
        data = serializers.ContactAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        enterprise_id = values.pop("enterprise", None)
        enterprise = Enterprise.objects.filter(pk=enterprise_id).first() if enterprise_id else None
        if enterprise_id and enterprise is None:
            raise NotFound
        contact = services.contact_add(user=request.user, case=case, enterprise=enterprise, **values)
        return Response(serializers.ContactSerializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ReleaseSerializer,
                   responses={200: serializers.CaseSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def release(self, request, pk=None):
        """Close the case on ``released_on``."""
        data = serializers.ReleaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_release(user=request.user, case=self.get_object(), on=data.validated_data["released_on"])
        return Response(serializers.CaseSerializer(case).data)

    @extend_schema(request=serializers.DecideSerializer,
                   responses={200: serializers.DecideResultSerializer, 400: INVALID_RESPONSE,
                              404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def decide(self, request, pk=None):
        """Confirm or reject several contacts of this case at once (all or nothing)."""
        case = self.get_object()
        data = serializers.DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ids = data.validated_data["contacts"]
        if Contact.objects.filter(pk__in=ids).exclude(case=case).exists():
            raise NotFound
        changed = services.contacts_decide(user=request.user, contact_ids=ids,
                                           decision=data.validated_data["decision"])
        return Response({"changed": changed})


@extend_schema(tags=["Tracing"])
class ContactViewSet(ScopedReadOnlyViewSet):
    """Proposed contacts (F1, F2, F3) with the person and group they were traced through."""

    queryset = Contact.objects.select_related("worker", "source_worker", "rule")
    serializer_class = serializers.ContactSerializer
    filterset_class = ContactFilterSet
    ordering_fields = ["generation", "created_at"]
    action_permissions = {"confirm": Action.CHANGE, "reject": Action.CHANGE, "status": Action.CHANGE}

    def _decide(self, decision):
        contact = self.get_object()
        services.contacts_decide(user=self.request.user, contact_ids=[contact.pk], decision=decision)
        contact.refresh_from_db()
        return Response(serializers.ContactSerializer(contact).data)

    @extend_schema(request=None, responses={200: serializers.ContactSerializer, 400: INVALID_RESPONSE,
                                            404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def confirm(self, request, pk=None):
        """Confirm as a close contact (the person traced from must be confirmed already)."""
        return self._decide(Decision.CONFIRMED)

    @extend_schema(request=None, responses={200: serializers.ContactSerializer, 400: INVALID_RESPONSE,
                                            404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def reject(self, request, pk=None):
        """Reject; the proposed contacts traced only through this person are withdrawn too."""
        return self._decide(Decision.REJECTED)

    @extend_schema(request=serializers.StatusInputSerializer,
                   responses={200: serializers.ContactSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["post"], filterset_class=None)
    def status(self, request, pk=None):
        """Record a dated status (isolating, negative, positive → a new case, released)."""
        data = serializers.StatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        contact = services.contact_set_status(user=request.user, contact=self.get_object(), status=values["status"],
                                              on=values["on"], note=values.get("note", ""),
                                              version=values.get("version", ""))
        return Response(serializers.ContactSerializer(contact).data)
