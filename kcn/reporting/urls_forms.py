"""Pages to fill in reports (namespace "reporting", mounted under /reporting/)."""

from django.urls import path

from . import views_forms

urlpatterns = [
    path("my-reports/", views_forms.my_reports, name="my_reports"),
    path("periods/<int:period_id>/enterprises/<int:enterprise_id>/", views_forms.report_fill, name="report_fill"),
]
