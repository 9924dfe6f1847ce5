"""Truy vết ca bệnh pages (namespace "tracing", mounted under /tracing/)."""

app_name = "tracing"

urlpatterns = []
