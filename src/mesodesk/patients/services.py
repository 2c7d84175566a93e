"""Writes to patient records: validated, atomic and audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Clinic
from mesodesk.patients.models import Patient, Sex

OLDEST_AGE_YEARS = 130


def validate_date_of_birth(born: datetime.date) -> None:
    today = timezone.localdate()
    if born > today:
        raise ValidationError({"date_of_birth": gettext("The date of birth is in the future.")})
    try:
        oldest = today.replace(year=today.year - OLDEST_AGE_YEARS)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - OLDEST_AGE_YEARS, day=28)
    if born < oldest:
        raise ValidationError(
            {
                "date_of_birth": gettext("The date of birth is over %(years)d years ago.")
                % {"years": OLDEST_AGE_YEARS}
            }
        )


def patient_create(
    *,
    actor: Actor,
    clinic: Clinic,
    family_name: str,
    given_name: str,
    date_of_birth: datetime.date,
    sex: str = Sex.UNKNOWN,
    email: str = "",
    phone: str = "",
    preferred_language: str = "en",
    notes: str = "",
) -> Patient:
    patient = Patient(
        clinic=clinic,
        family_name=family_name.strip(),
        given_name=given_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
        email=email.strip(),
        phone=phone.strip(),
        preferred_language=preferred_language or "en",
        notes=notes.strip(),
    )
    # Every field checked (its length, its choices: the sex constraint's rule too), but not the
    # clinic's existence (the caller's own membership names it) nor the constraint again as a
    # query: two statements fewer before the insert (issue 15). The database still holds both.
    patient.full_clean(exclude=["clinic"], validate_constraints=False)
    validate_date_of_birth(date_of_birth)
    with transaction.atomic():
        patient.save()
        audit_by(
            actor,
            AuditAction.CREATE,
            clinic_id=clinic.pk,
            patient_id=patient.pk,
            object_type="patient",
            object_id=patient.pseudonym,
        )
    return patient


PATIENT_EDITABLE = (
    "family_name",
    "given_name",
    "date_of_birth",
    "sex",
    "email",
    "phone",
    "preferred_language",
    "notes",
)


def patient_update(*, patient: Patient, actor: Actor, **changes: Any) -> Patient:
    """Change the patient's own details; nothing is saved unless every field is valid."""
    unknown = set(changes) - set(PATIENT_EDITABLE)
    if unknown:
        raise ValidationError({name: gettext("This field cannot be changed here.") for name in unknown})
    changed = [name for name, value in changes.items() if getattr(patient, name) != value]
    for name in changed:
        setattr(patient, name, changes[name])
    patient.full_clean()
    if "date_of_birth" in changed:
        validate_date_of_birth(patient.date_of_birth)
    if not changed:
        return patient
    with transaction.atomic():
        patient.save(update_fields=changed)
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            object_type="patient",
            object_id=patient.pseudonym,
            detail={"fields": changed},
        )
    return patient
