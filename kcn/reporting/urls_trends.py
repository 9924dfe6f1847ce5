"""Trends of a schedule's figures over time (namespace "reporting", mounted under /reporting/)."""

from django.urls import path

from . import views_trends

urlpatterns = [
    path("trends/", views_trends.TrendView.as_view(), name="trends"),
]
