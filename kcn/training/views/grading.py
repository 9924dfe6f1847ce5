"""Grading pages: field reports (list, detail, upload, download), the rubric, the grading grids,
and the course results with classification, publishing and export.

Rows are reached through ``restrict``; a row out of scope answers 404 like one that does not exist.
Writes go through services.grading.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import export_response
from kcn.core.permissions import role_allows
from kcn.core.views import ObjectDetailView, ObjectListView, ScopedViewMixin, _attach_errors

from ..choices import CriterionTarget
from ..filtersets.grading import FieldReportFilterSet
from ..forms.grading import (
    BandFormSet,
    CriterionFormSet,
    FieldReportForm,
    GradingGridForm,
    ReportGradeForm,
    formset_rows,
)
from ..models import Coaching, Course, FieldReport, Grade, GradeBand, RubricCriterion
from ..selectors.grading import course_results, grading_grid, results_hidden
from ..services import grading as services
from ..tables.grading import FieldReportTable, report_export_columns, results_export_columns, results_rows_html

# --- Field reports


def _reports():
    return FieldReport.objects.select_related("enrolment__trainee", "enrolment__course", "coaching").annotate(
        is_graded=Exists(Grade.objects.filter(report=OuterRef("pk"))))


class ReportListView(ObjectListView):
    model = FieldReport
    queryset = _reports()
    filterset_class = FieldReportFilterSet
    table_class = FieldReportTable
    export_name = "bao-cao-thu-hoach"

    @staticmethod
    def export_columns(request):
        return report_export_columns()


class ReportDetailView(ObjectDetailView):
    model = FieldReport
    queryset = _reports().select_related("submitted_by", "coaching__session")
    template_name = "training/grading/report_detail.html"

    def extra_context(self, report):
        user = self.request.user
        course = report.enrolment.course
        hidden = results_hidden(user, course)
        grades = [] if hidden else list(report.grades.select_related("criterion", "graded_by")
                                        .order_by("criterion__order", "criterion__pk"))
        own = report.enrolment.trainee.user_id == user.pk
        return {
            "grades": grades,
            "grades_hidden": hidden and report.is_graded,
            "can_grade": role_allows(user, Grade, Action.CHANGE) and course.results_published_at is None,
            "can_replace": own and not report.is_graded and role_allows(user, FieldReport, Action.CHANGE),
            "can_change_object": False,
            "can_delete_object": False,
        }


class ReportAddView(ScopedViewMixin, View):
    """The trainee hands in their report on a coaching (or replaces it until it is graded)."""

    model = Coaching
    queryset = Coaching.objects.select_related("session__course")
    template_name = "training/grading/report_form.html"

    def coaching(self):
        if not role_allows(self.request.user, FieldReport, Action.ADD):
            raise Http404
        return self.get_object()

    def get(self, request, pk):
        coaching = self.coaching()
        current = FieldReport.objects.filter(coaching=coaching, enrolment__trainee__user=request.user).first()
        form = FieldReportForm(user=request.user, initial={"title": current.title if current else ""})
        return self.render(coaching, form, current)

    def post(self, request, pk):
        coaching = self.coaching()
        form = FieldReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                report = services.report_submit(user=request.user, coaching=coaching,
                                                title=form.cleaned_data["title"], file=form.cleaned_data["file"])
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã nộp báo cáo thu hoạch “%(title)s”.") % {"title": report.title})
                return redirect(report.get_absolute_url())
        return self.render(coaching, form, None, status=400)

    def render(self, coaching, form, current, status=200):
        return render(self.request, self.template_name, {"coaching": coaching, "form": form, "current": current},
                      status=status)


class ReportDownloadView(ScopedViewMixin, View):
    model = FieldReport

    def get(self, request, pk):
        report = self.get_object()
        try:
            handle = report.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=report.original_name,
                                content_type=report.content_type or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- Rubric


def _criterion_initial(course):
    return [{"id": c.pk, "name": c.name, "target": c.target, "weight": c.weight, "max_score": c.max_score,
             "order": c.order} for c in course.criteria.all()]


def _band_initial(course):
    return [{"id": b.pk, "name": b.name, "min_score": b.min_score, "passes": b.passes} for b in course.bands.all()]


class RubricView(ScopedViewMixin, View):
    """The manager sets the course's criteria with their weights, and its grade bands."""

    model = Course
    template_name = "training/grading/rubric.html"

    def course(self):
        if not (role_allows(self.request.user, RubricCriterion, Action.CHANGE)
                and role_allows(self.request.user, GradeBand, Action.CHANGE)):
            raise Http404
        return self.get_object(Action.CHANGE)

    def get(self, request, pk):
        course = self.course()
        criteria = CriterionFormSet(prefix="criteria", initial=_criterion_initial(course), form_kwargs={"user": None})
        bands = BandFormSet(prefix="bands", initial=_band_initial(course), form_kwargs={"user": None})
        return self.render(course, criteria, bands)

    def post(self, request, pk):
        course = self.course()
        criteria = CriterionFormSet(request.POST, prefix="criteria", form_kwargs={"user": None})
        bands = BandFormSet(request.POST, prefix="bands", form_kwargs={"user": None})
        errors = []
        if criteria.is_valid() and bands.is_valid():
            try:
                services.rubric_save(user=request.user, course=course, criteria=formset_rows(criteria),
                                     bands=formset_rows(bands))
            except ValidationError as error:
                errors = error.messages
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu tiêu chí chấm điểm và xếp loại của khóa."))
                return redirect("training:rubric", pk=course.pk)
        return self.render(course, criteria, bands, errors=errors, status=400)

    def render(self, course, criteria, bands, errors=(), status=200):
        context = {"course": course, "criteria": criteria, "bands": bands, "errors": errors,
                   "published": course.results_published_at is not None,
                   "targets": CriterionTarget}
        return render(self.request, self.template_name, context, status=status)


# --- Grading


class CourseGradingView(ScopedViewMixin, View):
    """The trainer's grid of per-trainee criteria (participation, interaction) for a course."""

    model = Course
    template_name = "training/grading/course_grading.html"

    def course(self):
        if not role_allows(self.request.user, Grade, Action.CHANGE):
            raise Http404
        return self.get_object()

    def get(self, request, pk):
        course = self.course()
        criteria, enrolments, scores = grading_grid(user=request.user, course=course)
        form = GradingGridForm(criteria=criteria, enrolments=enrolments, scores=scores, user=request.user)
        return self.render(course, criteria, form)

    def post(self, request, pk):
        course = self.course()
        criteria, enrolments, scores = grading_grid(user=request.user, course=course)
        form = GradingGridForm(request.POST, criteria=criteria, enrolments=enrolments, scores=scores,
                               user=request.user)
        if form.is_valid():
            try:
                count = services.grades_record(user=request.user, course=course, scores=form.scores())
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu điểm (%(count)s điểm thay đổi).") % {"count": count})
                return redirect("training:course_grading", pk=course.pk)
        return self.render(course, criteria, form, status=400)

    def render(self, course, criteria, form, status=200):
        reports = (FieldReport.objects.restrict(self.request.user, Action.VIEW).filter(enrolment__course=course)
                   .select_related("enrolment__trainee", "coaching")
                   .annotate(is_graded=Exists(Grade.objects.filter(report=OuterRef("pk"))))
                   .order_by("coaching__start_date", "enrolment__trainee__full_name"))
        context = {"course": course, "criteria": criteria, "form": form, "reports": reports,
                   "published": course.results_published_at is not None}
        return render(self.request, self.template_name, context, status=status)


class ReportGradeView(ScopedViewMixin, View):
    """The trainer grades one field report on the course's per-report criteria."""

    model = FieldReport
    queryset = FieldReport.objects.select_related("enrolment__trainee", "enrolment__course", "coaching")
    template_name = "training/grading/report_grade.html"

    def report(self):
        if not role_allows(self.request.user, Grade, Action.CHANGE):
            raise Http404
        return self.get_object()

    def form(self, report, data=None):
        criteria = RubricCriterion.objects.filter(course_id=report.enrolment.course_id,
                                                  target=CriterionTarget.REPORT).order_by("order", "pk")
        grades = list(report.grades.all())
        scores = {g.criterion_id: g.score for g in grades}
        comment = grades[0].comment if grades else ""
        return ReportGradeForm(data, criteria=criteria, scores=scores, user=self.request.user,
                               initial={"comment": comment})

    def get(self, request, pk):
        report = self.report()
        return self.render(report, self.form(report))

    def post(self, request, pk):
        report = self.report()
        form = self.form(report, request.POST)
        if form.is_valid():
            try:
                services.report_grade(user=request.user, report=report, scores=form.scores(),
                                      comment=form.cleaned_data.get("comment", ""))
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã chấm báo cáo “%(title)s”.") % {"title": report.title})
                return redirect("training:course_grading", pk=report.enrolment.course_id)
        return self.render(report, form, status=400)

    def render(self, report, form, status=200):
        return render(self.request, self.template_name, {"report": report, "form": form}, status=status)


# --- Results


class CourseResultsView(ScopedViewMixin, View):
    """Scores per criterion, result and band of every trainee; classify, publish, export."""

    model = Course
    queryset = Course.objects.select_related("programme")
    template_name = "training/grading/course_results.html"

    def get(self, request, pk):
        course = self.get_object()
        table = course_results(user=request.user, course=course)
        if request.GET.get("export") == "xlsx":
            if not role_allows(request.user, Grade, Action.EXPORT) or table.hidden:
                raise Http404
            return export_response("xlsx", results_export_columns(table), table.rows,
                                   f"ket-qua-khoa-{course.number}", _("Kết quả"))
        return self.render(course, table)

    def post(self, request, pk):
        course = self.get_object()
        step = request.POST.get("action")
        try:
            if step == "classify":
                if not role_allows(request.user, Grade, Action.CHANGE):
                    raise Http404
                enrolments = services.course_classify(user=request.user, course=course)
                classified = sum(1 for e in enrolments if e.band_id)
                messages.success(request, _("Đã xếp loại %(classified)s trên %(total)s học viên.") % {
                    "classified": classified, "total": len(enrolments)})
            elif step == "publish":
                if not self.can(Action.CHANGE):
                    raise Http404
                services.course_publish_results(user=request.user, course=course)
                messages.success(request, _("Đã công bố kết quả; học viên đã xem được điểm và xếp loại của mình."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            raise Http404 from None
        return redirect("training:course_results", pk=course.pk)

    def render(self, course, table):
        user = self.request.user
        published = course.results_published_at is not None
        can_classify = role_allows(user, Grade, Action.CHANGE) and not published
        context = {
            "course": course, "table": table, "published": published,
            "rows_html": results_rows_html(table, can_classify=can_classify),
            "can_classify": can_classify,
            "can_publish": self.can(Action.CHANGE) and not published,
            "can_export": role_allows(user, Grade, Action.EXPORT) and not table.hidden,
            "can_edit_rubric": self.can(Action.CHANGE) and not published,
        }
        return render(self.request, self.template_name, context)


urlpatterns = [
    path("reports/", ReportListView.as_view(), name="report_list"),
    path("reports/<int:pk>/", ReportDetailView.as_view(), name="report_detail"),
    path("reports/<int:pk>/download/", ReportDownloadView.as_view(), name="report_download"),
    path("reports/<int:pk>/grade/", ReportGradeView.as_view(), name="report_grade"),
    path("coachings/<int:pk>/report/", ReportAddView.as_view(), name="report_add"),
    path("courses/<int:pk>/rubric/", RubricView.as_view(), name="rubric"),
    path("courses/<int:pk>/grading/", CourseGradingView.as_view(), name="course_grading"),
    path("courses/<int:pk>/results/", CourseResultsView.as_view(), name="course_results"),
]
