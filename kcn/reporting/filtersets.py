"""One FilterSet per reporting model, shared by the pages and the API (NetBox's pattern).

Choice lists of related rows (periods, enterprises, zones) are restricted to the user's scope,
so a filter never reveals a row the user may not see.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.registry.models import Enterprise, Zone

from .choices import Frequency, SubmissionStatus
from .models import Period, ReportTemplate, Schedule, Submission


class TemplateFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    is_builtin = django_filters.BooleanFilter(label=_("Có sẵn trong KCN"))

    class Meta:
        model = ReportTemplate
        fields = ["q", "is_builtin"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(description__icontains=value))


class ScheduleFilterSet(KcnFilterSet):
    template = django_filters.ModelChoiceFilter(queryset=scoped(ReportTemplate), label=_("Mẫu báo cáo"))
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices, label=_("Tần suất"))
    is_active = django_filters.BooleanFilter(label=_("Đang áp dụng"))

    class Meta:
        model = Schedule
        fields = ["template", "frequency", "is_active"]


class PeriodFilterSet(KcnFilterSet):
    """``date_from``/``date_to``: the periods that overlap that range (either end may be left open)."""

    schedule = django_filters.ModelChoiceFilter(queryset=scoped(Schedule), label=_("Lịch báo cáo"))
    date_from = django_filters.DateFilter(field_name="end", lookup_expr="gte", label=_("Từ ngày"))
    date_to = django_filters.DateFilter(field_name="start", lookup_expr="lte", label=_("Đến ngày"))
    locked = django_filters.BooleanFilter(field_name="locked_at", lookup_expr="isnull", exclude=True,
                                          label=_("Đã khóa"))

    class Meta:
        model = Period
        fields = ["schedule", "date_from", "date_to", "locked"]


class SubmissionFilterSet(KcnFilterSet):
    period = django_filters.ModelChoiceFilter(queryset=scoped(Period), label=_("Kỳ báo cáo"))
    schedule = django_filters.ModelChoiceFilter(queryset=scoped(Schedule), field_name="period__schedule",
                                                label=_("Lịch báo cáo"))
    enterprise = django_filters.ModelChoiceFilter(queryset=scoped(Enterprise), label=_("Doanh nghiệp"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))
    status = django_filters.ChoiceFilter(choices=SubmissionStatus.choices, label=_("Trạng thái"))

    class Meta:
        model = Submission
        fields = ["period", "schedule", "enterprise", "zone", "status"]
