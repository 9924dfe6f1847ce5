"""Mạng lưới SXSH pages (namespace "network", mounted under /network/)."""

from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("consultants/", views.ConsultantListView.as_view(), name="consultant_list"),
    path("consultants/<int:pk>/", views.ConsultantDetailView.as_view(), name="consultant_detail"),
    path("consultants/<int:pk>/evaluate/", views.EvaluationAddView.as_view(), name="evaluation_add"),
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/add/", views.ActivityEditView.as_view(), name="activity_add"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("activities/<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("activities/<int:pk>/update/", views.ActivityUpdateView.as_view(), name="activity_update"),
    path("follow-up/", views.FollowUpView.as_view(), name="follow_up"),
    path("workshops/", views.WorkshopListView.as_view(), name="workshop_list"),
    path("workshops/add/", views.WorkshopEditView.as_view(), name="workshop_add"),
    path("workshops/<int:pk>/", views.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("workshops/<int:pk>/edit/", views.WorkshopEditView.as_view(), name="workshop_edit"),
    path("workshops/<int:pk>/add/<slug:kind>/", views.WorkshopPartAddView.as_view(), name="workshop_part_add"),
    path("workshops/<int:pk>/<slug:kind>/<int:part_pk>/delete/", views.WorkshopPartDeleteView.as_view(),
         name="workshop_part_delete"),
    path("workshops/<int:pk>/attendance/", views.WorkshopAttendanceView.as_view(), name="workshop_attendance"),
    path("library/", views.DocumentListView.as_view(), name="document_list"),
    path("library/add/", views.DocumentEditView.as_view(), name="document_add"),
    path("library/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("library/<int:pk>/edit/", views.DocumentEditView.as_view(), name="document_edit"),
    path("library/<int:pk>/delete/", views.DocumentDeleteView.as_view(), name="document_delete"),
    path("library/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("indicators/", views.IndicatorsView.as_view(), name="indicators"),
]
