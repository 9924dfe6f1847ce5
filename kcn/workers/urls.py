"""Người lao động pages (namespace "workers", mounted under /workers/)."""

from django.urls import path

from . import views

app_name = "workers"

urlpatterns = [
    path("", views.WorkerListView.as_view(), name="worker_list"),
    path("add/", views.WorkerEditView.as_view(), name="worker_add"),
    path("<int:pk>/", views.WorkerDetailView.as_view(), name="worker_detail"),
    path("<int:pk>/edit/", views.WorkerEditView.as_view(), name="worker_edit"),
    path("<int:pk>/delete/", views.WorkerDeleteView.as_view(), name="worker_delete"),
    path("upload/", views.WorkerUploadView.as_view(), name="upload"),
    path("upload/template.<str:fmt>", views.WorkerTemplateView.as_view(), name="upload_template"),
    path("upload/jobs/<int:pk>/", views.WorkerUploadJobView.as_view(), name="upload_job"),
    path("imports/", views.WorkerImportListView.as_view(), name="import_list"),
    path("imports/<int:pk>/", views.WorkerImportDetailView.as_view(), name="import_detail"),
]
