from django.urls import path

from mesodesk.reference import views

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    path("techniques/", views.techniques, name="techniques"),
    path("protocols/", views.protocols, name="protocols"),
    path("indications/", views.indications, name="indications"),
    path("contraindications/", views.contraindications, name="contraindications"),
    path("substances/", views.substances, name="substances"),
    path("care/", views.care, name="care"),
    path("practice/", views.practice, name="practice"),
    path("sources/", views.sources, name="sources"),
]
