"""Theo dõi sức khỏe pages (namespace "monitoring", mounted under /monitoring/)."""

app_name = "monitoring"

urlpatterns = []
