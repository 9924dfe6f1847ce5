from rest_framework.routers import SimpleRouter

from . import attendance, certificates, courses, feedback, grading

app_name = "training-api"

AREAS = (courses, attendance, grading, certificates, feedback)

router = SimpleRouter()
for area in AREAS:
    area.register(router)
# Routes a router does not make (the public certificate check), each area's own.
urlpatterns = [*router.urls, *(pattern for area in AREAS for pattern in area.urlpatterns)]
