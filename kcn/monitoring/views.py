"""Pages of health monitoring: areas and rules, returnees, daily declarations, commitments, hotline.

Lists, details and forms use core's base views (scope through ``restrict`` only, 404 for what a
user may not see); the daily declaration sheet, the uploads and the acknowledgement are the
workflow pages of their own.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from kcn.core.choices import Action
from kcn.core.exporters import XLSX_MIME
from kcn.core.importers import run_import, too_large_message, upload_limit
from kcn.core.permissions import role_allows
from kcn.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, _attach_errors
from kcn.registry.models import Enterprise
from kcn.registry.scope import reach_of

from . import importers, services, tables
from .filtersets import (
    AreaFilterSet,
    CallFilterSet,
    CommitmentTextFilterSet,
    HealthFilterSet,
    PendingFilterSet,
    RuleFilterSet,
    TravelFilterSet,
)
from .forms import (
    AcknowledgementForm,
    AreaForm,
    CallForm,
    CommitmentTextForm,
    EnterpriseUploadForm,
    HealthUploadForm,
    RuleForm,
    TravelForm,
    writable_boards,
)
from .models import (
    CommitmentAcknowledgement,
    CommitmentText,
    HealthDeclaration,
    HotlineCall,
    MonitoringRule,
    OutbreakArea,
    TravelDeclaration,
)
from .selectors import (
    current_rule,
    day_summary,
    declaration_sheet,
    enterprises_for_declaring,
    enterprises_without_acknowledgement,
)

# --- Rules and outbreak areas


class _BoardWriterMixin:
    """Areas, rules and texts are written by leaders and the consolidating department only; the
    other departments' staff, whose role may write in general, get no add or edit button and 404."""

    def can(self, action, model=None):
        if (action in (Action.ADD, Action.CHANGE, Action.DELETE) and model in (None, self.model)
                and not writable_boards(self.request.user).exists()):
            return False
        return super().can(action, model)


class RuleListView(_BoardWriterMixin, ObjectListView):
    model = MonitoringRule
    queryset = MonitoringRule.objects.select_related("board")
    filterset_class = RuleFilterSet
    table_class = tables.RuleTable
    add_url_name = "monitoring:rule_add"
    export_name = "quy-dinh-theo-doi"

    @staticmethod
    def export_columns(request):
        from kcn.core.exporters import ExportColumn

        return [ExportColumn(_("Áp dụng từ ngày"), lambda r: r.valid_from),
                ExportColumn(_("Số ngày cách ly tập trung"), lambda r: r.quarantine_days),
                ExportColumn(_("Số ngày tự cách ly"), lambda r: r.self_isolation_days),
                ExportColumn(_("Căn cứ"), lambda r: r.basis)]


class RuleEditView(_BoardWriterMixin, ObjectEditView):
    model = MonitoringRule
    form_class = RuleForm
    service = staticmethod(services.rule_save)


class AreaListView(_BoardWriterMixin, ObjectListView):
    model = OutbreakArea
    queryset = OutbreakArea.objects.select_related("province", "commune")
    filterset_class = AreaFilterSet
    table_class = tables.AreaTable
    add_url_name = "monitoring:area_add"
    export_name = "vung-dich"
    template_name = "monitoring/area_list.html"

    def extra_context(self, queryset):
        boards = reach_of(self.request.user).boards
        rule = current_rule(next(iter(boards))) if len(boards) == 1 else None
        return {"rule": rule, "can_rules": role_allows(self.request.user, MonitoringRule, Action.VIEW)}

    @staticmethod
    def export_columns(request):
        return tables.area_export_columns()


class AreaDetailView(_BoardWriterMixin, ObjectDetailView):
    model = OutbreakArea
    queryset = OutbreakArea.objects.select_related("province", "commune", "board")
    template_name = "monitoring/area_detail.html"

    def extra_context(self, area):
        returnees = TravelDeclaration.objects.restrict(self.request.user).filter(area=area)
        return {"returnee_count": returnees.count(),
                "returnees_url": reverse("monitoring:travel_list") + f"?area={area.pk}"}


class AreaEditView(_BoardWriterMixin, ObjectEditView):
    model = OutbreakArea
    form_class = AreaForm
    service = staticmethod(services.area_save)


class AreaDeleteView(_BoardWriterMixin, ObjectDeleteView):
    model = OutbreakArea
    success_url_name = "monitoring:area_list"
    service = staticmethod(services.area_delete)


# --- Returnees


class TravelListView(ObjectListView):
    model = TravelDeclaration
    filterset_class = TravelFilterSet
    table_class = tables.TravelTable
    add_url_name = "monitoring:travel_add"
    import_url_name = "monitoring:travel_import"
    export_name = "nguoi-ve-tu-vung-dich"
    template_name = "monitoring/travel_list.html"

    def base_queryset(self):
        # "Today" is read per request: the status column and filter move with the calendar.
        return TravelDeclaration.objects.with_status().select_related(
            "worker", "enterprise__zone", "area__province", "area__commune")

    @staticmethod
    def export_columns(request):
        return tables.travel_export_columns()


class TravelDetailView(ObjectDetailView):
    model = TravelDeclaration
    template_name = "monitoring/travel_detail.html"

    def base_queryset(self):
        return TravelDeclaration.objects.select_related("worker", "enterprise__zone", "area__province",
                                                        "area__commune", "declared_by")


class TravelEditView(ObjectEditView):
    model = TravelDeclaration
    form_class = TravelForm
    service = staticmethod(services.travel_declare)


class TravelDeleteView(ObjectDeleteView):
    model = TravelDeclaration
    success_url_name = "monitoring:travel_list"
    service = staticmethod(services.travel_delete)


# --- Uploads (returnees and health declarations)


def _xlsx(content, filename):
    response = HttpResponse(content, content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _UploadView(LoginRequiredMixin, View):
    model = None
    form_class = EnterpriseUploadForm
    template_name = "monitoring/upload.html"
    title = ""
    template_url_name = ""
    back_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (role_allows(user, self.model, Action.IMPORT)
                                          and role_allows(user, self.model, Action.ADD)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if request.GET.get("template") == "xlsx":
            return _xlsx(self.template_bytes(), self.template_file_name)
        return self.render(self.form_class(user=request.user))

    def post(self, request):
        form = self.form_class(request.POST, request.FILES, user=request.user)
        if getattr(request, "kcn_upload_too_large", False):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", too_large_message())
            return self.render(form, status=400)
        if not form.is_valid():
            return self.render(form, status=400)
        upload = form.cleaned_data["file"]
        importer = self.importer(form)
        result = run_import(importer=importer, file=upload, file_name=upload.name)
        if result.ok:
            messages.success(request, result.message)
            return redirect(self.back_url_name)
        return self.render(form, result=result, status=400)

    def render(self, form, result=None, status=200):
        context = {"form": form, "result": result, "title": self.title, "max_upload": upload_limit(),
                   "back_url_name": self.back_url_name, "columns": self.columns}
        return render(self.request, self.template_name, context, status=status)


class TravelImportView(_UploadView):
    model = TravelDeclaration
    title = _("Nhập người về từ vùng dịch từ tệp")
    back_url_name = "monitoring:travel_list"
    template_file_name = "mau-nguoi-ve-tu-vung-dich.xlsx"
    columns = importers.TRAVEL_COLUMNS

    def importer(self, form):
        return importers.TravelImporter(user=self.request.user, enterprise=form.cleaned_data["enterprise"])

    def template_bytes(self):
        today = timezone.localdate().strftime("%d/%m/%Y")
        return importers.template_xlsx(self.columns, _("Người về từ vùng dịch"), {
            "identity_number": "035190001234", "area": "1", "return_date": today, "means": _("Xe khách")})


class HealthImportView(_UploadView):
    model = HealthDeclaration
    form_class = HealthUploadForm
    title = _("Nhập khai báo y tế từ tệp")
    back_url_name = "monitoring:health_list"
    template_file_name = "mau-khai-bao-y-te.xlsx"
    columns = importers.HEALTH_COLUMNS

    def importer(self, form):
        return importers.HealthImporter(user=self.request.user, enterprise=form.cleaned_data["enterprise"],
                                        day=form.cleaned_data["date"])

    def template_bytes(self):
        return importers.template_xlsx(self.columns, _("Khai báo y tế"), {
            "identity_number": "035190001234", "cough": "x", "temperature": "37,2"})


# --- Daily health declarations


class HealthListView(ObjectListView):
    model = HealthDeclaration
    queryset = HealthDeclaration.objects.select_related("worker", "enterprise")
    filterset_class = HealthFilterSet
    table_class = tables.HealthTable
    import_url_name = "monitoring:health_import"
    export_name = "khai-bao-y-te"
    template_name = "monitoring/health_list.html"

    @staticmethod
    def export_columns(request):
        return tables.health_export_columns()


SHEET_SIZE = 50


def _parse_day(text):
    return importers.parse_date((text or "").strip())


class HealthSheetView(LoginRequiredMixin, View):
    """The quick daily form: tick only who has a symptom, then "everyone else is fine"."""

    template_name = "monitoring/health_sheet.html"

    def _context(self, request, source):
        if not role_allows(request.user, HealthDeclaration, Action.ADD):
            raise Http404
        enterprises = enterprises_for_declaring(request.user)
        enterprise = None
        if source.get("enterprise"):
            enterprise = enterprises.filter(pk=source.get("enterprise")).first()
            if enterprise is None:
                raise Http404
        elif len(enterprises[:2]) == 1:
            enterprise = enterprises[0]
        day = _parse_day(source.get("date", "")) or timezone.localdate()
        return enterprises, enterprise, day

    def get(self, request):
        enterprises, enterprise, day = self._context(request, request.GET)
        return self.render(request, enterprises, enterprise, day)

    def render(self, request, enterprises, enterprise, day, errors=None, status=200):
        context = {"enterprises": enterprises, "enterprise": enterprise, "day": day, "errors": errors or [],
                   "today": timezone.localdate(), "q": request.GET.get("q", "")}
        if enterprise is not None:
            try:
                page = max(1, int(request.GET.get("page", 1)))
            except ValueError:
                page = 1
            returnee_rows, other_rows, total = declaration_sheet(request.user, enterprise, day,
                                                                 search=context["q"], limit=SHEET_SIZE,
                                                                 offset=(page - 1) * SHEET_SIZE)
            context.update({
                "returnee_rows": returnee_rows, "other_rows": other_rows,
                "page": Paginator(range(total), SHEET_SIZE).get_page(page) if total else None,
                "summary": day_summary(request.user, enterprise, day),
            })
        return render(request, self.template_name, context, status=status)

    def post(self, request):
        enterprises, enterprise, day = self._context(request, request.POST)
        if enterprise is None:
            raise Http404
        from kcn.workers.models import Worker

        shown = [int(pk) for pk in request.POST.getlist("worker") if pk.isdigit()]
        workers = {w.pk: w for w in Worker.objects.restrict(request.user, Action.VIEW)
                   .filter(enterprise=enterprise, pk__in=shown)}
        existing = set(HealthDeclaration.objects.filter(worker_id__in=list(workers), date=day)
                       .values_list("worker_id", flat=True))
        entries, errors = [], []
        for pk in shown:
            worker = workers.get(pk)
            if worker is None:
                raise Http404
            entry = {"worker": worker, "fever": f"fever-{pk}" in request.POST,
                     "cough": f"cough-{pk}" in request.POST,
                     "shortness_of_breath": f"breath-{pk}" in request.POST,
                     "other_symptoms": request.POST.get(f"other-{pk}", "").strip()[:255], "temperature": None}
            text = request.POST.get(f"temperature-{pk}", "").strip().replace(",", ".")
            if text:
                from decimal import Decimal, InvalidOperation

                try:
                    entry["temperature"] = Decimal(text).quantize(Decimal("0.1"))
                except InvalidOperation:
                    errors.append(_("%(worker)s: nhiệt độ phải là số, ví dụ 36,8.") % {"worker": worker.full_name})
                    continue
            symptomatic = any(entry[k] for k in ("fever", "cough", "shortness_of_breath", "other_symptoms"))
            # An unticked row is declared only if it was declared before (to clear it) or has a temperature.
            if symptomatic or pk in existing or entry["temperature"] is not None:
                entries.append(entry)
        all_fine = request.POST.get("all_others_fine") == "1"
        if not errors:
            try:
                result = services.health_declare_many(user=request.user, enterprise=enterprise, date=day,
                                                      entries=entries, all_others_fine=all_fine)
            except ValidationError as error:
                errors = error.messages
            except PermissionDenied as error:
                raise Http404 from error
        if errors:
            return self.render(request, enterprises, enterprise, day, errors=errors, status=400)
        messages.success(request, _(
            "Đã lưu khai báo ngày %(day)s: %(count)s người được khai báo, %(fine)s người khác bình thường, "
            "%(alerts)s cảnh báo triệu chứng đã gửi.") % {
            "day": day.strftime("%d/%m/%Y"), "count": len(result["declarations"]), "fine": result["fine"],
            "alerts": result["alerts"]})
        return redirect(reverse("monitoring:health_sheet") + f"?enterprise={enterprise.pk}&date={day:%d/%m/%Y}")


# --- Commitments


class CommitmentListView(_BoardWriterMixin, ObjectListView):
    model = CommitmentText
    queryset = CommitmentText.objects.select_related("board", "published_by")
    filterset_class = CommitmentTextFilterSet
    add_url_name = "monitoring:commitment_add"
    template_name = "monitoring/commitment_list.html"

    class table_class(tables.Table):  # noqa: N801 - the list's table, declared where it is used
        columns = [
            tables.Column("version", _("phiên bản"), numeric=True, order_by=("version",)),
            tables.Column("title", _("tiêu đề"), link=tables.link_to_self),
            tables.Column("published_on", _("ngày ban hành"), order_by=("published_on",)),
            tables.Column("board", _("ban quản lý"), value=lambda t: t.board.short_name or t.board.name),
        ]
        default_order = ("-version",)

    def extra_context(self, queryset):
        user = self.request.user
        acknowledged = set(CommitmentAcknowledgement.objects.restrict(user).filter(text__in=queryset)
                           .values_list("text_id", "enterprise_id"))
        return {"acknowledged": acknowledged}

    @staticmethod
    def export_columns(request):
        from kcn.core.exporters import ExportColumn

        return [ExportColumn(_("Phiên bản"), lambda t: t.version), ExportColumn(_("Tiêu đề"), lambda t: t.title),
                ExportColumn(_("Ngày ban hành"), lambda t: t.published_on)]


class CommitmentEditView(_BoardWriterMixin, ObjectEditView):
    model = CommitmentText
    form_class = CommitmentTextForm
    service = staticmethod(services.commitment_text_save)


class CommitmentDetailView(_BoardWriterMixin, ObjectDetailView):
    """The text, the user's acknowledgement form (an enterprise) or who has acknowledged (the board)."""

    model = CommitmentText
    queryset = CommitmentText.objects.select_related("board", "published_by")
    template_name = "monitoring/commitment_detail.html"

    def extra_context(self, text, form=None):
        user = self.request.user
        acknowledgements = (CommitmentAcknowledgement.objects.restrict(user).filter(text=text)
                            .select_related("enterprise__zone", "acknowledged_by"))
        can_ack = role_allows(user, CommitmentAcknowledgement, Action.ADD)
        if can_ack and form is None:
            mine = acknowledgements.first() if user.role == "enterprise" else None
            form = AcknowledgementForm(user=user, text=text, instance=mine)
        is_latest = not CommitmentText.objects.filter(board=text.board, version__gt=text.version).exists()
        return {
            "acknowledgements": acknowledgements.order_by("enterprise__zone__name", "enterprise__name")[:200],
            "acknowledged_count": acknowledgements.count(),
            "pending_count": enterprises_without_acknowledgement(user, text).count(),
            "ack_form": form if can_ack and is_latest else None,
            "is_latest": is_latest,
            "can_follow_up": user.role != "enterprise" and role_allows(user, CommitmentAcknowledgement, Action.VIEW),
        }

    def post(self, request, pk):
        text = self.get_object()
        if not role_allows(request.user, CommitmentAcknowledgement, Action.ADD):
            raise Http404
        form = AcknowledgementForm(request.POST, request.FILES, user=request.user, text=text)
        if form.is_valid():
            try:
                services.commitment_acknowledge(user=request.user, text=text, data=form.cleaned_data)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã ghi nhận xác nhận bản cam kết của %(enterprise)s.") % {
                    "enterprise": form.cleaned_data["enterprise"]})
                return redirect(text.get_absolute_url())
        context = {**self.common_context(), "object": text, "history": [],
                   **self.extra_context(text, form=form)}
        return render(request, self.template_name, context, status=400)


class PendingListView(ObjectListView):
    """Enterprises that have not acknowledged a commitment version: filters, export, reminder."""

    model = Enterprise
    filterset_class = PendingFilterSet
    table_class = tables.PendingTable
    template_name = "monitoring/pending_list.html"
    export_name = "chua-xac-nhan-cam-ket"

    def text(self):
        if not hasattr(self, "_text"):
            self._text = get_object_or_404(CommitmentText.objects.restrict(self.request.user), pk=self.kwargs["pk"])
        return self._text

    def can(self, action, model=None):
        if self.request.user.role == "enterprise":
            return False
        return role_allows(self.request.user, model or CommitmentAcknowledgement, action)

    def base_queryset(self):
        return enterprises_without_acknowledgement(self.request.user, self.text())

    def common_context(self):
        return {**super().common_context(), "can_add": False, "can_import": False,
                "model_name_plural": _("Doanh nghiệp chưa xác nhận bản cam kết")}

    def extra_context(self, queryset):
        return {"text": self.text()}

    def post(self, request, pk):
        if not self.can(Action.VIEW):
            raise Http404
        count = services.commitment_remind(user=request.user, text=self.text())
        messages.success(request, ngettext("Đã gửi lời nhắc tới %(count)s doanh nghiệp chưa xác nhận.",
                                           "Đã gửi lời nhắc tới %(count)s doanh nghiệp chưa xác nhận.", count)
                         % {"count": count})
        return redirect("monitoring:commitment_pending", pk=pk)

    @staticmethod
    def export_columns(request):
        return tables.pending_export_columns()


class ScanView(LoginRequiredMixin, View):
    """The signed scan, to those who may see the acknowledgement (never a public media URL)."""

    def get(self, request, pk):
        ack = get_object_or_404(CommitmentAcknowledgement.objects.restrict(request.user), pk=pk)
        if not ack.scan:
            raise Http404
        extension = ack.scan.name.rsplit(".", 1)[-1].lower()
        from .constants import SCAN_TYPES

        return FileResponse(ack.scan.open("rb"), content_type=SCAN_TYPES.get(extension, "application/octet-stream"),
                            filename=f"cam-ket-{ack.enterprise.tax_code}.{extension}")


# --- Hotline


class CallListView(ObjectListView):
    model = HotlineCall
    queryset = HotlineCall.objects.select_related("enterprise", "handled_by")
    filterset_class = CallFilterSet
    table_class = tables.CallTable
    add_url_name = "monitoring:call_add"
    export_name = "duong-day-nong"

    @staticmethod
    def export_columns(request):
        return tables.call_export_columns()


class CallDetailView(ObjectDetailView):
    model = HotlineCall
    queryset = HotlineCall.objects.select_related("enterprise", "handled_by", "board")
    template_name = "monitoring/call_detail.html"


class CallEditView(ObjectEditView):
    model = HotlineCall
    form_class = CallForm
    service = staticmethod(services.call_save)

