"""Filling reports with Excel: one report's workbook, and a period's for many enterprises."""

from django.urls import path

from . import views_uploads

urlpatterns = [
    path("periods/<int:period_id>/enterprises/<int:enterprise_id>/excel.xlsx", views_uploads.report_workbook,
         name="report_workbook"),
    path("periods/<int:period_id>/enterprises/<int:enterprise_id>/excel/", views_uploads.report_upload,
         name="report_upload"),
    path("periods/<int:pk>/excel.xlsx", views_uploads.period_workbook, name="period_workbook"),
    path("periods/<int:pk>/excel/", views_uploads.period_upload, name="period_upload"),
]
