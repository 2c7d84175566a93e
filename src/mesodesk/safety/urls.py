from django.urls import path

from mesodesk.safety import views

app_name = "safety"
urlpatterns = [
    path("", views.events, name="events"),
    path("events/<int:event_id>/", views.event_detail, name="event"),
    path("events/<int:event_id>/review/", views.event_review, name="review"),
    path("sessions/<int:session_id>/report/", views.report, name="report"),
    path("sessions/<int:session_id>/follow-up-link/", views.follow_up_link, name="follow_up_link"),
    path("signals/<int:signal_id>/", views.signal_detail, name="signal"),
    path("network/", views.network, name="network"),
]
