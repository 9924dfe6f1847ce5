"""Cấp độ dịch và phương án pages (namespace "prevention", mounted under /prevention/)."""

from django.urls import path

from . import views

app_name = "prevention"

urlpatterns = [
    path("levels/", views.LevelListView.as_view(), name="level_list"),
    path("zones/", views.ZoneLevelsView.as_view(), name="zone_levels"),
    path("zones/<int:pk>/set/", views.ZoneLevelSetView.as_view(), name="zone_level_set"),
    path("enterprises/<int:pk>/", views.EnterpriseLevelView.as_view(), name="enterprise_level"),
    path("enterprises/<int:pk>/set/", views.EnterpriseLevelSetView.as_view(), name="enterprise_level_set"),
    path("criteria/", views.CriteriaListView.as_view(), name="criteria_list"),
    path("criteria/publish/", views.CriteriaPublishView.as_view(), name="criteria_publish"),
    path("criteria/<int:pk>/", views.CriteriaDetailView.as_view(), name="criteria_detail"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/new/", views.AssessmentCreateView.as_view(), name="assessment_add"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/edit/<int:pk>/", views.PlanEditView.as_view(), name="plan_edit"),
    path("checklists/overdue/", views.OverdueListView.as_view(), name="overdue_list"),
    path("checklists/<int:pk>/", views.ChecklistDetailView.as_view(), name="checklist_detail"),
    path("checklist-items/<int:pk>/done/", views.ItemDoneView.as_view(), name="item_done"),
]
