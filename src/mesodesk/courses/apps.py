from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "mesodesk.courses"
    label = "courses"
    verbose_name = "Treatment courses"
