from rest_framework.routers import SimpleRouter

from . import views

app_name = "communications-api"

# Mounted at /api/v1/notifications/ (kcn/api_urls.py): the resource is the prefix itself.
router = SimpleRouter()
router.register("", views.NotificationViewSet, basename="notification")
urlpatterns = router.urls

# The board's announcements: matched before the inbox's "<id>/" routes above.
from .announcements import AnnouncementViewSet  # noqa: E402

announcement_router = SimpleRouter()
announcement_router.register("announcements", AnnouncementViewSet, basename="announcement")
urlpatterns = announcement_router.urls + urlpatterns
