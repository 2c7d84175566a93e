from django.apps import AppConfig


class AdministrationConfig(AppConfig):
    """Pages a clinic administrator runs the clinic from: the audit trail for now."""

    name = "mesodesk.administration"
    label = "administration"
