from rest_framework.routers import SimpleRouter

from . import views

app_name = "inspections-api"

router = SimpleRouter()
router.register("checklists", views.ChecklistViewSet, basename="checklist")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("actions", views.CorrectiveActionViewSet, basename="action")
urlpatterns = router.urls
