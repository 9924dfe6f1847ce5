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

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.viewsets import GenericViewSet

from kcn.accounts.choices import Role
from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.api.serializers import ErrorSerializer
from kcn.core.api.viewsets import ScopedReadOnlyViewSet, UserLanguageMixin, validation_detail
from kcn.core.choices import Action
from kcn.registry.models import Department, Enterprise

from .. import selectors, services, trends
from ..approvals import chain_of
from ..filtersets import PeriodFilterSet, SubmissionFilterSet
from ..models import ApprovalLevel, Period, Schedule, Submission
from ..prefill import prefill_values
from . import serializers


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_conflict"

# --- Periods

_NOT_YOURS = OpenApiResponse(ErrorSerializer, description=_(
    "Bạn xem được kỳ báo cáo nhưng không duyệt hay trả lại được cấp này (không phải người duyệt của cấp)."))
_APPROVAL_CONFLICT = OpenApiResponse(ErrorSerializer, description=_(
    "Cấp này đã được duyệt, các cấp dưới chưa duyệt xong, cấp chưa được duyệt nên không trả lại được, "
    "hoặc kỳ đã được lãnh đạo Ban ký duyệt."))


def _approval_errors(error: DjangoValidationError):
    """An approval service's refusal: a missing reason is bad input (400), anything else is the
    chain's state refusing the decision (409)."""
    if hasattr(error, "error_dict"):
        return ValidationError(validation_detail(error))
    return Conflict(error.messages[0])


@extend_schema(tags=["Report periods"])
class PeriodViewSet(ScopedReadOnlyViewSet):
    """Reporting periods with their deadlines; filter by ``schedule`` and ``date_from``/``date_to``."""

    queryset = Period.objects.select_related("schedule")
    serializer_class = serializers.PeriodSerializer
    filterset_class = PeriodFilterSet
    ordering_fields = ["start", "end", "due_at", "created_at", "updated_at"]
    # Approving is checked by the approval services (the user's place in the chain), so the
    # role only needs to read the period here.
    action_permissions = {"approvals": Action.VIEW, "approve": Action.VIEW, "return_": Action.VIEW,
                          "totals": Action.VIEW}

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

    # --- Approval chain and consolidated totals: board staff only (an enterprise gets 404).

    def _staff_period(self):
        if not trends.may_view_trends(self.request.user):
            raise NotFound
        return self.get_object()

    def _chain(self, period):
        period = Period.objects.select_related("schedule").get(pk=period.pk)
        return {"period": period, "chain": chain_of(period, self.request.user)}

    @extend_schema(responses={200: serializers.ApprovalChainSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def approvals(self, request, pk=None):
        """The period's approval chain: each department that must approve, the board total (the
        consolidating department), the leader's sign-off; who decided when, and what you may do."""
        return Response(serializers.ApprovalChainSerializer(self._chain(self._staff_period())).data)

    @extend_schema(
        request=serializers.ApprovalInputSerializer,
        responses={200: serializers.ApprovalChainSerializer, 400: INVALID_RESPONSE, 403: _NOT_YOURS,
                   404: NOT_FOUND_RESPONSE, 409: _APPROVAL_CONFLICT},
    )
    @action(detail=True, methods=["post"], pagination_class=None, filterset_class=None)
    def approve(self, request, pk=None):
        """Approve one level (``department`` with the department's id, ``board``, ``leader``).
        Answers the chain as it now stands; 409 when the level is already approved, the levels
        below are not all approved yet, or the leader already signed off."""
        return self._decide(services.approval_approve)

    @extend_schema(
        request=serializers.ApprovalInputSerializer,
        responses={200: serializers.ApprovalChainSerializer, 400: INVALID_RESPONSE, 403: _NOT_YOURS,
                   404: NOT_FOUND_RESPONSE, 409: _APPROVAL_CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return",
            pagination_class=None, filterset_class=None)
    def return_(self, request, pk=None):
        """Return (mở lại) an approved level with a reason in ``comment``: its reports may be
        corrected again and every approved level above it is voided. 409 when the level is not
        approved, or the leader signed off and you are not a board leader."""
        return self._decide(services.approval_return)

    def _decide(self, service):
        period = self._staff_period()
        data = serializers.ApprovalInputSerializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        level, department_id = data.validated_data["level"], data.validated_data.get("department")
        department = None
        if level == ApprovalLevel.DEPARTMENT:
            if department_id is None:
                raise ValidationError({"department": [_("Hãy gửi mã của phòng duyệt (department).")]})
            department = Department.objects.filter(pk=department_id, board_id=period.schedule.board_id).first()
            if department is None:
                raise ValidationError({"department": [_("Không có phòng mã %(id)s trong ban quản lý của kỳ báo cáo "
                                                        "này.") % {"id": department_id}]})
        try:
            service(user=self.request.user, period=period, level=level, department=department,
                    comment=data.validated_data["comment"])
        except DjangoPermissionDenied:
            raise PermissionDenied(_("Bạn không duyệt hay trả lại được cấp này của kỳ báo cáo.")) from None
        except DjangoValidationError as error:
            raise _approval_errors(error) from error
        return Response(serializers.ApprovalChainSerializer(self._chain(period)).data)

    @extend_schema(responses={200: serializers.PeriodTotalsSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def totals(self, request, pk=None):
        """The period's consolidated totals as you may see them, up to date the moment a report is
        accepted: a department's staff get ``department`` (by zone, and by enterprise with a link to
        each submission); leaders, the observer and the consolidating department get ``board`` (by
        department and zone, with a link to each zone's submissions)."""
        period = self._staff_period()
        try:
            totals = trends.visible_totals(request.user, period)
        except DjangoPermissionDenied:
            raise NotFound from None
        context = {"request": request, "period": period}
        return Response(serializers.PeriodTotalsSerializer({
            "period": period, "fields": totals.columns, "department": totals.department, "board": totals.board,
        }, context=context).data)


# --- Submissions


_IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=_("Như trường idempotency_key; nếu gửi cả hai thì phải giống nhau."),
)
_CONFLICT = OpenApiResponse(ErrorSerializer, description=_(
    "Báo cáo kỳ này của doanh nghiệp đã được nộp; muốn sửa hãy gửi một bản điều chỉnh (revise) có lý do."))
_KEY_REUSED = OpenApiResponse(ErrorSerializer, description=_(
    "Khóa chống gửi trùng đã được dùng cho một báo cáo khác hoặc số liệu khác; không có gì được lưu."))


def idempotency_key(request, validated_data) -> str | None:
    """The key of a submission from the body's ``idempotency_key`` or the Idempotency-Key header
    (both may be sent if they agree)."""
    key = (validated_data.get("idempotency_key") or "").strip()
    header = request.headers.get("Idempotency-Key", "").strip()
    if key and header and key != header:
        raise ValidationError({"idempotency_key": [_("Khóa ở tiêu đề Idempotency-Key khác khóa trong nội dung.")]})
    return key or header or None


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
    action_permissions = {"submit": Action.ADD, "draft": Action.ADD, "prefill": Action.ADD, "revise": Action.CHANGE,
                          "revisions": Action.VIEW}

    def _period(self, pk):
        """The period named in the request, with its schedule and template (the services use
        them without reading them again), or 404 when the user may not see it."""
        return get_object_or_404(Period.objects.restrict(self.request.user).select_related("schedule__template"),
                                 pk=pk)

    def _target(self, data):
        """The period and enterprise named in the request, or 404 when the user may not see them."""
        enterprise = get_object_or_404(Enterprise.objects.restrict(self.request.user), pk=data["enterprise"])
        return self._period(data["period"]), enterprise

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
        key = idempotency_key(request, data.validated_data)
        # The service reads the period and the enterprise itself, with what the answer shows, and
        # checks the user's scope on both: at a deadline thousands of these arrive at once, so
        # neither is read twice. One the user may not see is the service's PermissionDenied,
        # answered 404 (handle_exception), as ``_period`` would.
        period = Period(pk=data.validated_data["period"])
        enterprise = Enterprise(pk=data.validated_data["enterprise"])
        try:
            submission = services.submission_submit(user=request.user, period=period, enterprise=enterprise,
                                                    values=data.validated_data["values"], idempotency_key=key)
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        if getattr(submission, "is_replay", False):
            return self._render(submission, status.HTTP_200_OK)
        return Response(self.get_serializer(submission).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[serializers.TargetSerializer],
                   responses={200: serializers.PrefillSerializer, 404: NOT_FOUND_RESPONSE})
    @action(detail=False, methods=["get"])
    def prefill(self, request):
        """The values KCN already knows for an enterprise's report of a period (workforce from the
        worker registry, returnees, cases): what the form starts from when nothing was saved yet."""
        data = serializers.TargetSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        period, enterprise = self._target(data.validated_data)
        version = period.schedule.template.current_version()
        values = {} if version is None else prefill_values(
            version=version, enterprise=enterprise, day=min(period.end, timezone.localdate()))
        return Response({"values": values})

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


# --- Trends


_TREND_PARAMETERS = [
    OpenApiParameter("schedule", OpenApiTypes.INT, required=True, description=_("Mã lịch báo cáo.")),
    OpenApiParameter("level", OpenApiTypes.STR, required=True, enum=["board", "department", "zone"],
                     description=_("Cấp: toàn Ban (board), phòng (department) hoặc khu công nghiệp (zone).")),
    OpenApiParameter("object", OpenApiTypes.INT, required=True,
                     description=_("Mã của ban quản lý, phòng hoặc khu công nghiệp, theo cấp đã chọn.")),
    OpenApiParameter("date_from", OpenApiTypes.STR, description=_(
        "Từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd); các kỳ có ngày trong khoảng được tính.")),
    OpenApiParameter("date_to", OpenApiTypes.STR, description=_("Đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd).")),
    OpenApiParameter("fields", OpenApiTypes.STR, description=_(
        "Mã các trường số, cách nhau bằng dấu phẩy; bỏ trống là mọi trường số.")),
]


@extend_schema(tags=["Report trends"])
class TrendViewSet(UserLanguageMixin, GenericViewSet):
    """Every summed field of a schedule over time, for the board, a department or a zone.

    Without ``date_from``/``date_to``: the last 30 periods that have started. Values come from the
    consolidated totals (a field keeps its code across template versions); a period in which no
    submitted report had the field has ``value`` null. Scoped like the trends page: a department's
    staff read their department and the zones it monitors, the leaders, the observer and the
    consolidating department the whole board; anything else answers 404.
    """

    permission_classes = [IsAuthenticated]
    serializer_class = serializers.TrendSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(parameters=_TREND_PARAMETERS,
                   responses={200: serializers.TrendSerializer, 400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE})
    def list(self, request):
        user = request.user
        if not trends.may_view_trends(user):
            raise NotFound
        query = serializers.TrendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        schedule = trends.trend_schedules(user).filter(pk=data["schedule"]).first()
        if schedule is None:
            raise NotFound
        fields = [code.strip() for code in (data.get("fields") or "").split(",") if code.strip()]
        try:
            trend = trends.trend_for(user=user, schedule=schedule, level=data["level"], object_id=data["object"],
                                     date_from=data.get("date_from"), date_to=data.get("date_to"),
                                     fields=fields or None)
        except DjangoPermissionDenied:
            raise NotFound from None
        except DjangoValidationError as error:
            raise ValidationError(validation_detail(error)) from error
        return Response(serializers.TrendSerializer(trend).data)
