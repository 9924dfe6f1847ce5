import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet

from .choices import Role
from .models import User


class UserFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Vai trò"))
    is_active = django_filters.BooleanFilter(label=_("Đang hoạt động"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value) | Q(full_name__icontains=value) | Q(email__icontains=value)
            | Q(organisation__icontains=value)
        )
