"""grading pages."""

urlpatterns = []
