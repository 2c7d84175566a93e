from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    """The knowledge pages: techniques, protocols, indications, sources and conflicts.
    The knowledge base itself (mesodesk.knowledge) stays free of Django."""

    name = "mesodesk.reference"
    label = "reference"

    def ready(self) -> None:
        from mesodesk.knowledge.i18n import load_translations

        # A missing French or German text stops the application at start-up, naming the
        # file, entry and field, rather than failing a page in front of a clinician.
        load_translations()
