"""Pages of inspections: the list, the record (checklist, findings with photos, actions), its forms,
the exports, and the corrective actions with the enterprise's fix report and the officer's check.

Every row is reached through ``restrict``; a row out of scope answers 404 like one that does not
exist. Writes go through services.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.documents import document_pdf
from kcn.core.exporters import XLSX_MIME
from kcn.core.services import version_token
from kcn.core.views import ObjectDetailView, ObjectEditView, ObjectListView, ScopedViewMixin, _attach_errors

from . import services, tables
from .choices import ActionStatus, Outcome
from .exports import inspection_document, inspection_filename, inspection_xlsx
from .filtersets import CorrectiveActionFilterSet, InspectionFilterSet
from .forms import ActionForm, FinaliseForm, FindingForm, FixReportForm, InspectionForm, ResultsForm, VerifyForm
from .models import CorrectiveAction, Finding, FindingPhoto, Inspection
from .selectors import inspection_results_by_group

# --- Inspections


class InspectionListView(ObjectListView):
    model = Inspection
    queryset = Inspection.objects.select_related("enterprise__zone").annotate(
        failed_count=Count("results", filter=Q(results__outcome=Outcome.FAIL), distinct=True),
        open_actions=Count("actions", filter=Q(actions__status=ActionStatus.OPEN), distinct=True),
    )
    filterset_class = InspectionFilterSet
    table_class = tables.InspectionTable
    add_url_name = "inspections:inspection_add"
    export_name = "kiem-tra-phong-dich"

    @staticmethod
    def export_columns(request):
        return tables.inspection_export_columns()


class InspectionDetailView(ObjectDetailView):
    model = Inspection
    queryset = Inspection.objects.select_related("enterprise__zone", "checklist", "created_by", "finalised_by")
    template_name = "inspections/inspection_detail.html"

    def extra_context(self, inspection):
        user = self.request.user
        editable = inspection.is_draft and self.can(Action.CHANGE) and inspection.is_in_scope(user, Action.CHANGE)
        findings = inspection.findings.select_related("item").prefetch_related("photos")
        actions = inspection.actions.select_related("finding")
        results = inspection_results_by_group(inspection)
        counts = {value: 0 for value in Outcome.values}
        for _group, rows in results:
            for row in rows:
                counts[row.outcome] += 1
        return {
            "editable": editable,
            "groups": results,
            "counts": {"pass": counts[Outcome.PASS], "fail": counts[Outcome.FAIL],
                       "na": counts[Outcome.NOT_APPLICABLE], "pending": counts[Outcome.PENDING]},
            "findings": findings,
            "actions": actions,
            "inspectors": inspection.inspectors.all(),
            "can_export_object": self.can(Action.EXPORT),
            "can_change_object": editable,
        }


def _inspection_create_or_update(*, user, instance, data):
    if instance is None:
        return services.inspection_create(user=user, data=data)
    return services.inspection_update(user=user, instance=instance, data=data)


class InspectionEditView(ObjectEditView):
    model = Inspection
    form_class = InspectionForm
    service = staticmethod(_inspection_create_or_update)

    def get_instance(self):
        instance = super().get_instance()
        if instance is not None and not instance.is_draft:
            raise Http404
        return instance


class _DraftStepView(ScopedViewMixin, View):
    """A form on a draft inspection: results, a finding, an action, finalising."""

    model = Inspection
    template_name = None
    form_class = None
    success_message = ""

    def inspection(self):
        inspection = self.get_object(Action.CHANGE)
        if not inspection.is_draft:
            raise Http404
        return inspection

    def form_kwargs(self, inspection):
        return {"inspection": inspection}

    def get(self, request, pk):
        inspection = self.inspection()
        return self.render(inspection, self.form_class(user=request.user, **self.initial(inspection),
                                                       **self.form_kwargs(inspection)))

    def initial(self, inspection):
        return {}

    def post(self, request, pk):
        inspection = self.inspection()
        form = self.form_class(request.POST, request.FILES, user=request.user, **self.form_kwargs(inspection))
        if form.is_valid():
            try:
                self.save(inspection, form)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, self.success_message)
                return redirect(inspection.get_absolute_url())
        return self.render(inspection, form, status=400)

    def render(self, inspection, form, status=200):
        return render(self.request, self.template_name, {"object": inspection, "form": form}, status=status)


class InspectionResultsView(_DraftStepView):
    template_name = "inspections/results_form.html"
    form_class = ResultsForm
    success_message = _("Đã lưu kết quả kiểm tra.")

    def form_kwargs(self, inspection):
        return {"results": inspection.results.select_related("item").order_by("item__order", "item__pk")}

    def initial(self, inspection):
        return {"initial": {"version": version_token(inspection)}}

    def save(self, inspection, form):
        services.inspection_record_results(user=self.request.user, inspection=inspection, results=form.results(),
                                           version=form.cleaned_data.get("version", ""))


class FindingAddView(_DraftStepView):
    template_name = "inspections/step_form.html"
    form_class = FindingForm
    success_message = _("Đã ghi tồn tại phát hiện.")

    def initial(self, inspection):
        item = self.request.GET.get("item")
        return {"initial": {"item": item}} if item else {}

    def save(self, inspection, form):
        data = form.cleaned_data
        services.finding_add(user=self.request.user, inspection=inspection, item=data.get("item"),
                             description=data["description"], photos=data.get("photos") or [],
                             action_description=data.get("action_description", ""), due_date=data.get("due_date"))


class ActionAddView(_DraftStepView):
    template_name = "inspections/step_form.html"
    form_class = ActionForm
    success_message = _("Đã giao biện pháp khắc phục.")

    def save(self, inspection, form):
        data = form.cleaned_data
        services.action_add(user=self.request.user, inspection=inspection, finding=data.get("finding"),
                            description=data["description"], due_date=data["due_date"])


class InspectionFinaliseView(_DraftStepView):
    template_name = "inspections/finalise_form.html"
    form_class = FinaliseForm
    success_message = _("Đã hoàn tất biên bản; doanh nghiệp đã được thông báo.")

    def form_kwargs(self, inspection):
        return {}

    def initial(self, inspection):
        return {"initial": {"conclusion": inspection.conclusion, "version": version_token(inspection)}}

    def save(self, inspection, form):
        services.inspection_finalise(user=self.request.user, inspection=inspection,
                                     conclusion=form.cleaned_data["conclusion"],
                                     version=form.cleaned_data.get("version", ""))


class FindingDeleteView(ScopedViewMixin, View):
    model = Finding

    def post(self, request, pk):
        finding = self.get_object(Action.CHANGE)
        try:
            services.finding_delete(user=request.user, finding=finding)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Đã xóa tồn tại phát hiện."))
        return redirect(finding.inspection.get_absolute_url())


class ActionDeleteView(ScopedViewMixin, View):
    model = CorrectiveAction

    def post(self, request, pk):
        action = self.get_object(Action.CHANGE)
        try:
            services.action_delete(user=request.user, action=action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Đã bỏ biện pháp khắc phục."))
        return redirect(action.inspection.get_absolute_url())


class InspectionExportView(ScopedViewMixin, View):
    """The record as .xlsx, or as the official minutes (biên bản kiểm tra) in PDF."""

    model = Inspection
    fmt = "xlsx"

    def get(self, request, pk):
        if not self.can(Action.EXPORT):
            raise Http404
        inspection = get_object_or_404(
            Inspection.objects.restrict(request.user, Action.EXPORT)
            .select_related("enterprise__zone__board__province", "checklist"), pk=pk)
        if self.fmt == "pdf":
            response = HttpResponse(document_pdf(inspection_document(inspection)), content_type="application/pdf")
        else:
            response = HttpResponse(inspection_xlsx(inspection), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="{inspection_filename(inspection, self.fmt)}"'
        return response


# --- Photos: served through scope, never as public media


class PhotoView(ScopedViewMixin, View):
    model = FindingPhoto
    thumbnail = False

    def get(self, request, pk):
        photo = self.get_object(Action.VIEW)
        field = photo.thumbnail if self.thumbnail else photo.image
        return _image_response(field)


class ActionPhotoView(ScopedViewMixin, View):
    model = CorrectiveAction

    def get(self, request, pk):
        action = self.get_object(Action.VIEW)
        if not action.fix_photo:
            raise Http404
        return _image_response(action.fix_photo)


def _image_response(field):
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Corrective actions


class ActionListView(ObjectListView):
    model = CorrectiveAction
    queryset = CorrectiveAction.objects.select_related("enterprise__zone", "inspection")
    filterset_class = CorrectiveActionFilterSet
    table_class = tables.ActionTable
    export_name = "khac-phuc-sau-kiem-tra"
    template_name = "inspections/action_list.html"

    @staticmethod
    def export_columns(request):
        return tables.action_export_columns()


class ActionDetailView(ObjectDetailView):
    model = CorrectiveAction
    queryset = CorrectiveAction.objects.select_related("enterprise__zone", "inspection", "finding", "fixed_by",
                                                       "verified_by")
    template_name = "inspections/action_detail.html"

    def extra_context(self, action):
        user = self.request.user
        changeable = self.can(Action.CHANGE) and action.is_in_scope(user, Action.CHANGE)
        is_enterprise = user.role == "enterprise"
        return {
            "fix_form": FixReportForm(user=user) if changeable and action.status == ActionStatus.OPEN else None,
            "verify_form": (VerifyForm(user=user) if changeable and not is_enterprise
                            and action.status == ActionStatus.FIXED else None),
        }


class _ActionStepView(ScopedViewMixin, View):
    model = CorrectiveAction
    form_class = None
    success_message = ""

    def post(self, request, pk):
        action = self.get_object(Action.CHANGE)
        form = self.form_class(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                self.save(action, form)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, self.success_message)
                return redirect(action.get_absolute_url())
        detail = ActionDetailView()
        detail.setup(request, pk=pk)
        context = {**detail.common_context(), "object": action, "history": [], **detail.extra_context(action),
                   self.context_name: form}
        return render(request, ActionDetailView.template_name, context, status=400)


class ActionFixView(_ActionStepView):
    form_class = FixReportForm
    context_name = "fix_form"
    success_message = _("Đã gửi báo cáo khắc phục để cán bộ xác nhận.")

    def save(self, action, form):
        services.action_report_fix(user=self.request.user, action=action, note=form.cleaned_data["note"],
                                   photo=form.cleaned_data.get("photo"))


class ActionVerifyView(_ActionStepView):
    form_class = VerifyForm
    context_name = "verify_form"
    success_message = _("Đã ghi kết quả xác nhận.")

    def save(self, action, form):
        services.action_verify(user=self.request.user, action=action, accepted=form.cleaned_data["accepted"],
                               note=form.cleaned_data.get("note", ""))
