from django.urls import include, path

from mesodesk.api.urls import api
from mesodesk.patients.views_intake import intake

urlpatterns = [
    path("", include("mesodesk.accounts.urls")),
    path("patients/", include("mesodesk.patients.urls")),
    path("intake/<str:token>/", intake, name="intake"),
    path("knowledge/", include("mesodesk.knowledge.urls")),
    path("api/v1/", api.urls),
]
