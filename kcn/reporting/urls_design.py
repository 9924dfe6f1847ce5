"""Designing reports: templates, their versions, fields and rules, and schedules."""

from django.urls import path

from . import views_design as views

urlpatterns = [
    path("templates/", views.TemplateListView.as_view(), name="template_list"),
    path("templates/add/", views.TemplateEditView.as_view(), name="template_add"),
    path("templates/<int:pk>/", views.TemplateDetailView.as_view(), name="template_detail"),
    path("templates/<int:pk>/edit/", views.TemplateEditView.as_view(), name="template_edit"),
    path("templates/<int:pk>/new-version/", views.VersionNewView.as_view(), name="template_version_new"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version_detail"),
    path("versions/<int:pk>/preview/", views.VersionPreviewView.as_view(), name="version_preview"),
    path("versions/<int:pk>/publish/", views.VersionPublishView.as_view(), name="version_publish"),
    path("versions/<int:version_pk>/fields/add/", views.FieldEditView.as_view(), name="field_add"),
    path("fields/<int:pk>/edit/", views.FieldEditView.as_view(), name="field_edit"),
    path("fields/<int:pk>/delete/", views.FieldDeleteView.as_view(), name="field_delete"),
    path("versions/<int:version_pk>/rules/add/", views.RuleEditView.as_view(), name="rule_add"),
    path("rules/<int:pk>/edit/", views.RuleEditView.as_view(), name="rule_edit"),
    path("rules/<int:pk>/delete/", views.RuleDeleteView.as_view(), name="rule_delete"),
    path("schedules/", views.ScheduleListView.as_view(), name="schedule_list"),
    path("schedules/add/", views.ScheduleEditView.as_view(), name="schedule_add"),
    path("schedules/preview/", views.SchedulePreviewView.as_view(), name="schedule_preview"),
    path("schedules/<int:pk>/", views.ScheduleDetailView.as_view(), name="schedule_detail"),
    path("schedules/<int:pk>/edit/", views.ScheduleEditView.as_view(), name="schedule_edit"),
    path("schedules/<int:pk>/deactivate/", views.ScheduleDeactivateView.as_view(), name="schedule_deactivate"),
]
