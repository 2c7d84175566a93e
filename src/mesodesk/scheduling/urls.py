from django.urls import path

from mesodesk.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.calendar_week, name="calendar"),
    path("book/", views.book, name="book"),
    path("appointments/<int:appointment_id>/cancel/", views.cancel, name="cancel"),
    path("appointments/<int:appointment_id>/move/", views.move, name="move"),
    path("appointments/<int:appointment_id>.ics", views.appointment_ics, name="appointment_ics"),
    path("feed/new/", views.feed_create, name="feed_create"),
    path("feed/revoke/", views.feed_revoke, name="feed_revoke"),
]
