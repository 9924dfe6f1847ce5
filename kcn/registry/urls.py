from django.urls import path

from . import views, views_import

app_name = "registry"

urlpatterns = [
    path("zones/", views.ZoneListView.as_view(), name="zone_list"),
    path("zones/add/", views.ZoneEditView.as_view(), name="zone_add"),
    path("zones/<int:pk>/", views.ZoneDetailView.as_view(), name="zone_detail"),
    path("zones/<int:pk>/edit/", views.ZoneEditView.as_view(), name="zone_edit"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/add/", views.EnterpriseEditView.as_view(), name="enterprise_add"),
    path("enterprises/import/", views_import.EnterpriseImportView.as_view(), name="enterprise_import"),
    path("enterprises/import/template.<str:fmt>", views_import.EnterpriseTemplateView.as_view(),
         name="enterprise_import_template"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseEditView.as_view(), name="enterprise_edit"),
    path("enterprises/<int:pk>/delete/", views.EnterpriseDeleteView.as_view(), name="enterprise_delete"),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/add/", views.DepartmentEditView.as_view(), name="department_add"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("departments/<int:pk>/edit/", views.DepartmentEditView.as_view(), name="department_edit"),
    path("staff/", views.StaffListView.as_view(), name="staff_list"),
    path("staff/add/", views.StaffEditView.as_view(), name="staff_add"),
    path("staff/<int:pk>/", views.StaffDetailView.as_view(), name="staff_detail"),
    path("staff/<int:pk>/edit/", views.StaffEditView.as_view(), name="staff_edit"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/add/", views.AssignmentEditView.as_view(), name="assignment_add"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("assignments/<int:pk>/edit/", views.AssignmentEditView.as_view(), name="assignment_edit"),
    path("oversight/", views.OversightListView.as_view(), name="oversight_list"),
    path("oversight/add/", views.OversightEditView.as_view(), name="oversight_add"),
    path("oversight/<int:pk>/", views.OversightDetailView.as_view(), name="oversight_detail"),
    path("oversight/<int:pk>/edit/", views.OversightEditView.as_view(), name="oversight_edit"),
]
