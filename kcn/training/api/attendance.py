"""attendance API."""

urlpatterns = []


def register(router):
    pass
