from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "network-api"

router = SimpleRouter()
router.register("consultants", views.ConsultantViewSet, basename="consultant")
router.register("activities", views.ActivityViewSet, basename="activity")
router.register("updates", views.ActivityUpdateViewSet, basename="update")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("workshops", views.WorkshopViewSet, basename="workshop")
router.register("documents", views.DocumentViewSet, basename="document")
urlpatterns = [*router.urls, path("indicators/", views.IndicatorsView.as_view(), name="indicators")]
