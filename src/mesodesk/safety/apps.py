from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "mesodesk.safety"
    label = "safety"
    verbose_name = _("Adverse events and safety signals")

    def ready(self) -> None:
        from mesodesk.safety import receivers  # noqa: F401 - records a session's bruising as an adverse event
