"""Pages of outbreak levels, self-assessments, scenario plans and checklists.

Reads go through ``restrict`` (or the level visibility of selectors.py); writes through services.
A row the user may not see answers 404, like one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.audit import history_entries
from kcn.core.choices import Action
from kcn.core.exporters import export_response
from kcn.core.permissions import role_allows
from kcn.core.views import ObjectListView
from kcn.registry.models import Enterprise, Zone

from . import selectors, services, tables
from .choices import LEVEL_HEX, AssessmentStatus, Level, LevelSource
from .filtersets import (
    ChecklistItemFilterSet,
    EnterpriseLevelListFilterSet,
    ScenarioPlanFilterSet,
    SelfAssessmentFilterSet,
)
from .forms import (
    AssessmentForm,
    AssessmentReviewForm,
    CriteriaPublishForm,
    ItemDoneForm,
    LevelSetForm,
    PlanActionFormSet,
    PlanReviewForm,
)
from .models import (
    Checklist,
    ChecklistItem,
    CriteriaSet,
    EnterpriseLevel,
    ScenarioPlan,
    SelfAssessment,
    ZoneLevel,
)


def _attach(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _level_context(level):
    return {"value": level, "label": Level(level).label if level else _("Chưa xác định"),
            "hex": LEVEL_HEX.get(level, "#6c757d")}


# --- Levels


class LevelListView(ObjectListView):
    """Enterprises with their current level: board-wide for the board's members (levels are what
    the province follows), the enterprise's own for an enterprise."""

    model = EnterpriseLevel
    filterset_class = EnterpriseLevelListFilterSet
    table_class = tables.EnterpriseLevelTable
    template_name = "prevention/level_list.html"
    export_name = "cap-do-dich"

    def restricted(self, action=None):
        return selectors.enterprises_with_levels(self.request.user, action or Action.VIEW)

    def export(self, fmt, filterset):
        if not self.can(Action.EXPORT):
            raise Http404
        queryset = self.filterset_class(self.request.GET, queryset=self.restricted(Action.EXPORT),
                                        request=self.request).qs
        queryset = self.table_class(queryset, request=self.request).queryset
        return export_response(fmt, tables.enterprise_level_export_columns(), queryset.iterator(chunk_size=2000),
                               self.export_name, str(_("Cấp độ dịch các doanh nghiệp")))

    def extra_context(self, queryset):
        counts = {row["current_level"]: row["n"] for row in
                  queryset.order_by().values("current_level").annotate(n=Count("pk"))}
        return {"level_counts": [(_level_context(level), counts.get(level, 0)) for level in Level.values],
                "unset_count": counts.get(None, 0),
                "sees_records": role_allows(self.request.user, Checklist, Action.VIEW)}


class ZoneLevelsView(LoginRequiredMixin, View):
    """Zones by level: each zone's current level and the level its enterprises propose."""

    def get(self, request):
        if not role_allows(request.user, ZoneLevel, Action.VIEW):
            raise Http404
        rows = selectors.zone_rows(request.user)
        settable = selectors.settable_zone_ids(request.user)
        for row in rows:
            row["level_ctx"] = _level_context(row["level"])
            row["proposed_ctx"] = _level_context(row["proposed"]) if row["proposed"] else None
            row["may_set"] = row["zone"].pk in settable
        groups = [(_level_context(level), [row for row in rows if row["level"] == level])
                  for level in sorted(Level.values, reverse=True)]
        groups.append((_level_context(None), [row for row in rows if row["level"] is None]))
        return render(request, "prevention/zone_levels.html", {"rows": rows, "groups": groups})


class EnterpriseLevelView(LoginRequiredMixin, View):
    """One enterprise: current level and its history, proposals, the checklist in force and its plan."""

    def get(self, request, pk):
        user = request.user
        if not role_allows(user, EnterpriseLevel, Action.VIEW):
            raise Http404
        enterprise = get_object_or_404(Enterprise.objects.filter(selectors.visible_enterprises_q(user))
                                       .select_related("zone"), pk=pk)
        history = list(EnterpriseLevel.objects.restrict(user).filter(enterprise=enterprise)
                       .select_related("set_by"))
        current = history[0] if history else None
        may_set = selectors.may_set_level(user, enterprise=enterprise)
        context = {
            "enterprise": enterprise,
            "current": current,
            "level": _level_context(current.level if current else None),
            "history": history,
            "may_set": may_set,
            "form": LevelSetForm(initial={"expected_current": current.pk if current else 0}) if may_set else None,
            "case_proposal": selectors.case_proposal(enterprise) if may_set else None,
        }
        if role_allows(user, Checklist, Action.VIEW):
            checklist = (Checklist.objects.restrict(user).filter(enterprise=enterprise, superseded_at__isnull=True)
                         .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.select_related("done_by")))
                         .first())
            context.update({
                "sees_records": True,
                "checklist": checklist,
                "plan": ScenarioPlan.objects.restrict(user).filter(enterprise=enterprise).order_by("-version").first(),
                "pending_assessments": SelfAssessment.objects.restrict(user).filter(
                    enterprise=enterprise, status=AssessmentStatus.SUBMITTED),
                "may_tick": role_allows(user, ChecklistItem, Action.CHANGE),
                "now": timezone.now(),
                # The enterprise's own representative writes its plan and assesses itself from here.
                "may_plan": role_allows(user, ScenarioPlan, Action.ADD)
                and Enterprise.objects.restrict(user).filter(pk=enterprise.pk).exists(),
            })
        return render(request, "prevention/enterprise_level.html", context)


class EnterpriseLevelSetView(LoginRequiredMixin, View):
    def _enterprise(self, request, pk):
        enterprise = get_object_or_404(Enterprise.objects.select_related("zone"), pk=pk)
        if not selectors.may_set_level(request.user, enterprise=enterprise):
            raise Http404
        return enterprise

    def get(self, request, pk):
        enterprise = self._enterprise(request, pk)
        current = selectors.current_level_of(enterprise)
        initial = {"expected_current": current.pk if current else 0}
        if request.GET.get("level"):
            initial["level"] = request.GET["level"]
        if request.GET.get("source") == LevelSource.CASES:
            proposal = selectors.case_proposal(enterprise)
            if proposal:
                initial["reason"] = _("Doanh nghiệp có %(cases)s ca bệnh đang điều trị.") % {"cases": proposal[0]}
        form = LevelSetForm(initial=initial)
        return self.render(request, enterprise, current, form)

    def render(self, request, enterprise, current, form, status=200):
        return render(request, "prevention/level_set.html", {
            "target": enterprise, "current": current, "form": form,
            "level": _level_context(current.level if current else None),
            "source": request.POST.get("source") or request.GET.get("source", LevelSource.OFFICER),
        }, status=status)

    def post(self, request, pk):
        enterprise = self._enterprise(request, pk)
        form = LevelSetForm(request.POST)
        source = request.POST.get("source")
        source = source if source in (LevelSource.OFFICER, LevelSource.CASES) else LevelSource.OFFICER
        if form.is_valid():
            try:
                services.enterprise_level_set(user=request.user, enterprise=enterprise, source=source,
                                              **form.cleaned_data)
            except ValidationError as error:
                _attach(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã chuyển %(enterprise)s sang %(level)s.") % {
                    "enterprise": enterprise, "level": Level(form.cleaned_data["level"]).label})
                return redirect("prevention:enterprise_level", pk=enterprise.pk)
        return self.render(request, enterprise, selectors.current_level_of(enterprise), form, status=400)


class ZoneLevelSetView(LoginRequiredMixin, View):
    def _zone(self, request, pk):
        zone = get_object_or_404(Zone, pk=pk)
        if not selectors.may_set_level(request.user, zone=zone):
            raise Http404
        return zone

    def get(self, request, pk):
        zone = self._zone(request, pk)
        current = selectors.current_zone_level_of(zone)
        initial = {"expected_current": current.pk if current else 0}
        if request.GET.get("level"):
            initial["level"] = request.GET["level"]
            initial["reason"] = _("Theo cấp độ của các doanh nghiệp trong KCN.")
        return self.render(request, zone, current, LevelSetForm(initial=initial))

    def render(self, request, zone, current, form, status=200):
        return render(request, "prevention/level_set.html", {
            "target": zone, "current": current, "form": form, "is_zone": True,
            "level": _level_context(current.level if current else None),
            "source": request.POST.get("source") or request.GET.get("source", LevelSource.OFFICER),
        }, status=status)

    def post(self, request, pk):
        zone = self._zone(request, pk)
        form = LevelSetForm(request.POST)
        source = request.POST.get("source")
        source = source if source in (LevelSource.OFFICER, LevelSource.ENTERPRISES) else LevelSource.OFFICER
        if form.is_valid():
            try:
                services.zone_level_set(user=request.user, zone=zone, source=source, **form.cleaned_data)
            except ValidationError as error:
                _attach(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã chuyển %(zone)s sang %(level)s.") % {
                    "zone": zone, "level": Level(form.cleaned_data["level"]).label})
                return redirect("prevention:zone_levels")
        return self.render(request, zone, selectors.current_zone_level_of(zone), form, status=400)


# --- Criteria


class CriteriaListView(LoginRequiredMixin, View):
    def get(self, request):
        if not role_allows(request.user, CriteriaSet, Action.VIEW):
            raise Http404
        sets = CriteriaSet.objects.restrict(request.user).annotate(
            criterion_count=Count("criteria", distinct=True), assessment_count=Count("assessments", distinct=True))
        return render(request, "prevention/criteria_list.html", {
            "sets": sets, "current": CriteriaSet.current(),
            "may_publish": role_allows(request.user, CriteriaSet, Action.ADD)})


class CriteriaPublishView(LoginRequiredMixin, View):
    """An administrator publishes a new version, starting from the current one."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not role_allows(request.user, CriteriaSet, Action.ADD):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        form = CriteriaPublishForm(initial=CriteriaPublishForm.initial_from(CriteriaSet.current()))
        return render(request, "prevention/criteria_publish.html", {"form": form})

    def post(self, request):
        form = CriteriaPublishForm(request.POST)
        if form.is_valid():
            try:
                criteria_set = services.criteria_set_publish(user=request.user, data=form.publish_data())
            except ValidationError as error:
                _attach(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã ban hành %(set)s.") % {"set": criteria_set})
                return redirect(criteria_set.get_absolute_url())
        return render(request, "prevention/criteria_publish.html", {"form": form}, status=400)


class CriteriaDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        criteria_set = get_object_or_404(
            CriteriaSet.objects.restrict(request.user).prefetch_related("criteria__options", "score_thresholds",
                                                                        "case_thresholds"), pk=pk)
        return render(request, "prevention/criteria_detail.html", {
            "object": criteria_set, "is_current": criteria_set == CriteriaSet.current()})


# --- Self-assessment


def _own_enterprise(request, action=Action.VIEW):
    """The enterprise an enterprise user acts for (?enterprise= when it represents several)."""
    enterprises = Enterprise.objects.restrict(request.user, action).select_related("zone").order_by("name")
    wanted = request.GET.get("enterprise") or request.POST.get("enterprise")
    if wanted:
        return get_object_or_404(enterprises, pk=wanted)
    enterprise = enterprises.first()
    if enterprise is None:
        raise Http404
    return enterprise


class AssessmentCreateView(LoginRequiredMixin, View):
    def _setup(self, request):
        if not role_allows(request.user, SelfAssessment, Action.ADD):
            raise Http404
        criteria_set = CriteriaSet.current()
        if criteria_set is None:
            raise Http404
        return _own_enterprise(request), criteria_set

    def get(self, request):
        enterprise, criteria_set = self._setup(request)
        return self.render(request, enterprise, AssessmentForm(criteria_set=criteria_set))

    def render(self, request, enterprise, form, status=200):
        return render(request, "prevention/assessment_form.html",
                      {"enterprise": enterprise, "form": form, "criteria_set": form.criteria_set}, status=status)

    def post(self, request):
        enterprise, criteria_set = self._setup(request)
        form = AssessmentForm(request.POST, criteria_set=criteria_set)
        if form.is_valid():
            try:
                assessment = services.assessment_submit(user=request.user, enterprise=enterprise,
                                                        answers=form.answers())
            except ValidationError as error:
                _attach(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã gửi phiếu tự đánh giá: %(score)s điểm, đề xuất %(level)s.") % {
                    "score": assessment.score, "level": assessment.get_proposed_level_display()})
                return redirect(assessment.get_absolute_url())
        return self.render(request, enterprise, form, status=400)


class AssessmentListView(ObjectListView):
    model = SelfAssessment
    queryset = SelfAssessment.objects.select_related("enterprise__zone")
    filterset_class = SelfAssessmentFilterSet
    table_class = tables.SelfAssessmentTable
    template_name = "prevention/assessment_list.html"
    export_name = "tu-danh-gia"

    @staticmethod
    def export_columns(request):
        return tables.assessment_export_columns()


class AssessmentDetailView(LoginRequiredMixin, View):
    def _get(self, request, pk):
        if not role_allows(request.user, SelfAssessment, Action.VIEW):
            raise Http404
        return get_object_or_404(
            SelfAssessment.objects.restrict(request.user).select_related(
                "enterprise__zone", "criteria_set", "submitted_by", "reviewed_by")
            .prefetch_related("answers__criterion", "answers__option"), pk=pk)

    def get(self, request, pk, form=None, status=200):
        assessment = self._get(request, pk)
        may_review = (assessment.status == AssessmentStatus.SUBMITTED and request.user.role != "enterprise"
                      and assessment.is_in_scope(request.user, Action.CHANGE))
        current = selectors.current_level_of(assessment.enterprise)
        return render(request, "prevention/assessment_detail.html", {
            "object": assessment, "may_review": may_review, "form": form or AssessmentReviewForm(),
            "current": current, "level": _level_context(current.level if current else None),
            "proposed": _level_context(assessment.proposed_level),
            "history": history_entries(assessment),
        }, status=status)

    def post(self, request, pk):
        assessment = self._get(request, pk)
        form = AssessmentReviewForm(request.POST)
        if form.is_valid():
            try:
                services.assessment_review(user=request.user, assessment=assessment, **form.cleaned_data)
            except ValidationError as error:
                _attach(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã ghi kết quả xem xét phiếu tự đánh giá."))
                return redirect(assessment.get_absolute_url())
        return self.get(request, pk, form=form, status=400)


# --- Scenario plans


def _plans_queryset():
    latest = ScenarioPlan.objects.filter(enterprise=OuterRef("enterprise")).order_by("-version").values("pk")[:1]
    return (ScenarioPlan.objects.filter(pk=Subquery(latest)).select_related("enterprise__zone")
            .annotate(action_count=Count("actions")))


class PlanListView(ObjectListView):
    """The current version of each enterprise's plan."""

    model = ScenarioPlan
    filterset_class = ScenarioPlanFilterSet
    table_class = tables.ScenarioPlanTable
    template_name = "prevention/plan_list.html"
    export_name = "phuong-an-theo-cap-do"

    def base_queryset(self):
        return _plans_queryset()

    @staticmethod
    def export_columns(request):
        return tables.plan_export_columns()

    def extra_context(self, queryset):
        user = self.request.user
        own = []
        if user.role == "enterprise":
            own = list(Enterprise.objects.restrict(user).order_by("name"))
        return {"own_enterprises": own}


class PlanDetailView(LoginRequiredMixin, View):
    def _get(self, request, pk):
        if not role_allows(request.user, ScenarioPlan, Action.VIEW):
            raise Http404
        return get_object_or_404(ScenarioPlan.objects.restrict(request.user).select_related(
            "enterprise__zone", "submitted_by", "reviewed_by").prefetch_related("actions"), pk=pk)

    def get(self, request, pk, form=None, status=200):
        plan = self._get(request, pk)
        latest = selectors.current_plan(plan.enterprise)
        user = request.user
        may_review = (plan.pk == latest.pk and user.role != "enterprise"
                      and plan.is_in_scope(user, Action.CHANGE))
        may_edit = role_allows(user, ScenarioPlan, Action.ADD) and plan.pk == latest.pk
        return render(request, "prevention/plan_detail.html", {
            "object": plan, "latest": latest, "may_review": may_review, "may_edit": may_edit,
            "form": form or PlanReviewForm(),
            "versions": ScenarioPlan.objects.restrict(user).filter(enterprise=plan.enterprise).order_by("-version"),
        }, status=status)

    def post(self, request, pk):
        plan = self._get(request, pk)
        form = PlanReviewForm(request.POST)
        if form.is_valid():
            try:
                services.plan_review(user=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                _attach(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã ghi kết quả xem xét phương án."))
                return redirect(plan.get_absolute_url())
        return self.get(request, pk, form=form, status=400)


class PlanEditView(LoginRequiredMixin, View):
    """The enterprise writes its plan: one row per action (level, action, owner, due within)."""

    def _enterprise(self, request, pk):
        if not role_allows(request.user, ScenarioPlan, Action.ADD):
            raise Http404
        return get_object_or_404(Enterprise.objects.restrict(request.user).select_related("zone"), pk=pk)

    def get(self, request, pk):
        enterprise = self._enterprise(request, pk)
        plan = selectors.current_plan(enterprise)
        initial = [{"level": a.level, "text": a.text, "owner": a.owner, "due_value": a.due_value,
                    "due_unit": a.due_unit} for a in (plan.actions.all() if plan else [])]
        formset = PlanActionFormSet(initial=initial, prefix="actions")
        return self.render(request, enterprise, plan, formset)

    def render(self, request, enterprise, plan, formset, errors=(), status=200):
        for form in formset.forms:
            form._style_widgets()
        return render(request, "prevention/plan_form.html", {
            "enterprise": enterprise, "plan": plan, "formset": formset, "errors": errors,
            "base_version": request.POST.get("base_version", plan.version if plan else 0),
        }, status=status)

    def post(self, request, pk):
        enterprise = self._enterprise(request, pk)
        plan = selectors.current_plan(enterprise)
        formset = PlanActionFormSet(request.POST, prefix="actions")
        errors = []
        if formset.is_valid():
            actions = [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.is_blank()]
            try:
                plan = services.plan_save(user=request.user, enterprise=enterprise, actions=actions,
                                          base_version=request.POST.get("base_version"))
            except ValidationError as error:
                errors = error.messages
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã lưu phương án (phiên bản %(version)s).") % {"version": plan.version})
                return redirect(plan.get_absolute_url())
        else:
            errors = [_("Hãy sửa các dòng có lỗi.")]
        return self.render(request, enterprise, plan, formset, errors, status=400)


# --- Checklists


class ChecklistDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        if not role_allows(request.user, Checklist, Action.VIEW):
            raise Http404
        checklist = get_object_or_404(
            Checklist.objects.restrict(request.user).select_related("enterprise__zone", "level_change__set_by", "plan")
            .prefetch_related(Prefetch("items", queryset=ChecklistItem.objects.select_related("done_by"))), pk=pk)
        return render(request, "prevention/checklist_detail.html", {
            "object": checklist, "level": _level_context(checklist.level),
            "may_tick": role_allows(request.user, ChecklistItem, Action.CHANGE), "now": timezone.now(),
        })


class ItemDoneView(LoginRequiredMixin, View):
    def post(self, request, pk):
        if not role_allows(request.user, ChecklistItem, Action.CHANGE):
            raise Http404
        item = get_object_or_404(ChecklistItem.objects.restrict(request.user, Action.CHANGE), pk=pk)
        form = ItemDoneForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            services.checklist_item_done(user=request.user, item=item, note=note)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Đã đánh dấu hoàn thành: %(item)s.") % {"item": item.text})
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = item.get_absolute_url()
        return redirect(target)


class OverdueListView(ObjectListView):
    """Items past their due time and not done, of the checklists in force."""

    model = ChecklistItem
    filterset_class = ChecklistItemFilterSet
    table_class = tables.ChecklistItemTable
    template_name = "prevention/overdue_list.html"
    export_name = "viec-qua-han"

    def base_queryset(self):
        return (ChecklistItem.objects.filter(done_at__isnull=True, checklist__superseded_at__isnull=True,
                                             due_at__lt=timezone.now())
                .select_related("checklist__enterprise__zone"))

    @staticmethod
    def export_columns(request):
        return tables.checklist_item_export_columns()
