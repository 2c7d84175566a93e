from django.urls import include, path

from mesodesk.api.urls import api
from mesodesk.outcomes.views_public import outcome_link
from mesodesk.patients.views_intake import intake
from mesodesk.safety.views_public import follow_up
from mesodesk.scheduling.views import feed

urlpatterns = [
    path("", include("mesodesk.desk.urls")),  # the dashboard, at /
    path("", include("mesodesk.accounts.urls")),
    path("patients/", include("mesodesk.patients.urls")),
    path("intake/<str:token>/", intake, name="intake"),
    path("courses/", include("mesodesk.courses.urls")),
    path("inventory/", include("mesodesk.inventory.urls")),
    path("safety/", include("mesodesk.safety.urls")),
    path("recall/", include("mesodesk.recall.urls")),
    path("registry/", include("mesodesk.registry.urls")),
    path("follow-up/<str:token>/", follow_up, name="follow_up"),
    path("outcomes/", include("mesodesk.outcomes.urls")),
    path("outcome/<str:token>/", outcome_link, name="outcome_link"),
    path("calendar/", include("mesodesk.scheduling.urls")),
    path("calendar/feed/<str:token>.ics", feed, name="calendar_feed"),
    path("charting/", include("mesodesk.charting.urls")),
    path("knowledge/", include("mesodesk.reference.urls")),
    path("administration/", include("mesodesk.administration.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
