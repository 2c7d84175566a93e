from django.urls import path

from mesodesk.registry import views
from mesodesk.registry.services import FORMATS

app_name = "registry"
urlpatterns = [
    path("", views.report, name="report"),
    # One route per format, no URL parameter: nothing in the path names an object.
    *(
        path(f"report.{output}", views.export, {"output": output}, name=f"export_{output}")
        for output in FORMATS
    ),
]
