from rest_framework.routers import SimpleRouter

from . import views

app_name = "communications-api"

# Mounted at /api/v1/notifications/ (kcn/api_urls.py): the resource is the prefix itself.
router = SimpleRouter()
router.register("", views.NotificationViewSet, basename="notification")
urlpatterns = router.urls
