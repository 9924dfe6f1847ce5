"""FilterSets of the courses area, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped
from kcn.registry.choices import Sector
from kcn.registry.models import Province

from ..choices import CoachingStatus, CourseStatus, EnrolmentStatus, OrganisationType
from ..models import Coaching, Course, Enrolment, Programme, Session, Trainee
from ..selectors.courses import trainee_search


def _provinces(request):
    return Province.objects.all()


class ProgrammeFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    year = django_filters.NumberFilter(method="filter_year", label=_("Năm"))

    class Meta:
        model = Programme
        fields = ["q", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(sponsor__icontains=value))

    def filter_year(self, queryset, name, value):
        return queryset.filter(Q(start_year__lte=value) & (Q(end_year__gte=value) | Q(end_year__isnull=True)))


class CourseFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    programme = django_filters.ModelChoiceFilter(queryset=scoped(Programme), label=_("Chương trình"))
    status = django_filters.ChoiceFilter(choices=CourseStatus.choices, label=_("Trạng thái"))
    year = django_filters.NumberFilter(field_name="start_date", lookup_expr="year", label=_("Năm bắt đầu"))

    class Meta:
        model = Course
        fields = ["q", "programme", "status", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value)


class SessionFilterSet(KcnFilterSet):
    course = django_filters.ModelChoiceFilter(queryset=scoped(Course), label=_("Khóa"))

    class Meta:
        model = Session
        fields = ["course"]


class TraineeFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"),
                                  help_text=_("Họ tên, đơn vị hoặc thư điện tử; gõ không dấu cũng được."))
    organisation_type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Loại đơn vị"))
    province = django_filters.ModelChoiceFilter(queryset=_provinces, label=_("Tỉnh, thành phố"))
    sector = django_filters.ChoiceFilter(choices=Sector.choices, field_name="sectors__sector", distinct=True,
                                         label=_("Ngành có kinh nghiệm"))
    course = django_filters.ModelChoiceFilter(queryset=scoped(Course), field_name="enrolments__course",
                                              distinct=True, label=_("Khóa"))

    class Meta:
        model = Trainee
        fields = ["q", "organisation_type", "province", "sector", "course"]

    def search(self, queryset, name, value):
        return trainee_search(queryset, value)


class EnrolmentFilterSet(KcnFilterSet):
    course = django_filters.ModelChoiceFilter(queryset=scoped(Course), label=_("Khóa"))
    status = django_filters.ChoiceFilter(choices=EnrolmentStatus.choices, label=_("Trạng thái"))
    trainee = django_filters.NumberFilter(field_name="trainee_id", label=_("Học viên"))

    class Meta:
        model = Enrolment
        fields = ["course", "status", "trainee"]


class CoachingFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(field_name="enterprise_name", lookup_expr="icontains", label=_("Tìm kiếm"))
    course = django_filters.ModelChoiceFilter(queryset=scoped(Course), field_name="session__course",
                                              label=_("Khóa"))
    status = django_filters.ChoiceFilter(choices=CoachingStatus.choices, label=_("Trạng thái"))
    session = django_filters.NumberFilter(field_name="session_id", label=_("Đợt"))

    class Meta:
        model = Coaching
        fields = ["q", "course", "status", "session"]
