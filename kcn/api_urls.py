"""REST API v1: every app contributes its routes under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("kcn.core.api.urls")),
    path("registry/", include("kcn.registry.api.urls")),
    path("reporting/", include("kcn.reporting.api.urls")),
    path("notifications/", include("kcn.communications.api.urls")),
    path("workers/", include("kcn.workers.api.urls")),
    path("tracing/", include("kcn.tracing.api.urls")),
    path("monitoring/", include("kcn.monitoring.api.urls")),
    path("prevention/", include("kcn.prevention.api.urls")),
    path("inspections/", include("kcn.inspections.api.urls")),
    path("training/", include("kcn.training.api.urls")),
    path("network/", include("kcn.network.api.urls")),
]
