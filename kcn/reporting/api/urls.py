from rest_framework.routers import DefaultRouter

from . import views

app_name = "reporting-api"

router = DefaultRouter()
router.register("templates", views.ReportTemplateViewSet, basename="template")
router.register("schedules", views.ScheduleViewSet, basename="schedule")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("submissions", views.SubmissionViewSet, basename="submission")
urlpatterns = router.urls
