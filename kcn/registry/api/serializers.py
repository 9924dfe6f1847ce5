"""Serializers of the registry API. They validate and render; the services in ../services.py write."""

from django.utils.translation import gettext_lazy as _
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kcn.accounts.models import User
from kcn.core.api.serializers import KcnModelSerializer, ScopedPrimaryKeyRelatedField

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

# --- Administrative units (reference data)


class ProvinceSerializer(serializers.ModelSerializer):
    """A province or centrally-run city (structure in force since 1 July 2025)."""

    class Meta:
        model = Province
        fields = ["code", "name", "division_type", "codename"]


class LegacyProvinceSerializer(serializers.ModelSerializer):
    """A province as named before 1 July 2025 and the province that absorbed it."""

    successor_name = serializers.CharField(source="successor.name", read_only=True)

    class Meta:
        model = LegacyProvince
        fields = ["code", "name", "successor", "successor_name"]


class CommuneSerializer(serializers.ModelSerializer):
    """A commune, ward or special zone (structure in force since 1 July 2025)."""

    class Meta:
        model = Commune
        fields = ["code", "name", "division_type", "province"]


# --- Board organisation


class BoardSerializer(KcnModelSerializer):
    """An industrial zones management board."""

    url = serializers.HyperlinkedIdentityField(view_name="registry-api:board-detail")

    class Meta:
        model = Board
        fields = ["id", "url", "name", "short_name", "province", "legacy_province", "address", "phone",
                  "hotline", "email", "version", "created_at", "updated_at"]


class DepartmentBriefSerializer(serializers.ModelSerializer):
    """A department named inside another record."""

    class Meta:
        model = Department
        fields = ["id", "name"]


class DepartmentSerializer(KcnModelSerializer):
    """A department (or the office) of a board."""

    url = serializers.HyperlinkedIdentityField(view_name="registry-api:department-detail")
    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))

    class Meta:
        model = Department
        fields = ["id", "url", "board", "name", "kind", "consolidates", "phone", "email", "version",
                  "created_at", "updated_at"]


class StaffSerializer(KcnModelSerializer):
    """A person working for a board: account, department (none for leaders) and position."""

    url = serializers.HyperlinkedIdentityField(view_name="registry-api:staff-detail")
    user = ScopedPrimaryKeyRelatedField(queryset=User.objects.all(), label=_("Tài khoản"))
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), label=_("Phòng, đơn vị"),
                                              required=False, allow_null=True)

    class Meta:
        model = Staff
        fields = ["id", "url", "user", "username", "full_name", "board", "department", "position", "version",
                  "created_at", "updated_at"]


class OversightSerializer(KcnModelSerializer):
    """A deputy head directing a department over a period."""

    url = serializers.HyperlinkedIdentityField(view_name="registry-api:oversight-detail")
    # select_related: the browsable API lists choices by their __str__, which reads the user.
    deputy = ScopedPrimaryKeyRelatedField(queryset=Staff.objects.select_related("user"),
                                          label=_("Lãnh đạo phụ trách"))
    deputy_name = serializers.CharField(source="deputy.user", read_only=True)
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), label=_("Phòng, đơn vị"))
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = Oversight
        fields = ["id", "url", "deputy", "deputy_name", "department", "department_name", "start_date",
                  "end_date", "version", "created_at", "updated_at"]


class ZoneAssignmentSerializer(KcnModelSerializer):
    """A department monitoring a zone over a period; periods of one zone never overlap."""

    url = serializers.HyperlinkedIdentityField(view_name="registry-api:assignment-detail")
    zone = ScopedPrimaryKeyRelatedField(queryset=Zone.objects.all(), label=_("Khu công nghiệp"))
    zone_code = serializers.CharField(source="zone.code", read_only=True)
    department = ScopedPrimaryKeyRelatedField(queryset=Department.objects.all(), label=_("Phòng theo dõi"))
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = ZoneAssignment
        fields = ["id", "url", "zone", "zone_code", "department", "department_name", "start_date", "end_date",
                  "note", "version", "created_at", "updated_at"]


# --- Zones and enterprises



class ZoneSerializer(KcnModelSerializer):
    """An industrial zone, with its location, GeoJSON boundary and today's monitoring department."""

    url = serializers.HyperlinkedIdentityField(view_name="registry-api:zone-detail")
    board = ScopedPrimaryKeyRelatedField(queryset=Board.objects.all(), label=_("Ban quản lý"))
    # select_related: the browsable API lists choices by their __str__, which reads the province.
    commune = serializers.PrimaryKeyRelatedField(queryset=Commune.objects.select_related("province"),
                                                 required=False, allow_null=True, label=_("Xã, phường"))
    legacy_province_name = serializers.CharField(source="legacy_province.name", read_only=True,
                                                 allow_null=True)
    current_department = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = ["id", "url", "code", "name", "board", "province", "commune", "legacy_province",
                  "legacy_province_name", "area_ha", "occupancy_rate", "developer", "status", "address",
                  "latitude", "longitude", "boundary", "contact_name", "contact_phone", "contact_email",
                  "current_department", "version", "created_at", "updated_at"]
        # Coordinates and measures are numbers for map clients, not DRF's default decimal strings.
        extra_kwargs = {name: {"coerce_to_string": False}
                        for name in ("area_ha", "occupancy_rate", "latitude", "longitude")}

    @extend_schema_field(DepartmentBriefSerializer(allow_null=True))
    def get_current_department(self, zone):
        # The list prefetches today's assignment (ZoneViewSet); a freshly saved zone asks once.
        assignments = getattr(zone, "current_assignments", None)
        assignment = assignments[0] if assignments else None
        if assignments is None:
            assignment = zone.current_assignment()
        return DepartmentBriefSerializer(assignment.department).data if assignment else None

    # The boundary and commune rules live in Zone.clean(), which the service runs for pages and API.


class EnterpriseSerializer(CountryFieldMixin, KcnModelSerializer):
    """An enterprise in a zone, identified by its tax code."""

    url = serializers.HyperlinkedIdentityField(view_name="registry-api:enterprise-detail")
    # No model validators here: enterprise_save normalises "0101234567 001" first, then
    # full_clean checks the check digit and uniqueness and answers under "tax_code".
    tax_code = serializers.CharField(
        max_length=20, label=_("Mã số thuế"),
        help_text=_("10 chữ số, hoặc 10 chữ số và 3 chữ số chi nhánh (ví dụ 0101234567-001)."),
    )
    zone = ScopedPrimaryKeyRelatedField(queryset=Zone.objects.all(), label=_("Khu công nghiệp"))
    zone_code = serializers.CharField(source="zone.code", read_only=True)

    class Meta:
        model = Enterprise
        fields = ["id", "url", "tax_code", "name", "foreign_name", "zone", "zone_code", "sector",
                  "investor_country", "workforce", "legal_representative", "phone", "email", "zalo",
                  "address", "status", "version", "created_at", "updated_at"]


class EnterpriseContactSerializer(EnterpriseSerializer):
    """The enterprise serializer as its representative may use it: EnterpriseContactForm's fields.

    A locked field in the request is refused by name rather than silently dropped, so the
    representative knows the change did not happen and whom to ask.
    """

    class Meta(EnterpriseSerializer.Meta):
        read_only_fields = ["tax_code", "zone", "sector", "investor_country", "status"]

    def get_fields(self):
        fields = super().get_fields()
        for name in self.Meta.read_only_fields:
            # Declared fields ignore Meta.read_only_fields, so lock them here.
            fields[name].read_only = True
        return fields

    def validate(self, attrs):
        locked = [name for name in self.Meta.read_only_fields if name in self.initial_data]
        if locked:
            raise serializers.ValidationError({
                name: _("Doanh nghiệp chỉ được sửa tên, người đại diện, số lao động và thông tin liên hệ; "
                        "trường này do Ban quản lý cập nhật.")
                for name in locked
            })
        return super().validate(attrs)
