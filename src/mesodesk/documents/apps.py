from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "mesodesk.documents"
    label = "documents"
    verbose_name = "Handouts and consent forms"
