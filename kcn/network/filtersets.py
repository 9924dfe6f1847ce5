"""One FilterSet per model with a list, shared by the pages and the API (NetBox's pattern)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.registry.choices import Sector
from kcn.registry.models import LegacyProvince, Province
from kcn.training.choices import OrganisationType
from kcn.training.models import Programme

from .choices import ActivityKind, ActivityStatus, DocumentKind, DocumentTopic, EvaluationRating, WorkshopStatus
from .models import ActivityUpdate, Consultant, CpActivity, Document, Evaluation, Workshop
from .selectors import consultant_search, document_search


def _provinces(request):
    return Province.objects.order_by("name")


def _legacy_provinces(request):
    return LegacyProvince.objects.select_related("successor").order_by("name")


class ConsultantFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm theo tên"))
    province = django_filters.ModelChoiceFilter(queryset=_provinces, label=_("Tỉnh, thành phố (hiện nay)"))
    legacy_province = django_filters.ModelChoiceFilter(
        queryset=_legacy_provinces, method="filter_legacy_province", label=_("Tỉnh cũ (trước 01/07/2025)"))
    organisation = django_filters.CharFilter(lookup_expr="icontains", label=_("Cơ quan, đơn vị"))
    organisation_type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Loại đơn vị"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, field_name="sectors__sector", distinct=True,
                                         label=_("Ngành có kinh nghiệm"))
    certificate = django_filters.CharFilter(method="filter_certificate", label=_("Mã chứng chỉ"))

    class Meta:
        model = Consultant
        fields = ["q", "province", "legacy_province", "organisation", "organisation_type", "sector", "certificate"]

    def search(self, queryset, name, value):
        return consultant_search(queryset, value)

    def filter_legacy_province(self, queryset, name, value: int):
        # A province named before 1 July 2025 now belongs to its successor: search there.
        return queryset.filter(province_id=value.successor_id)

    def filter_certificate(self, queryset, name, value):
        code = value.strip().upper()
        return queryset.filter(enrolments__certificate__code=code).distinct() if code else queryset


class CpActivityFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Tìm theo tên hoạt động"))
    trainee = django_filters.NumberFilter(field_name="trainee_id", label=_("Chuyên gia"))
    programme = django_filters.ModelChoiceFilter(queryset=scoped(Programme), label=_("Chương trình"))
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices, label=_("Loại hoạt động"))
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices, label=_("Trạng thái"))

    class Meta:
        model = CpActivity
        fields = ["q", "trainee", "programme", "kind", "status"]


class ActivityUpdateFilterSet(KcnFilterSet):
    activity = django_filters.NumberFilter(field_name="activity_id", label=_("Hoạt động"))
    year = django_filters.NumberFilter(label=_("Năm"))
    quarter = django_filters.NumberFilter(label=_("Quý"))

    class Meta:
        model = ActivityUpdate
        fields = ["activity", "year", "quarter"]


class EvaluationFilterSet(KcnFilterSet):
    trainee = django_filters.NumberFilter(field_name="trainee_id", label=_("Chuyên gia"))
    year = django_filters.NumberFilter(label=_("Năm"))
    half = django_filters.NumberFilter(label=_("6 tháng"))
    rating = django_filters.ChoiceFilter(choices=EvaluationRating.choices, label=_("Đánh giá"))

    class Meta:
        model = Evaluation
        fields = ["trainee", "year", "half", "rating"]


class WorkshopFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Tìm theo tên hội thảo"))
    province = django_filters.ModelChoiceFilter(queryset=_provinces, label=_("Tỉnh, thành phố"))
    status = django_filters.ChoiceFilter(choices=WorkshopStatus.choices, label=_("Trạng thái"))
    year = django_filters.NumberFilter(field_name="start_date__year", label=_("Năm"))

    class Meta:
        model = Workshop
        fields = ["q", "province", "status", "year"]


class DocumentFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm theo tên, tóm tắt"))
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("Loại"))
    topic = django_filters.ChoiceFilter(choices=DocumentTopic.choices, label=_("Chủ đề"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Ngành"))
    year = django_filters.NumberFilter(field_name="published_on__year", label=_("Năm ban hành"))
    workshop = django_filters.NumberFilter(field_name="workshop_id", label=_("Hội thảo"))

    class Meta:
        model = Document
        fields = ["q", "kind", "topic", "sector", "year", "workshop"]

    def search(self, queryset, name, value):
        return document_search(queryset, value)
