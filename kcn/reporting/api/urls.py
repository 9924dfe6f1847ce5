from rest_framework.routers import DefaultRouter

app_name = "reporting-api"

router = DefaultRouter()
urlpatterns = router.urls
