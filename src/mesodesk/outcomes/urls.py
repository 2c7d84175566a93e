from django.urls import path

from mesodesk.outcomes import views, views_setup

app_name = "outcomes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<int:course_id>/", views.course_outcomes, name="course"),
    path("courses/<int:course_id>/rate/<slug:instrument>/", views.rate, name="rate"),
    path("courses/<int:course_id>/link/<slug:timepoint>/", views.link_create, name="link"),
    path("scales/", views_setup.instrument_list, name="instruments"),
    path("scales/new/", views_setup.instrument_edit, name="instrument_new"),
    path("scales/<int:instrument_id>/", views_setup.instrument_edit, name="instrument_edit"),
    path("scales/<int:instrument_id>/retire/", views_setup.instrument_retire, name="instrument_retire"),
    path("schedules/", views_setup.schedule_list, name="schedules"),
    path("schedules/<slug:protocol_code>/", views_setup.schedule_edit, name="schedule_edit"),
]
