from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from kcn.core.choices import Action
from kcn.core.permissions import role_allows
from kcn.core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView

from . import services, tables
from .filtersets import (
    DepartmentFilterSet,
    EnterpriseFilterSet,
    EnterpriseUserFilterSet,
    ObserverFilterSet,
    OversightFilterSet,
    StaffFilterSet,
    ZoneAssignmentFilterSet,
    ZoneFilterSet,
)
from .forms import (
    DepartmentForm,
    EnterpriseContactForm,
    EnterpriseForm,
    EnterpriseUserForm,
    ObserverForm,
    OversightForm,
    StaffForm,
    ZoneAssignmentForm,
    ZoneForm,
)
from .models import Department, Enterprise, EnterpriseUser, Observer, Oversight, Staff, Zone, ZoneAssignment
from .selectors import deleted_enterprises, zone_map_data

# --- Zones


class ZoneListView(ObjectListView):
    model = Zone
    queryset = Zone.objects.select_related("province").annotate(enterprise_count=Count("enterprises"))
    filterset_class = ZoneFilterSet
    table_class = tables.ZoneTable
    add_url_name = "registry:zone_add"
    export_name = "khu-cong-nghiep"
    template_name = "registry/zone_list.html"

    def extra_context(self, queryset):
        # Zones are few (a board has tens, the country a few hundred): the map shows all that match.
        return {"map_data": zone_map_data(queryset.order_by()), "tile_url": settings.KCN_MAP_TILE_URL}

    @staticmethod
    def export_columns(request):
        return tables.zone_export_columns()


class ZoneDetailView(ObjectDetailView):
    model = Zone
    queryset = Zone.objects.select_related("province", "commune", "legacy_province", "board")
    template_name = "registry/zone_detail.html"

    def extra_context(self, zone):
        enterprises = Enterprise.objects.restrict(self.request.user).filter(zone=zone)
        return {
            "assignment": zone.current_assignment(),
            "assignments": zone.assignments.restrict(self.request.user).select_related("department"),
            "enterprises": enterprises.order_by("name")[:20],
            "enterprise_total": enterprises.count(),
            "map_data": zone_map_data([zone]),
            "tile_url": settings.KCN_MAP_TILE_URL,
        }


class ZoneEditView(ObjectEditView):
    model = Zone
    form_class = ZoneForm
    service = staticmethod(services.zone_save)


# --- Enterprises


class EnterpriseListView(ObjectListView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("zone")
    template_name = "registry/enterprise_list.html"
    filterset_class = EnterpriseFilterSet
    table_class = tables.EnterpriseTable
    add_url_name = "registry:enterprise_add"
    import_url_name = "registry:enterprise_import"
    export_name = "doanh-nghiep"

    @staticmethod
    def export_columns(request):
        return tables.enterprise_export_columns()


class EnterpriseDetailView(ObjectDetailView):
    model = Enterprise
    queryset = Enterprise.objects.select_related("zone", "zone__province")
    template_name = "registry/enterprise_detail.html"

    def extra_context(self, enterprise):
        return {"assignment": enterprise.zone.current_assignment()}


class EnterpriseEditView(ObjectEditView):
    model = Enterprise
    form_class = EnterpriseForm
    service = staticmethod(services.enterprise_save)

    def get_form_class(self, instance):
        if self.request.user.role == "enterprise":
            return EnterpriseContactForm
        return EnterpriseForm


class EnterpriseDeleteView(ObjectDeleteView):
    model = Enterprise
    success_url_name = "registry:enterprise_list"
    service = staticmethod(services.enterprise_delete)


class EnterpriseDeletedView(LoginRequiredMixin, View):
    """Enterprises deleted by mistake, and the button that brings one back."""

    def get(self, request):
        if not role_allows(request.user, Enterprise, Action.ADD):
            raise Http404
        records = deleted_enterprises(request.user)[:200]
        return render(request, "registry/enterprise_deleted.html", {"records": records})

    def post(self, request):
        try:
            enterprise = services.enterprise_restore(user=request.user, history_id=request.POST.get("history_id"))
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("registry:enterprise_deleted")
        messages.success(request, _("Đã khôi phục %(object)s.") % {"object": enterprise})
        return redirect(enterprise.get_absolute_url())


# --- Board organisation: departments, staff, assignments, oversight


class DepartmentListView(ObjectListView):
    model = Department
    queryset = Department.objects.select_related("board")
    filterset_class = DepartmentFilterSet
    table_class = tables.DepartmentTable
    add_url_name = "registry:department_add"
    export_name = "phong-don-vi"

    @staticmethod
    def export_columns(request):
        return tables.department_export_columns()


class DepartmentDetailView(ObjectDetailView):
    model = Department
    queryset = Department.objects.select_related("board")
    template_name = "registry/department_detail.html"

    def extra_context(self, department):
        user = self.request.user
        return {
            "zones": ZoneAssignment.objects.restrict(user).current().filter(department=department)
            .select_related("zone"),
            "staff": Staff.objects.restrict(user).filter(department=department).select_related("user"),
            "oversights": Oversight.objects.restrict(user).filter(department=department)
            .select_related("deputy__user"),
        }


class DepartmentEditView(ObjectEditView):
    model = Department
    form_class = DepartmentForm
    service = staticmethod(services.department_save)


class StaffListView(ObjectListView):
    model = Staff
    queryset = Staff.objects.select_related("user", "department", "board")
    filterset_class = StaffFilterSet
    table_class = tables.StaffTable
    add_url_name = "registry:staff_add"
    export_name = "can-bo"

    @staticmethod
    def export_columns(request):
        return tables.staff_export_columns()


class StaffDetailView(ObjectDetailView):
    model = Staff
    queryset = Staff.objects.select_related("user", "department", "board")
    template_name = "registry/staff_detail.html"

    def extra_context(self, staff):
        return {"oversights": staff.oversights.select_related("department")}


class StaffEditView(ObjectEditView):
    model = Staff
    form_class = StaffForm
    service = staticmethod(services.staff_save)


class AssignmentListView(ObjectListView):
    model = ZoneAssignment
    queryset = ZoneAssignment.objects.select_related("zone", "department")
    filterset_class = ZoneAssignmentFilterSet
    table_class = tables.ZoneAssignmentTable
    add_url_name = "registry:assignment_add"
    export_name = "phan-cong-theo-doi"

    @staticmethod
    def export_columns(request):
        return tables.assignment_export_columns()


class AssignmentDetailView(ObjectDetailView):
    model = ZoneAssignment
    queryset = ZoneAssignment.objects.select_related("zone", "department")
    template_name = "registry/assignment_detail.html"


class AssignmentEditView(ObjectEditView):
    model = ZoneAssignment
    form_class = ZoneAssignmentForm
    service = staticmethod(services.assignment_save)


class OversightListView(ObjectListView):
    model = Oversight
    queryset = Oversight.objects.select_related("deputy__user", "department")
    filterset_class = OversightFilterSet
    table_class = tables.OversightTable
    add_url_name = "registry:oversight_add"
    export_name = "phan-cong-phu-trach"

    @staticmethod
    def export_columns(request):
        return tables.oversight_export_columns()


class OversightDetailView(ObjectDetailView):
    model = Oversight
    queryset = Oversight.objects.select_related("deputy__user", "department")
    template_name = "registry/oversight_detail.html"


class OversightEditView(ObjectEditView):
    model = Oversight
    form_class = OversightForm
    service = staticmethod(services.oversight_save)



# --- Accounts that act for an enterprise or read a board


class EnterpriseUserListView(ObjectListView):
    model = EnterpriseUser
    queryset = EnterpriseUser.objects.select_related("user", "enterprise__zone")
    filterset_class = EnterpriseUserFilterSet
    table_class = tables.EnterpriseUserTable
    add_url_name = "registry:enterpriseuser_add"
    export_name = "tai-khoan-doanh-nghiep"

    @staticmethod
    def export_columns(request):
        return tables.enterprise_user_export_columns()


class EnterpriseUserDetailView(ObjectDetailView):
    model = EnterpriseUser
    queryset = EnterpriseUser.objects.select_related("user", "enterprise__zone")
    template_name = "registry/link_detail.html"


class EnterpriseUserEditView(ObjectEditView):
    model = EnterpriseUser
    form_class = EnterpriseUserForm
    service = staticmethod(services.enterprise_user_save)


class EnterpriseUserDeleteView(ObjectDeleteView):
    model = EnterpriseUser
    success_url_name = "registry:enterpriseuser_list"


class ObserverListView(ObjectListView):
    model = Observer
    queryset = Observer.objects.select_related("user", "board")
    filterset_class = ObserverFilterSet
    table_class = tables.ObserverTable
    add_url_name = "registry:observer_add"
    export_name = "quan-sat-vien"

    @staticmethod
    def export_columns(request):
        return tables.observer_export_columns()


class ObserverDetailView(ObjectDetailView):
    model = Observer
    queryset = Observer.objects.select_related("user", "board")
    template_name = "registry/link_detail.html"


class ObserverEditView(ObjectEditView):
    model = Observer
    form_class = ObserverForm
    service = staticmethod(services.observer_save)


class ObserverDeleteView(ObjectDeleteView):
    model = Observer
    success_url_name = "registry:observer_list"
