"""The clinic's signals kept in step with its reports: the rule (clinic.safety_signal) runs
over the clinic's counted events after every write, and a signal found for the first time
is stored and its e-mail queued, once."""

from __future__ import annotations

import datetime
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.clinic.safety_signal import DEFAULT_WINDOW_DAYS, Report, Signal, cluster_signals
from mesodesk.safety.mail import send_signal_mail
from mesodesk.safety.models import INFECTION, AdverseEvent, SafetySignal

# How far back a report may still join a signal: a year of reports, many windows long.
HORIZON = datetime.timedelta(days=365)


def _reports(clinic_id: int) -> list[Report]:
    since = timezone.localdate() - HORIZON
    rows = AdverseEvent.objects.filter(clinic_id=clinic_id, onset__gte=since).filter(
        Q(kind=INFECTION) | Q(serious=True)
    )
    rows = rows.only("id", "kind", "onset", "serious", "clinician_id").prefetch_related("lots")
    return [
        Report(
            event_id=row.pk,
            kind=row.kind,
            onset=row.onset,
            serious=row.serious,
            keys={
                "clinician": (str(row.clinician_id),) if row.clinician_id else (),
                "lot": tuple(str(lot.pk) for lot in row.lots.all()),
                "product": tuple(str(lot.product_id) for lot in row.lots.all()),
            },
        )
        for row in rows
    ]


def signals_refresh(*, clinic_id: int) -> list[SafetySignal]:
    """Store the signals the rule finds now; returns the ones raised for the first time.

    Holds the clinic's row lock so that two reports arriving together raise one signal."""
    with scopes_disabled(), transaction.atomic():
        Clinic.objects.select_for_update().filter(pk=clinic_id).first()
        raised: list[SafetySignal] = []
        for found in cluster_signals(_reports(clinic_id), window_days=DEFAULT_WINDOW_DAYS):
            stored, created = _store(clinic_id, found)
            if created:
                raised.append(stored)
                transaction.on_commit(partial(send_signal_mail.enqueue, stored.pk))
        return raised


def _store(clinic_id: int, found: Signal) -> tuple[SafetySignal, bool]:
    """A cluster already raised under this key keeps its signal when it grows, even when a late
    report's earlier onset changes the rule's identity for it: one signal, one e-mail."""
    stored = (
        SafetySignal.objects.filter(
            clinic_id=clinic_id, dimension=found.dimension, key=found.key, events__in=found.event_ids
        )
        .order_by("id")
        .first()
    )
    created = stored is None
    if stored is None:
        stored = SafetySignal.objects.create(
            clinic_id=clinic_id,
            identity=found.identity,
            dimension=found.dimension,
            key=found.key,
            first_onset=found.first_onset,
            last_onset=found.last_onset,
        )
    elif (stored.first_onset, stored.last_onset) != (found.first_onset, found.last_onset):
        stored.first_onset, stored.last_onset = found.first_onset, found.last_onset
        stored.save(update_fields=["first_onset", "last_onset"])
    stored.events.add(*found.event_ids)
    return stored, created
