from django.urls import path

from mesodesk.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<int:course_id>/", views.course_outcomes, name="course"),
    path("courses/<int:course_id>/rate/<slug:instrument>/", views.rate, name="rate"),
    path("courses/<int:course_id>/link/<slug:timepoint>/", views.link_create, name="link"),
]
