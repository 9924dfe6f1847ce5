from rest_framework.routers import DefaultRouter

from . import views

app_name = "tracing-api"

router = DefaultRouter()
router.register("rules", views.TracingRuleViewSet, basename="rule")
router.register("cases", views.CaseViewSet, basename="case")
router.register("contacts", views.ContactViewSet, basename="contact")
urlpatterns = router.urls
