from django.urls import path

from mesodesk.patients import views, views_consent, views_documents, views_history

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_new, name="new"),
    path("<str:pseudonym>/", views.patient_detail, name="detail"),
    path("<str:pseudonym>/edit/", views.patient_edit, name="edit"),
    path("<str:pseudonym>/history/", views_history.history_edit, name="history"),
    path("<str:pseudonym>/intake-link/", views_history.intake_link_create, name="intake_link"),
    path(
        "<str:pseudonym>/allergies/<int:allergy_id>/review/",
        views_history.allergy_review,
        name="allergy_review",
    ),
    path("<str:pseudonym>/acknowledge/", views_history.acknowledge, name="acknowledge"),
    path("<str:pseudonym>/consents/new/", views_consent.consent_new, name="consent_new"),
    path("<str:pseudonym>/consents/<int:consent_id>.pdf", views_consent.consent_pdf, name="consent_pdf"),
    path(
        "<str:pseudonym>/consents/<int:consent_id>/withdraw/",
        views_consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<str:pseudonym>/documents/handout/", views_documents.handout, name="handout"),
    path(
        "<str:pseudonym>/documents/<int:document_id>.pdf", views_documents.document_copy, name="document_pdf"
    ),
]
