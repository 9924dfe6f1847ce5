"""The certificate FilterSet, shared by the list page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped

from ..models import Certificate, Course, Programme


class CertificateFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    programme = django_filters.ModelChoiceFilter(queryset=scoped(Programme), field_name="enrolment__course__programme",
                                                 label=_("Chương trình"))
    course = django_filters.ModelChoiceFilter(queryset=scoped(Course), field_name="enrolment__course",
                                              label=_("Khóa"))
    revoked = django_filters.BooleanFilter(method="filter_revoked", label=_("Đã thu hồi"))

    class Meta:
        model = Certificate
        fields = ["q", "programme", "course", "revoked"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(enrolment__trainee__full_name__icontains=value) | Q(code__icontains=value)
                               | Q(number__icontains=value))

    def filter_revoked(self, queryset, name, value):
        return queryset.filter(revoked_at__isnull=not value)
