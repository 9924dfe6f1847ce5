"""courses API."""

urlpatterns = []


def register(router):
    pass
