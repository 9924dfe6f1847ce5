"""Theo dõi sức khỏe pages (namespace "monitoring", mounted under /monitoring/)."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("rules/", views.RuleListView.as_view(), name="rule_list"),
    path("rules/add/", views.RuleEditView.as_view(), name="rule_add"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/add/", views.AreaEditView.as_view(), name="area_add"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area_detail"),
    path("areas/<int:pk>/edit/", views.AreaEditView.as_view(), name="area_edit"),
    path("areas/<int:pk>/delete/", views.AreaDeleteView.as_view(), name="area_delete"),
    path("returnees/", views.TravelListView.as_view(), name="travel_list"),
    path("returnees/add/", views.TravelEditView.as_view(), name="travel_add"),
    path("returnees/import/", views.TravelImportView.as_view(), name="travel_import"),
    path("returnees/<int:pk>/", views.TravelDetailView.as_view(), name="travel_detail"),
    path("returnees/<int:pk>/edit/", views.TravelEditView.as_view(), name="travel_edit"),
    path("returnees/<int:pk>/delete/", views.TravelDeleteView.as_view(), name="travel_delete"),
    path("health/", views.HealthListView.as_view(), name="health_list"),
    path("health/declare/", views.HealthSheetView.as_view(), name="health_sheet"),
    path("health/import/", views.HealthImportView.as_view(), name="health_import"),
    path("commitments/", views.CommitmentListView.as_view(), name="commitment_list"),
    path("commitments/add/", views.CommitmentEditView.as_view(), name="commitment_add"),
    path("commitments/<int:pk>/", views.CommitmentDetailView.as_view(), name="commitment_detail"),
    path("commitments/<int:pk>/edit/", views.CommitmentEditView.as_view(), name="commitment_edit"),
    path("commitments/<int:pk>/pending/", views.PendingListView.as_view(), name="commitment_pending"),
    path("acknowledgements/<int:pk>/scan/", views.ScanView.as_view(), name="acknowledgement_scan"),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/add/", views.CallEditView.as_view(), name="call_add"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/edit/", views.CallEditView.as_view(), name="call_edit"),
]
