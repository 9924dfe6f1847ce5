app_name = "tracing-api"

urlpatterns = []
