"""Pages of the network: the consultant directory, the follow-up of graduates (activities,
quarterly updates, six-monthly evaluations, who is overdue), workshops, the library and the
indicators.

Every row is reached through ``restrict``; a row out of scope answers 404 like one that does not
exist. Writes go through services.py.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import ExportColumn, export_response
from kcn.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
    _attach_errors,
)
from kcn.training.models import Programme, Trainee

from . import selectors, services, tables
from .filtersets import ConsultantFilterSet, CpActivityFilterSet, DocumentFilterSet, WorkshopFilterSet
from .forms import (
    ActivityForm,
    ActivityUpdateForm,
    AgendaItemForm,
    DocumentForm,
    EvaluationForm,
    FieldVisitForm,
    OrganisationForm,
    ParticipantForm,
    WorkshopForm,
)
from .models import (
    Consultant,
    CpActivity,
    Document,
    Evaluation,
    Workshop,
    WorkshopParticipant,
)

# --- Directory


class ConsultantListView(ObjectListView):
    model = Consultant
    queryset = Consultant.objects.select_related("province")
    filterset_class = ConsultantFilterSet
    table_class = tables.ConsultantTable
    export_name = "chuyen-gia-tu-van-sxsh"

    @staticmethod
    def export_columns(request):
        return tables.consultant_export_columns(selectors.may_see_contact(request.user))


class ConsultantDetailView(ScopedViewMixin, View):
    """A consultant's page. No change history here: the directory is read by every role, and a
    trainee's record's history belongs to the training side."""

    model = Consultant
    queryset = Consultant.objects.select_related("province", "user")

    def get(self, request, pk):
        if not self.can(Action.VIEW):
            raise Http404
        consultant = self.get_object()
        context = {"object": consultant, **selectors.consultant_profile(user=request.user, consultant=consultant),
                   "can_evaluate": self.can(Action.ADD, Evaluation)}
        return render(request, "network/consultant_detail.html", context)


# --- Follow-up: activities and quarterly updates


class ActivityListView(ObjectListView):
    model = CpActivity
    queryset = CpActivity.objects.select_related("trainee", "programme")
    filterset_class = CpActivityFilterSet
    table_class = tables.ActivityTable
    add_url_name = "network:activity_add"
    export_name = "hoat-dong-sxsh"

    @staticmethod
    def export_columns(request):
        return tables.activity_export_columns()


class ActivityDetailView(ObjectDetailView):
    model = CpActivity
    queryset = CpActivity.objects.select_related("trainee", "programme", "enterprise")
    template_name = "network/activity_detail.html"

    def extra_context(self, activity):
        from .models import ActivityUpdate

        may_update = self.can(Action.ADD, ActivityUpdate) and activity.is_in_scope(self.request.user, Action.VIEW)
        return {"updates": activity.updates.select_related("submitted_by").order_by("-year", "-quarter"),
                "update_form": ActivityUpdateForm(user=self.request.user) if may_update else None}


class ActivityEditView(ObjectEditView):
    model = CpActivity
    form_class = ActivityForm
    service = staticmethod(services.activity_save)


class ActivityUpdateView(ScopedViewMixin, View):
    """POST the quarterly update of an activity; the same quarter again replaces it (said so)."""

    model = CpActivity

    def post(self, request, pk):
        from .models import ActivityUpdate

        if not self.can(Action.ADD, ActivityUpdate):
            raise Http404
        activity = self.get_object(Action.VIEW)
        form = ActivityUpdateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update, created = services.activity_update_submit(
                    user=request.user, activity=activity, year=data["year"], quarter=data["quarter"],
                    status=data["status"], progress=data["progress"],
                    enterprises_reached=data.get("enterprises_reached") or 0)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                values = {"quarter": update.quarter, "year": update.year}
                if created:
                    messages.success(request, _("Đã lưu cập nhật quý %(quarter)s/%(year)s.") % values)
                else:
                    messages.info(request, _("Quý %(quarter)s/%(year)s đã có cập nhật; nội dung mới đã thay thế "
                                             "cập nhật trước đó.") % values)
                return redirect(activity.get_absolute_url())
        detail = ActivityDetailView()
        detail.setup(request, pk=pk)
        context = {**detail.common_context(), "object": activity, "history": [], **detail.extra_context(activity),
                   "update_form": form}
        return render(request, ActivityDetailView.template_name, context, status=400)


# --- Follow-up: evaluations and the overdue list


class EvaluationAddView(LoginRequiredMixin, View):
    """The six-monthly evaluation of one graduate (manager or trainer)."""

    def trainee(self, request, pk):
        if not selectors.role_allows_evaluation(request.user):
            raise Http404
        graduates = selectors.graduates(user=request.user).values("trainee_id")
        return get_object_or_404(Trainee.objects.filter(pk__in=graduates), pk=pk)

    def get(self, request, pk):
        trainee = self.trainee(request, pk)
        from django.utils import timezone

        year, half = selectors.half_of(timezone.localdate())
        form = EvaluationForm(user=request.user, initial={"year": year, "half": half})
        return self.render(trainee, form)

    def post(self, request, pk):
        trainee = self.trainee(request, pk)
        form = EvaluationForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.evaluation_save(user=request.user, data={**form.cleaned_data, "trainee": trainee})
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã lưu đánh giá 6 tháng của %(trainee)s.") % {"trainee": trainee})
                return redirect("network:consultant_detail", pk=trainee.pk)
        return self.render(trainee, form, status=400)

    def render(self, trainee, form, status=200):
        return render(self.request, "network/evaluation_form.html", {"trainee": trainee, "form": form},
                      status=status)


class FollowUpView(LoginRequiredMixin, View):
    """Managers (and trainers, admin): graduates late with a quarterly update or an evaluation."""

    def get(self, request):
        if not selectors.role_allows_follow_up(request.user):
            raise Http404
        rows, (q_year, quarter), (h_year, half) = selectors.follow_up_overdue(user=request.user)
        if request.GET.get("export") == "xlsx":
            columns = [
                ExportColumn(_("Chuyên gia"), lambda r: r.full_name),
                ExportColumn(_("Cơ quan, đơn vị"), lambda r: r.organisation),
                ExportColumn(_("Hoạt động chưa cập nhật quý %(quarter)s/%(year)s") % {
                    "quarter": quarter, "year": q_year}, lambda r: "; ".join(a.title for a in r.missing_updates)),
                ExportColumn(_("Chưa đánh giá 6 tháng %(half)s/%(year)s") % {"half": half, "year": h_year},
                             lambda r: r.missing_evaluation),
            ]
            return export_response("xlsx", columns, rows, "theo-doi-sau-dao-tao", _("Quá hạn"))
        return render(request, "network/follow_up.html", {
            "rows": rows, "due_quarter": quarter, "due_quarter_year": q_year, "due_half": half,
            "due_half_year": h_year})


# --- Workshops


class WorkshopListView(ObjectListView):
    model = Workshop
    queryset = Workshop.objects.select_related("province")
    filterset_class = WorkshopFilterSet
    table_class = tables.WorkshopTable
    add_url_name = "network:workshop_add"
    export_name = "hoi-thao"

    @staticmethod
    def export_columns(request):
        return tables.workshop_export_columns()


class WorkshopDetailView(ObjectDetailView):
    model = Workshop
    queryset = Workshop.objects.select_related("province", "legacy_province", "programme")
    template_name = "network/workshop_detail.html"

    def extra_context(self, workshop):
        return {**selectors.workshop_parts(user=self.request.user, workshop=workshop),
                "can_mark_attendance": self.can(Action.CHANGE, WorkshopParticipant)
                and workshop.is_in_scope(self.request.user, Action.CHANGE),
                "part_kinds": PART_KINDS}


class WorkshopEditView(ObjectEditView):
    model = Workshop
    form_class = WorkshopForm
    service = staticmethod(services.workshop_save)


PART_FORMS = {"agenda": AgendaItemForm, "organisation": OrganisationForm, "participant": ParticipantForm,
              "visit": FieldVisitForm}
PART_KINDS = list(services.WORKSHOP_PARTS)


class WorkshopPartAddView(ScopedViewMixin, View):
    """Add an agenda line, an organisation, a participant or a field visit to a workshop."""

    model = Workshop

    def setup_part(self, kind):
        if kind not in services.WORKSHOP_PARTS:
            raise Http404
        part_model, service = services.WORKSHOP_PARTS[kind]
        form_class = PART_FORMS[kind]
        if not self.can(Action.CHANGE) or not self.can(Action.ADD, part_model):
            raise Http404
        return part_model, form_class, service

    def get(self, request, pk, kind):
        part_model, form_class, _service = self.setup_part(kind)
        workshop = self.get_object(Action.CHANGE)
        initial = {"day": workshop.start_date, "date": workshop.start_date} if kind in ("agenda", "visit") else {}
        return self.render(workshop, part_model, form_class(user=request.user, workshop=workshop, initial=initial))

    def post(self, request, pk, kind):
        part_model, form_class, service = self.setup_part(kind)
        workshop = self.get_object(Action.CHANGE)
        form = form_class(request.POST, user=request.user, workshop=workshop)
        if form.is_valid():
            data = {key: value for key, value in form.cleaned_data.items() if not key.startswith("_")}
            try:
                service(user=request.user, workshop=workshop, data=data)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Đã thêm vào hội thảo."))
                return redirect(workshop.get_absolute_url())
        return self.render(workshop, part_model, form, status=400)

    def render(self, workshop, part_model, form, status=200):
        return render(self.request, "network/workshop_part_form.html",
                      {"workshop": workshop, "form": form, "part_name": part_model._meta.verbose_name},
                      status=status)


class WorkshopPartDeleteView(WorkshopPartAddView):
    """Remove an agenda line, an organisation, a participant or a field visit added by mistake
    (POST; the deletion stays in the part's history)."""

    def get(self, request, pk, kind, part_pk):
        raise Http404

    def post(self, request, pk, kind, part_pk):
        part_model, _form_class, _service = self.setup_part(kind)
        if not self.can(Action.DELETE, part_model):
            raise Http404
        workshop = self.get_object(Action.CHANGE)
        part = part_model.objects.restrict(request.user, Action.DELETE).filter(pk=part_pk, workshop=workshop).first()
        if part is None:
            raise Http404
        try:
            services.workshop_part_delete(user=request.user, instance=part)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("Đã xóa “%(part)s” khỏi hội thảo.") % {"part": part})
        return redirect(workshop.get_absolute_url())


class WorkshopAttendanceView(ScopedViewMixin, View):
    """Tick who came (POST the ids of those present)."""

    model = Workshop

    def post(self, request, pk):
        if not self.can(Action.CHANGE, WorkshopParticipant):
            raise Http404
        workshop = self.get_object(Action.CHANGE)
        try:
            ids = [int(value) for value in request.POST.getlist("present")]
        except ValueError:
            ids = []
        try:
            came = services.attendance_mark(user=request.user, workshop=workshop, present_ids=ids)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("Đã lưu điểm danh: %(count)s người có mặt.") % {"count": came})
        return redirect(workshop.get_absolute_url())


# --- Library


class DocumentListView(ObjectListView):
    model = Document
    queryset = Document.objects.all()
    filterset_class = DocumentFilterSet
    table_class = tables.DocumentTable
    add_url_name = "network:document_add"
    export_name = "thu-vien-tai-lieu"

    @staticmethod
    def export_columns(request):
        return tables.document_export_columns()


class DocumentDetailView(ObjectDetailView):
    model = Document
    queryset = Document.objects.select_related("workshop", "uploaded_by")
    template_name = "network/document_detail.html"


class DocumentEditView(ObjectEditView):
    model = Document
    form_class = DocumentForm
    service = staticmethod(services.document_save)


class DocumentDeleteView(ObjectDeleteView):
    model = Document
    success_url_name = "network:document_list"
    service = staticmethod(services.document_delete)


class DocumentDownloadView(ScopedViewMixin, View):
    """The file, for every role that may view the document, under its original name."""

    model = Document

    def get(self, request, pk):
        if not self.can(Action.VIEW):
            raise Http404
        document = self.get_object(Action.VIEW)
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, as_attachment=True, filename=document.original_name,
                                content_type=document.content_type or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        return response


# --- Indicators


class IndicatorsView(LoginRequiredMixin, View):
    def get(self, request):
        if not selectors.may_view_indicators(request.user):
            raise Http404
        programmes = selectors.indicator_programmes(user=request.user)
        programme = None
        if request.GET.get("programme"):
            try:
                programme = programmes.get(pk=int(request.GET["programme"]))
            except (ValueError, Programme.DoesNotExist):
                raise Http404 from None
        data = selectors.indicators(user=request.user, programme=programme)
        if request.GET.get("export") == "xlsx":
            return _indicators_xlsx(data)
        chart = {
            "labels": [row["year"] for row in data["years"]],
            "trained": [row["trained"] for row in data["years"]],
            "people_cumulative": [row["people_cumulative"] for row in data["years"]],
            "share": [float(row["share_cumulative"]) for row in data["years"]],
            "target": float(data["target_share"]),
            "labels_text": {"trained": _("Người được đào tạo trong năm"), "cumulative": _("Lũy kế"),
                            "share": _("Tỷ lệ tỉnh có Sở Công Thương có chuyên gia (%)"), "target": _("Mục tiêu")},
        }
        return render(request, "network/indicators.html", {
            "data": data, "chart": chart, "programmes": programmes.order_by("name"), "programme": programme})


def _indicators_xlsx(data):
    columns = [
        ExportColumn(_("Năm"), lambda r: r["year"]),
        ExportColumn(_("Người được đào tạo trong năm"), lambda r: r["trained"]),
        ExportColumn(_("Người được đào tạo (lũy kế)"), lambda r: r["people_cumulative"]),
        ExportColumn(_("Tỉnh có cán bộ được đào tạo (lũy kế)"), lambda r: r["provinces_cumulative"]),
        ExportColumn(_("Tỉnh có ngành Công Thương có chuyên gia (lũy kế)"), lambda r: r["departments_cumulative"]),
        ExportColumn(_("Tỷ lệ so với 34 tỉnh (%)"), lambda r: r["share_cumulative"]),
        ExportColumn(_("Mục tiêu (%)"), lambda r: data["target_share"]),
    ]
    return export_response("xlsx", columns, data["years"], "chi-so-mang-luoi", _("Chỉ số"))
