from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "mesodesk.scheduling"
    label = "scheduling"
    verbose_name = "Appointments, reminders and calendar feeds"
