"""Routes of the API that belong to no domain: obtaining a token."""

from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken

app_name = "core-api"

urlpatterns = [
    path("auth/token/", ObtainAuthToken.as_view(), name="token"),
]
