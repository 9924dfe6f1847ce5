"""The inbox pages (namespace "communications", mounted under /notifications/)."""

from django.urls import path

from . import views

app_name = "communications"

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:pk>/", views.notification_open, name="notification_open"),
    path("read-all/", views.notification_read_all, name="notification_read_all"),
]
