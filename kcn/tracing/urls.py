"""Truy vết ca bệnh pages (namespace "tracing", mounted under /tracing/)."""

from django.urls import path

from . import views

app_name = "tracing"

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="case_list"),
    path("cases/add/", views.CaseRecordView.as_view(), name="case_add"),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<int:pk>/propose/", views.CaseProposeView.as_view(), name="case_propose"),
    path("cases/<int:pk>/release/", views.CaseReleaseView.as_view(), name="case_release"),
    path("cases/<int:pk>/contacts/add/", views.ContactAddView.as_view(), name="contact_add"),
    path("cases/<int:pk>/decide/", views.ContactDecideView.as_view(), name="contact_decide"),
    path("cases/<int:pk>/contacts.xlsx", views.ContactExportView.as_view(), name="contact_export"),
    path("contacts/<int:pk>/status/", views.ContactStatusView.as_view(), name="contact_status"),
    path("rules/", views.RuleListView.as_view(), name="rule_list"),
]
