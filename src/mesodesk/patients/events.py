"""What patients tell the apps above them, after the change has been committed.

A new version of a patient's history (answers changed, a free-text allergy reviewed) or a
clinician's acknowledgement changes what the clinical gates say about that patient's
booked sessions. Patients does not import scheduling (floors only point down): it sends
`screening_changed` on commit, and scheduling re-runs the gates of every future
appointment (scheduling.receivers). Sent on commit, so a rolled-back change re-checks nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.dispatch import Signal

if TYPE_CHECKING:
    from mesodesk.patients.models import Patient

# Sent with patient=Patient, why=str ("history", "acknowledgement" or "allergy review").
screening_changed = Signal()


def screening_changed_send_on_commit(*, patient: Patient, why: str) -> None:
    transaction.on_commit(lambda: screening_changed.send(sender=type(patient), patient=patient, why=why))
