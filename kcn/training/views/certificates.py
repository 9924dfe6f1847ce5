"""certificates pages."""

urlpatterns = []
