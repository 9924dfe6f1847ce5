"""The case list's filters, shared by the page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.registry.models import Enterprise, Zone

from .choices import CaseStatus, Decision, PersonStatus
from .models import Case, Contact


class CaseFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    enterprise = django_filters.ModelChoiceFilter(queryset=scoped(Enterprise), label=_("Doanh nghiệp"))
    zone = django_filters.ModelChoiceFilter(queryset=scoped(Zone), field_name="enterprise__zone",
                                            label=_("Khu công nghiệp"))
    date_from = django_filters.DateFilter(field_name="positive_test_date", lookup_expr="gte",
                                          label=_("Dương tính từ ngày"))
    date_to = django_filters.DateFilter(field_name="positive_test_date", lookup_expr="lte",
                                        label=_("Dương tính đến ngày"))
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Trạng thái"))

    class Meta:
        model = Case
        fields = ["q", "enterprise", "zone", "date_from", "date_to", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(worker__full_name__icontains=value) | Q(identity_number=value)
                               | Q(enterprise__name__icontains=value))


class ContactFilterSet(KcnFilterSet):
    case = django_filters.NumberFilter(field_name="case_id", label=_("Ca bệnh"))
    generation = django_filters.NumberFilter(label=_("Thế hệ"))
    decision = django_filters.ChoiceFilter(choices=Decision.choices, label=_("Xác nhận"))
    status = django_filters.ChoiceFilter(choices=PersonStatus.choices, label=_("Tình trạng"))
    enterprise = django_filters.ModelChoiceFilter(queryset=scoped(Enterprise), label=_("Doanh nghiệp"))

    class Meta:
        model = Contact
        fields = ["case", "generation", "decision", "status", "enterprise"]
