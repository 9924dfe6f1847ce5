"""courses pages."""

urlpatterns = []
