"""Designing reports: templates with their versions, fields and rules, and the schedules that ask for them.

These pages are the administrator's workshop: a role sees them only if it may add the model
(permissions.py), every other role gets 404, like a page that does not exist. Every write goes
through ``services``; a published version is read-only here (no edit buttons) and the services
refuse any edit of it all the same, with a message that says to make a new version.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from kcn.core.audit import history_entries
from kcn.core.choices import Action
from kcn.core.exporters import ExportColumn
from kcn.core.tables import Column, Table, field_column
from kcn.core.views import ObjectDetailView, ObjectListView, ScopedViewMixin, _attach_errors

from . import services
from .filtersets import ScheduleFilterSet, TemplateFilterSet
from .forms import ReportForm
from .forms_design import FieldForm, RuleForm, ScheduleForm, TemplateForm
from .models import CrossFieldRule, Field, ReportTemplate, Schedule, TemplateVersion
from .views_overview import vn_number

PERIODS_SHOWN = 20


def template_url(template):
    return reverse("reporting:template_detail", args=[template.pk])


def version_url(version):
    return reverse("reporting:version_detail", args=[version.pk])


def schedule_url(schedule):
    return reverse("reporting:schedule_detail", args=[schedule.pk])


class DesignerOnlyMixin:
    """The design pages exist only for roles that may create the model (the administrator)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.can(Action.ADD):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


# --- Templates -----------------------------------------------------------------------------------


class TemplateTable(Table):
    columns = [
        field_column(ReportTemplate, "code"),
        field_column(ReportTemplate, "name", link=template_url),
        Column("current_number", gettext_lazy("phiên bản đang áp dụng"), order_by=("current_number",),
               value=lambda t: t.current_number or gettext_lazy("chưa ban hành")),
        Column("version_count", gettext_lazy("số phiên bản"), order_by=("version_count",), numeric=True),
        field_column(ReportTemplate, "is_builtin"),
        field_column(ReportTemplate, "updated_at", label=gettext_lazy("cập nhật lúc")),
    ]
    default_order = ("name",)


def _template_columns(request):
    return [
        ExportColumn(_("Mã"), lambda t: t.code),
        ExportColumn(_("Tên"), lambda t: t.name),
        ExportColumn(_("Phiên bản đang áp dụng"), lambda t: t.current_number),
        ExportColumn(_("Số phiên bản"), lambda t: t.version_count),
        ExportColumn(_("Có sẵn trong KCN"), lambda t: _("Có") if t.is_builtin else _("Không")),
    ]


class TemplateListView(DesignerOnlyMixin, ObjectListView):
    model = ReportTemplate
    filterset_class = TemplateFilterSet
    table_class = TemplateTable
    export_columns = staticmethod(_template_columns)
    add_url_name = "reporting:template_add"
    export_name = "mau-bao-cao"

    def base_queryset(self):
        return ReportTemplate.objects.annotate(
            current_number=Max("versions__number", filter=Q(versions__is_published=True)),
            version_count=Count("versions", distinct=True),
        )


class TemplateDetailView(DesignerOnlyMixin, ObjectDetailView):
    model = ReportTemplate
    template_name = "reporting/design/template_detail.html"

    def extra_context(self, template):
        versions = template.versions.annotate(
            field_count=Count("fields", distinct=True), submission_count=Count("submissions", distinct=True),
        ).order_by("-number")
        current = template.current_version()
        return {
            "versions": versions,
            "current": current,
            "schedules": template.schedules.restrict(self.request.user, Action.VIEW).select_related("board"),
            "can_add_version": self.can(Action.ADD, TemplateVersion),
            "has_draft": any(not version.is_published for version in versions),
            "edit_url": reverse("reporting:template_edit", args=[template.pk]),
        }


class DesignEditView(DesignerOnlyMixin, ScopedViewMixin, View):
    """Create or change one row through a service, then go back to the page it belongs to."""

    form_class = None
    template_name = "reporting/design/form.html"

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(Action.CHANGE)
        return None

    def form_kwargs(self, instance):
        return {"instance": instance, "user": self.request.user}

    def save(self, form, instance):
        raise NotImplementedError

    def success_url(self, obj):
        raise NotImplementedError

    def context(self, instance):
        return {}

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.form_class(initial=request.GET.dict(), **self.form_kwargs(instance))
        return self.render_form(form, instance)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.form_class(request.POST, **self.form_kwargs(instance))
        if form.is_valid():
            try:
                obj = self.save(form, instance)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                messages.success(request, _("Đã lưu %(object)s.") % {"object": obj})
                return redirect(self.success_url(obj))
        return self.render_form(form, instance, status=400)

    def render_form(self, form, instance, status=200):
        context = {**self.common_context(), "form": form, "object": instance, **self.context(instance)}
        return render(self.request, self.template_name, context, status=status)


class TemplateEditView(DesignEditView):
    model = ReportTemplate
    form_class = TemplateForm

    def save(self, form, instance):
        # A new template starts with its first draft version, in the same transaction.
        with transaction.atomic():
            template = services.template_save(user=self.request.user, instance=instance, data=form.cleaned_data)
            if instance is None:
                services.template_version_new(user=self.request.user, template=template)
        return template

    def success_url(self, obj):
        return template_url(obj)

    def context(self, instance):
        return {"back_url": template_url(instance) if instance else reverse("reporting:template_list")}


# --- Versions ------------------------------------------------------------------------------------


class VersionNewView(DesignerOnlyMixin, ScopedViewMixin, View):
    """POST: a new draft version copying the latest one's fields and rules."""

    model = TemplateVersion

    def post(self, request, pk):
        template = get_object_or_404(ReportTemplate.objects.restrict(request.user, Action.VIEW), pk=pk)
        draft = template.versions.filter(is_published=False).order_by("-number").first()
        if draft is not None:
            messages.info(request, _("Mẫu đã có bản nháp phiên bản %(number)s: hãy sửa bản nháp này.")
                          % {"number": draft.number})
            return redirect(version_url(draft))
        try:
            version = services.template_version_new(user=request.user, template=template)
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(request, _("Đã tạo bản nháp phiên bản %(number)s, chép từ phiên bản trước.")
                         % {"number": version.number})
        return redirect(version_url(version))


class VersionDetailView(DesignerOnlyMixin, ScopedViewMixin, View):
    model = TemplateVersion
    template_name = "reporting/design/version_detail.html"

    def get(self, request, pk):
        version = get_object_or_404(self.restricted(Action.VIEW).select_related("template"), pk=pk)
        editable = not version.is_published and self.can(Action.CHANGE)
        return render(request, self.template_name, {
            **self.common_context(),
            "object": version,
            "template": version.template,
            "fields": version.fields.all(),
            "rules": version.rules.all(),
            "editable": editable,
            "submission_count": version.submissions.count(),
            "history": history_entries(version),
        })


class VersionPreviewView(DesignerOnlyMixin, ScopedViewMixin, View):
    """The form as an enterprise will see it (nothing is saved from here)."""

    model = TemplateVersion
    template_name = "reporting/design/version_preview.html"

    def get(self, request, pk):
        version = get_object_or_404(self.restricted(Action.VIEW).select_related("template"), pk=pk)
        return render(request, self.template_name, {
            **self.common_context(), "object": version, "template": version.template,
            "form": ReportForm(version=version), "rules": version.rules.all(),
        })


class VersionPublishView(DesignerOnlyMixin, ScopedViewMixin, View):
    model = TemplateVersion

    def post(self, request, pk):
        version = get_object_or_404(self.restricted(Action.CHANGE), pk=pk)
        try:
            services.template_publish(user=request.user, version=version)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Đã ban hành phiên bản %(number)s. Báo cáo mới sẽ được điền theo phiên bản "
                                        "này; báo cáo đã nộp giữ nguyên phiên bản cũ.") % {"number": version.number})
        return redirect(version_url(version))


# --- Fields and rules of a draft version ----------------------------------------------------------


class _VersionPartEditView(DesignEditView):
    """Add (``version_pk`` in the URL) or change (``pk``) a field or rule of a draft version."""

    def dispatch(self, request, *args, **kwargs):
        self.version = None
        return super().dispatch(request, *args, **kwargs)

    def get_version(self, instance):
        if instance is not None:
            return instance.version
        return get_object_or_404(TemplateVersion.objects.restrict(self.request.user, Action.CHANGE),
                                 pk=self.kwargs["version_pk"])

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        version = self.get_version(instance)
        if version.is_published:
            messages.error(request, _("Phiên bản này đã được ban hành nên không sửa được; hãy tạo phiên bản mới."))
            return redirect(version_url(version))
        return super().get(request, *args, **kwargs)

    def success_url(self, obj):
        return version_url(obj.version)

    def context(self, instance):
        version = self.get_version(instance)
        return {"version": version, "template": version.template, "back_url": version_url(version)}


class FieldEditView(_VersionPartEditView):
    model = Field
    form_class = FieldForm

    def form_kwargs(self, instance):
        return {**super().form_kwargs(instance), "version": self.get_version(instance)}

    def save(self, form, instance):
        return services.field_save(user=self.request.user, version=self.get_version(instance), instance=instance,
                                   data=form.cleaned_data)


class RuleEditView(_VersionPartEditView):
    model = CrossFieldRule
    form_class = RuleForm

    def save(self, form, instance):
        return services.rule_save(user=self.request.user, version=self.get_version(instance), instance=instance,
                                  data=form.cleaned_data)

    def context(self, instance):
        context = super().context(instance)
        context["codes"] = list(context["version"].fields.values_list("code", flat=True))
        return context


class _VersionPartDeleteView(DesignerOnlyMixin, ScopedViewMixin, View):
    template_name = "reporting/design/delete.html"
    service = None

    def get(self, request, pk):
        obj = self.get_object(Action.DELETE)
        if obj.version.is_published:
            messages.error(request, _("Phiên bản này đã được ban hành nên không sửa được; hãy tạo phiên bản mới."))
            return redirect(version_url(obj.version))
        return render(request, self.template_name, {**self.common_context(), "object": obj,
                                                    "back_url": version_url(obj.version)})

    def post(self, request, pk):
        obj = self.get_object(Action.DELETE)
        label = str(obj)
        try:
            type(self).service(user=request.user, instance=obj)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Đã xóa %(object)s.") % {"object": label})
        return redirect(version_url(obj.version))


class FieldDeleteView(_VersionPartDeleteView):
    model = Field
    service = staticmethod(services.field_delete)


class RuleDeleteView(_VersionPartDeleteView):
    model = CrossFieldRule
    service = staticmethod(services.rule_delete)


# --- Schedules -----------------------------------------------------------------------------------


class ScheduleTable(Table):
    columns = [
        field_column(Schedule, "name", link=schedule_url),
        Column("template", gettext_lazy("mẫu báo cáo"), value=lambda s: s.template.name,
               order_by=("template__name",)),
        Column("board", gettext_lazy("ban quản lý"), value=lambda s: s.board.name, order_by=("board__name",)),
        field_column(Schedule, "frequency"),
        field_column(Schedule, "target"),
        field_column(Schedule, "is_active"),
    ]
    default_order = ("name",)


def _schedule_columns(request):
    return [
        ExportColumn(_("Tên"), lambda s: s.name),
        ExportColumn(_("Mẫu báo cáo"), lambda s: s.template.name),
        ExportColumn(_("Ban quản lý"), lambda s: s.board.name),
        ExportColumn(_("Tần suất"), lambda s: s.get_frequency_display()),
        ExportColumn(_("Đối tượng báo cáo"), lambda s: s.get_target_display()),
        ExportColumn(_("Đang áp dụng"), lambda s: _("Có") if s.is_active else _("Không")),
    ]


class ScheduleListView(DesignerOnlyMixin, ObjectListView):
    model = Schedule
    queryset = Schedule.objects.select_related("template", "board")
    filterset_class = ScheduleFilterSet
    table_class = ScheduleTable
    export_columns = staticmethod(_schedule_columns)
    add_url_name = "reporting:schedule_add"
    export_name = "lich-bao-cao"


def preview_rows(schedule):
    """The next periods of ``schedule`` with their deadline, formatted for the page."""
    return [{**row, "due_at": timezone.localtime(row["due_at"])}
            for row in services.schedule_preview(schedule, on=timezone.localdate())]


class ScheduleDetailView(DesignerOnlyMixin, ObjectDetailView):
    model = Schedule
    queryset = Schedule.objects.select_related("template", "board")
    template_name = "reporting/design/schedule_detail.html"

    def extra_context(self, schedule):
        periods = schedule.periods.order_by("-start")
        return {
            "zones": schedule.zones.order_by("code"),
            "enterprises": schedule.enterprises.order_by("name")[:50],
            "enterprise_list_count": schedule.enterprises.count(),
            "target_count": vn_number(schedule.target_enterprises().count()),
            "periods": periods[:PERIODS_SHOWN],
            "period_count": periods.count(),
            "preview": preview_rows(schedule),
            "edit_url": reverse("reporting:schedule_edit", args=[schedule.pk]),
        }


class ScheduleEditView(DesignEditView):
    model = Schedule
    form_class = ScheduleForm
    template_name = "reporting/design/schedule_form.html"

    def save(self, form, instance):
        return services.schedule_save(user=self.request.user, instance=instance, data=form.cleaned_data)

    def success_url(self, obj):
        return schedule_url(obj)

    def context(self, instance):
        return {
            "back_url": schedule_url(instance) if instance else reverse("reporting:schedule_list"),
            "preview": preview_rows(instance) if instance else [],
        }


class SchedulePreviewView(DesignerOnlyMixin, ScopedViewMixin, View):
    """The next three periods for the frequency, convention and deadline being typed in the form (htmx)."""

    model = Schedule

    def get(self, request):
        schedule = Schedule(frequency=request.GET.get("frequency", ""), convention=request.GET.get("convention", ""))
        try:
            offset = int(request.GET.get("due_day_offset") or 0)
            schedule.due_day_offset = max(0, min(offset, 366))
        except ValueError:
            schedule.due_day_offset = 0
        try:
            schedule.due_time = datetime.time.fromisoformat(request.GET.get("due_time", "").strip())
        except ValueError:
            schedule.due_time = None
        return render(request, "reporting/design/_schedule_preview.html", {"preview": preview_rows(schedule)})


class ScheduleDeactivateView(DesignerOnlyMixin, ScopedViewMixin, View):
    model = Schedule

    def post(self, request, pk):
        schedule = self.get_object(Action.CHANGE)
        try:
            services.schedule_deactivate(user=request.user, instance=schedule)
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(request, _("Đã ngừng áp dụng lịch “%(schedule)s”. Các kỳ và báo cáo đã có vẫn được giữ.")
                         % {"schedule": schedule})
        return redirect(schedule_url(schedule))
