"""The dashboard's alerts: the extension point later apps fill (expiring lots, adverse events,
questionnaires due).

An alert source is a function of the member's request that returns the alerts that member
may see, already translated and linked to the page where each is acted on. The desk sits on
the top floor, so it imports its sources from the apps below; those apps never import it.
To add one, write the function in the app that owns the data (e.g. a future
`inventory.selectors.stock_alerts`, adapted here) and list it in ALERT_SOURCES. Until one is
listed, the dashboard shows no alerts area at all: it never pretends to have checked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from mesodesk.accounts.http import ClinicRequest
from mesodesk.accounts.roles import may_open
from mesodesk.inventory.selectors import stock_alerts
from mesodesk.safety.selectors import signal_alerts


@dataclass(frozen=True)
class Alert:
    level: str  # "blocked", "warning" or "advice", as the gates' levels (same colours)
    title: str
    detail: str
    url: str  # where the alert is acted on


AlertSource = Callable[[ClinicRequest], list[Alert]]


def inventory_alerts(request: ClinicRequest) -> list[Alert]:
    """Low stock and lots expiring within 30 days, for the roles that manage stock."""
    if not may_open(request.membership.role, "inventory"):
        return []
    return [
        Alert(a.level, a.title, a.detail, a.url)
        for a in stock_alerts(request.clinic.pk, timezone.localdate())
    ]


def safety_signals(request: ClinicRequest) -> list[Alert]:
    """The infection-cluster signals (safety.selectors, which words them): the clinic's for
    its staff, the network's for analysts."""
    return [Alert(level=a.level, title=a.title, detail=a.detail, url=a.url) for a in signal_alerts(request)]


ALERT_SOURCES: tuple[AlertSource, ...] = (safety_signals, inventory_alerts)


def alerts_for(request: ClinicRequest, sources: tuple[AlertSource, ...] | None = None) -> list[Alert]:
    found: list[Alert] = []
    for source in ALERT_SOURCES if sources is None else sources:
        found.extend(source(request))
    return found
