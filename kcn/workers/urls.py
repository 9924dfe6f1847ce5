"""Người lao động pages (namespace "workers", mounted under /workers/)."""

app_name = "workers"

urlpatterns = []
