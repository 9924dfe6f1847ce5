import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kcn.core.exporters import ExportColumn

from .models import Department, Enterprise, Oversight, Staff, Zone, ZoneAssignment

TABLE_ATTRS = {"class": "table table-hover align-middle", "id": "object-list"}


class ZoneTable(tables.Table):
    name = tables.Column(linkify=True)
    enterprise_count = tables.Column(verbose_name=_("Số doanh nghiệp"), orderable=True)

    class Meta:
        model = Zone
        fields = ["code", "name", "province", "area_ha", "occupancy_rate", "status", "enterprise_count"]
        attrs = TABLE_ATTRS


class EnterpriseTable(tables.Table):
    name = tables.Column(linkify=True)
    zone = tables.Column(linkify=True)

    class Meta:
        model = Enterprise
        fields = ["tax_code", "name", "zone", "sector", "investor_country", "workforce", "status"]
        attrs = TABLE_ATTRS


class DepartmentTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Department
        fields = ["name", "kind", "board", "consolidates", "phone", "email"]
        attrs = TABLE_ATTRS


class StaffTable(tables.Table):
    user = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name=_("Cán bộ"),
                         order_by=("user__full_name",))

    class Meta:
        model = Staff
        fields = ["user", "position", "department", "board"]
        attrs = TABLE_ATTRS


class ZoneAssignmentTable(tables.Table):
    zone = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = ZoneAssignment
        fields = ["zone", "department", "start_date", "end_date", "note"]
        attrs = TABLE_ATTRS


class OversightTable(tables.Table):
    deputy = tables.Column(linkify=lambda record: record.get_absolute_url())

    class Meta:
        model = Oversight
        fields = ["deputy", "department", "start_date", "end_date"]
        attrs = TABLE_ATTRS


def _col(label, getter):
    return ExportColumn(str(label), getter)


def zone_export_columns():
    return [
        _col(_("Mã"), lambda z: z.code),
        _col(_("Tên"), lambda z: z.name),
        _col(_("Tỉnh, thành phố"), lambda z: z.province.name),
        _col(_("Xã, phường"), lambda z: z.commune.name if z.commune else ""),
        _col(_("Tỉnh trước 01/07/2025"), lambda z: z.legacy_province.name if z.legacy_province else ""),
        _col(_("Diện tích (ha)"), lambda z: z.area_ha),
        _col(_("Tỷ lệ lấp đầy (%)"), lambda z: z.occupancy_rate),
        _col(_("Chủ đầu tư hạ tầng"), lambda z: z.developer),
        _col(_("Trạng thái"), lambda z: z.get_status_display()),
        _col(_("Vĩ độ"), lambda z: z.latitude),
        _col(_("Kinh độ"), lambda z: z.longitude),
        _col(_("Số doanh nghiệp"), lambda z: getattr(z, "enterprise_count", None)),
    ]


def enterprise_export_columns():
    return [
        _col(_("Mã số thuế"), lambda e: e.tax_code),
        _col(_("Tên doanh nghiệp"), lambda e: e.name),
        _col(_("Tên nước ngoài"), lambda e: e.foreign_name),
        _col(_("Mã KCN"), lambda e: e.zone.code),
        _col(_("Khu công nghiệp"), lambda e: e.zone.name),
        _col(_("Ngành (VSIC)"), lambda e: e.sector),
        _col(_("Quốc gia nhà đầu tư"), lambda e: e.investor_country.code if e.investor_country else ""),
        _col(_("Số lao động"), lambda e: e.workforce),
        _col(_("Người đại diện theo pháp luật"), lambda e: e.legal_representative),
        _col(_("Điện thoại"), lambda e: e.phone),
        _col(_("Thư điện tử"), lambda e: e.email),
        _col(_("Zalo"), lambda e: e.zalo),
        _col(_("Địa chỉ"), lambda e: e.address),
        _col(_("Trạng thái"), lambda e: e.get_status_display()),
    ]


def department_export_columns():
    return [
        _col(_("Tên"), lambda d: d.name),
        _col(_("Loại đơn vị"), lambda d: d.get_kind_display()),
        _col(_("Ban quản lý"), lambda d: d.board.name),
        _col(_("Điện thoại"), lambda d: d.phone),
        _col(_("Thư điện tử"), lambda d: d.email),
    ]


def staff_export_columns():
    return [
        _col(_("Cán bộ"), lambda s: str(s.user)),
        _col(_("Chức vụ"), lambda s: s.get_position_display()),
        _col(_("Phòng, đơn vị"), lambda s: s.department.name if s.department else ""),
        _col(_("Ban quản lý"), lambda s: s.board.name),
    ]


def assignment_export_columns():
    return [
        _col(_("Khu công nghiệp"), lambda a: a.zone.name),
        _col(_("Phòng theo dõi"), lambda a: a.department.name),
        _col(_("Từ ngày"), lambda a: a.start_date),
        _col(_("Đến ngày"), lambda a: a.end_date),
        _col(_("Ghi chú"), lambda a: a.note),
    ]


def oversight_export_columns():
    return [
        _col(_("Lãnh đạo phụ trách"), lambda o: str(o.deputy.user)),
        _col(_("Phòng, đơn vị"), lambda o: o.department.name),
        _col(_("Từ ngày"), lambda o: o.start_date),
        _col(_("Đến ngày"), lambda o: o.end_date),
    ]
