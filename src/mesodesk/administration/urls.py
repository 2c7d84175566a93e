from django.urls import path

from mesodesk.administration import views

app_name = "administration"
urlpatterns = [
    path("audit/", views.audit, name="audit"),
]
