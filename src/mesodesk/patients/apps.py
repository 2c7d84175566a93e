from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "mesodesk.patients"
    label = "patients"
