"""Reads: a clinic's adverse events and signals, the gate's bruising question, the
dashboard's alerts, and the network's signals for analysts (pseudonymized)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django_scopes import scopes_disabled

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.models import Actor, AuditAction, Role
from mesodesk.courses.models import CourseSession
from mesodesk.inventory.models import Lot
from mesodesk.safety.mail import dimension_label
from mesodesk.safety.models import BRUISING, AdverseEvent, SafetySignal

# The roles of a clinic who see its signals; analysts see the network's (network_signals).
CLINIC_ROLES = (Role.CLINICIAN, Role.ASSISTANT, Role.CLINIC_ADMIN)


def bruising_unresolved(session: CourseSession) -> bool:
    """The calendar's bruising gate: the session left bruising not yet resolved."""
    return AdverseEvent.objects.filter(session=session, kind=BRUISING, resolved_on__isnull=True).exists()


def adverse_events() -> QuerySet[AdverseEvent]:
    """The active clinic's events (the scope filters), newest first."""
    return AdverseEvent.objects.select_related(
        "patient", "session", "session__course", "clinician"
    ).prefetch_related("lots__product")


def adverse_event_get_for_user(*, user: Actor, event_id: int) -> AdverseEvent:
    """The event of the active clinic with this id, or 404, the same for "missing" and
    "another clinic's"; the read of the patient's record goes to the audit trail."""
    event = adverse_events().filter(pk=event_id).first()
    if event is None:
        raise Http404("No such adverse event")
    audit_by(
        user,
        AuditAction.READ,
        clinic_id=event.clinic_id,
        patient_id=event.patient_id,
        object_type="adverse_event",
        object_id=event.pk,
    )
    return event


def signals() -> QuerySet[SafetySignal]:
    return SafetySignal.objects.annotate(reports=Count("events"))


def signal_get(signal_id: int) -> SafetySignal:
    found = signals().filter(pk=signal_id).first()
    if found is None:
        raise Http404("No such signal")
    return found


def network_signals(request: ClinicRequest) -> QuerySet[SafetySignal]:
    """Every clinic's signals in the analyst's network. Unscoped on purpose (the analyst
    works across clinics); the caller shows pseudonyms and counts only."""
    with scopes_disabled():
        return (
            SafetySignal.objects.filter(clinic__network_id=request.clinic.network_id)
            .select_related("clinic")
            .annotate(reports=Count("events"))
            .prefetch_related("events", "events__patient")
        )


def key_label(signal: SafetySignal, *, names: bool) -> str:
    """What the reports share, in words; a clinician is named for the clinic's staff only.
    Lots and products are named for everyone: they are no person's data."""
    if signal.dimension in ("lot", "product") and signal.key.isdigit():
        with scopes_disabled():
            lot = Lot.objects.select_related("product").filter(clinic_id=signal.clinic_id)
            if signal.dimension == "lot" and (found := lot.filter(pk=int(signal.key)).first()):
                return gettext("the lot %(number)s of %(product)s") % {
                    "number": found.number,
                    "product": found.product.name,
                }
            if signal.dimension == "product" and (found := lot.filter(product_id=int(signal.key)).first()):
                return gettext("the product %(product)s") % {"product": found.product.name}
    if signal.dimension == "clinician" and names:
        event = signal.events.select_related("clinician").first()
        if event is not None and event.clinician is not None:
            return gettext("the clinician %(name)s") % {"name": event.clinician.get_username()}
    return dimension_label(signal.dimension)


@dataclass(frozen=True)
class SignalAlert:
    """One dashboard alert, in the desk's shape (desk.alerts wraps it)."""

    level: str
    title: str
    detail: str
    url: str


def signal_alerts(request: ClinicRequest) -> list[SignalAlert]:
    role = request.membership.role
    if role == Role.NETWORK_ANALYST:
        found = list(network_signals(request).order_by("-last_onset")[:10])
        url = reverse("safety:network")
    elif role in CLINIC_ROLES:
        found = list(signals().order_by("-last_onset")[:10])
        url = ""
    else:
        return []
    return [_alert(s, url or reverse("safety:signal", args=[s.pk])) for s in found]


def _alert(signal: Any, url: str) -> SignalAlert:
    """`signal` carries `reports`, the count its queryset annotates."""
    reports: int = signal.reports
    day = formats.date_format(signal.last_onset, "SHORT_DATE_FORMAT")
    return SignalAlert(
        level="blocked",
        title=gettext("Safety signal"),
        detail=ngettext(
            "%(count)d infection or serious adverse event sharing %(what)s, latest on %(day)s",
            "%(count)d infections or serious adverse events sharing %(what)s, latest on %(day)s",
            reports,
        )
        % {"count": reports, "what": dimension_label(signal.dimension), "day": day},
        url=url,
    )
