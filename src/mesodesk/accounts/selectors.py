from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from mesodesk.accounts.models import AuditEvent, AuditListedPatient, Membership, Role
from mesodesk.accounts.token_lookup import membership_for_token_hash

AUDIT_SORTS = ("at", "actor", "action", "object_type", "object_id", "patient_id")


def active_membership(request: HttpRequest) -> Membership | None:
    """The membership the signed-in person works under: the clinic chosen in this session,
    else their first one."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("clinic", "clinic__network").filter(user=user)
    chosen = request.session.get("clinic_id")
    if chosen is not None:
        membership = memberships.filter(clinic_id=chosen).first()
        if membership is not None:
            return membership
    return memberships.order_by("id").first()


def membership_for_api_token(key: str) -> Membership | None:
    """The membership a live API token speaks for (its person in its clinic), or None.

        One query, as cheap as a session's: the token is found by its hash (a unique index; the
        key itself is never stored), and its person's membership in its clinic is read in the
        same statement. A revoked token, or a person made inactive, finds nothing at once.
        Finding the hash through an index needs no constant-time compare: the tokens are 256
        random bits, and what the index compares is their SHA-256, whose bytes a guesser cannot
        steer, so its timing tells nothing about any stored token. The clinic's logo (up to
    200 kB) is left deferred, for the documents that print it."""
    # The statement is written once (accounts.token_lookup): building the ORM's query for it
    # cost more processor time than the database spent answering it.
    return membership_for_token_hash(key)


def clinicians_of(clinic: Any) -> QuerySet[Any]:
    """The people who may inject at this clinic: its clinicians."""
    return get_user_model().objects.filter(memberships__clinic=clinic, memberships__role=Role.CLINICIAN)


def memberships_for(user: Any) -> QuerySet[Membership]:
    return Membership.objects.select_related("clinic").filter(user=user).order_by("clinic__name")


def audit_events_for_clinic(
    *,
    clinic_id: int,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    person: str = "",
    patient_id: int | None = None,
) -> QuerySet[AuditEvent]:
    """The clinic's events matching the filters, unordered: the page orders them (audit_order)."""
    events = AuditEvent.objects.filter(clinic_id=clinic_id)
    if start is not None:
        events = events.filter(at__date__gte=start)
    if end is not None:
        events = events.filter(at__date__lte=end)
    if person:
        events = events.filter(actor__icontains=person)
    if patient_id is not None:
        # A read of the patient alone names them on its line; a listing, in its listed rows.
        listed = AuditListedPatient.objects.filter(clinic_id=clinic_id, patient_id=patient_id)
        events = events.filter(Q(patient_id=patient_id) | Q(id__in=listed.values("event_id")))
    return events


def audit_order(sort: str) -> tuple[str, str]:
    """The audit page's keyset order for `sort` (a column of AUDIT_SORTS, `-` for descending):
    the id breaks ties, so that pages never repeat or skip a row."""
    if sort.lstrip("-") not in AUDIT_SORTS:
        sort = "-at"
    return sort, "-id" if sort.startswith("-") else "id"


def person_name_for(actor_id: int | None, username: str, names: dict[int, tuple[str, str]]) -> str:
    """The person of an audit row by name, if the account with that id still bears the user
    name the row recorded; else the recorded user name (the row outlives the account)."""
    found = names.get(actor_id or 0)
    return found[1] if found is not None and found[0] == username else username


def person_names_for(user_ids: Any) -> dict[int, tuple[str, str]]:
    """Each person's user name and name as others read them: full name, else user name."""
    people = get_user_model().objects.filter(id__in=set(user_ids)).only("username", "first_name", "last_name")
    return {u.pk: (u.get_username(), u.get_full_name().strip() or u.get_username()) for u in people}
