"""grading API."""

urlpatterns = []


def register(router):
    pass
