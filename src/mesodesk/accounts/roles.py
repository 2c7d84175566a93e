"""What each role may open. Navigation and view guards read the same table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mesodesk.accounts.models import Role


@dataclass(frozen=True)
class Section:
    code: str
    title: str | Promise  # lazy: read in the language of the request that shows it
    url_name: str | None  # None: the section's pages are not built yet, so it is not linked


SECTIONS = (
    Section("patients", _("Patients"), "patients:list"),
    Section("calendar", _("Calendar"), "scheduling:calendar"),
    Section("inventory", _("Inventory"), "inventory:products"),
    Section("safety", _("Safety"), "safety:events"),
    Section("outcomes", _("Outcomes"), "outcomes:dashboard"),
    Section("knowledge", _("Knowledge"), "knowledge:index"),
    Section("registry", _("Network registry"), "registry:report"),
    Section("administration", _("Administration"), "administration:audit"),
)

ROLE_SECTIONS: dict[str, frozenset[str]] = {
    Role.CLINICIAN: frozenset({"patients", "calendar", "inventory", "safety", "outcomes", "knowledge"}),
    Role.ASSISTANT: frozenset({"patients", "calendar", "inventory", "safety", "knowledge"}),
    # Administrators run the clinic, not its treatments: no patient records.
    Role.CLINIC_ADMIN: frozenset(
        {"calendar", "inventory", "safety", "outcomes", "knowledge", "administration"}
    ),
    # Analysts see pseudonymised outcomes only: the network's registry, never a patient's record.
    Role.NETWORK_ANALYST: frozenset({"outcomes", "knowledge", "registry"}),
}


def may_open(role: str | None, section: str) -> bool:
    return role is not None and section in ROLE_SECTIONS.get(role, frozenset())


def sections_for(role: str | None) -> list[Section]:
    return [s for s in SECTIONS if s.url_name is not None and may_open(role, s.code)]
