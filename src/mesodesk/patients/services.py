"""Writes to patient records: validated, atomic and audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mesodesk.accounts.audit import audit_record
from mesodesk.accounts.models import AuditAction, Clinic
from mesodesk.patients.models import Patient, Sex

OLDEST_AGE_YEARS = 130


def validate_date_of_birth(born: datetime.date) -> None:
    today = timezone.localdate()
    if born > today:
        raise ValidationError({"date_of_birth": "The date of birth is in the future."})
    try:
        oldest = today.replace(year=today.year - OLDEST_AGE_YEARS)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - OLDEST_AGE_YEARS, day=28)
    if born < oldest:
        raise ValidationError({"date_of_birth": f"The date of birth is over {OLDEST_AGE_YEARS} years ago."})


def patient_create(
    *,
    actor: Any,
    clinic: Clinic,
    family_name: str,
    given_name: str,
    date_of_birth: datetime.date,
    sex: str = Sex.UNKNOWN,
) -> Patient:
    patient = Patient(
        clinic=clinic,
        family_name=family_name.strip(),
        given_name=given_name.strip(),
        date_of_birth=date_of_birth,
        sex=sex,
    )
    patient.full_clean()
    validate_date_of_birth(date_of_birth)
    with transaction.atomic():
        patient.save()
        audit_record(
            action=AuditAction.CREATE,
            actor_id=actor.pk,
            actor=actor.get_username(),
            clinic_id=clinic.pk,
            patient_id=patient.pk,
            object_type="patient",
            object_id=patient.pseudonym,
        )
    return patient
