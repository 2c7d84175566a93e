from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    """The knowledge pages. The knowledge package itself stays free of Django; only
    views.py, urls.py and the templates belong to the web application."""

    name = "mesodesk.knowledge"
    label = "knowledge"
