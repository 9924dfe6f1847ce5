"""Worker registry API: workers (scoped, masked unless revealed), upload history and the upload."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from kcn.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, UserLanguageMixin
from kcn.core.choices import Action
from kcn.core.importers import ImportRefused
from kcn.core.permissions import role_allows

from .. import services
from ..filtersets import WorkerFilterSet
from ..models import Worker, WorkerImport
from ..selectors import wants_reveal
from ..validators import mask_identity
from . import serializers

REVEAL = OpenApiParameter("reveal", OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False, description=(
    "1: identity numbers and phones in full, for a role that may see them (the enterprise, the monitoring "
    "department); otherwise they stay masked."))


@extend_schema_view(list=extend_schema(parameters=[REVEAL]), retrieve=extend_schema(parameters=[REVEAL]))
@extend_schema(tags=["Workers"])
class WorkerViewSet(ScopedModelViewSet):
    """Workers of the enterprises in the user's scope (the enterprise itself, the department monitoring
    its zone); ``q`` searches names without diacritics and identity numbers."""

    queryset = Worker.objects.all()
    serializer_class = serializers.WorkerSerializer
    filterset_class = WorkerFilterSet
    ordering_fields = ["full_name", "identity_number", "date_of_birth", "created_at", "updated_at"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]
    save_service = staticmethod(services.worker_save)
    delete_service = staticmethod(services.worker_delete)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "reveal": wants_reveal(self.request)}


@extend_schema(tags=["Workers"])
class WorkerImportViewSet(ScopedReadOnlyViewSet):
    """Uploads of worker lists, newest first: what each added, changed and removed."""

    queryset = WorkerImport.objects.select_related("created_by")
    serializer_class = serializers.WorkerImportSerializer
    filterset_fields = ["enterprise"]
    ordering_fields = ["created_at"]


@extend_schema(tags=["Workers"])
class WorkerUploadViewSet(UserLanguageMixin, viewsets.GenericViewSet):
    """Upload an enterprise's full worker list (.xlsx or .csv, multipart). All or nothing; the answer
    is the report. Retrying the same file is harmless: the second run finds nothing to change."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = serializers.UploadSerializer
    queryset = Worker.objects.none()

    @extend_schema(request={"multipart/form-data": serializers.UploadSerializer},
                   responses={200: serializers.UploadResultSerializer, 400: serializers.UploadResultSerializer},
                   parameters=[REVEAL])
    def create(self, request):
        if not role_allows(request.user, Worker, Action.IMPORT):
            raise NotFound
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        try:
            report = services.worker_import(user=request.user, enterprise=serializer.validated_data["enterprise"],
                                            file=upload, file_name=upload.name)
        except PermissionDenied as error:
            raise NotFound from error
        except ImportRefused as refused:
            report = services.ImportReport(ok=False, message=refused.message)
        reveal = wants_reveal(request)
        details = {kind: [{**row, "identity_number": row["identity_number"] if reveal
                           else mask_identity(row["identity_number"])} for row in rows]
                   for kind, rows in report.details.items()}
        body = {"ok": report.ok, "message": report.message, "total": report.total, "added": report.added,
                "changed": report.changed, "removed": report.removed, "unchanged": report.unchanged,
                "import_id": report.worker_import.pk if report.worker_import else None, "details": details,
                "errors": report.errors.stored()}
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)
