"""Registry API: thin viewsets over the registry's FilterSets, serializers and services.

Scope, the 404-for-everything rule, versions and error answers live in ScopedModelViewSet.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view

from kcn.accounts.choices import Role
from kcn.core.api.viewsets import ReadOnlyReferenceViewSet, ScopedModelViewSet

from .. import services
from ..filtersets import (
    DepartmentFilterSet,
    EnterpriseFilterSet,
    OversightFilterSet,
    StaffFilterSet,
    ZoneAssignmentFilterSet,
    ZoneFilterSet,
)
from ..models import (
    Board,
    Commune,
    Department,
    Enterprise,
    LegacyProvince,
    Oversight,
    Province,
    Staff,
    Zone,
    ZoneAssignment,
)
from . import serializers

# --- Administrative units: reference data, the same for everyone signed in


@extend_schema(tags=["Administrative units"])
class ProvinceViewSet(ReadOnlyReferenceViewSet):
    """Provinces and centrally-run cities since 1 July 2025; readable by every signed-in user."""

    queryset = Province.objects.all()
    serializer_class = serializers.ProvinceSerializer
    ordering_fields = ["code", "name"]


@extend_schema(tags=["Administrative units"])
class LegacyProvinceViewSet(ReadOnlyReferenceViewSet):
    """The 63 provinces before 1 July 2025, each with the province that absorbed it (Hà Nam → Ninh Bình)."""

    queryset = LegacyProvince.objects.select_related("successor")
    serializer_class = serializers.LegacyProvinceSerializer
    filterset_fields = ["successor"]
    ordering_fields = ["code", "name"]


@extend_schema(tags=["Administrative units"])
class CommuneViewSet(ReadOnlyReferenceViewSet):
    """Communes, wards and special zones since 1 July 2025; filter with ``province``."""

    queryset = Commune.objects.all()
    serializer_class = serializers.CommuneSerializer
    filterset_fields = ["province", "division_type"]
    ordering_fields = ["code", "name"]


# --- Boards and their organisation


@extend_schema(tags=["Boards"])
class BoardViewSet(ScopedModelViewSet):
    """Industrial zones management boards the user belongs to or observes."""

    queryset = Board.objects.all()
    serializer_class = serializers.BoardSerializer
    ordering_fields = ["name", "created_at", "updated_at"]
    save_service = staticmethod(services.board_save)


@extend_schema(tags=["Departments"])
class DepartmentViewSet(ScopedModelViewSet):
    """Departments of the user's boards; search with ``q``."""

    queryset = Department.objects.all()
    serializer_class = serializers.DepartmentSerializer
    filterset_class = DepartmentFilterSet
    ordering_fields = ["name", "kind", "created_at", "updated_at"]
    save_service = staticmethod(services.department_save)


@extend_schema(tags=["Staff"])
class StaffViewSet(ScopedModelViewSet):
    """Staff of the user's boards; search by name or username with ``q``."""

    queryset = Staff.objects.select_related("user")
    serializer_class = serializers.StaffSerializer
    filterset_class = StaffFilterSet
    ordering_fields = ["position", "user__full_name", "created_at", "updated_at"]
    save_service = staticmethod(services.staff_save)


@extend_schema(tags=["Oversight"])
class OversightViewSet(ScopedModelViewSet):
    """Which deputy head directs which department."""

    queryset = Oversight.objects.select_related("deputy__user", "department")
    serializer_class = serializers.OversightSerializer
    filterset_class = OversightFilterSet
    ordering_fields = ["start_date", "end_date", "created_at", "updated_at"]
    save_service = staticmethod(services.oversight_save)


@extend_schema(tags=["Zone assignments"])
class ZoneAssignmentViewSet(ScopedModelViewSet):
    """Which department monitors which zone, and from when; a zone has one department at a time."""

    queryset = ZoneAssignment.objects.select_related("zone", "department")
    serializer_class = serializers.ZoneAssignmentSerializer
    filterset_class = ZoneAssignmentFilterSet
    ordering_fields = ["start_date", "end_date", "created_at", "updated_at"]
    save_service = staticmethod(services.assignment_save)


# --- Zones and enterprises


@extend_schema(tags=["Zones"])
class ZoneViewSet(ScopedModelViewSet):
    """Industrial zones in the user's scope, with today's monitoring department; search with ``q``."""

    queryset = Zone.objects.select_related("legacy_province")
    serializer_class = serializers.ZoneSerializer
    filterset_class = ZoneFilterSet
    ordering_fields = ["name", "code", "area_ha", "occupancy_rate", "status", "created_at", "updated_at"]
    save_service = staticmethod(services.zone_save)

    def get_base_queryset(self):
        # Built per request: "current" means today, which a class attribute would freeze.
        current = ZoneAssignment.objects.current().select_related("department")
        return super().get_base_queryset().prefetch_related(
            Prefetch("assignments", queryset=current, to_attr="current_assignments")
        )


@extend_schema_view(
    update=extend_schema(description=(
        "An enterprise's representative may change only name, foreign_name, workforce, "
        "legal_representative, phone, email, zalo and address; any other field in the request is "
        "refused with 400 under that field's name."
    )),
    partial_update=extend_schema(description=(
        "An enterprise's representative may change only name, foreign_name, workforce, "
        "legal_representative, phone, email, zalo and address; any other field in the request is "
        "refused with 400 under that field's name."
    )),
)
@extend_schema(tags=["Enterprises"])
class EnterpriseViewSet(ScopedModelViewSet):
    """Enterprises in the user's scope; ``q`` searches name, foreign name, tax code, representative."""

    queryset = Enterprise.objects.select_related("zone")
    serializer_class = serializers.EnterpriseSerializer
    filterset_class = EnterpriseFilterSet
    ordering_fields = ["name", "tax_code", "workforce", "sector", "status", "created_at", "updated_at"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]
    save_service = staticmethod(services.enterprise_save)
    delete_service = staticmethod(services.enterprise_delete)

    def get_serializer_class(self):
        user = getattr(self.request, "user", None)
        if self.action in ("update", "partial_update") and getattr(user, "role", None) == Role.ENTERPRISE:
            return serializers.EnterpriseContactSerializer
        return super().get_serializer_class()
