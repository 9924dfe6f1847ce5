"""Attendance pages: the trainer's grid per session, the QR code shown in class, and the trainee's
check-in by that code (or by the six digits shown beside it).

Rows are reached through ``restrict``; a row out of scope answers 404 like one that does not exist.
"""

import segno
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import export_response
from kcn.core.permissions import role_allows
from kcn.core.views import ScopedViewMixin, _attach_errors

from ..constants import CHECKIN_TOKEN_MAX_AGE_SECONDS
from ..forms.attendance import AttendanceGridForm, CheckinCodeForm, was_name
from ..models import Attendance, Session, SessionDay
from ..selectors.attendance import ATTENDED, attendance_grid
from ..services import attendance as services
from ..tables.attendance import attendance_export_columns

# The page showing the QR code renews it well before it expires.
CHECKIN_REFRESH_SECONDS = CHECKIN_TOKEN_MAX_AGE_SECONDS // 3


class AttendanceSessionView(ScopedViewMixin, View):
    """Trainees × days of one session; the trainer (or the manager) saves the whole grid at once."""

    model = Session
    queryset = Session.objects.select_related("course__programme")
    template_name = "training/attendance/session_grid.html"

    def get(self, request, pk):
        if not role_allows(request.user, Attendance, Action.VIEW):
            raise Http404
        session = self.get_object()
        days, rows = attendance_grid(user=request.user, session=session)
        if request.GET.get("export") == "xlsx":
            if not role_allows(request.user, Attendance, Action.EXPORT):
                raise Http404
            return export_response("xlsx", attendance_export_columns(days), rows,
                                   f"diem-danh-dot-{session.number}", _("Điểm danh"))
        return self.render(session, days, rows)

    def post(self, request, pk):
        if not role_allows(request.user, Attendance, Action.CHANGE):
            raise Http404
        session = self.get_object()
        days, rows = attendance_grid(user=request.user, session=session)
        form = AttendanceGridForm(request.POST, days=days, rows=rows, user=request.user)
        if form.is_valid():
            try:
                changed = services.attendance_record_grid(user=request.user, session=session, cells=form.cells(),
                                                          originals=form.originals())
            except ValidationError as error:
                # Redraw with the trainer's choices but starting from what is stored now, so that
                # saving again (after looking) applies them knowingly.
                days, rows = attendance_grid(user=request.user, session=session)
                data = request.POST.copy()
                for row in rows:
                    for day, cell in zip(days, row.cells, strict=True):
                        data[was_name(row.enrolment.pk, day.pk)] = cell.status if cell else ""
                form = AttendanceGridForm(data, days=days, rows=rows, user=request.user)
                form.is_valid()
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu điểm danh (%(count)s ô thay đổi).") % {"count": changed})
                return redirect("training:attendance_session", pk=session.pk)
        return self.render(session, days, rows, form=form, status=400)

    def render(self, session, days, rows, form=None, status=200):
        user = self.request.user
        editable = role_allows(user, Attendance, Action.CHANGE)
        if editable and form is None:
            form = AttendanceGridForm(days=days, rows=rows, user=user)
        context = {
            "session": session, "days": days, "rows": rows, "form": form if editable else None,
            "can_export": role_allows(user, Attendance, Action.EXPORT),
            "can_show_qr": editable,
        }
        return render(self.request, self.template_name, context, status=status)


class CheckinShowView(ScopedViewMixin, View):
    """The QR code the trainer shows in class, renewed before it expires, with its URL and short code."""

    model = SessionDay
    queryset = SessionDay.objects.select_related("session__course")

    def get(self, request, pk):
        if not role_allows(request.user, Attendance, Action.CHANGE):
            raise Http404
        day = self.get_object()
        token = services.checkin_token(day)
        url = request.build_absolute_uri(reverse("training:checkin", args=[token]))
        qr = segno.make(url, error="m")
        context = {
            "day": day, "session": day.session, "checkin_url": url,
            "qr_svg": qr.svg_inline(scale=8, dark="#000", light="#fff"),
            "short_code": services.checkin_short_code(day),
            "refresh_seconds": CHECKIN_REFRESH_SECONDS,
            "valid_minutes": CHECKIN_TOKEN_MAX_AGE_SECONDS // 60,
            "present_count": day.attendances.filter(status__in=ATTENDED).count(),
        }
        return render(request, "training/attendance/checkin_show.html", context)


class CheckinView(LoginRequiredMixin, View):
    """Where the QR code leads: the trainee confirms, and is recorded present for today."""

    template_name = "training/attendance/checkin.html"

    def get(self, request, token):
        try:
            day_id = services.checkin_token_day_id(token)
        except ValidationError as error:
            return self.refused(error)
        day = SessionDay.objects.restrict(request.user, Action.VIEW).select_related("session__course").filter(
            pk=day_id).first()
        return render(request, self.template_name, {"day": day, "token": token})

    def post(self, request, token):
        try:
            attendance, created = services.attendance_checkin(user=request.user, token=token)
        except ValidationError as error:
            return self.refused(error)
        except PermissionDenied:
            raise Http404 from None
        return render(request, self.template_name, {"attendance": attendance, "created": created,
                                                    "day": attendance.day})

    def refused(self, error):
        return render(self.request, self.template_name, {"error": " ".join(error.messages)}, status=400)


class CheckinCodeView(LoginRequiredMixin, View):
    """A trainee types the six digits shown beside the QR code."""

    template_name = "training/attendance/checkin_code.html"

    def get(self, request):
        return render(request, self.template_name, {"form": CheckinCodeForm(user=request.user)})

    def post(self, request):
        form = CheckinCodeForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                attendance, created = services.attendance_checkin(user=request.user, code=form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            except PermissionDenied:
                raise Http404 from None
            else:
                return render(request, CheckinView.template_name, {"attendance": attendance, "created": created,
                                                                   "day": attendance.day})
        return render(request, self.template_name, {"form": form}, status=400)


urlpatterns = [
    path("sessions/<int:pk>/attendance/", AttendanceSessionView.as_view(), name="attendance_session"),
    path("days/<int:pk>/checkin/", CheckinShowView.as_view(), name="checkin_show"),
    path("checkin/", CheckinCodeView.as_view(), name="checkin_code"),
    path("checkin/<str:token>/", CheckinView.as_view(), name="checkin"),
]
