from django.urls import path

from mesodesk.charting import views, views_fast, views_history, views_photos, views_print

app_name = "charting"
urlpatterns = [
    path("appointments/<int:appointment_id>/", views.for_appointment, name="for_appointment"),
    path("records/<int:record_id>/", views.record_page, name="record"),
    path("records/<int:record_id>/details/", views.details, name="details"),
    path("records/<int:record_id>/syringes/", views.syringe_new, name="syringe_new"),
    path("records/<int:record_id>/points/", views.point_new, name="point_new"),
    path("records/<int:record_id>/points/<int:point_id>/", views.point_edit, name="point_edit"),
    path("records/<int:record_id>/points/<int:point_id>/move/", views.point_move, name="point_move"),
    path("records/<int:record_id>/<str:kind>/<int:mark_id>/remove/", views.mark_delete, name="mark_remove"),
    path("records/<int:record_id>/areas/", views.area_new, name="area_new"),
    path("records/<int:record_id>/sites/", views.site_new, name="site_new"),
    path("records/<int:record_id>/sign/", views.sign, name="sign"),
    path("records/<int:record_id>/amend/", views.amend, name="amend"),
    path("records/<int:record_id>/repeat/", views_fast.repeat, name="repeat"),
    path("records/<int:record_id>/template/", views_fast.template, name="template"),
    path("patients/<str:pseudonym>/history/", views_history.history, name="history"),
    path("records/<int:record_id>/print/", views_print.record_print, name="print"),
    path("records/<int:record_id>/record.pdf", views_print.record_pdf, name="pdf"),
    path("records/<int:record_id>/photos/", views_photos.photo_new, name="photo_new"),
    path("photos/<int:photo_id>/", views_photos.photo_file, name="photo_file"),
    path("patients/<str:pseudonym>/photos/", views_photos.photo_compare, name="photo_compare"),
]
