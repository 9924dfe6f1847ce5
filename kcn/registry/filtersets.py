"""One FilterSet per model, shared by the pages and the API (NetBox's pattern).

Choice lists of related rows (zones, departments) are restricted to the user's scope, so a
filter never reveals the name of a zone the user may not see.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.core.text import search_key

from .choices import DepartmentKind, EnterpriseStatus, Position, Sector, ZoneStatus
from .models import (
    Board,
    Department,
    Enterprise,
    EnterpriseUser,
    Observer,
    Oversight,
    Province,
    Staff,
    Zone,
    ZoneAssignment,
)


class ZoneFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    status = django_filters.ChoiceFilter(choices=ZoneStatus.choices, label=_("Trạng thái"))
    province = django_filters.ModelChoiceFilter(queryset=Province.objects.all(), label=_("Tỉnh, thành phố"))
    board = django_filters.ModelChoiceFilter(queryset=scoped(Board), label=_("Ban quản lý"))
    department = django_filters.ModelChoiceFilter(
        queryset=scoped(Department), field_name="assignments__department", method="filter_department",
        label=_("Phòng theo dõi"),
    )

    class Meta:
        model = Zone
        fields = ["q", "status", "province", "board", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(developer__icontains=value))

    def filter_department(self, queryset, name, value):
        zone_ids = ZoneAssignment.objects.current().filter(department=value).values("zone_id")
        return queryset.filter(pk__in=zone_ids)


class EnterpriseFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), label=_("Khu công nghiệp"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Ngành (VSIC)"))
    investor_country = django_filters.ChoiceFilter(choices=list(countries), label=_("Quốc gia nhà đầu tư"))
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices, label=_("Trạng thái"))
    workforce_min = django_filters.NumberFilter(field_name="workforce", lookup_expr="gte", label=_("Lao động từ"))
    workforce_max = django_filters.NumberFilter(field_name="workforce", lookup_expr="lte", label=_("Lao động đến"))

    class Meta:
        model = Enterprise
        fields = ["q", "zone", "sector", "investor_country", "status", "workforce_min", "workforce_max"]

    def search(self, queryset, name, value):
        # Tax code, names and representative, with or without diacritics ("dong van" finds "Đồng Văn").
        return queryset.filter(search_text__contains=search_key(value))


class DepartmentFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Tìm kiếm"))
    board = django_filters.ModelChoiceFilter(queryset=scoped(Board), label=_("Ban quản lý"))
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, label=_("Loại đơn vị"))

    class Meta:
        model = Department
        fields = ["q", "board", "kind"]


class StaffFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    department = django_filters.ModelChoiceFilter(queryset=scoped(Department), label=_("Phòng, đơn vị"))
    position = django_filters.ChoiceFilter(choices=Position.choices, label=_("Chức vụ"))

    class Meta:
        model = Staff
        fields = ["q", "department", "position"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(user__full_name__icontains=value) | Q(user__username__icontains=value))


class ZoneAssignmentFilterSet(KcnFilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), label=_("Khu công nghiệp"))
    department = django_filters.ModelChoiceFilter(queryset=scoped(Department), label=_("Phòng theo dõi"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("Đang hiệu lực"))

    class Meta:
        model = ZoneAssignment
        fields = ["zone", "department", "current"]

    def filter_current(self, queryset, name, value):
        current = ZoneAssignment.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class OversightFilterSet(KcnFilterSet):
    department = django_filters.ModelChoiceFilter(queryset=scoped(Department), label=_("Phòng, đơn vị"))

    class Meta:
        model = Oversight
        fields = ["department"]


class EnterpriseUserFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    enterprise__zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), label=_("Khu công nghiệp"))

    class Meta:
        model = EnterpriseUser
        fields = ["q", "enterprise__zone"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(user__username__icontains=value) | Q(user__full_name__icontains=value)
                               | Q(enterprise__name__icontains=value) | Q(enterprise__tax_code__startswith=value))


class ObserverFilterSet(KcnFilterSet):
    board = django_filters.ModelChoiceFilter(queryset=scoped(Board), label=_("Ban quản lý"))

    class Meta:
        model = Observer
        fields = ["board"]
