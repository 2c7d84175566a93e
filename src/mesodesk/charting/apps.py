from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartingConfig(AppConfig):
    name = "mesodesk.charting"
    label = "charting"
    verbose_name = _("Session charting")

    def ready(self) -> None:
        from mesodesk.charting import receivers  # noqa: F401 - answers safety's question: which lots a session drew
