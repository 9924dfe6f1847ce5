"""Cấp độ dịch và phương án pages (namespace "prevention", mounted under /prevention/)."""

app_name = "prevention"

urlpatterns = []
