from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    """The knowledge pages: techniques, protocols, indications, sources and conflicts.
    The knowledge base itself (mesodesk.knowledge) stays free of Django."""

    name = "mesodesk.reference"
    label = "reference"
