from django.urls import path

from mesodesk.courses import views, views_documents

app_name = "courses"
urlpatterns = [
    path("protocols/", views.protocols, name="protocols"),
    path("prices/", views.prices, name="prices"),
    path("letterhead/", views.letterhead, name="letterhead"),
    path("new/<str:pseudonym>/", views.course_new, name="new"),
    path("<int:course_id>/", views.course_detail, name="detail"),
    path("<int:course_id>/document/", views_documents.course_document, name="document"),
    path("<int:course_id>/sessions/<int:number>/", views.session_record, name="session_record"),
]
