from django.urls import include, path

from mesodesk.api.urls import api

urlpatterns = [
    path("", include("mesodesk.accounts.urls")),
    path("patients/", include("mesodesk.patients.urls")),
    path("knowledge/", include("mesodesk.knowledge.urls")),
    path("api/v1/", api.urls),
]
