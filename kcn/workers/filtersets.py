"""One FilterSet for the worker list, shared by the page and the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet
from kcn.registry.models import Enterprise

from .models import Worker
from .selectors import search_q, worker_enterprises

STATUS_CHOICES = (("active", _("Đang làm")), ("left", _("Đã nghỉ")))


def _enterprises(request):
    return worker_enterprises(request.user) if request is not None else Enterprise.objects.none()


class WorkerFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label=_("Tìm theo tên hoặc số CCCD"),
        widget=forms.TextInput(attrs={"placeholder": _("Họ tên (có thể không dấu) hoặc CCCD")}))
    enterprise = django_filters.ModelChoiceFilter(queryset=_enterprises, label=_("Doanh nghiệp"))
    workshop = django_filters.CharFilter(label=_("Phân xưởng"))
    production_line = django_filters.CharFilter(label=_("Dây chuyền"))
    team = django_filters.CharFilter(label=_("Tổ"))
    shift = django_filters.CharFilter(label=_("Ca"))
    dormitory = django_filters.CharFilter(label=_("Ký túc xá"))
    room = django_filters.CharFilter(label=_("Phòng"))
    bus_route = django_filters.CharFilter(label=_("Tuyến xe"))
    vaccine_doses = django_filters.NumberFilter(label=_("Số mũi vắc-xin"), min_value=0)
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", label=_("Tình trạng"),
                                         empty_label=_("Tất cả"))

    class Meta:
        model = Worker
        fields = ["q", "enterprise", "workshop", "production_line", "team", "shift", "dormitory", "room",
                  "bus_route", "vaccine_doses", "status"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value)) if value.strip() else queryset

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(left_on__isnull=True)
        if value == "left":
            return queryset.filter(left_on__isnull=False)
        return queryset
