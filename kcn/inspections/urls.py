"""Kiểm tra doanh nghiệp pages (namespace "inspections", mounted under /inspections/)."""

from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("add/", views.InspectionEditView.as_view(), name="inspection_add"),
    path("<int:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("<int:pk>/edit/", views.InspectionEditView.as_view(), name="inspection_edit"),
    path("<int:pk>/results/", views.InspectionResultsView.as_view(), name="inspection_results"),
    path("<int:pk>/findings/add/", views.FindingAddView.as_view(), name="finding_add"),
    path("<int:pk>/actions/add/", views.ActionAddView.as_view(), name="action_add"),
    path("<int:pk>/finalise/", views.InspectionFinaliseView.as_view(), name="inspection_finalise"),
    path("<int:pk>/export.xlsx", views.InspectionExportView.as_view(fmt="xlsx"), name="inspection_xlsx"),
    path("<int:pk>/bien-ban.pdf", views.InspectionExportView.as_view(fmt="pdf"), name="inspection_pdf"),
    path("findings/<int:pk>/delete/", views.FindingDeleteView.as_view(), name="finding_delete"),
    path("photos/<int:pk>/", views.PhotoView.as_view(), name="photo"),
    path("photos/<int:pk>/thumbnail/", views.PhotoView.as_view(thumbnail=True), name="photo_thumbnail"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/fix/", views.ActionFixView.as_view(), name="action_fix"),
    path("actions/<int:pk>/verify/", views.ActionVerifyView.as_view(), name="action_verify"),
    path("actions/<int:pk>/delete/", views.ActionDeleteView.as_view(), name="action_delete"),
    path("actions/<int:pk>/photo/", views.ActionPhotoView.as_view(), name="action_photo"),
]
