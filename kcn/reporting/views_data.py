"""“Xuất số liệu báo cáo”: the raw reports of a schedule over a date range, as .xlsx.

The form offers only the schedules, zones and departments the user may export; a value outside
them is refused on its field, like any other invalid choice. The file is built synchronously
into a temporary file and streamed back: a zone's year of daily reports takes seconds
(``bench/export_year.py``), well inside the web server's timeout, so a background job and its
progress page would only add a step. The temporary file has no name on disk, so it disappears
when the response is closed, whether or not the download finishes.
"""

import datetime
import tempfile

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import XLSX_MIME
from kcn.core.forms import KcnForm
from kcn.core.permissions import role_allows
from kcn.registry.models import Department, Zone

from .exports_data import MAX_DAYS, MAX_ROWS, export_filename, export_size, submissions_xlsx
from .models import Schedule, Submission
from .views_overview import vn_number

DEFAULT_DAYS = 365


class DataExportForm(KcnForm):
    """Which reports to export: a schedule, optionally one zone or one department, and the dates."""

    schedule = forms.ModelChoiceField(label=_("Lịch báo cáo"), queryset=Schedule.objects.none(),
                                      empty_label=_("— Chọn lịch báo cáo —"),
                                      error_messages={"required": _("Hãy chọn lịch báo cáo."),
                                                      "invalid_choice": _("Lịch báo cáo này không có hoặc bạn "
                                                                          "không được xuất số liệu của nó.")})
    zone = forms.ModelChoiceField(label=_("Khu công nghiệp"), queryset=Zone.objects.none(), required=False,
                                  empty_label=_("Mọi khu công nghiệp trong phạm vi của bạn"),
                                  error_messages={"invalid_choice": _("Khu công nghiệp này không có hoặc ngoài "
                                                                      "phạm vi của bạn.")})
    department = forms.ModelChoiceField(label=_("Phòng theo dõi"), queryset=Department.objects.none(),
                                        required=False, empty_label=_("Mọi phòng"),
                                        help_text=_("Các khu công nghiệp phòng đang theo dõi."),
                                        error_messages={"invalid_choice": _("Phòng này không có hoặc ngoài "
                                                                            "phạm vi của bạn.")})
    date_from = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(format="%d/%m/%Y"),
                                error_messages={"required": _("Hãy nhập ngày bắt đầu (dd/mm/yyyy)."),
                                                "invalid": _("Ngày bắt đầu phải theo dạng dd/mm/yyyy, "
                                                             "ví dụ 01/01/2026.")})
    date_to = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(format="%d/%m/%Y"),
                              error_messages={"required": _("Hãy nhập ngày kết thúc (dd/mm/yyyy)."),
                                              "invalid": _("Ngày kết thúc phải theo dạng dd/mm/yyyy, "
                                                           "ví dụ 31/12/2026.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["schedule"].queryset = (Schedule.objects.restrict(user, Action.EXPORT)
                                            .select_related("template").order_by("name", "pk"))
        self.fields["zone"].queryset = Zone.objects.restrict(user, Action.EXPORT).order_by("code")
        self.fields["department"].queryset = Department.objects.restrict(user, Action.EXPORT).order_by("name")

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to:
            if date_to < date_from:
                self.add_error("date_to", _("“Đến ngày” phải bằng hoặc sau “Từ ngày”."))
            elif (date_to - date_from).days + 1 > MAX_DAYS:
                self.add_error("date_to", _("Mỗi lần xuất tối đa %(days)s ngày; hãy rút ngắn khoảng thời gian.")
                               % {"days": MAX_DAYS})
        if data.get("zone") and data.get("department"):
            self.add_error("department", _("Chọn một khu công nghiệp hoặc một phòng, không chọn cả hai."))
        if not self.errors:
            size = export_size(self.user, data["schedule"], zone=data.get("zone"), department=data.get("department"),
                               date_from=date_from, date_to=date_to)
            if size > MAX_ROWS:
                raise forms.ValidationError(too_many_message(size))
        return data


def too_many_message(size):
    return _("Khoảng này có %(count)s báo cáo, quá %(max)s báo cáo cho một lần xuất; hãy chọn một khu công "
             "nghiệp hoặc một phòng, hoặc rút ngắn khoảng thời gian.") % {
        "count": vn_number(size), "max": vn_number(MAX_ROWS)}


def default_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last 365 days, today included."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=DEFAULT_DAYS - 1), today


def xlsx_file_response(user, *, schedule, zone, department, date_from, date_to) -> FileResponse:
    """Build the export into a temporary file and stream it back. The file has no name on disk
    (``TemporaryFile``): it is gone when the response closes it, even if the download stops."""
    handle = tempfile.TemporaryFile(prefix="kcn-so-lieu-", suffix=".xlsx")
    try:
        submissions_xlsx(user, schedule, zone=zone, department=department, date_from=date_from, date_to=date_to,
                         out=handle)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    name = export_filename(schedule, zone=zone, department=department, date_from=date_from, date_to=date_to)
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX_MIME)


class DataExportView(LoginRequiredMixin, View):
    """GET without ``schedule`` shows the form (the last 365 days by default); with it, the file
    or the form with its errors."""

    template_name = "reporting/data/export.html"

    def get(self, request):
        user = request.user
        if not role_allows(user, Submission, Action.EXPORT):
            raise Http404
        if "schedule" not in request.GET:
            date_from, date_to = default_range()
            form = DataExportForm(user=user, initial={"date_from": date_from, "date_to": date_to})
            return render(request, self.template_name, {"form": form})
        form = DataExportForm(request.GET, user=user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data
        return xlsx_file_response(user, schedule=data["schedule"], zone=data["zone"], department=data["department"],
                                  date_from=data["date_from"], date_to=data["date_to"])
