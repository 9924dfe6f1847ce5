app_name = "workers-api"

urlpatterns = []
