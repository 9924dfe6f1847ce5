from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("kcn.core.urls")),
    path("accounts/", include("kcn.accounts.urls")),
    path("registry/", include("kcn.registry.urls")),
    path("reporting/", include("kcn.reporting.urls")),
    path("notifications/", include("kcn.communications.urls")),
    path("workers/", include("kcn.workers.urls")),
    path("tracing/", include("kcn.tracing.urls")),
    path("monitoring/", include("kcn.monitoring.urls")),
    path("prevention/", include("kcn.prevention.urls")),
    path("inspections/", include("kcn.inspections.urls")),
    path("training/", include("kcn.training.urls")),
    path("network/", include("kcn.network.urls")),
    path("api/v1/", include("kcn.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("django-admin/", admin.site.urls),
]
