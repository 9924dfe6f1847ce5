"""One FilterSet per list, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet
from kcn.core.text import search_key
from kcn.registry.models import Enterprise, Zone

from .choices import AssessmentStatus, Level, PlanStatus
from .models import ChecklistItem, EnterpriseLevel, ScenarioPlan, SelfAssessment, ZoneLevel

LEVEL_CHOICES = [("0", _("Chưa xác định")), *[(str(value), label) for value, label in Level.choices]]


def visible_zones(request):
    from .selectors import visible_zones_q

    if request is None:
        return Zone.objects.none()
    return Zone.objects.filter(visible_zones_q(request.user)).order_by("name")


def _search_enterprise(queryset, path, value):
    key = search_key(value)
    return queryset.filter(**{f"{path}search_text__contains": key}) if key else queryset


class EnterpriseLevelListFilterSet(KcnFilterSet):
    """Enterprises with their current level (the "Cấp độ dịch" page)."""

    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, label=_("Khu công nghiệp"))
    level = django_filters.ChoiceFilter(choices=LEVEL_CHOICES, method="filter_level", label=_("Cấp độ"))

    class Meta:
        model = Enterprise
        fields = ["q", "zone", "level"]

    def search(self, queryset, name, value):
        return _search_enterprise(queryset, "", value)

    def filter_level(self, queryset, name, value):
        if value == "0":
            return queryset.filter(current_level__isnull=True)
        return queryset.filter(current_level=int(value))


class EnterpriseLevelFilterSet(KcnFilterSet):
    """Level history rows (API)."""

    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Doanh nghiệp"))
    zone = django_filters.NumberFilter(field_name="enterprise__zone_id", label=_("Khu công nghiệp"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Cấp độ"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("Chỉ cấp độ hiện tại"))

    class Meta:
        model = EnterpriseLevel
        fields = ["enterprise", "zone", "level", "current"]

    def filter_current(self, queryset, name, value):
        from .selectors import current_enterprise_levels

        ids = current_enterprise_levels().values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class ZoneLevelFilterSet(KcnFilterSet):
    zone = django_filters.NumberFilter(field_name="zone_id", label=_("Khu công nghiệp"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Cấp độ"))

    class Meta:
        model = ZoneLevel
        fields = ["zone", "level"]


class SelfAssessmentFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices, label=_("Trạng thái"))
    class Meta:
        model = SelfAssessment
        fields = ["q", "zone", "status"]

    def search(self, queryset, name, value):
        return _search_enterprise(queryset, "enterprise__", value)


class ScenarioPlanFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("Trạng thái"))
    class Meta:
        model = ScenarioPlan
        fields = ["q", "zone", "status"]

    def search(self, queryset, name, value):
        return _search_enterprise(queryset, "enterprise__", value)


class ChecklistItemFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    zone = django_filters.ModelChoiceFilter(queryset=visible_zones, field_name="checklist__enterprise__zone",
                                            label=_("Khu công nghiệp"))
    done = django_filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True,
                                        label=_("Đã hoàn thành"))

    class Meta:
        model = ChecklistItem
        fields = ["q", "zone", "done"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(owner__icontains=value)
                               | Q(checklist__enterprise__search_text__contains=search_key(value)))


# --- The API's filters: the pages' plus the enterprise's id.


class SelfAssessmentApiFilterSet(SelfAssessmentFilterSet):
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Doanh nghiệp"))

    class Meta(SelfAssessmentFilterSet.Meta):
        fields = [*SelfAssessmentFilterSet.Meta.fields, "enterprise"]


class ScenarioPlanApiFilterSet(ScenarioPlanFilterSet):
    enterprise = django_filters.NumberFilter(field_name="enterprise_id", label=_("Doanh nghiệp"))

    class Meta(ScenarioPlanFilterSet.Meta):
        fields = [*ScenarioPlanFilterSet.Meta.fields, "enterprise"]


class ChecklistItemApiFilterSet(ChecklistItemFilterSet):
    enterprise = django_filters.NumberFilter(field_name="checklist__enterprise_id", label=_("Doanh nghiệp"))

    class Meta(ChecklistItemFilterSet.Meta):
        fields = [*ChecklistItemFilterSet.Meta.fields, "enterprise"]
