"""The enterprise import page and its downloadable templates.

The page only checks what can be checked at once (size, type, zip bomb) and queues the file;
the task queue checks every row and the job page shows progress and the result.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import XLSX_MIME
from kcn.core.forms import UploadForm
from kcn.core.importers import ImportRefused, import_job_start, too_large_message, upload_limit
from kcn.core.models import ImportJob
from kcn.core.permissions import role_allows

from .importers import KIND, template_csv, template_xlsx
from .models import Enterprise


class _ImportAllowedMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not role_allows(request.user, Enterprise, Action.IMPORT):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class EnterpriseImportView(_ImportAllowedMixin, View):
    template_name = "registry/enterprise_import.html"

    def get(self, request):
        return self._render(request, _upload_form(user=request.user))

    def post(self, request):
        form = _upload_form(request.POST, request.FILES, user=request.user)
        if getattr(request, "kcn_upload_too_large", False):
            # SizeLimitUploadHandler stopped the upload: say why rather than "no file chosen".
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", too_large_message())
        elif form.is_valid():
            try:
                job = import_job_start(user=request.user, kind=KIND, upload=form.cleaned_data["file"])
            except ImportRefused as refused:
                form.add_error("file", refused.message)
            else:
                return redirect("core:job", job.pk)
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        recent = ImportJob.objects.filter(created_by=request.user, kind=KIND).order_by("-created_at")[:5]
        context = {"form": form, "recent_jobs": recent, "max_upload": upload_limit()}
        return render(request, self.template_name, context, status=status)


def _upload_form(*args, user):
    form = UploadForm(*args, user=user)
    form.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
    return form


class EnterpriseTemplateView(_ImportAllowedMixin, View):
    def get(self, request, fmt):
        if fmt == "xlsx":
            response = HttpResponse(template_xlsx(user=request.user), content_type=XLSX_MIME)
        elif fmt == "csv":
            response = HttpResponse(template_csv(user=request.user), content_type="text/csv; charset=utf-8")
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="mau-nhap-doanh-nghiep.{fmt}"'
        return response
