app_name = "monitoring-api"

urlpatterns = []
