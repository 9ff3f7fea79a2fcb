from django.urls import path

from accordwatch.api import api

urlpatterns = [
    path("", api.urls),
]
