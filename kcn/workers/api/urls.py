from rest_framework.routers import DefaultRouter

from . import views

app_name = "workers-api"

router = DefaultRouter()
router.register("workers", views.WorkerViewSet, basename="worker")
router.register("imports", views.WorkerImportViewSet, basename="import")
router.register("uploads", views.WorkerUploadViewSet, basename="upload")
urlpatterns = router.urls
