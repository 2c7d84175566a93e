from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The dashboard: the day's work, read from patients, courses and scheduling (top floor)."""

    name = "mesodesk.desk"
    label = "desk"
