from rest_framework.routers import SimpleRouter

app_name = "network-api"

router = SimpleRouter()
urlpatterns = router.urls
