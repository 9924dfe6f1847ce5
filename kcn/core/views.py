"""Base views: one list pattern, one detail pattern, one form pattern, one delete pattern.

Each base view reaches its rows through ``restrict(user, action)`` only. A row the user may
not see answers 404, exactly like a row that does not exist, so ids cannot be probed.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .audit import history_entries
from .choices import Action
from .exporters import export_response
from .permissions import role_allows
from .services import scoped_delete

PAGE_SIZES = (25, 50, 100, 200)


class ScopedViewMixin(LoginRequiredMixin):
    model = None
    queryset = None
    action = Action.VIEW

    def base_queryset(self):
        return self.queryset.all() if self.queryset is not None else self.model.objects.all()

    def restricted(self, action=None):
        return self.base_queryset().restrict(self.request.user, action or self.action)

    def can(self, action, model=None):
        return role_allows(self.request.user, model or self.model, action)

    def get_object(self, action=None):
        return get_object_or_404(self.restricted(action), pk=self.kwargs["pk"])

    def common_context(self):
        meta = self.model._meta
        return {
            "model_name": meta.verbose_name,
            "model_name_plural": meta.verbose_name_plural,
            "can_add": self.can(Action.ADD),
            "can_change": self.can(Action.CHANGE),
            "can_delete": self.can(Action.DELETE),
            "can_export": self.can(Action.EXPORT),
            "can_import": self.can(Action.IMPORT),
        }


class ObjectListView(ScopedViewMixin, View):
    """Filters, search (the filterset's ``q``), sort, pagination and export of one model."""

    filterset_class = None
    table_class = None
    export_columns = None  # callable(request) -> list[ExportColumn]
    template_name = "core/object_list.html"
    add_url_name = None
    import_url_name = None
    export_name = "danh-sach"

    def get(self, request, *args, **kwargs):
        if not self.can(Action.VIEW):
            raise Http404
        queryset = self.restricted(Action.VIEW)
        filterset = self.filterset_class(request.GET, queryset=queryset, request=request)
        if not filterset.is_valid():
            queryset = queryset.none()
        else:
            queryset = filterset.qs
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            return self.export(export, filterset)
        per_page = _per_page(request)
        table = self.table_class(queryset, request=request, per_page=per_page)
        context = {
            **self.common_context(),
            "table": table,
            "filterset": filterset,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "add_url_name": self.add_url_name,
            "import_url_name": self.import_url_name,
            **self.extra_context(queryset),
        }
        template = "core/object_list_table.html" if request.headers.get("HX-Request") else self.template_name
        return render(request, template, context)

    def extra_context(self, queryset):
        """What a list page shows beside its table (a map of the filtered zones, say)."""
        return {}

    def export(self, fmt, filterset):
        if not self.can(Action.EXPORT):
            raise Http404
        queryset = self.base_queryset().restrict(self.request.user, Action.EXPORT)
        queryset = self.filterset_class(self.request.GET, queryset=queryset, request=self.request).qs
        queryset = self.table_class(queryset, request=self.request).queryset  # the list's sort order
        return export_response(fmt, self.export_columns(self.request), queryset.iterator(chunk_size=2000),
                               self.export_name, str(self.model._meta.verbose_name_plural))


def _per_page(request):
    try:
        value = int(request.GET.get("per_page", 25))
    except ValueError:
        return 25
    return value if value in PAGE_SIZES else 25


class ObjectDetailView(ScopedViewMixin, View):
    template_name = None

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        context = {
            **self.common_context(),
            "object": obj,
            "history": history_entries(obj),
            "can_change_object": self.can(Action.CHANGE) and obj.is_in_scope(request.user, Action.CHANGE),
            "can_delete_object": self.can(Action.DELETE) and obj.is_in_scope(request.user, Action.DELETE),
            **self.extra_context(obj),
        }
        return render(request, self.template_name, context)

    def extra_context(self, obj):
        return {}


class ObjectEditView(ScopedViewMixin, View):
    """Create (no pk) or update (pk) through a service: ``save_service(user=, instance=, data=)``."""

    form_class = None
    template_name = "core/object_form.html"
    service = None  # callable(*, user, instance, data) -> instance

    def get_form_class(self, instance):
        return self.form_class

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(Action.CHANGE)
        if not self.can(Action.ADD):
            raise Http404
        return None

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form_class(instance)(instance=instance, user=request.user, initial=request.GET.dict())
        return self.render_form(form, instance)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        form = self.get_form_class(instance)(request.POST, request.FILES, instance=instance, user=request.user)
        if form.is_valid():
            try:
                obj = type(self).service(user=request.user, instance=instance, data=form.cleaned_data)
            except ValidationError as error:
                _attach_errors(form, error)
            except PermissionDenied:
                form.add_error(None, _("Bạn không có quyền lưu bản ghi này trong phạm vi của mình."))
            else:
                messages.success(request, _("Đã lưu %(object)s.") % {"object": obj})
                return redirect(obj.get_absolute_url())
        return self.render_form(form, instance, status=400)

    def render_form(self, form, instance, status=200):
        context = {**self.common_context(), "form": form, "object": instance}
        return render(self.request, self.template_name, context, status=status)


def _attach_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ObjectDeleteView(ScopedViewMixin, View):
    """Confirm, then delete through a service (default: core.services.scoped_delete)."""

    template_name = "core/object_delete.html"
    success_url_name = None
    service = None  # callable(*, user, instance)

    def get(self, request, *args, **kwargs):
        obj = self.get_object(Action.DELETE)
        return render(request, self.template_name, {**self.common_context(), "object": obj})

    def post(self, request, *args, **kwargs):
        obj = self.get_object(Action.DELETE)
        label = str(obj)
        try:
            if self.service is not None:
                type(self).service(user=request.user, instance=obj)
            else:
                scoped_delete(user=request.user, model=self.model, instance=obj)
        except ProtectedError:
            messages.error(request, _("Không thể xóa %(object)s vì còn dữ liệu liên quan.") % {"object": label})
            return redirect(obj.get_absolute_url())
        except PermissionDenied as error:
            raise Http404 from error
        messages.success(request, _("Đã xóa %(object)s.") % {"object": label})
        return redirect(self.success_url_name)
