from django.urls import path

from . import views_home

app_name = "core"

urlpatterns = [
    path("", views_home.HomeView.as_view(), name="home"),
    path("jobs/<int:pk>/", views_home.JobView.as_view(), name="job"),
]
