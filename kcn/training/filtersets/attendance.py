"""FilterSet of attendance, shared by the pages and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kcn.core.filtersets import KcnFilterSet

from ..choices import AttendanceStatus
from ..models import Attendance


class AttendanceFilterSet(KcnFilterSet):
    session = django_filters.NumberFilter(field_name="day__session_id", label=_("Đợt"))
    day = django_filters.NumberFilter(field_name="day_id", label=_("Ngày học"))
    date = django_filters.DateFilter(field_name="day__date", label=_("Ngày"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    enrolment = django_filters.NumberFilter(field_name="enrolment_id", label=_("Học viên"))
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices, label=_("Điểm danh"))

    class Meta:
        model = Attendance
        fields = ["session", "day", "date", "enrolment", "status"]
