"""REST API v1: every app contributes its routes under /api/v1/."""

from django.urls import include, path

urlpatterns = [
    path("", include("kcn.core.api.urls")),
    path("registry/", include("kcn.registry.api.urls")),
    path("reporting/", include("kcn.reporting.api.urls")),
    path("notifications/", include("kcn.communications.api.urls")),
]
