"""Đào tạo pages (namespace "training", mounted under /training/): each area's views module lists its own."""

from .views import attendance, certificates, courses, feedback, grading

app_name = "training"

urlpatterns = [
    *courses.urlpatterns,
    *attendance.urlpatterns,
    *grading.urlpatterns,
    *certificates.urlpatterns,
    *feedback.urlpatterns,
]
