from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, choice_labels, field_column, link_to_self, raw_value

from .models import Department, Enterprise, Oversight, Staff, Zone, ZoneAssignment


class ZoneTable(Table):
    columns = [
        field_column(Zone, "code"),
        field_column(Zone, "name", link=link_to_self),
        Column("province", _("tỉnh, thành phố"), value=lambda z: z.province.name, order_by=("province__name",)),
        field_column(Zone, "area_ha"),
        field_column(Zone, "occupancy_rate"),
        field_column(Zone, "status"),
        Column("enterprise_count", _("số doanh nghiệp"), order_by=("enterprise_count",), numeric=True),
    ]
    default_order = ("name",)


@lru_cache(maxsize=8)
def _country_names(language):
    return dict(countries)


def country_name(code):
    """The country's name in the active language, by its ISO code (a dict lookup per row)."""
    return _country_names(get_language()).get(code, code) if code else ""


class EnterpriseTable(Table):
    columns = [
        field_column(Enterprise, "tax_code"),
        field_column(Enterprise, "name", link=link_to_self),
        Column("zone", _("khu công nghiệp"), value=lambda e: e.zone.name, order_by=("zone__name",),
               link=lambda e: e.zone.get_absolute_url()),
        field_column(Enterprise, "sector"),
        # The country's name by its code: Django's display helper would flatten ~250 choices per row.
        Column("investor_country", _("quốc gia nhà đầu tư"),
               value=lambda e: country_name(raw_value(e, "investor_country")), order_by=("investor_country",)),
        field_column(Enterprise, "workforce"),
        field_column(Enterprise, "status"),
    ]
    default_order = ("name",)


class DepartmentTable(Table):
    columns = [
        field_column(Department, "name", link=link_to_self),
        field_column(Department, "kind"),
        Column("board", _("ban quản lý"), value=lambda d: d.board.name, order_by=("board__name",)),
        field_column(Department, "consolidates"),
        field_column(Department, "phone"),
        field_column(Department, "email"),
    ]
    default_order = ("board__name", "name")


class StaffTable(Table):
    columns = [
        Column("user", _("cán bộ"), value=lambda s: str(s.user), order_by=("user__full_name",), link=link_to_self),
        field_column(Staff, "position"),
        Column("department", _("phòng, đơn vị"), value=lambda s: s.department, order_by=("department__name",)),
        Column("board", _("ban quản lý"), value=lambda s: s.board.name, order_by=("board__name",)),
    ]
    default_order = ("board__name", "department__name", "user__full_name")


class ZoneAssignmentTable(Table):
    columns = [
        Column("zone", _("khu công nghiệp"), value=lambda a: a.zone.name, order_by=("zone__name",),
               link=link_to_self),
        Column("department", _("phòng theo dõi"), value=lambda a: a.department.name,
               order_by=("department__name",)),
        field_column(ZoneAssignment, "start_date"),
        field_column(ZoneAssignment, "end_date"),
        field_column(ZoneAssignment, "note"),
    ]
    default_order = ("zone__name", "-start_date")


class OversightTable(Table):
    columns = [
        Column("deputy", _("lãnh đạo phụ trách"), value=lambda o: str(o.deputy.user),
               order_by=("deputy__user__full_name",), link=link_to_self),
        Column("department", _("phòng, đơn vị"), value=lambda o: o.department.name, order_by=("department__name",)),
        field_column(Oversight, "start_date"),
        field_column(Oversight, "end_date"),
    ]
    default_order = ("department__name", "-start_date")


class EnterpriseUserTable(Table):
    columns = [
        Column("user", _("tài khoản"), value=lambda x: f"{x.user} ({x.user.username})",
               order_by=("user__username",), link=link_to_self),
        Column("enterprise", _("doanh nghiệp"), value=lambda x: x.enterprise.name, order_by=("enterprise__name",),
               link=lambda x: x.enterprise.get_absolute_url()),
        Column("tax_code", _("mã số thuế"), value=lambda x: x.enterprise.tax_code),
        Column("zone", _("khu công nghiệp"), value=lambda x: x.enterprise.zone.name),
    ]
    default_order = ("enterprise__name",)


class ObserverTable(Table):
    columns = [
        Column("user", _("tài khoản"), value=lambda x: f"{x.user} ({x.user.username})",
               order_by=("user__username",), link=link_to_self),
        Column("organisation", _("cơ quan, đơn vị"), value=lambda x: x.user.organisation),
        Column("board", _("ban quản lý"), value=lambda x: x.board.name, order_by=("board__name",)),
    ]
    default_order = ("user__username",)


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
    statuses = choice_labels(Enterprise, "status")
    return [
        _col(_("Mã số thuế"), lambda e: e.tax_code),
        _col(_("Tên doanh nghiệp"), lambda e: e.name),
        _col(_("Tên nước ngoài"), lambda e: e.foreign_name),
        _col(_("Mã KCN"), lambda e: e.zone.code),
        _col(_("Khu công nghiệp"), lambda e: e.zone.name),
        _col(_("Ngành (VSIC)"), lambda e: e.sector),
        _col(_("Quốc gia nhà đầu tư"), lambda e: raw_value(e, "investor_country")),
        _col(_("Số lao động"), lambda e: e.workforce),
        _col(_("Người đại diện theo pháp luật"), lambda e: e.legal_representative),
        _col(_("Điện thoại"), lambda e: e.phone),
        _col(_("Thư điện tử"), lambda e: e.email),
        _col(_("Zalo"), lambda e: e.zalo),
        _col(_("Địa chỉ"), lambda e: e.address),
        _col(_("Trạng thái"), lambda e: statuses.get(e.status, e.status)),
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


def enterprise_user_export_columns():
    return [
        _col(_("Tên đăng nhập"), lambda x: x.user.username),
        _col(_("Họ và tên"), lambda x: str(x.user)),
        _col(_("Mã số thuế"), lambda x: x.enterprise.tax_code),
        _col(_("Doanh nghiệp"), lambda x: x.enterprise.name),
        _col(_("Khu công nghiệp"), lambda x: x.enterprise.zone.name),
    ]


def observer_export_columns():
    return [
        _col(_("Tên đăng nhập"), lambda x: x.user.username),
        _col(_("Họ và tên"), lambda x: str(x.user)),
        _col(_("Cơ quan, đơn vị"), lambda x: x.user.organisation),
        _col(_("Ban quản lý"), lambda x: x.board.name),
    ]
