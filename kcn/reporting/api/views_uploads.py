"""Reporting API: one report filled by uploading its Excel workbook.

``POST /api/v1/reporting/submissions/upload/`` (multipart): ``file`` (the .xlsx downloaded
from the report's page or from ``GET .../submissions/upload/?period=&enterprise=``),
``period``, ``enterprise``, ``action`` (``draft`` or ``submit``) and, for a submission, an
optional ``idempotency_key`` (or the ``Idempotency-Key`` header). The values go through the
same services as ``submit`` and ``draft``, so the answers are theirs:

* 201 submitted; 200 draft saved, or a retry under the same idempotency key (nothing written);
* 400 the file is not this report's workbook (wrong template, version, period or enterprise,
  not an .xlsx, formulas, missing or unknown field rows) under ``file``, every bad cell under
  ``rows`` (row, column, value, message); a refusal of the whole report (locked period,
  approved department) under ``non_field_errors``;
* 404 a period or enterprise outside the user's scope, or not existing;
* 409 already submitted; 422 idempotency key reused for something else.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from kcn.core.api.schema import NOT_FOUND_RESPONSE
from kcn.core.choices import Action
from kcn.core.exporters import XLSX_MIME
from kcn.core.permissions import role_allows
from kcn.registry.models import Enterprise

from .. import workbooks
from ..models import Period, Schedule, Submission
from ..selectors import visible_schedules
from . import serializers as reporting_serializers
from .views import _service_errors, idempotency_key


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(label=_("Tệp Excel (.xlsx)"),
                                 help_text=_("Mẫu Excel của báo cáo, tải từ trang báo cáo hoặc từ GET cùng địa chỉ."))
    period = serializers.IntegerField(label=_("Kỳ báo cáo"))
    enterprise = serializers.IntegerField(label=_("Doanh nghiệp"))
    action = serializers.ChoiceField(choices=[("draft", _("Lưu nháp")), ("submit", _("Nộp báo cáo"))],
                                     label=_("Lưu nháp hay nộp"))
    idempotency_key = serializers.CharField(
        max_length=100, required=False, allow_blank=True, label=_("Khóa chống gửi trùng"),
        help_text=_("Khi nộp: gửi lại cùng khóa và cùng số liệu thì báo cáo chỉ được lưu một lần."))


_TARGET = [
    OpenApiParameter("period", OpenApiTypes.INT, required=True, description=_("Kỳ báo cáo")),
    OpenApiParameter("enterprise", OpenApiTypes.INT, required=True, description=_("Doanh nghiệp")),
]
_REFUSED = OpenApiResponse(
    inline_serializer("WorkbookRefused", {
        "file": serializers.ListField(child=serializers.CharField()),
        "rows": serializers.ListField(child=inline_serializer("WorkbookRowError", {
            "row": serializers.IntegerField(allow_null=True), "column": serializers.CharField(),
            "value": serializers.CharField(), "message": serializers.CharField()})),
    }),
    description=_("Tệp không phải mẫu của báo cáo này, hoặc số liệu có lỗi; không lưu gì."))


def _target(user, period_id, enterprise_id):
    """The period and enterprise, as the web page finds them (404 outside the user's scope)."""
    schedules = visible_schedules(Schedule.objects.restrict(user, Action.VIEW), user)
    period = get_object_or_404(Period.objects.restrict(user, Action.VIEW).filter(schedule__in=schedules)
                               .select_related("schedule__template"), pk=period_id)
    enterprise = get_object_or_404(Enterprise.objects.restrict(user, Action.VIEW), pk=enterprise_id)
    if not period.schedule.target_enterprises().filter(pk=enterprise.pk).exists():
        raise Http404
    return period, enterprise


@extend_schema(tags=["Report submissions"])
class SubmissionUploadView(APIView):
    """Fill one report by uploading its Excel workbook (see the module's answers)."""

    parser_classes = [MultiPartParser, FormParser]

    def _check_role(self, user):
        if not (role_allows(user, Submission, Action.ADD) and role_allows(user, Submission, Action.IMPORT)):
            raise NotFound

    def _find(self, user, period_id, enterprise_id):
        try:
            return _target(user, period_id, enterprise_id)
        except Http404 as error:
            raise NotFound from error

    @extend_schema(parameters=_TARGET, responses={
        (200, XLSX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description=_("Mẫu Excel của báo cáo.")),
        404: NOT_FOUND_RESPONSE})
    def get(self, request):
        """The report's Excel workbook, prefilled with its draft."""
        self._check_role(request.user)
        try:
            period_id, enterprise_id = int(request.query_params["period"]), int(request.query_params["enterprise"])
        except (KeyError, ValueError) as error:
            raise NotFound from error
        period, enterprise = self._find(request.user, period_id, enterprise_id)
        if workbooks.report_version(period, enterprise) is None:
            raise NotFound
        response = HttpResponse(workbooks.report_xlsx(period=period, enterprise=enterprise), content_type=XLSX_MIME)
        response["Content-Disposition"] = (f'attachment; filename="bao-cao-{period.schedule.template.code}-'
                                           f'{period.start:%Y%m%d}-{enterprise.tax_code}.xlsx"')
        return response

    @extend_schema(
        request={"multipart/form-data": UploadInputSerializer},
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False)],
        responses={201: reporting_serializers.SubmissionSerializer,
                   200: OpenApiResponse(reporting_serializers.SubmissionSerializer, description=_(
                       "Bản nháp đã lưu, hoặc lần gửi lại với cùng khóa: trả về báo cáo đã lưu.")),
                   400: _REFUSED, 404: NOT_FOUND_RESPONSE,
                   409: OpenApiResponse(description=_("Báo cáo đã được nộp; muốn sửa hãy tạo bản điều chỉnh.")),
                   422: OpenApiResponse(description=_("Khóa chống gửi trùng đã dùng cho báo cáo hoặc số liệu khác."))},
    )
    def post(self, request):
        """Save (``draft``) or submit (``submit``) a report from its uploaded workbook."""
        user = request.user
        self._check_role(user)
        if getattr(request._request, "kcn_upload_too_large", False):
            from kcn.core.importers import too_large_message

            raise ValidationError({"file": [too_large_message()]})
        data = UploadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        key = idempotency_key(request, data.validated_data)
        period, enterprise = self._find(user, data.validated_data["period"], data.validated_data["enterprise"])
        upload, action = data.validated_data["file"], data.validated_data["action"]
        try:
            submission = workbooks.report_upload(user=user, period=period, enterprise=enterprise, file=upload,
                                                 name=upload.name, action=action,
                                                 **({"idempotency_key": key} if action == workbooks.SUBMIT else {}))
        except PermissionDenied as error:
            raise NotFound from error
        except workbooks.WorkbookRefused as refused:
            # Returned, not raised: DRF would turn the row numbers into text.
            return Response({"file": [refused.message], "rows": refused.errors}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as error:
            raise _service_errors(error) from error
        created = action == workbooks.SUBMIT and not getattr(submission, "is_replay", False)
        submission = Submission.objects.select_related("period", "enterprise__zone", "version",
                                                       "submitted_by").get(pk=submission.pk)
        body = reporting_serializers.SubmissionSerializer(submission, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
