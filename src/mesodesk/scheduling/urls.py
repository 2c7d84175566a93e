from django.urls import path

from mesodesk.scheduling import views, views_calendar

app_name = "scheduling"
urlpatterns = [
    path("", views.calendar_week, name="calendar"),
    path("book/", views.book, name="book"),
    path("book/choose/", views_calendar.choose_patient, name="choose_patient"),
    path("events/", views_calendar.events, name="events"),
    path("events/<int:appointment_id>/move/", views_calendar.event_move, name="event_move"),
    path("hours/", views_calendar.hours, name="hours"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:appointment_id>/move/", views.move, name="move"),
    path("appointments/<int:appointment_id>/start/", views.start, name="start"),
    path("appointments/<int:appointment_id>.ics", views.appointment_ics, name="appointment_ics"),
    path("feed/new/", views.feed_create, name="feed_create"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
]
