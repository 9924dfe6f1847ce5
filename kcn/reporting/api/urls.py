from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views, views_data, views_design, views_uploads

app_name = "reporting-api"

router = DefaultRouter()
router.register("templates", views_design.ReportTemplateDesignViewSet, basename="template")
router.register("template-versions", views_design.TemplateVersionViewSet, basename="version")
router.register("template-fields", views_design.FieldViewSet, basename="field")
router.register("template-rules", views_design.RuleViewSet, basename="rule")
router.register("schedules", views_design.ScheduleDesignViewSet, basename="schedule")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("submissions", views.SubmissionViewSet, basename="submission")
router.register("trends", views.TrendViewSet, basename="trend")

urlpatterns = [
    # Before the router: its submissions/<pk>/ routes would take "upload" for a primary key and
    # "export.xlsx" for a submission in the xlsx format.
    path("submissions/upload/", views_uploads.SubmissionUploadView.as_view(), name="submission-upload"),
    path("submissions/export.xlsx", views_data.SubmissionDataExportView.as_view(), name="submission-data-export"),
    *router.urls,
]
