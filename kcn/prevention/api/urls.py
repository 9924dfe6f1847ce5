from rest_framework.routers import DefaultRouter

from . import views

app_name = "prevention-api"

router = DefaultRouter()
router.register("enterprise-levels", views.EnterpriseLevelViewSet, basename="enterprise-level")
router.register("zone-levels", views.ZoneLevelViewSet, basename="zone-level")
router.register("zones", views.ZoneSummaryViewSet, basename="zone")
router.register("criteria-sets", views.CriteriaSetViewSet, basename="criteria-set")
router.register("self-assessments", views.SelfAssessmentViewSet, basename="self-assessment")
router.register("plans", views.ScenarioPlanViewSet, basename="plan")
router.register("checklists", views.ChecklistViewSet, basename="checklist")
router.register("checklist-items", views.ChecklistItemViewSet, basename="checklist-item")
urlpatterns = router.urls
