from django.urls import path

from mesodesk.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
