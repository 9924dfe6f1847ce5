"""feedback API."""

urlpatterns = []


def register(router):
    pass
