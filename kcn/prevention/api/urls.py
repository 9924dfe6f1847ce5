app_name = "prevention-api"

urlpatterns = []
