from rest_framework.routers import DefaultRouter

from . import views

app_name = "monitoring-api"

router = DefaultRouter()
router.register("rules", views.RuleViewSet, basename="rule")
router.register("areas", views.AreaViewSet, basename="area")
router.register("returnees", views.TravelViewSet, basename="returnee")
router.register("health-declarations", views.HealthViewSet, basename="health")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("acknowledgements", views.AcknowledgementViewSet, basename="acknowledgement")
router.register("calls", views.CallViewSet, basename="call")
urlpatterns = router.urls
