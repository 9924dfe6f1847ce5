"""Kiểm tra doanh nghiệp pages (namespace "inspections", mounted under /inspections/)."""

app_name = "inspections"

urlpatterns = []
