"""Downloads of a period's consolidated report: .xlsx and the official PDF (Decree 30/2020).

The level is the one the period page shows (``exports.export_department``); the period is read
through ``restrict``, and a period out of scope, a role that may not export periods, or a role
without a level get the same 404.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from kcn.core.choices import Action
from kcn.core.documents import document_pdf
from kcn.core.exporters import XLSX_MIME
from kcn.core.permissions import role_allows

from .exports import build_report, export_department, filename, report_document, report_xlsx
from .models import Period


class PeriodExportView(LoginRequiredMixin, View):
    fmt = "xlsx"

    def get(self, request, pk):
        user = request.user
        if not role_allows(user, Period, Action.EXPORT):
            raise Http404
        allowed, department = export_department(user)
        if not allowed:
            raise Http404
        period = get_object_or_404(
            Period.objects.restrict(user, Action.EXPORT)
            .select_related("schedule__template", "schedule__board__province"), pk=pk)
        report = build_report(period, department)
        if self.fmt == "pdf":
            response = HttpResponse(document_pdf(report_document(report, user)), content_type="application/pdf")
        else:
            response = HttpResponse(report_xlsx(report), content_type=XLSX_MIME)
        response["Content-Disposition"] = f'attachment; filename="{filename(period, self.fmt)}"'
        return response
