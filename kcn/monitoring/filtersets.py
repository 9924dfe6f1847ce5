"""One FilterSet per monitoring model, shared by the pages and the API.

Choice lists of related rows are restricted to the user's scope (core.filtersets.scoped)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.core.text import search_key
from kcn.registry.models import Enterprise, Province, Zone

from .choices import MonitoringStatus, TravelDirection
from .models import (
    CommitmentAcknowledgement,
    CommitmentText,
    HealthDeclaration,
    HotlineCall,
    MonitoringRule,
    OutbreakArea,
    TravelDeclaration,
)


def _worker_search(queryset, value, prefix="worker__"):
    value = value.strip()
    if not value:
        return queryset
    key = search_key(value)
    return queryset.filter(Q(**{f"{prefix}full_name__icontains": value})
                           | Q(**{f"{prefix}search_text__contains": key})
                           | Q(**{f"{prefix}identity_number__startswith": value}))


class RuleFilterSet(KcnFilterSet):
    class Meta:
        model = MonitoringRule
        fields = ["board"]


class AreaFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    province = django_filters.ModelChoiceFilter(queryset=Province.objects.all(), label=_("Tỉnh, thành phố"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("Đang là vùng dịch"))

    class Meta:
        model = OutbreakArea
        fields = ["q", "province", "active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(province__name__icontains=value) | Q(commune__name__icontains=value)
                               | Q(source__icontains=value))

    def filter_active(self, queryset, name, value):
        today = timezone.localdate()
        active = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
        return queryset.filter(active) if value else queryset.exclude(active)


class TravelFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    status = django_filters.ChoiceFilter(choices=MonitoringStatus.choices, method="filter_status",
                                         label=_("Tình trạng"))
    enterprise = django_filters.ModelChoiceFilter(queryset=scoped(Enterprise), label=_("Doanh nghiệp"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))
    area = django_filters.ModelChoiceFilter(queryset=scoped(OutbreakArea), label=_("Vùng dịch"))
    direction = django_filters.ChoiceFilter(choices=TravelDirection.choices, label=_("Hình thức"))
    returned_from = django_filters.DateFilter(field_name="return_date", lookup_expr="gte", label=_("Về từ ngày"))
    returned_to = django_filters.DateFilter(field_name="return_date", lookup_expr="lte", label=_("Về đến ngày"))

    class Meta:
        model = TravelDeclaration
        fields = ["q", "status", "enterprise", "zone", "area", "direction", "returned_from", "returned_to"]

    def search(self, queryset, name, value):
        return _worker_search(queryset, value)

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == MonitoringStatus.QUARANTINE:
            return queryset.filter(return_date__lte=today, quarantine_end__gte=today)
        if value == MonitoringStatus.SELF_ISOLATION:
            return queryset.filter(isolation_end__gte=today).filter(Q(quarantine_end__isnull=True)
                                                                    | Q(quarantine_end__lt=today))
        return queryset.filter(isolation_end__lt=today)


class HealthFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    date = django_filters.DateFilter(label=_("Ngày"))
    symptomatic = django_filters.BooleanFilter(label=_("Có triệu chứng"))
    enterprise = django_filters.ModelChoiceFilter(queryset=scoped(Enterprise), label=_("Doanh nghiệp"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))

    class Meta:
        model = HealthDeclaration
        fields = ["q", "date", "symptomatic", "enterprise", "zone"]

    def search(self, queryset, name, value):
        return _worker_search(queryset, value)


class CommitmentTextFilterSet(KcnFilterSet):
    class Meta:
        model = CommitmentText
        fields = []


class AcknowledgementFilterSet(KcnFilterSet):
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))

    class Meta:
        model = CommitmentAcknowledgement
        fields = ["text", "zone", "enterprise"]


class PendingFilterSet(KcnFilterSet):
    """Filters of the "not yet acknowledged" list (its rows are enterprises)."""

    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), label=_("Khu công nghiệp"))

    class Meta:
        model = Enterprise
        fields = ["q", "zone"]

    def search(self, queryset, name, value):
        return queryset.filter(search_text__contains=search_key(value)) if value.strip() else queryset


class CallFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    enterprise = django_filters.ModelChoiceFilter(queryset=scoped(Enterprise), label=_("Doanh nghiệp"))
    follow_up = django_filters.ChoiceFilter(
        method="filter_follow_up", label=_("Xử lý tiếp"),
        choices=[("open", _("Cần xử lý, chưa xong")), ("done", _("Đã xử lý xong")), ("none", _("Không cần"))])
    called_from = django_filters.DateFilter(field_name="called_at", lookup_expr="date__gte", label=_("Từ ngày"))
    called_to = django_filters.DateFilter(field_name="called_at", lookup_expr="date__lte", label=_("Đến ngày"))

    class Meta:
        model = HotlineCall
        fields = ["q", "enterprise", "follow_up", "called_from", "called_to"]

    def search(self, queryset, name, value):
        return queryset.filter(search_text__contains=search_key(value)) if value.strip() else queryset

    def filter_follow_up(self, queryset, name, value):
        if value == "open":
            return queryset.filter(follow_up_needed=True, follow_up_done=False)
        if value == "done":
            return queryset.filter(follow_up_needed=True, follow_up_done=True)
        return queryset.filter(follow_up_needed=False)
