from rest_framework.routers import DefaultRouter

from . import views

app_name = "registry-api"

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet, basename="province")
router.register("legacy-provinces", views.LegacyProvinceViewSet, basename="legacy-province")
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("boards", views.BoardViewSet, basename="board")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("staff", views.StaffViewSet, basename="staff")
router.register("oversight", views.OversightViewSet, basename="oversight")
router.register("assignments", views.ZoneAssignmentViewSet, basename="assignment")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
urlpatterns = router.urls
