"""One FilterSet per model with a list, shared by the pages and the API (NetBox's pattern)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.core.text import search_key
from kcn.registry.models import Enterprise, Zone

from .choices import ActionStatus, InspectionStatus, Topic
from .models import Checklist, CorrectiveAction, Finding, Inspection

DATE_INPUT = {"placeholder": "dd/mm/yyyy"}


class ChecklistFilterSet(KcnFilterSet):
    topic = django_filters.ChoiceFilter(choices=Topic.choices, label=_("Chủ đề"))
    is_active = django_filters.BooleanFilter(label=_("Đang dùng"))

    class Meta:
        model = Checklist
        fields = ["topic", "is_active"]


class InspectionFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))
    enterprise = django_filters.ModelChoiceFilter(queryset=scoped(Enterprise), label=_("Doanh nghiệp"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("Trạng thái"))
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("Từ ngày"),
                                          input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Đến ngày"),
                                        input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    class Meta:
        model = Inspection
        fields = ["q", "zone", "enterprise", "status", "date_from", "date_to"]

    def search(self, queryset, name, value):
        return queryset.filter(enterprise__search_text__contains=search_key(value))


class FindingFilterSet(KcnFilterSet):
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("Biên bản kiểm tra"))

    class Meta:
        model = Finding
        fields = ["inspection"]


class CorrectiveActionFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label=_("Trạng thái"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Quá hạn"))
    inspection = django_filters.NumberFilter(field_name="inspection_id", label=_("Biên bản kiểm tra"))

    class Meta:
        model = CorrectiveAction
        fields = ["q", "zone", "status", "overdue", "inspection"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(enterprise__search_text__contains=search_key(value))
                               | Q(description__icontains=value))

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status=ActionStatus.OPEN, due_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)
