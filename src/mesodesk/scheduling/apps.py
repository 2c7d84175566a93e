from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "mesodesk.scheduling"
    label = "scheduling"
    verbose_name = "Appointments, reminders and calendar feeds"

    def ready(self) -> None:
        from mesodesk.scheduling import receivers  # noqa: F401 - connects the recall to course_completed
