"""``GET /api/v1/reporting/submissions/export.xlsx``: the raw data export of the pages, for scripts.

Parameters: ``schedule`` (required), ``zone`` or ``department`` (optional), ``date_from`` and
``date_to`` (yyyy-mm-dd or dd/mm/yyyy; the last 365 days when both are left out). Answers like
the rest of the API: 400 with one key per invalid parameter, 404 for a role that may not export
reports or a schedule, zone or department outside the user's scope (the same as one that does
not exist), 200 with the .xlsx otherwise.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from kcn.core.api.schema import INVALID_RESPONSE, NOT_FOUND_RESPONSE
from kcn.core.choices import Action
from kcn.core.exporters import XLSX_MIME
from kcn.core.permissions import role_allows
from kcn.registry.models import Department, Zone

from ..exports_data import MAX_DAYS, MAX_ROWS, export_size
from ..models import Schedule, Submission
from ..views_data import default_range, too_many_message, xlsx_file_response

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DataExportQuerySerializer(serializers.Serializer):
    schedule = serializers.IntegerField(help_text=_("Mã (id) lịch báo cáo."))
    zone = serializers.IntegerField(required=False, help_text=_("Chỉ một khu công nghiệp."))
    department = serializers.IntegerField(required=False, help_text=_("Chỉ các khu công nghiệp phòng đang theo dõi."))
    date_from = serializers.DateField(required=False, input_formats=DATE_FORMATS,
                                      help_text=_("Từ ngày (yyyy-mm-dd hoặc dd/mm/yyyy)."))
    date_to = serializers.DateField(required=False, input_formats=DATE_FORMATS,
                                    help_text=_("Đến ngày (yyyy-mm-dd hoặc dd/mm/yyyy)."))

    def validate(self, data):
        if "date_from" not in data and "date_to" not in data:
            data["date_from"], data["date_to"] = default_range()
        elif "date_from" not in data or "date_to" not in data:
            missing = "date_from" if "date_from" not in data else "date_to"
            raise ValidationError({missing: [_("Hãy gửi cả ngày bắt đầu và ngày kết thúc.")]})
        if data["date_to"] < data["date_from"]:
            raise ValidationError({"date_to": [_("“Đến ngày” phải bằng hoặc sau “Từ ngày”.")]})
        if (data["date_to"] - data["date_from"]).days + 1 > MAX_DAYS:
            raise ValidationError({"date_to": [_("Mỗi lần xuất tối đa %(days)s ngày; hãy rút ngắn khoảng thời gian.")
                                               % {"days": MAX_DAYS}]})
        if data.get("zone") is not None and data.get("department") is not None:
            raise ValidationError({"department": [_("Chọn một khu công nghiệp hoặc một phòng, không chọn cả hai.")]})
        return data


def _scoped(model, user, pk):
    if pk is None:
        return None
    row = model.objects.restrict(user, Action.EXPORT).filter(pk=pk).first()
    if row is None:
        raise NotFound
    return row


class SubmissionDataExportView(APIView):
    """Every submitted report of a schedule in the user's scope over a date range, as .xlsx."""

    @extend_schema(
        tags=["Report submissions"], parameters=[DataExportQuerySerializer],
        responses={(200, XLSX_MIME): OpenApiResponse(OpenApiTypes.BINARY, description=_(
            "Tệp .xlsx: một dòng mỗi báo cáo đã nộp, một cột mỗi chỉ tiêu của mọi phiên bản mẫu.")),
            400: INVALID_RESPONSE, 404: NOT_FOUND_RESPONSE},
    )
    def get(self, request):
        user = request.user
        if not role_allows(user, Submission, Action.EXPORT):
            raise NotFound
        query = DataExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        schedule = _scoped(Schedule, user, data["schedule"])
        zone = _scoped(Zone, user, data.get("zone"))
        department = _scoped(Department, user, data.get("department"))
        size = export_size(user, schedule, zone=zone, department=department, date_from=data["date_from"],
                           date_to=data["date_to"])
        if size > MAX_ROWS:
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [too_many_message(size)]})
        return xlsx_file_response(user, schedule=schedule, zone=zone, department=department,
                                  date_from=data["date_from"], date_to=data["date_to"])

