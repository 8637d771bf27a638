app_name = "year"

urlpatterns = []
