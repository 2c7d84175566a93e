from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope

from mesodesk.accounts.models import AuditEvent
from mesodesk.patients.history import HistoryAnswers, history_update, reported_allergy_review
from mesodesk.patients.models import Acknowledgement, Patient, ReportedAllergy
from mesodesk.patients.screening import finding_acknowledge, patient_screening, screening_snapshot_take
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def answers(**kw: Any) -> HistoryAnswers:
    return HistoryAnswers(**kw)


def test_a_history_change_bumps_the_version_is_audited_and_changes_the_screening(
    patient_a: Patient, alice: Any
) -> None:
    with scope(clinic=patient_a.clinic):
        assert patient_screening(patient=patient_a, indication="wrinkles").verdict == "eligible"
        history = history_update(
            patient=patient_a,
            answers=answers(conditions=frozenset({"epilepsy"})),
            actor=alice,
        )
        assert history.version == 1
        screening = patient_screening(patient=patient_a, indication="wrinkles")
    assert screening.verdict == "contraindicated" and screening.blocked
    assert AuditEvent.objects.filter(object_type="history", patient_id=patient_a.pk).count() == 1


def test_an_unreviewed_free_text_allergy_counts_as_a_caution_until_reviewed(
    patient_a: Patient, alice: Any
) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(patient=patient_a, answers=answers(other_allergies=("latex",)), actor=alice)
        screening = patient_screening(patient=patient_a, indication="wrinkles")
        assert screening.verdict == "caution"
        finding = screening.findings[0]
        assert (
            finding["code"] == "allergy_unreviewed" and "latex" in finding["message"] and finding["sources"]
        )
        allergy = ReportedAllergy.objects.get(patient=patient_a)
        with pytest.raises(ValidationError):
            reported_allergy_review(allergy=allergy, note="  ", actor=alice)
        reported_allergy_review(allergy=allergy, note="Latex gloves only; none in the products", actor=alice)
        assert patient_screening(patient=patient_a, indication="wrinkles").verdict == "eligible"


def test_a_relative_finding_acknowledged_with_a_reason_unblocks_until_the_history_changes(
    patient_a: Patient, alice: Any
) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=answers(conditions=frozenset({"psoriasis"})),
            actor=alice,
        )
        assert patient_screening(patient=patient_a, indication="wrinkles").blocked
        with pytest.raises(ValidationError) as short:
            finding_acknowledge(
                patient=patient_a,
                indication="wrinkles",
                formulation="",
                code="psoriasis",
                reason="ok",
                actor=alice,
            )
        assert "reason" in short.value.message_dict
        finding_acknowledge(patient=patient_a, indication="wrinkles", formulation="", code="psoriasis",
                            reason="Plaques far from the treated area, stable for years", actor=alice)  # fmt: skip
        screening = patient_screening(patient=patient_a, indication="wrinkles")
        assert (
            screening.verdict == "caution" and not screening.blocked and "psoriasis" in screening.acknowledged
        )
        # A different indication is a different decision.
        assert patient_screening(patient=patient_a, indication="scars").blocked
        history_update(
            patient=patient_a,
            answers=answers(conditions=frozenset({"psoriasis", "herpes_tendency"})),
            actor=alice,
        )
        assert patient_screening(patient=patient_a, indication="wrinkles").blocked
    assert AuditEvent.objects.filter(object_type="acknowledgement").count() == 1


def test_an_absolute_finding_cannot_be_acknowledged(patient_a: Patient, alice: Any) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=answers(conditions=frozenset({"pregnancy"})),
            actor=alice,
        )
        with pytest.raises(ValidationError) as error:
            finding_acknowledge(
                patient=patient_a,
                indication="wrinkles",
                formulation="",
                code="pregnancy",
                reason="Patient insists on it",
                actor=alice,
            )
        assert "code" in error.value.message_dict
        assert not Acknowledgement.objects.exists()


def test_a_snapshot_keeps_the_screening_as_it_was_shown(patient_a: Patient, alice: Any) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=answers(medications=frozenset({"aspirin"})),
            actor=alice,
        )
        snapshot = screening_snapshot_take(
            patient=patient_a, indication="hair_loss", formulation="mesohair", actor=alice
        )
        history_update(patient=patient_a, answers=answers(), actor=alice)
        snapshot.refresh_from_db()
    assert snapshot.history_version == 1
    assert "antiplatelet_washout" in {f["code"] for f in snapshot.result["findings"]}


def test_the_patient_page_shows_the_verdict_findings_and_their_sources(
    client: Client, alice: Any, patient_a: Patient
) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=answers(conditions=frozenset({"herpes_tendency"})),
            actor=alice,
        )
    signed_in(client, alice)
    html = client.get(
        f"/patients/{patient_a.pseudonym}/", {"indication": "hair_loss", "formulation": "mesohair"}
    ).content.decode()
    assert "Caution" in html and "herpes_tendency" in html and "#src-003_2731458d19abe466" in html
    # The finding by its name, not its code (the code stays in the form's hidden field).
    assert "Tendency to herpes" in html and "Reason for going ahead despite: Tendency to herpes" in html


def test_a_clinician_acknowledges_from_the_page_and_an_assistant_may_not(
    client: Client, alice: Any, bob: Any, patient_a: Patient
) -> None:
    with scope(clinic=patient_a.clinic):
        history_update(
            patient=patient_a,
            answers=answers(conditions=frozenset({"psoriasis"})),
            actor=alice,
        )
    form = {
        "indication": "wrinkles",
        "formulation": "",
        "code": "psoriasis",
        "reason": "Stable plaques on the elbows only",
    }
    signed_in(client, bob)
    assert client.post(f"/patients/{patient_a.pseudonym}/acknowledge/", form).status_code == 403
    signed_in(client, alice)
    response = client.post(f"/patients/{patient_a.pseudonym}/acknowledge/", form, follow=True)
    assert "Acknowledged by alice: Stable plaques on the elbows only" in response.content.decode()


def test_staff_edit_the_history_with_the_intake_form(client: Client, bob: Any, patient_a: Patient) -> None:
    signed_in(client, bob)
    response = client.post(
        f"/patients/{patient_a.pseudonym}/history/",
        {
            "condition_epilepsy": "on",
            "allergies": ["rutin"],
            "other_allergies": "Lidocaine\nlatex",
            "other_medications": "Eliquis 5 mg",
            "goals": "Less hair loss",
        },
    )
    assert response.status_code == 302
    with scope(clinic=patient_a.clinic):
        history = patient_a.history
        history.refresh_from_db()
        assert history.conditions == ["epilepsy"]
        assert history.allergies == ["lidocaine", "rutin"]  # "Lidocaine" named a known ingredient
        assert history.medications == ["anticoagulant"]
        assert list(ReportedAllergy.objects.values_list("text", flat=True)) == ["latex"]


def test_a_bad_history_is_refused_naming_the_field_and_changes_nothing(
    client: Client, bob: Any, patient_a: Patient
) -> None:
    signed_in(client, bob)
    response = client.post(
        f"/patients/{patient_a.pseudonym}/history/", {"hair_loss_onset_months": "-4", "allergies": ["gold"]}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "If you are losing hair" in html and "Select a valid choice" in html
    with scope(clinic=patient_a.clinic):
        assert (
            not hasattr(Patient.objects.get(pk=patient_a.pk), "history")
            or Patient.objects.get(pk=patient_a.pk).history.version == 0
        )


OTHER_CLINIC_PAGES = [
    ("get", "/patients/{p}/"),
    ("get", "/patients/{p}/edit/"),
    ("get", "/patients/{p}/history/"),
    ("post", "/patients/{p}/intake-link/"),
    ("post", "/patients/{p}/acknowledge/"),
    ("get", "/patients/{p}/consents/new/?indication=wrinkles"),
    ("get", "/patients/{p}/consents/1.pdf"),
    ("post", "/patients/{p}/consents/1/withdraw/"),
    ("post", "/patients/{p}/allergies/1/review/"),
]


@pytest.mark.parametrize(("method", "path"), OTHER_CLINIC_PAGES)
def test_every_patient_page_is_404_for_a_clinician_of_another_clinic(
    client: Client, charlie: Any, patient_a: Patient, method: str, path: str
) -> None:
    signed_in(client, charlie)
    patient_a.family_name = "Canary-9d1c"
    response = getattr(client, method)(
        path.format(p=patient_a.pseudonym), {"reason": "x" * 20, "note": "x"} if method == "post" else None
    )
    assert response.status_code == 404
    assert b"Martin" not in response.content


def test_the_screening_contract_and_the_intake_form_read_the_same_medicine_names() -> None:
    """One list, the knowledge base's: every name the intake recognises, the contract accepts."""
    from mesodesk.clinic.screening import parse_patient
    from mesodesk.knowledge.loader import load_knowledge
    from mesodesk.patients.intake_text import recognise_medications

    kb = load_knowledge()
    for medication in kb.medications:
        for name in medication.names:
            screened = parse_patient({"age": 40, "indication": "wrinkles", "medications": [name.title()]}, kb)
            assert screened.medications == recognise_medications(name) >= {medication.code}, name
