from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "mesodesk.scheduling"
    label = "scheduling"
    verbose_name = _("Appointments, reminders and calendar feeds")

    def ready(self) -> None:
        from mesodesk.scheduling import receivers  # noqa: F401 - connects the recall to course_completed
