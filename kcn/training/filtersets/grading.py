"""FilterSets of grading, shared by the pages and the API."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet, scoped

from ..models import Coaching, Course, FieldReport, Grade, GradeBand, RubricCriterion


class FieldReportFilterSet(KcnFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Tìm kiếm"))
    course = django_filters.ModelChoiceFilter(queryset=scoped(Course), field_name="enrolment__course",
                                              label=_("Khóa"))
    coaching = django_filters.ModelChoiceFilter(queryset=scoped(Coaching), label=_("Đợt hướng dẫn"))
    graded = django_filters.BooleanFilter(method="filter_graded", label=_("Đã chấm"))

    class Meta:
        model = FieldReport
        fields = ["q", "course", "coaching", "graded"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(enrolment__trainee__full_name__icontains=value) | Q(title__icontains=value))

    def filter_graded(self, queryset, name, value):
        graded = Exists(Grade.objects.filter(report=OuterRef("pk")))
        return queryset.filter(graded) if value else queryset.exclude(graded)


class RubricCriterionFilterSet(KcnFilterSet):
    course = django_filters.NumberFilter(field_name="course_id", label=_("Khóa"))

    class Meta:
        model = RubricCriterion
        fields = ["course", "target"]


class GradeBandFilterSet(KcnFilterSet):
    course = django_filters.NumberFilter(field_name="course_id", label=_("Khóa"))

    class Meta:
        model = GradeBand
        fields = ["course"]


class GradeFilterSet(KcnFilterSet):
    course = django_filters.NumberFilter(field_name="enrolment__course_id", label=_("Khóa"))
    enrolment = django_filters.NumberFilter(field_name="enrolment_id", label=_("Học viên"))
    criterion = django_filters.NumberFilter(field_name="criterion_id", label=_("Tiêu chí"))
    report = django_filters.NumberFilter(field_name="report_id", label=_("Báo cáo thu hoạch"))

    class Meta:
        model = Grade
        fields = ["course", "enrolment", "criterion", "report"]
