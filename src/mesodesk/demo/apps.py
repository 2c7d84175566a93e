from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network `make run` creates; at the top floor, since it fills every app."""

    name = "mesodesk.demo"
    label = "demo"
