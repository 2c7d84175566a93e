from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Backup and restore of a whole instance: at the top floor, since it copies every app's data."""

    name = "mesodesk.operations"
    label = "operations"
