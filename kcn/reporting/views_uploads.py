"""Filling reports with Excel: one report's workbook (download, upload) and, for department
officers and heads, a period's workbook for the enterprises of their zones.

The work is ``kcn.reporting.workbooks``'s; these views find the period and enterprise in the
user's scope (404 otherwise, like one that does not exist) and show the result. An upload that
is refused saves nothing and shows every reason, by row and column, on the same page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kcn.accounts.choices import Role
from kcn.core.choices import Action
from kcn.core.exporters import XLSX_MIME
from kcn.core.importers import too_large_message, upload_limit
from kcn.core.permissions import role_allows

from . import workbooks
from .forms import WorkbookUploadForm
from .models import Period, Schedule, Submission
from .selectors import visible_schedules
from .views_forms import _target, approval_lock


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _may_import(user):
    if not role_allows(user, Submission, Action.IMPORT) or not role_allows(user, Submission, Action.ADD):
        raise Http404


def _form(request):
    form = WorkbookUploadForm(request.POST, request.FILES)
    if getattr(request, "kcn_upload_too_large", False):
        # SizeLimitUploadHandler stopped the upload: say why rather than "no file chosen".
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", too_large_message())
    return form


# --- One report ----------------------------------------------------------------------------------


@login_required
def report_workbook(request, period_id, enterprise_id):
    """The .xlsx of one report, prefilled with its draft."""
    _may_import(request.user)
    period, enterprise = _target(request.user, period_id, enterprise_id)
    if workbooks.report_version(period, enterprise) is None:
        raise Http404
    content = workbooks.report_xlsx(period=period, enterprise=enterprise)
    return _xlsx(content, f"bao-cao-{period.schedule.template.code}-{period.start:%Y%m%d}-{enterprise.tax_code}.xlsx")


@login_required
def report_upload(request, period_id, enterprise_id):
    """Upload one report's workbook, then save it as a draft or submit it."""
    user = request.user
    _may_import(user)
    period, enterprise = _target(user, period_id, enterprise_id)
    fill_url = reverse("reporting:report_fill", args=[period.pk, enterprise.pk])
    lock = approval_lock(period, enterprise)
    form, errors, refusal, status = WorkbookUploadForm(), [], None, 200
    if request.method == "POST":
        form = _form(request)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            action = form.cleaned_data["action"]
            try:
                workbooks.report_upload(user=user, period=period, enterprise=enterprise, file=upload,
                                        name=upload.name, action=action)
            except PermissionDenied as error:
                raise Http404 from error
            except workbooks.WorkbookRefused as refused:
                refusal, errors = refused.message, refused.errors
            except ValidationError as error:
                refusal = " ".join(error.messages)
            else:
                if action == workbooks.SUBMIT:
                    messages.success(request, _("Đã nộp báo cáo kỳ %(period)s của %(enterprise)s từ tệp Excel.")
                                     % {"period": period.label, "enterprise": enterprise.name})
                else:
                    messages.success(request, _("Đã lưu bản nháp từ tệp Excel. Báo cáo chưa được nộp."))
                return redirect(fill_url)
        status = 400
    return render(request, "reporting/uploads/report_upload.html", {
        "period": period, "enterprise": enterprise, "form": form, "errors": errors, "refusal": refusal,
        "lock_message": lock, "fill_url": fill_url, "max_upload": upload_limit(),
    }, status=status)


# --- A period, many enterprises --------------------------------------------------------------------


def _bulk_period(user, pk):
    """The period, for a board's officer who may enter reports; 404 for anyone else (an
    enterprise's representative reports for its own enterprise only)."""
    _may_import(user)
    if user.role == Role.ENTERPRISE and not user.is_superuser:
        raise Http404
    schedules = visible_schedules(Schedule.objects.restrict(user, Action.VIEW), user)
    period = get_object_or_404(Period.objects.restrict(user, Action.VIEW).filter(schedule__in=schedules)
                               .select_related("schedule__template"), pk=pk)
    if period.schedule.template.current_version() is None:
        raise Http404
    return period


@login_required
def period_workbook(request, pk):
    """The .xlsx of a period for the enterprises in the officer's scope, prefilled."""
    period = _bulk_period(request.user, pk)
    content = workbooks.bulk_xlsx(user=request.user, period=period)
    return _xlsx(content, f"nhap-bao-cao-{period.schedule.template.code}-{period.start:%Y%m%d}.xlsx")


@login_required
def period_upload(request, pk):
    """Upload a period's workbook: every row saved or submitted, or none."""
    user = request.user
    period = _bulk_period(user, pk)
    form, errors, refusal, status = WorkbookUploadForm(initial={"action": "submit"}), [], None, 200
    if request.method == "POST":
        form = _form(request)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = workbooks.bulk_upload(user=user, period=period, file=upload, name=upload.name,
                                               action=form.cleaned_data["action"])
            except workbooks.WorkbookRefused as refused:
                refusal, errors = refused.message, refused.errors
            else:
                messages.success(request, result.message)
                return redirect("reporting:period_upload", period.pk)
        status = 400
    return render(request, "reporting/uploads/period_upload.html", {
        "period": period, "form": form, "errors": errors, "refusal": refusal,
        "enterprise_count": workbooks.bulk_enterprises(user, period).count(), "max_upload": upload_limit(),
    }, status=status)
