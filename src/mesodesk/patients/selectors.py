"""Reads of patient records. Every one runs inside the request's clinic scope."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.patients.models import History, Patient


def patient_search(*, query: str = "") -> QuerySet[Patient]:
    """Patients of the active clinic matching a name, a date of birth (YYYY-MM-DD) or an id."""
    patients = Patient.objects.all()
    query = query.strip()
    if not query:
        return patients
    try:
        born = datetime.date.fromisoformat(query)
    except ValueError:
        born = None
    if born is not None:
        return patients.filter(date_of_birth=born)
    if query.upper().startswith("P-"):
        return patients.filter(pseudonym=query.upper())
    condition = Q()
    for word in query.split()[:4]:
        condition &= Q(family_name__istartswith=word) | Q(given_name__istartswith=word)
    return patients.filter(condition)


def patient_get_for_user(*, user: Actor, patient_pseudonym: str) -> Patient:
    """The patient of the active clinic with this id, or 404; the read goes to the audit trail.

    A patient of another clinic is not found at all: the scope filters it out,
    so its existence does not leak either.
    """
    try:
        patient = Patient.objects.select_related("clinic").get(pseudonym=patient_pseudonym)
    except Patient.DoesNotExist:
        raise Http404("No such patient") from None
    audit_by(
        user,
        AuditAction.READ,
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
        object_type="patient",
        object_id=patient.pseudonym,
    )
    return patient


def patient_id_for_pseudonym(pseudonym: str) -> int | None:
    return Patient.objects.filter(pseudonym=pseudonym.strip().upper()).values_list("id", flat=True).first()


def pseudonyms_for(patient_ids: Iterable[int]) -> dict[int, str]:
    return dict(Patient.objects.filter(id__in=set(patient_ids)).values_list("id", "pseudonym"))


def history_get(patient: Patient) -> History:
    """The patient's history as it stands, without writing: a patient never asked yet has an
    empty, unsaved one (version 0), which screening treats as never taken."""
    try:
        return History.objects.select_related("patient").get(patient=patient)
    except History.DoesNotExist:
        return History(patient=patient, clinic=patient.clinic)
