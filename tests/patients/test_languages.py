"""English, French and German end to end: what a patient or a clinician reads is in their language.

The intake link speaks the invitation's language, the signed consent PDF the patient's, and
the patient page the reader's, naming every finding, indication and formulation instead of
showing its code."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from mesodesk.knowledge.i18n import load_translations
from mesodesk.patients.consent import consent_sign
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.intake_text import recognise_medications
from mesodesk.patients.models import Consent, Patient
from mesodesk.reference.labels import kb_label
from tests.conftest import signed_in
from tests.patients.helpers import signature_data_url

pytestmark = pytest.mark.django_db


class _VisibleText(HTMLParser):
    """The text a person sees: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "title"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def speaking(patient: Patient, language: str) -> Patient:
    with scopes_disabled():
        patient.preferred_language = language
        patient.save(update_fields=["preferred_language"])
    return patient


def intake_page(client: Client, patient: Patient, actor: Any) -> str:
    with scope(clinic=patient.clinic):
        _, token = intake_invitation_create(patient=patient, actor=actor)
    return client.get(f"/intake/{token}/").content.decode()


@pytest.mark.parametrize(
    ("language", "question", "button"),
    [
        ("fr", "Êtes-vous enceinte, ou pourriez-vous l'être ?", "Envoyer mes réponses"),
        ("de", "Sind Sie schwanger, oder könnten Sie schwanger sein?", "Meine Antworten senden"),
    ],
)
def test_the_intake_link_asks_its_questions_in_the_patients_language(
    client: Client, bob: Any, patient_a: Patient, language: str, question: str, button: str
) -> None:
    # An English browser: the link's language wins.
    html = intake_page(client, speaking(patient_a, language), bob)
    text = visible_text(html)
    assert question in text and button in text and f'<html lang="{language}">' in html
    assert "Are you pregnant" not in text and "Send my answers" not in text


def test_a_german_intake_refuses_bad_answers_in_german(client: Client, bob: Any, patient_a: Patient) -> None:
    with scope(clinic=patient_a.clinic):
        _, token = intake_invitation_create(patient=speaking(patient_a, "de"), actor=bob)
    response = client.post(f"/intake/{token}/", {"hair_loss_onset_months": "bald"})
    text = visible_text(response.content.decode())
    assert (
        response.status_code == 422
        and "Bitte eine ganze Zahl eingeben." in text
        and "whole number" not in text
    )


def test_a_used_link_says_so_in_the_patients_language(client: Client, bob: Any, patient_a: Patient) -> None:
    with scope(clinic=patient_a.clinic):
        _, token = intake_invitation_create(patient=speaking(patient_a, "fr"), actor=bob)
    assert client.post(f"/intake/{token}/", {"goals": "Moins de chute"}).status_code == 200
    again = client.get(f"/intake/{token}/")
    text = visible_text(again.content.decode())
    assert again.status_code == 410 and "Ce lien a expiré ou a déjà été utilisé" in text
    assert "Martin" not in text


def test_an_unknown_link_answers_in_the_browsers_language(client: Client) -> None:
    response = client.get("/intake/not-a-token/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in visible_text(response.content.decode())


def signed_pdf_text(patient: Patient, actor: Any) -> tuple[Consent, str]:
    with scope(clinic=patient.clinic):
        consent = consent_sign(
            patient=patient,
            actor=actor,
            indication="hair_loss",
            typed_name="Claire Martin",
            signature=signature_data_url(),
            photo_scope="record",
        )
    pages = PdfReader(io.BytesIO(bytes(consent.pdf))).pages
    return consent, " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.mark.parametrize(
    ("language", "wording"),
    [
        (
            "fr",
            [
                "Consentement éclairé",
                "Consentement à la mésothérapie",
                "Effets indésirables possibles et leur durée habituelle",
                "Photographies pour le dossier médical uniquement",
                "je consens au traitement décrit",
            ],
        ),
        (
            "de",
            [
                "Aufklärung und Einwilligung",
                "Einwilligung in eine Mesotherapie",
                "Mögliche Nebenwirkungen",
                "Fotos nur für die Patientenakte",
                "willige in die beschriebene Behandlung ein",
            ],
        ),
    ],
)
def test_the_signed_consent_pdf_is_in_the_patients_language(
    patient_a: Patient, alice: Any, language: str, wording: list[str]
) -> None:
    consent, text = signed_pdf_text(speaking(patient_a, language), alice)
    assert consent.template.language == language and f"hair_loss-{language}-v1" not in text
    version = {"fr": "version", "de": "Version"}[language]
    assert f"{kb_label('indications', 'hair_loss', language)}, {version} 1" in text
    for phrase in wording:
        assert phrase in text, phrase
    # The knowledge base's facts come in the same language, by code.
    assert load_translations().label("indications", "hair_loss", language) in text
    for english in ("Informed consent", "Possible side effects", "Photos for the clinical record only"):
        assert english not in text, english


def test_each_language_keeps_its_own_consent_versions(patient_a: Patient, alice: Any) -> None:
    english, _ = signed_pdf_text(patient_a, alice)
    german, _ = signed_pdf_text(speaking(patient_a, "de"), alice)
    assert english.template.label == "hair_loss-en-v1" and german.template.label == "hair_loss-de-v1"
    assert english.template.body != german.template.body


def german_page(client: Client, actor: Any, patient: Patient, **query: str) -> str:
    signed_in(client, actor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get(f"/patients/{patient.pseudonym}/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_patient_page_in_german_names_findings_and_indications_instead_of_codes(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=HistoryAnswers(
                conditions=frozenset({"herpes_tendency"}),
                other_allergies=("Pflaster",),
                medications=frozenset({"aspirin"}),
                areas=("scalp",),
            ),
            actor=alice,
        )
    html = german_page(client, alice, patient_a, indication="hair_loss", formulation="mesohair")
    text = visible_text(html)
    kb = load_translations()
    for code in ("allergy_unreviewed", "herpes_tendency", "antiplatelet_washout", "hair_loss", "mesohair"):
        assert code not in text, code
    for section, code in (
        ("contraindications", "allergy_unreviewed"),
        ("contraindications", "herpes_tendency"),
        ("indications", "hair_loss"),
        ("formulations", "mesohair"),
        ("medications", "aspirin"),
    ):
        assert kb.label(section, code, "de") in text, code
    assert kb.text("contraindications", "herpes_tendency", "message", "de") in text
    # The German page's own words, and the finding's detail: the patient's words as written.
    for wording in (
        "Vorsicht",
        "Anamnese",
        "Screening",
        "Noch nicht geprüft: Pflaster.",
        "Kopfhaut",
        "relativ",
    ):
        assert wording in text, wording
    assert "Caution" not in text and "Not yet reviewed" not in text


def test_a_finding_detail_names_the_allergen_in_the_readers_language(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=HistoryAnswers(allergies=frozenset({"rutin"})),
            actor=alice,
        )
    text = visible_text(german_page(client, alice, patient_a, indication="hair_loss", formulation="mesohair"))
    allergen = load_translations().label("ingredients", "rutin", "de")
    assert f"Allergisch gegen {allergen} (im Katalysator)" in text and "ingredient_allergy" not in text


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("ASS 100 morgens", {"aspirin"}),
        ("Acetylsalicylsäure", {"aspirin"}),
        ("Marcumar", {"anticoagulant"}),
        ("Phenprocoumon 3 mg", {"anticoagulant"}),
        ("Clexane 40 mg", {"anticoagulant"}),
        ("Ibu 600", {"nsaid"}),
        ("Aggrenox", {"aspirin", "dipyridamole"}),
        ("Massage, Klasse, grains de beauté", set()),
    ],
)
def test_german_medicine_names_are_recognised_and_short_ones_only_as_words(
    written: str, codes: set[str]
) -> None:
    assert recognise_medications(written) == codes


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        ("Xarelto 20", {"anticoagulant"}),
        ("Eliquis 5 mg", {"anticoagulant"}),
        ("Heparin-Spritze", {"anticoagulant"}),
        ("Diclofenac", {"nsaid"}),
        ("Kardegic 75", {"aspirin"}),
        ("aspirine, ibuprofène", {"aspirin", "nsaid"}),
    ],
)
def test_names_recognised_before_word_start_matching_still_are(written: str, codes: set[str]) -> None:
    assert recognise_medications(written) == codes


def test_the_patients_courses_are_listed_by_the_protocols_name_in_german(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    from django.utils import timezone

    from mesodesk.courses.services import course_create

    with scope(clinic=patient_a.clinic):
        history_update(patient=patient_a, answers=HistoryAnswers(), actor=alice)
        course_create(
            patient=patient_a, indication="hair_loss", protocol_code="hair_loss_8", formulation="",
            clinician=alice, start=timezone.localdate(), actor=alice,
        )  # fmt: skip
    signed_in(client, alice)
    page = client.get(f"/patients/{patient_a.pseudonym}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    with translation.override("de"):
        name = load_translations().label("protocols", "hair_loss_8", "de")
    assert name in page
    assert "Hair loss, 8 sessions" not in page
