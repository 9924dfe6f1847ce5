"""Reporting API: read-only scoped resources, and the submission workflow as explicit actions.

Everything a client reads is scoped like the pages (``restrict``), and a role that may not read
a resource, a row outside scope and an id that does not exist all answer 404.

Submitting (``POST /submissions/submit/``), saving a draft (``POST /submissions/draft/``) and
revising (``POST /submissions/{id}/revise/``) go through ``kcn.reporting.services``. Answers:

* 201 the report was stored; 200 with the same body when the request repeats one already
  stored under the same idempotency key (nothing is written again);
* 400 invalid input: template values under ``values`` keyed by field code, the revision reason
  under ``reason``, a refusal about the period as a whole (closed, locked, not started, the
  enterprise not asked by the schedule) under ``non_field_errors``. A locked period is a 400,
  not a 409: it is the same refusal the service gives for a period not yet started, and the
  client's fix (ask the department to reopen) is not a retry;
* 404 period, enterprise or submission outside the user's scope (or not existing);
* 409 the report was already submitted: correct it with ``revise`` and a reason;
* 422 the idempotency key was already used for a different report or different figures
  (the answer the IETF Idempotency-Key draft recommends); nothing is stored.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from kcn.accounts.choices import Role
from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.serializers import ErrorSerializer
from kcn.core.api.viewsets import ScopedReadOnlyViewSet, validation_detail
from kcn.core.choices import Action
from kcn.registry.models import Enterprise, Zone

from .. import selectors, services
from ..filtersets import PeriodFilterSet, ScheduleFilterSet, SubmissionFilterSet
from ..models import Period, ReportTemplate, Schedule, Submission, TemplateVersion
from . import serializers


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_conflict"


# --- Templates, schedules, periods


@extend_schema(tags=["Report templates"])
class ReportTemplateViewSet(ScopedReadOnlyViewSet):
    """Report templates with their published versions (newest first), fields and cross-field rules."""

    queryset = ReportTemplate.objects.prefetch_related(Prefetch(
        "versions", to_attr="published_versions",
        queryset=TemplateVersion.objects.filter(is_published=True).order_by("-number")
        .prefetch_related("fields", "rules"),
    ))
    serializer_class = serializers.ReportTemplateSerializer
    filterset_fields = ["is_builtin"]
    ordering_fields = ["name", "code", "created_at", "updated_at"]


@extend_schema(tags=["Report schedules"])
class ScheduleViewSet(ScopedReadOnlyViewSet):
    """Schedules of the user's boards; an enterprise's representative sees those that ask it to report."""

    queryset = Schedule.objects.select_related("template")
    serializer_class = serializers.ScheduleSerializer
    filterset_class = ScheduleFilterSet
    ordering_fields = ["name", "frequency", "created_at", "updated_at"]

    def get_base_queryset(self):
        user = self.request.user
        return super().get_base_queryset().prefetch_related(
            Prefetch("zones", to_attr="visible_zones", queryset=Zone.objects.restrict(user).order_by("code")),
            Prefetch("enterprises", to_attr="visible_enterprises",
                     queryset=Enterprise.objects.restrict(user).order_by("pk")),
        )

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset
        return selectors.visible_schedules(queryset, self.request.user)


@extend_schema(tags=["Report periods"])
class PeriodViewSet(ScopedReadOnlyViewSet):
    """Reporting periods with their deadlines; filter by ``schedule`` and ``date_from``/``date_to``."""

    queryset = Period.objects.select_related("schedule")
    serializer_class = serializers.PeriodSerializer
    filterset_class = PeriodFilterSet
    ordering_fields = ["start", "end", "due_at", "created_at", "updated_at"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset
        user = self.request.user
        if user.role == Role.ENTERPRISE and not user.is_superuser:
            queryset = queryset.filter(schedule__in=selectors.visible_schedules(Schedule.objects.all(), user))
        return queryset

    @extend_schema(responses={200: serializers.CompletenessSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["get"])
    def completeness(self, request, pk=None):
        """Who has reported for this period: on time, late, and the missing with their contacts.

        Counted among the enterprises the schedule asks to report that the user may see: an
        officer sees its zones, a department head its department's zones, the leader the board.
        """
        period = self.get_object()
        return Response(serializers.CompletenessSerializer(selectors.period_completeness(period, request.user)).data)


# --- Submissions


_IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=_("Như trường idempotency_key; nếu gửi cả hai thì phải giống nhau."),
)
_CONFLICT = OpenApiResponse(ErrorSerializer, description=_(
    "Báo cáo kỳ này của doanh nghiệp đã được nộp; muốn sửa hãy gửi một bản điều chỉnh (revise) có lý do."))
_KEY_REUSED = OpenApiResponse(ErrorSerializer, description=_(
    "Khóa chống gửi trùng đã được dùng cho một báo cáo khác hoặc số liệu khác; không có gì được lưu."))


def _service_errors(error: DjangoValidationError):
    """A service's ValidationError as the answer the module docstring describes."""
    code = getattr(error, "code", None)
    if code == "already_submitted":
        return Conflict(error.messages[0])
    if code == "idempotency_conflict":
        return IdempotencyKeyReused(error.messages[0])
    if not hasattr(error, "error_dict"):
        return ValidationError(validation_detail(error))
    detail, values = {}, {}
    for key, messages in error.message_dict.items():
        if key == "reason":
            detail[key] = messages
        elif key == "__all__":
            values[api_settings.NON_FIELD_ERRORS_KEY] = messages
        else:
            values[key] = messages
    if values:
        detail["values"] = values
    return ValidationError(detail)


@extend_schema(tags=["Report submissions"])
class SubmissionViewSet(ScopedReadOnlyViewSet):
    """Enterprises' reports in the user's scope; filter by ``period``, ``schedule``, ``enterprise``,
    ``zone`` and ``status``. Submit, save a draft and revise with the actions below."""

    queryset = Submission.objects.select_related("period", "enterprise__zone", "version", "submitted_by")
    serializer_class = serializers.SubmissionSerializer
    filterset_class = SubmissionFilterSet
    ordering_fields = ["submitted_at", "updated_at", "created_at", "status"]
    action_permissions = {"submit": Action.ADD, "draft": Action.ADD, "revise": Action.CHANGE,
                          "revisions": Action.VIEW}

    def _target(self, data):
        """The period and enterprise named in the request, or 404 when the user may not see them."""
        user = self.request.user
        period = get_object_or_404(Period.objects.restrict(user).select_related("schedule"), pk=data["period"])
        enterprise = get_object_or_404(Enterprise.objects.restrict(user), pk=data["enterprise"])
        return period, enterprise

    def _render(self, submission, status_code):
        submission = self.get_base_queryset().get(pk=submission.pk)
        return Response(self.get_serializer(submission).data, status=status_code)

    @extend_schema(
        request=serializers.SubmitInputSerializer, parameters=[_IDEMPOTENCY_HEADER],
        responses={201: serializers.SubmissionSerializer,
                   200: OpenApiResponse(serializers.SubmissionSerializer, description=_(
                       "Lần gửi lại với cùng khóa và cùng số liệu: trả về báo cáo đã lưu, không lưu thêm.")),
                   400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE, 409: _CONFLICT, 422: _KEY_REUSED},
    )
    @action(detail=False, methods=["post"])
    def submit(self, request):
        """Submit an enterprise's report for a period (see the module's answers: 201, 200 on a retry,
        400, 404, 409 already submitted, 422 key reused)."""
        data = serializers.SubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = (data.validated_data.get("idempotency_key") or "").strip()
        header = request.headers.get("Idempotency-Key", "").strip()
        if key and header and key != header:
            raise ValidationError({"idempotency_key": [_("Khóa ở tiêu đề Idempotency-Key khác khóa trong nội dung.")]})
        key = key or header or None
        period, enterprise = self._target(data.validated_data)
        seen = bool(key) and Submission.objects.filter(idempotency_key=key).exists()
        started = timezone.now()
        try:
            submission = services.submission_submit(user=request.user, period=period, enterprise=enterprise,
                                                    values=data.validated_data["values"], idempotency_key=key)
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        created = not seen and submission.submitted_at is not None and submission.submitted_at >= started
        return self._render(submission, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        request=serializers.DraftInputSerializer,
        responses={200: serializers.SubmissionSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE,
                   409: _CONFLICT},
    )
    @action(detail=False, methods=["post"])
    def draft(self, request):
        """Save what has been filled in so far (types and limits checked; required fields and rules
        wait for the submission). 409 once the report is submitted."""
        data = serializers.DraftInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period, enterprise = self._target(data.validated_data)
        try:
            submission = services.submission_save_draft(user=request.user, period=period, enterprise=enterprise,
                                                        values=data.validated_data["values"])
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        return self._render(submission, status.HTTP_200_OK)

    @extend_schema(
        request=serializers.ReviseInputSerializer,
        responses={200: serializers.SubmissionSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        """Correct a submitted report: a new revision with a reason (``revision`` in the answer is its
        number). A locked period answers 400 under ``non_field_errors``."""
        submission = self.get_object()
        data = serializers.ReviseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            submission = services.submission_revise(user=request.user, submission=submission,
                                                    values=data.validated_data["values"],
                                                    reason=data.validated_data["reason"])
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        return self._render(submission, status.HTTP_200_OK)

    @extend_schema(responses={200: serializers.RevisionSerializer(many=True), 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def revisions(self, request, pk=None):
        """Every submitted state of the report, first submission (number 1) first."""
        submission = self.get_object()
        revisions = submission.revisions.select_related("created_by").order_by("number")
        return Response(serializers.RevisionSerializer(revisions, many=True).data)
