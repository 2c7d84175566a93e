"""Writing a patient's history, from the intake or by staff. Every change bumps the version
and is audited, so screenings and acknowledgements know which answers they rest on."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by, audit_record
from mesodesk.accounts.models import Actor, AuditAction, person_name
from mesodesk.patients.events import screening_changed_send_on_commit
from mesodesk.patients.models import History, Patient, ReportedAllergy


@dataclass(frozen=True)
class HistoryAnswers:
    conditions: frozenset[str] = frozenset()
    allergies: frozenset[str] = frozenset()
    other_allergies: tuple[str, ...] = ()
    medications: frozenset[str] = frozenset()
    other_medications: str = ""
    breastfeeding: bool = False
    hair_loss_onset_months: int | None = None
    expects_quick_results: bool = False
    goals: str = ""
    areas: tuple[str, ...] = field(default_factory=tuple)


def _history_to_change(patient: Patient) -> History:
    """The patient's history row, made on the first write (a read never makes one:
    see patients.selectors.history_get), and locked until the transaction ends."""
    history, _ = History.objects.get_or_create(patient=patient, defaults={"clinic": patient.clinic})
    return History.objects.select_for_update().get(pk=history.pk)


def history_update(
    *, patient: Patient, answers: HistoryAnswers, actor: Actor | None, intake_link: int | None = None
) -> History:
    """Replace the patient's answers; free-text allergies not seen before wait for review.

    `actor` is the staff member who recorded them, or None when the patient answered
    through intake link `intake_link`."""
    who = person_name(actor) if actor is not None else ""
    with transaction.atomic():
        history = _history_to_change(patient)
        history.conditions = sorted(answers.conditions)
        history.allergies = sorted(answers.allergies)
        history.medications = sorted(answers.medications)
        history.other_medications = answers.other_medications
        history.breastfeeding = answers.breastfeeding
        history.hair_loss_onset_months = answers.hair_loss_onset_months
        history.expects_quick_results = answers.expects_quick_results
        history.goals = answers.goals
        history.areas = list(answers.areas)
        history.version += 1
        history.updated_at = timezone.now()
        history.updated_by = who
        history.updated_through_intake = actor is None
        history.full_clean()
        history.save()
        known = {a.text.casefold() for a in ReportedAllergy.objects.filter(patient=patient)}
        for text in answers.other_allergies:
            if text.casefold() not in known:
                ReportedAllergy.objects.create(clinic=patient.clinic, patient=patient, text=text)
                known.add(text.casefold())
        audit_record(
            action=AuditAction.UPDATE,
            actor_id=actor.pk if actor is not None else None,
            actor=actor.get_username() if actor is not None else f"patient via intake link {intake_link}",
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            object_type="history",
            object_id=f"{patient.pseudonym} v{history.version}",
        )
        screening_changed_send_on_commit(patient=patient, why="history")
    return history


def reported_allergy_review(*, allergy: ReportedAllergy, note: str, actor: Actor) -> ReportedAllergy:
    """A clinician has looked at a free-text allergy; it no longer counts as a caution."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": gettext("Say what the review found.")})
    with transaction.atomic():
        allergy.reviewed_at = timezone.now()
        allergy.reviewed_by = person_name(actor)
        allergy.review_note = note[:500]
        allergy.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
        # A review changes what screening sees, so it is a new version of the history.
        history = _history_to_change(allergy.patient)
        history.version += 1
        history.save(update_fields=["version"])
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=allergy.clinic_id,
            patient_id=allergy.patient_id,
            object_type="reported_allergy",
            object_id=allergy.pk,
            detail={"note": allergy.review_note},
        )
        screening_changed_send_on_commit(patient=allergy.patient, why="allergy review")
    return allergy
