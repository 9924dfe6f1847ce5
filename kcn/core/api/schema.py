"""OpenAPI description of what every scoped endpoint shares: its error answers and If-Match."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer

NOT_FOUND_RESPONSE = OpenApiResponse(ErrorSerializer, description=_(
    "Không có bản ghi này, hoặc nó nằm ngoài phạm vi của bạn, hoặc vai trò của bạn không được làm việc này. "
    "Ba trường hợp trả lời giống nhau để không ai dò được mã bản ghi."
))
INVALID_RESPONSE = OpenApiResponse(OpenApiTypes.OBJECT, description=_(
    "Dữ liệu không hợp lệ: mỗi khóa là tên trường, giá trị là danh sách thông báo lỗi; "
    "lỗi chung của cả bản ghi nằm ở khóa non_field_errors."
))
_STALE = OpenApiResponse(ErrorSerializer, description=_(
    "Giá trị If-Match khác phiên bản hiện tại: bản ghi đã được người khác sửa, không có gì bị thay đổi."
))
_PROTECTED = OpenApiResponse(ErrorSerializer, description=_("Không xóa được vì còn dữ liệu liên quan."))

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=_(
        "Giá trị ETag (hoặc trường version) đọc được lần trước; khác phiên bản hiện tại thì trả 412."
    ),
)


class ScopedAutoSchema(AutoSchema):
    """Adds the answers every ScopedModelViewSet gives besides success, so clients can plan for them."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in ("PUT", "PATCH", "DELETE"):
            parameters = [*parameters, IF_MATCH]
        return parameters

    def get_response_serializers(self):
        success = super().get_response_serializers()
        if isinstance(success, dict):
            return success  # an explicit @extend_schema(responses=...) knows best
        # Same success codes spectacular would pick for a plain serializer.
        if self.method == "DELETE":
            responses = {204: None}
        elif self._is_create_operation():
            responses = {201: success}
        else:
            responses = {200: success}
        if self.method in ("POST", "PUT", "PATCH"):
            responses[400] = INVALID_RESPONSE
        responses[404] = NOT_FOUND_RESPONSE
        if self.method in ("PUT", "PATCH", "DELETE"):
            responses[412] = _STALE
        if self.method == "DELETE":
            responses[409] = _PROTECTED
        return responses
