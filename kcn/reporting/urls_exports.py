"""Downloads of a period's consolidated report (.xlsx and the official PDF)."""

from django.urls import path

from . import views_exports

urlpatterns = [
    path("periods/<int:pk>/export.xlsx", views_exports.PeriodExportView.as_view(fmt="xlsx"),
         name="period_export_xlsx"),
    path("periods/<int:pk>/export.pdf", views_exports.PeriodExportView.as_view(fmt="pdf"),
         name="period_export_pdf"),
]
