"""Tracing pages: the case list, recording an F0, the case page (contacts, decisions, the chain
graph), a contact's status, the contacts' export and the rules' versions."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from kcn.core.audit import history_entries
from kcn.core.choices import Action
from kcn.core.exporters import export_response
from kcn.core.permissions import role_allows
from kcn.core.views import ObjectListView, _attach_errors
from kcn.workers.validators import mask_identity

from . import selectors, services
from .choices import Decision, PersonStatus
from .filtersets import CaseFilterSet
from .forms import CaseForm, ContactAddForm, ReleaseForm, RuleForm, StatusForm
from .graph import chain_svg
from .models import Case, Contact, TracingRule
from .scope import may_decide
from .tables import CaseTable, case_export_columns, contact_export_columns

CONTACTS_PER_PAGE = 100


class CaseListView(ObjectListView):
    model = Case
    queryset = Case.objects.select_related("worker", "enterprise__zone").annotate(contact_count=Count("contacts"))
    filterset_class = CaseFilterSet
    table_class = CaseTable
    add_url_name = "tracing:case_add"
    export_name = "ca-benh"
    template_name = "tracing/case_list.html"

    @staticmethod
    def export_columns(request):
        return case_export_columns()


class CaseRecordView(LoginRequiredMixin, View):
    template_name = "tracing/case_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not role_allows(request.user, Case, Action.ADD):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = CaseForm(user=request.user, initial={"positive_test_date": timezone.localdate()})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = CaseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                case = services.case_record(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                form.add_error(None, _("Bạn không có quyền ghi nhận ca bệnh cho doanh nghiệp này."))
            else:
                count = case.contacts.count()
                messages.success(request, ngettext(
                    "Đã ghi nhận %(case)s và đề xuất %(count)s người tiếp xúc.",
                    "Đã ghi nhận %(case)s và đề xuất %(count)s người tiếp xúc.", count)
                    % {"case": case, "count": count})
                return redirect(case)
        return render(request, self.template_name, {"form": form}, status=400)


def _case(request, pk, action=Action.VIEW):
    if not role_allows(request.user, Case, action):
        raise Http404
    return get_object_or_404(selectors.cases_for(request.user, action), pk=pk)


class CaseDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        case = _case(request, pk)
        user = request.user
        contacts = selectors.case_contacts(user, case)
        generation, decision = request.GET.get("generation", ""), request.GET.get("decision", "")
        shown = contacts
        if generation in ("1", "2", "3"):
            shown = shown.filter(generation=int(generation))
        if decision in Decision.values:
            shown = shown.filter(decision=decision)
        page = Paginator(shown, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
        can_change = role_allows(user, Contact, Action.CHANGE) and case.is_in_scope(user, Action.CHANGE)
        changeable = set(Contact.objects.restrict(user, Action.CHANGE).filter(pk__in=[c.pk for c in page])
                         .values_list("pk", flat=True)) if can_change else set()
        rows = [{"contact": c, "masked": mask_identity(c.worker.identity_number),
                 "can_change": c.pk in changeable} for c in page]
        return render(request, "tracing/case_detail.html", {
            "object": case, "case": case, "model_name": Case._meta.verbose_name,
            "rows": rows, "page": page, "generation": generation, "decision": decision,
            "counts": selectors.contact_counts(user, case),
            "graph": chain_svg(case, list(
                Contact.objects.restrict(user).filter(case=case).select_related("worker")
                .only("pk", "generation", "source_id", "link", "decision", "status", "worker__full_name")
                .order_by("generation", "pk"))),
            "can_change": can_change, "can_decide": can_change and may_decide(user),
            "decisions": Decision, "masked_identity": mask_identity(case.identity_number),
            "release_form": ReleaseForm(initial={"released_on": timezone.localdate()}),
            "history": history_entries(case),
            "parent_case": case.source_contact.case if case.source_contact_id else None,
        })


class CaseProposeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        case = _case(request, pk, Action.CHANGE)
        try:
            added = services.contacts_propose(user=request.user, cases=[case])
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, ngettext("Đã đề xuất thêm %(count)s người tiếp xúc.",
                                               "Đã đề xuất thêm %(count)s người tiếp xúc.", added) % {"count": added})
        return redirect(case)


class ContactAddView(LoginRequiredMixin, View):
    """Add a contact the workplace structure did not propose; errors go back to the case page."""

    def post(self, request, pk):
        case = _case(request, pk, Action.CHANGE)
        form = ContactAddForm(request.POST)
        if form.is_valid():
            try:
                contact = services.contact_add(user=request.user, case=case, **form.cleaned_data)
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(request, _("Đã bổ sung %(person)s (F%(generation)s).") % {
                    "person": contact.worker.full_name, "generation": contact.generation})
                return redirect(contact.get_absolute_url())
        for messages_ in form.errors.values():
            for message in messages_:
                messages.error(request, message)
        return redirect(case)


class CaseReleaseView(LoginRequiredMixin, View):
    def post(self, request, pk):
        case = _case(request, pk, Action.CHANGE)
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Hãy nhập ngày kết thúc theo dạng dd/mm/yyyy."))
            return redirect(case)
        try:
            services.case_release(user=request.user, case=case, on=form.cleaned_data["released_on"])
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã kết thúc ca bệnh."))
        return redirect(case)


class ContactDecideView(LoginRequiredMixin, View):
    """Confirm or reject the ticked contacts of a case (or one, from its row's button)."""

    def post(self, request, pk):
        case = _case(request, pk, Action.CHANGE)
        decision = request.POST.get("decision")
        ids = request.POST.getlist("contact")
        if not all(value.isdigit() for value in ids):
            raise Http404
        try:
            changed = services.contacts_decide(user=request.user, contact_ids=ids, decision=decision)
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if decision == Decision.CONFIRMED:
                text = ngettext("Đã xác nhận %(count)s người.", "Đã xác nhận %(count)s người.", changed)
            else:
                text = ngettext("Đã loại %(count)s người (cùng những người chỉ được truy qua họ).",
                                "Đã loại %(count)s người (cùng những người chỉ được truy qua họ).", changed)
            messages.success(request, text % {"count": changed})
        url = case.get_absolute_url()
        query = request.POST.get("next_query", "")
        return redirect(f"{url}?{query}" if query else url)


class ContactStatusView(LoginRequiredMixin, View):
    template_name = "tracing/contact_status.html"

    def _contact(self, request, pk):
        if not role_allows(request.user, Contact, Action.CHANGE):
            raise Http404
        queryset = Contact.objects.restrict(request.user, Action.CHANGE).select_related("worker", "case__worker")
        return get_object_or_404(queryset, pk=pk)

    def _render(self, request, contact, form, status=200):
        return render(request, self.template_name, {
            "contact": contact, "form": form, "masked": mask_identity(contact.worker.identity_number),
            "changes": contact.status_changes.select_related("recorded_by"),
        }, status=status)

    def get(self, request, pk):
        contact = self._contact(request, pk)
        form = StatusForm(initial={"on": timezone.localdate(), "version": contact.updated_at.isoformat()})
        return self._render(request, contact, form)

    def post(self, request, pk):
        contact = self._contact(request, pk)
        form = StatusForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.contact_set_status(user=request.user, contact=contact, status=data["status"],
                                            on=data["on"], note=data["note"], version=data["version"])
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                label = dict(PersonStatus.choices)[data["status"]]
                messages.success(request, _("Đã cập nhật tình trạng của %(name)s: %(status)s.") % {
                    "name": contact.worker.full_name, "status": label})
                return redirect(contact.case)
        return self._render(request, contact, form, status=400)


class ContactExportView(LoginRequiredMixin, View):
    """The case's contacts as .xlsx, identity numbers and phones masked."""

    def get(self, request, pk):
        case = _case(request, pk, Action.EXPORT)
        if not role_allows(request.user, Contact, Action.EXPORT):
            raise Http404
        contacts = selectors.case_contacts(request.user, case, Action.EXPORT)
        return export_response("xlsx", contact_export_columns(), contacts.iterator(chunk_size=2000),
                               f"nguoi-tiep-xuc-ca-{case.pk}", _("Người tiếp xúc"))


class RuleListView(LoginRequiredMixin, View):
    """Every version of the tracing rules; the administrator publishes a new one here."""

    template_name = "tracing/rule_list.html"

    def _render(self, request, form, status=200):
        if not role_allows(request.user, TracingRule, Action.VIEW):
            raise Http404
        can_add = role_allows(request.user, TracingRule, Action.ADD)
        return render(request, self.template_name, {
            "rules": TracingRule.objects.restrict(request.user), "form": form if can_add else None,
            "current": TracingRule.current(),
        }, status=status)

    def get(self, request):
        current = TracingRule.current()
        initial = {"valid_from": timezone.localdate()}
        if current:
            initial.update(groups=RuleForm.groups_as_text(current.groups), days_before=current.days_before,
                           generations=current.generations)
        return self._render(request, RuleForm(initial=initial))

    def post(self, request):
        if not role_allows(request.user, TracingRule, Action.ADD):
            raise Http404
        form = RuleForm(request.POST)
        if form.is_valid():
            try:
                rule = services.rule_publish(user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                _attach_errors(form, error)
            else:
                messages.success(request, _("Đã công bố %(rule)s.") % {"rule": rule})
                return redirect("tracing:rule_list")
        return self._render(request, form, status=400)
