"""Người lao động pages: the list (search, filters, masking, export), a worker's page and form,
the upload with its result, and the history of uploads."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action, JobStatus
from kcn.core.exporters import XLSX_MIME, export_response
from kcn.core.importers import ImportRefused
from kcn.core.models import ImportJob
from kcn.core.views import PAGE_SIZES, ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, _per_page

from . import services
from .filtersets import WorkerFilterSet
from .forms import WorkerForm, WorkerUploadForm
from .importers import max_bytes, max_rows, template_csv, template_xlsx
from .models import Worker, WorkerImport
from .selectors import can_reveal, imports_for, wants_reveal, worker_enterprises
from .tables import WorkerImportTable, WorkerTable, worker_export_columns
from .validators import mask_identity, mask_phone


class WorkerListView(ObjectListView):
    model = Worker
    filterset_class = WorkerFilterSet
    table_class = WorkerTable
    template_name = "workers/worker_list.html"
    add_url_name = "workers:worker_add"
    import_url_name = "workers:upload"
    export_name = "nguoi-lao-dong"

    def get(self, request, *args, **kwargs):
        if not self.can(Action.VIEW):
            raise Http404
        enterprises = worker_enterprises(request.user)
        enterprise = self._enterprise(enterprises)
        reveal = wants_reveal(request)
        # Only what the table shows: a row of the list is a fraction of a worker.
        queryset = self.restricted(Action.VIEW).only(
            "id", "enterprise_id", "full_name", "identity_number", "date_of_birth", "phone", "workshop",
            "production_line", "team", "shift", "dormitory", "bus_route", "vaccine_doses", "left_on")
        filterset = WorkerFilterSet(request.GET, queryset=queryset, request=request)
        if enterprise is None or not filterset.is_valid():
            queryset = queryset.none()
        else:
            queryset = filterset.qs.filter(enterprise=enterprise)
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            if enterprise is None:
                raise Http404
            return self.export_workers(export, filterset, enterprise, reveal)
        per_page = _per_page(request)
        table = WorkerTable(queryset, request=request, per_page=per_page, reveal=reveal)
        context = {
            **self.common_context(),
            "table": table, "filterset": filterset, "per_page": per_page, "page_sizes": PAGE_SIZES,
            "add_url_name": self.add_url_name, "import_url_name": self.import_url_name,
            "enterprise": enterprise, "reveal": reveal, "can_reveal": can_reveal(request.user),
            "choose_enterprise": enterprise is None,
        }
        template = "workers/worker_list_table.html" if request.headers.get("HX-Request") else self.template_name
        return render(request, template, context)

    def _enterprise(self, enterprises):
        """The enterprise the list is of: the one chosen, or the user's only one."""
        chosen = self.request.GET.get("enterprise")
        if chosen:
            return enterprises.filter(pk=chosen).first() if chosen.isdigit() else None
        first_two = list(enterprises[:2])
        return first_two[0] if len(first_two) == 1 else None

    def export_workers(self, fmt, filterset, enterprise, reveal):
        if not self.can(Action.EXPORT):
            raise Http404
        queryset = Worker.objects.restrict(self.request.user, Action.EXPORT).filter(enterprise=enterprise)
        queryset = WorkerFilterSet(self.request.GET, queryset=queryset, request=self.request).qs
        queryset = WorkerTable(queryset, request=self.request, reveal=reveal).queryset.select_related("enterprise")
        rows = list(queryset.iterator(chunk_size=5000))
        services.worker_export_record(user=self.request.user, enterprise=enterprise, rows=len(rows), file_format=fmt,
                                      revealed=reveal, query=self.request.GET.urlencode())
        return export_response(fmt, worker_export_columns(reveal), rows, self.export_name, _("Người lao động"))


class WorkerDetailView(ObjectDetailView):
    model = Worker
    queryset = Worker.objects.select_related("enterprise", "residence_commune__province")
    template_name = "workers/worker_detail.html"

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        reveal = wants_reveal(request)
        context = {
            **self.common_context(), "object": obj, "reveal": reveal, "can_reveal": can_reveal(request.user),
            "identity": obj.identity_number if reveal else mask_identity(obj.identity_number),
            "phone": obj.phone if reveal else mask_phone(obj.phone),
            "can_change_object": self.can(Action.CHANGE) and obj.is_in_scope(request.user, Action.CHANGE),
            "can_delete_object": self.can(Action.DELETE) and obj.is_in_scope(request.user, Action.DELETE),
        }
        return render(request, self.template_name, context)


class WorkerEditView(ObjectEditView):
    model = Worker
    form_class = WorkerForm
    service = staticmethod(services.worker_save)


class WorkerDeleteView(ObjectDeleteView):
    model = Worker
    success_url_name = "workers:worker_list"
    service = staticmethod(services.worker_delete)


class _ImportAllowedMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not worker_enterprises(request.user, Action.IMPORT).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class WorkerUploadView(_ImportAllowedMixin, View):
    template_name = "workers/upload.html"

    def get(self, request):
        initial = {"enterprise": request.GET.get("enterprise")} if request.GET.get("enterprise") else None
        return self._render(request, WorkerUploadForm(user=request.user, initial=initial))

    def post(self, request):
        form = WorkerUploadForm(request.POST, request.FILES, user=request.user)
        if getattr(request, "kcn_upload_too_large", False):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", _("Tệp quá lớn so với giới hạn tải lên của hệ thống."))
        elif form.is_valid():
            try:
                job = services.worker_import_start(user=request.user, enterprise=form.cleaned_data["enterprise"],
                                                   upload=form.cleaned_data["file"])
            except ImportRefused as refused:
                form.add_error("file", refused.message)
            except PermissionDenied:
                form.add_error("enterprise", _("Bạn không được tải danh sách lao động cho doanh nghiệp này."))
            else:
                return redirect("workers:upload_job", job.pk)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        context = {"form": form, "max_rows": max_rows(), "max_upload": max_bytes(),
                   "recent": imports_for(request.user).filter(created_by=request.user)[:5]}
        return render(request, self.template_name, context, status=status)


class WorkerUploadJobView(LoginRequiredMixin, View):
    """Progress of an upload, then its result. Only the person who uploaded sees it."""

    def get(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk, created_by=request.user, kind=services.JOB_KIND)
        result = WorkerImport.objects.restrict(request.user).filter(job=job).select_related("enterprise").first()
        if result is not None:
            return redirect(result.get_absolute_url())
        context = {"job": job, "running": job.status in (JobStatus.QUEUED, JobStatus.RUNNING)}
        return render(request, "workers/upload_job.html", context)


class WorkerTemplateView(_ImportAllowedMixin, View):
    def get(self, request, fmt):
        if fmt == "xlsx":
            chosen = request.GET.get("enterprise", "")
            enterprises = worker_enterprises(request.user, Action.IMPORT)
            enterprise = enterprises.filter(pk=chosen).first() if chosen.isdigit() else None
            if enterprise is None and len(enterprises[:2]) == 1:
                enterprise = enterprises.first()
            response = HttpResponse(template_xlsx(enterprise=enterprise), content_type=XLSX_MIME)
        elif fmt == "csv":
            response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-lao-dong.{fmt}"'
        return response


class WorkerImportListView(ObjectListView):
    model = WorkerImport
    queryset = WorkerImport.objects.select_related("enterprise", "created_by")
    table_class = WorkerImportTable
    template_name = "workers/import_list.html"

    def get(self, request, *args, **kwargs):
        if not self.can(Action.VIEW):
            raise Http404
        queryset = self.restricted(Action.VIEW)
        enterprise = request.GET.get("enterprise", "")
        if enterprise.isdigit():
            queryset = queryset.filter(enterprise_id=enterprise)
        table = WorkerImportTable(queryset, request=request, per_page=_per_page(request))
        return render(request, self.template_name, {**self.common_context(), "table": table})


class WorkerImportDetailView(ObjectDetailView):
    model = WorkerImport
    queryset = WorkerImport.objects.select_related("enterprise", "created_by", "job")
    template_name = "workers/import_detail.html"

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        reveal = wants_reveal(request)
        details = {}
        for kind in ("added", "changed", "removed"):
            rows = []
            for row in obj.details.get(kind, []):
                number = row["identity_number"]
                rows.append({**row, "identity_number": number if reveal else mask_identity(number)})
            details[kind] = rows
        context = {"object": obj, "details": details, "reveal": reveal, "can_reveal": can_reveal(request.user)}
        return render(request, self.template_name, context)
