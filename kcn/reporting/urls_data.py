"""The raw data export ("Xuất số liệu báo cáo")."""

from django.urls import path

from . import views_data

urlpatterns = [
    path("data/export/", views_data.DataExportView.as_view(), name="data_export"),
]
