"""Trends page: line charts of a schedule's summed fields over time for the board, a department
or a zone, the same figures as an accessible table, and their download as .xlsx or .csv.

The figures come from ``trends.trend_for`` (pre-aggregated total rows, a fixed number of
queries whatever the range); who may pick which object is ``trends.reach_for``. A schedule or
an object outside the user's reach answers 404, like one that does not exist.
"""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from kcn.core.exporters import ExportColumn, export_response

from . import trends
from .consolidation import field_columns
from .views_overview import vn_number

SEPARATOR = ":"


class TrendForm(forms.Form):
    """What to draw. ``target`` is "level:id" (board:1, department:3, zone:7), one select for both."""

    schedule = forms.ChoiceField(label=gettext_lazy("Lịch báo cáo"))
    target = forms.ChoiceField(label=gettext_lazy("Xem theo"), required=False)
    fields = forms.MultipleChoiceField(label=gettext_lazy("Chỉ tiêu"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    date_from = forms.CharField(label=gettext_lazy("Từ ngày"), required=False, max_length=10,
                                widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
    date_to = forms.CharField(label=gettext_lazy("Đến ngày"), required=False, max_length=10,
                              widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))

    def __init__(self, data, *, schedules, schedule, reach, columns):
        super().__init__(data)
        self.fields["schedule"].choices = [(str(item.pk), item.name) for item in schedules]
        self.fields["schedule"].initial = str(schedule.pk)
        groups = []
        for level, label in reach.levels:
            groups.append((label, [(f"{level}{SEPARATOR}{obj.pk}", str(obj) if level != trends.BOARD else _("Toàn Ban"))
                                   for obj in reach.objects(level)]))
        self.fields["target"].choices = groups
        self.fields["fields"].choices = [(column["code"], _label(column)) for column in columns]


def _label(column):
    if column["unit"]:
        return _("%(label)s (%(unit)s)") % {"label": column["label"], "unit": column["unit"]}
    return column["label"]


def _default_target(reach):
    for level, _label_text in reach.levels:
        return f"{level}{SEPARATOR}{reach.objects(level)[0].pk}"
    return ""


def _chart_data(trend):
    return {
        "labels": [period.label for period in trend.periods],
        "series": [{"code": series.code, "label": _label({"label": series.label, "unit": series.unit}),
                    "values": [float(point.value) if point.value is not None else None for point in series.points]}
                   for series in trend.series],
    }


def _rows(trend):
    rows = []
    for index, period in enumerate(trend.periods):
        rows.append({
            "period": period, "reports": trend.reports[index],
            "values": [series.points[index].value for series in trend.series],
            "cells": [vn_number(series.points[index].value) if series.points[index].value is not None else "–"
                      for series in trend.series],
        })
    return rows


def export_columns(trend):
    columns = [
        ExportColumn(_("Kỳ báo cáo"), lambda row: row["period"].label),
        ExportColumn(_("Từ ngày"), lambda row: row["period"].start),
        ExportColumn(_("Đến ngày"), lambda row: row["period"].end),
        ExportColumn(_("Số báo cáo đã nộp"), lambda row: row["reports"]),
    ]
    for index, series in enumerate(trend.series):
        columns.append(ExportColumn(_label({"label": series.label, "unit": series.unit}),
                                    lambda row, index=index: _plain_number(row["values"][index])))
    return columns


def _plain_number(value):
    """1200.000000 -> 1200 and 1.500000 -> 1.5 in the files (totals are stored at 6 decimal places)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


class TrendView(LoginRequiredMixin, View):
    template_name = "reporting/trends/trend.html"

    def get(self, request):
        user = request.user
        if not trends.may_view_trends(user):
            raise Http404
        schedules = list(trends.trend_schedules(user))
        if not schedules:
            return render(request, self.template_name, {"form": None})
        schedule = self._schedule(request, schedules)
        reach = trends.reach_for(user, schedule)
        columns = field_columns(schedule.template_id)
        data = request.GET.copy()
        data.setdefault("schedule", str(schedule.pk))
        if not data.get("target"):
            data["target"] = _default_target(reach)
        form = TrendForm(data, schedules=schedules, schedule=schedule, reach=reach, columns=columns)
        level, _sep, object_id = data["target"].partition(SEPARATOR)
        if data["target"] and reach.find(level, object_id) is None:
            raise Http404
        trend = None
        if form.is_valid() and data["target"]:
            try:
                trend = trends.trend_for(user=user, schedule=schedule, level=level, object_id=object_id,
                                         date_from=form.cleaned_data["date_from"],
                                         date_to=form.cleaned_data["date_to"],
                                         fields=form.cleaned_data["fields"] or None)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(name if name in form.fields else None, message)
        export = request.GET.get("export")
        if trend is not None and export in ("xlsx", "csv"):
            return export_response(export, export_columns(trend), _rows(trend), f"xu-huong-{schedule.pk}",
                                   _("Xu hướng"))
        return render(request, self.template_name, {
            "form": form, "schedule": schedule, "trend": trend, "rows": _rows(trend) if trend else [],
            "chart": _chart_data(trend) if trend else None, "has_fields": bool(columns),
            "default_periods": trends.DEFAULT_PERIODS,
        })

    @staticmethod
    def _schedule(request, schedules):
        chosen = request.GET.get("schedule")
        if not chosen:
            return schedules[0]
        for schedule in schedules:
            if str(schedule.pk) == chosen:
                return schedule
        raise Http404
