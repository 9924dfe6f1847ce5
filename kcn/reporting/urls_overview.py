"""Following the reports: periods overview and one period's completeness and totals."""

from django.urls import path

from . import views_overview

urlpatterns = [
    path("periods/", views_overview.PeriodListView.as_view(), name="period_list"),
    path("periods/<int:pk>/", views_overview.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<int:pk>/approve/", views_overview.PeriodApproveView.as_view(), name="period_approve"),
    path("periods/<int:pk>/return/", views_overview.PeriodReturnView.as_view(), name="period_return"),
]
