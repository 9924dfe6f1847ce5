"""certificates API."""

urlpatterns = []


def register(router):
    pass
