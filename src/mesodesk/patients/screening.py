"""Screening in the workflow: the patient's history through the clinical core's rules."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, person_name
from mesodesk.clinic.screening import screen
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.events import screening_changed_send_on_commit
from mesodesk.patients.models import Acknowledgement, History, Patient, ReportedAllergy, ScreeningSnapshot
from mesodesk.patients.selectors import history_get


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True)
class PatientScreening:
    indication: str
    formulation: str
    history_version: int
    verdict: str
    findings: list[dict[str, Any]]
    acknowledged: dict[str, Acknowledgement]
    # The contract's input it was computed from: the page says a finding's details from it.
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def blocked(self) -> bool:
        """An absolute finding, or a relative one no clinician has acknowledged for this history."""
        return any(
            f["severity"] == "absolute"
            or (f["severity"] == "relative" and f["code"] not in self.acknowledged)
            for f in self.findings
        )

    @property
    def unacknowledged(self) -> list[dict[str, Any]]:
        return [
            f for f in self.findings if f["severity"] == "relative" and f["code"] not in self.acknowledged
        ]


def screening_input(patient: Patient, indication: str, formulation: str = "") -> tuple[dict[str, Any], int]:
    history = history_get(patient)
    unreviewed = list(
        ReportedAllergy.objects.filter(patient=patient, reviewed_at__isnull=True).values_list(
            "text", flat=True
        )
    )
    return _input(patient, history, unreviewed, indication, formulation)


def _input(
    patient: Patient, history: History, unreviewed: list[str], indication: str, formulation: str
) -> tuple[dict[str, Any], int]:
    data: dict[str, Any] = {
        "age": age_on(patient.date_of_birth, timezone.localdate()),
        "sex": patient.sex,
        "indication": indication,
        "conditions": list(history.conditions),
        "allergies": list(history.allergies),
        "medications": list(history.medications),
        "expects_quick_results": history.expects_quick_results,
    }
    if formulation:
        data["formulation"] = formulation
    if history.hair_loss_onset_months is not None:
        data["hair_loss_onset_months"] = history.hair_loss_onset_months
    if unreviewed:
        data["other_allergies"] = unreviewed
    return data, history.version


def patient_screening(*, patient: Patient, indication: str, formulation: str = "") -> PatientScreening:
    """Recomputed from the current history on every call: it can never show stale answers."""
    data, version = screening_input(patient, indication, formulation)
    result = screen(data, load_knowledge())
    acknowledged = {
        a.code: a
        for a in Acknowledgement.objects.filter(
            patient=patient, indication=indication, formulation=formulation, history_version=version
        )
    }
    return PatientScreening(
        indication, formulation, version, result["verdict"], result["findings"], acknowledged, data
    )


def patients_screenings(wanted: Sequence[tuple[Patient, str, str]]) -> list[PatientScreening]:
    """Several (patient, indication, formulation) screenings at once, as patient_screening computes
    each one, in three queries however many are asked (a list page, the dashboard's findings)."""
    patients = {p.pk: p for p, _, _ in wanted}
    histories = {h.patient_id: h for h in History.objects.filter(patient_id__in=list(patients))}
    unreviewed: dict[int, list[str]] = defaultdict(list)
    for patient_id, text in ReportedAllergy.objects.filter(
        patient_id__in=list(patients), reviewed_at__isnull=True
    ).values_list("patient_id", "text"):
        unreviewed[patient_id].append(text)
    acknowledgements: dict[tuple[int, str, str, int], dict[str, Acknowledgement]] = defaultdict(dict)
    for a in Acknowledgement.objects.filter(patient_id__in=list(patients)):
        acknowledgements[(a.patient_id, a.indication, a.formulation, a.history_version)][a.code] = a
    kb = load_knowledge()
    found = []
    for patient, indication, formulation in wanted:
        history = histories.get(patient.pk) or History(patient=patient, clinic=patient.clinic)
        data, version = _input(patient, history, unreviewed[patient.pk], indication, formulation)
        result = screen(data, kb)
        acknowledged = acknowledgements[(patient.pk, indication, formulation, version)]
        found.append(
            PatientScreening(
                indication,
                formulation,
                version,
                result["verdict"],
                result["findings"],
                dict(acknowledged),
                data,
            )
        )
    return found


def finding_acknowledge(
    *, patient: Patient, indication: str, formulation: str, code: str, reason: str, actor: Actor
) -> Acknowledgement:
    """Record a clinician's reasoned decision to go ahead despite a relative finding."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError(
            {"reason": gettext("Write the reason for going ahead (at least 10 characters).")}
        )
    current = patient_screening(patient=patient, indication=indication, formulation=formulation)
    finding = next((f for f in current.findings if f["code"] == code), None)
    if finding is None:
        raise ValidationError({"code": gettext("That finding is not in the current screening.")})
    if finding["severity"] != "relative":
        raise ValidationError(
            {
                "code": gettext(
                    "Only a relative finding can be acknowledged; an absolute one blocks treatment."
                )
            }
        )
    with transaction.atomic():
        acknowledgement = Acknowledgement(
            clinic=patient.clinic,
            patient=patient,
            code=code,
            indication=indication,
            formulation=formulation,
            history_version=current.history_version,
            reason=reason,
            by=person_name(actor),
        )
        acknowledgement.full_clean()
        acknowledgement.save(force_insert=True)
        audit_by(
            actor,
            AuditAction.CREATE,
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            object_type="acknowledgement",
            object_id=acknowledgement.pk,
            detail={"code": code, "indication": indication, "formulation": formulation, "reason": reason},
        )
        screening_changed_send_on_commit(patient=patient, why="acknowledgement")
    return acknowledgement


def screening_snapshot_take(
    *, patient: Patient, indication: str, formulation: str, actor: Actor
) -> ScreeningSnapshot:
    """Keep the screening as shown now, with its acknowledgements (for a course or a session)."""
    current = patient_screening(patient=patient, indication=indication, formulation=formulation)
    snapshot = ScreeningSnapshot(
        clinic=patient.clinic,
        patient=patient,
        indication=indication,
        formulation=formulation,
        history_version=current.history_version,
        result={"verdict": current.verdict, "findings": current.findings},
        acknowledged=[
            {"code": a.code, "reason": a.reason, "by": a.by} for a in current.acknowledged.values()
        ],
        taken_by=actor.get_username(),
    )
    snapshot.full_clean()
    snapshot.save(force_insert=True)
    return snapshot
