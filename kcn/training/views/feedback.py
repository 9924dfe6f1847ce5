"""Feedback pages: a trainee scores a session; the manager keeps the criteria and reads the summary.

Rows are reached through ``restrict``; out of scope answers 404. Writes go through
services.feedback.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import ExportColumn, export_response
from kcn.core.permissions import role_allows
from kcn.core.views import _attach_errors

from ..forms.feedback import FeedbackCriterionFormSet, FeedbackForm
from ..models import Feedback, FeedbackCriterion, Programme, Session
from ..selectors.feedback import feedback_enrolment, feedback_given, feedback_stats, summary_programmes
from ..services.feedback import feedback_criteria_save, feedback_submit


class FeedbackAddView(LoginRequiredMixin, View):
    """A trainee enrolled in the session's course scores it, once, from its first day on."""

    template_name = "training/feedback/feedback_form.html"

    def setup_session(self, request, pk):
        if not role_allows(request.user, Feedback, Action.ADD):
            raise Http404
        session = get_object_or_404(Session.objects.restrict(request.user, Action.VIEW)
                                    .select_related("course__programme"), pk=pk)
        enrolment = feedback_enrolment(user=request.user, session=session)
        if enrolment is None:
            raise Http404
        return session, enrolment

    def criteria(self, session):
        return FeedbackCriterion.objects.filter(programme_id=session.course.programme_id, is_active=True) \
            .order_by("order", "pk")

    def get(self, request, pk):
        session, _enrolment = self.setup_session(request, pk)
        return self.render(session, FeedbackForm(user=request.user, criteria=self.criteria(session)))

    def post(self, request, pk):
        session, enrolment = self.setup_session(request, pk)
        form = FeedbackForm(request.POST, user=request.user, criteria=self.criteria(session))
        if form.is_valid():
            try:
                feedback_submit(user=request.user, session=session, enrolment=enrolment, scores=form.scores(),
                                comment=form.cleaned_data.get("comment", ""))
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Cảm ơn bạn đã đánh giá đợt học."))
                return redirect(reverse("training:feedback_add", args=[session.pk]))
        return self.render(session, form, status=400)

    def render(self, session, form, status=200):
        given = feedback_given(user=self.request.user, session=session)
        context = {"session": session, "form": form, "given": given,
                   "not_started": session.start_date > timezone.localdate()}
        return render(self.request, self.template_name, context, status=status)


class FeedbackSummaryView(LoginRequiredMixin, View):
    """Averages per session, course, programme and criterion; the chart; comments; .xlsx."""

    template_name = "training/feedback/feedback_summary.html"

    def get(self, request):
        programmes = summary_programmes(user=request.user)
        if not programmes.exists():
            raise Http404
        chosen = request.GET.get("programme")
        if chosen:
            if not chosen.isdigit():
                raise Http404
            programme = get_object_or_404(programmes, pk=chosen)
        else:
            programme = programmes.first()
        stats = feedback_stats(user=request.user, programme=programme)
        if request.GET.get("export") in ("xlsx", "csv"):
            return export_response(request.GET["export"], _export_columns(), _export_rows(stats),
                                   f"danh-gia-dot-hoc-{programme.code}", _("Đánh giá đợt học"))
        chart = {"labels": [f"{row['course'].number}.{row['session'].number} – {row['session'].place}"
                            for row in stats["sessions"]],
                 "values": [float(row["average"]) if row["average"] is not None else None
                            for row in stats["sessions"]],
                 "label": _("Điểm trung bình của đợt")}
        context = {"stats": stats, "programme": programme, "programmes": programmes, "chart": chart,
                   "can_edit_criteria": role_allows(request.user, FeedbackCriterion, Action.CHANGE)
                   and Programme.objects.restrict(request.user, Action.CHANGE).filter(pk=programme.pk).exists()}
        return render(request, self.template_name, context)


def _export_columns():
    return [
        ExportColumn(_("Cấp"), lambda row: row["level"]),
        ExportColumn(_("Khóa"), lambda row: row["course"]),
        ExportColumn(_("Đợt"), lambda row: row["session"]),
        ExportColumn(_("Tiêu chí"), lambda row: row["criterion"]),
        ExportColumn(_("Số phiếu"), lambda row: row["responses"]),
        ExportColumn(_("Điểm trung bình"), lambda row: row["average"]),
    ]


def _export_rows(stats):
    yield {"level": _("Chương trình"), "course": stats["programme"].name, "session": "", "criterion": "",
           "responses": stats["responses"], "average": stats["average"]}
    for row in stats["courses"]:
        yield {"level": _("Khóa"), "course": str(row["course"]), "session": "", "criterion": "",
               "responses": row["responses"], "average": row["average"]}
    for row in stats["sessions"]:
        yield {"level": _("Đợt"), "course": str(row["course"]), "session": str(row["session"]), "criterion": "",
               "responses": row["responses"], "average": row["average"]}
    for row in stats["criteria"]:
        yield {"level": _("Tiêu chí"), "course": "", "session": "", "criterion": row["criterion"].text,
               "responses": row["responses"], "average": row["average"]}


class FeedbackCriteriaView(LoginRequiredMixin, View):
    """The manager edits the programme's feedback criteria: text, order, in use or not."""

    template_name = "training/feedback/feedback_criteria.html"

    def programme(self, request, pk):
        if not role_allows(request.user, FeedbackCriterion, Action.CHANGE):
            raise Http404
        return get_object_or_404(Programme.objects.restrict(request.user, Action.CHANGE), pk=pk)

    def get(self, request, pk):
        programme = self.programme(request, pk)
        initial = [{"id": item.pk, "text": item.text, "order": item.order, "is_active": item.is_active}
                   for item in FeedbackCriterion.objects.filter(programme=programme).order_by("order", "pk")]
        formset = FeedbackCriterionFormSet(initial=initial, form_kwargs={"user": request.user})
        return self.render(programme, formset)

    def post(self, request, pk):
        programme = self.programme(request, pk)
        formset = FeedbackCriterionFormSet(request.POST, form_kwargs={"user": request.user})
        errors = []
        if formset.is_valid():
            rows = [form.cleaned_data for form in formset.forms if form.cleaned_data]
            try:
                feedback_criteria_save(user=request.user, programme=programme, rows=rows)
            except ValidationError as error:
                errors = error.messages
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu tiêu chí đánh giá đợt học."))
                return redirect(f"{reverse('training:feedback_summary')}?programme={programme.pk}")
        return self.render(programme, formset, errors=errors, status=400)

    def render(self, programme, formset, errors=(), status=200):
        return render(self.request, self.template_name,
                      {"programme": programme, "formset": formset, "errors": errors}, status=status)


urlpatterns = [
    path("sessions/<int:pk>/feedback/", FeedbackAddView.as_view(), name="feedback_add"),
    path("feedback/", FeedbackSummaryView.as_view(), name="feedback_summary"),
    path("programmes/<int:pk>/feedback-criteria/", FeedbackCriteriaView.as_view(), name="feedback_criteria"),
]
