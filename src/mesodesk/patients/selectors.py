"""Reads of patient records. Every one runs inside the request's clinic scope."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from mesodesk.accounts.audit import audit_by, audit_record_listing
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.patients.models import History, Patient
from mesodesk.patients.search import name_search

# A patient id is "P-" and eight of these letters (models.new_pseudonym): no I, L, O or U.
_ID_LETTERS = "0-9ABCDEFGHJKMNPQRSTVWXYZ"
_ID_FRAGMENT = re.compile(rf"P-[{_ID_LETTERS}]{{0,8}}|[{_ID_LETTERS}]{{0,7}}[0-9][{_ID_LETTERS}]{{0,7}}")


def id_fragment(query: str) -> str | None:
    """The query as part of a patient id, upper case, or None when it is not one: it starts
    with "P-", or it is one word of the id's letters with a digit in it (no name has one);
    at least three characters of the id beyond "P-", so that "7" does not list half the clinic."""
    word = query.strip().upper()
    if not _ID_FRAGMENT.fullmatch(word):
        return None
    return word if len(word.removeprefix("P-")) >= 3 else None


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
    if fragment := id_fragment(query):
        # Part of an id, read from a letter or over the phone: "P-7K2M", "7k2m9" or the whole id.
        return patients.filter(pseudonym__contains=fragment)
    # A word's start in either name, case and accents aside, through the search index.
    return name_search(patients, query.split()[:4])


# The list's order; the id last, so patients of the same name still page exactly once each.
PATIENT_ORDER = ("family_name", "given_name", "id")


def _patient_read(
    patients: QuerySet[Patient], *, user: Actor, patient_pseudonym: str, detail: dict[str, Any] | None
) -> Patient:
    try:
        patient = patients.get(pseudonym=patient_pseudonym)
    except Patient.DoesNotExist:
        raise Http404("No such patient") from None
    audit_by(
        user,
        AuditAction.READ,
        clinic_id=patient.clinic_id,
        patient_id=patient.pk,
        object_type="patient",
        object_id=patient.pseudonym,
        detail=detail,
    )
    return patient


# The clinic comes with the patient, but not its logo (up to 200 kB): only a letter reads it.
_WITH_CLINIC = ("clinic",)
_NOT_THE_LOGO = ("clinic__logo",)


def patient_get_for_user(*, user: Actor, patient_pseudonym: str) -> Patient:
    """The patient of the active clinic with this id, or 404; the read goes to the audit trail.

    A patient of another clinic is not found at all: the scope filters it out,
    so its existence does not leak either.
    """
    patients = Patient.objects.select_related(*_WITH_CLINIC).defer(*_NOT_THE_LOGO)
    return _patient_read(patients, user=user, patient_pseudonym=patient_pseudonym, detail=None)


# The audit line's detail for a read of the patient together with their history.
RECORD_READ = {"with": "history"}


def patient_record_for_user(*, user: Actor, patient_pseudonym: str) -> tuple[Patient, History]:
    """The patient and their history, read in one query and audited as one read (detail
    RECORD_READ); 404 for a patient the active clinic does not have, as patient_get_for_user."""
    patients = Patient.objects.select_related(*_WITH_CLINIC, "history").defer(*_NOT_THE_LOGO)
    patient = _patient_read(patients, user=user, patient_pseudonym=patient_pseudonym, detail=RECORD_READ)
    try:
        history = patient.history
    except History.DoesNotExist:
        return patient, History(patient=patient, clinic=patient.clinic)
    return patient, history


def patients_read_audit(*, user: Actor, patients: Iterable[Patient], where: str) -> None:
    """Audit that `user` read these patients' names (a list page, the dashboard): one listing
    naming them all (accounts.audit.audit_record_listing), so that the trail's cost barely grows
    with the list, and a page's queries do not grow with it at all."""
    _read_audit(user=user, shown=[(p.pk, p.clinic_id) for p in patients], where=where)


def _read_audit(*, user: Actor, shown: Iterable[tuple[int, int]], where: str) -> None:
    """patients_read_audit for (id, clinic id) of each patient shown."""
    unique = list(dict(shown).items())
    if not unique:
        return
    if len({clinic_id for _, clinic_id in unique}) > 1:
        raise ValueError("one clinic's patients at a time: each clinic has its own chain")
    audit_record_listing(
        actor_id=user.pk,
        actor=user.get_username(),
        clinic_id=unique[0][1],
        patient_ids=[pk for pk, _ in unique],
        detail={"where": where},
    )


# What a list of whole patient records shows (the API's PatientOut), read as values: no model
# instance per row (docs/performance.md, API reads).
PATIENT_COLUMNS = (
    "pseudonym",
    "family_name",
    "given_name",
    "date_of_birth",
    "sex",
    "email",
    "phone",
    "preferred_language",
    "notes",
)


def patient_rows_read(
    *, user: Actor, query: str, offset: int, limit: int, where: str
) -> list[dict[str, Any]]:
    """A page of patient_search's patients as their PATIENT_COLUMNS, in its order; each patient
    returned is an audited read (patients_read_audit's, under `where`)."""
    rows = list(
        patient_search(query=query).values("pk", "clinic_id", *PATIENT_COLUMNS)[offset : offset + limit]
    )
    _read_audit(user=user, shown=[(r.pop("pk"), r.pop("clinic_id")) for r in rows], where=where)
    return rows


def patient_id_for_pseudonym(pseudonym: str) -> int | None:
    return Patient.objects.filter(pseudonym=pseudonym.strip().upper()).values_list("id", flat=True).first()


def pseudonyms_for(patient_ids: Iterable[int]) -> dict[int, str]:
    return dict(Patient.objects.filter(id__in=set(patient_ids)).values_list("id", "pseudonym"))


def history_get(patient: Patient) -> History:
    """The patient's history as it stands, without writing: a patient never asked yet has an
    empty, unsaved one (version 0), which screening treats as never taken."""
    try:
        history = History.objects.get(patient=patient)
    except History.DoesNotExist:
        return History(patient=patient, clinic=patient.clinic)
    history.patient = patient  # the patient already read, not read again
    return history
