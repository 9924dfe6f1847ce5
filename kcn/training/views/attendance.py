"""attendance pages."""

urlpatterns = []
