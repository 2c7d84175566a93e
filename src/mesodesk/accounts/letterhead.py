"""A clinic's letterhead (address and logo), printed on every page of its patient documents."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Clinic

LOGO_MAX_BYTES = 200_000
# Sniffed from the first bytes: the logo is stored without a content type.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def logo_content_type(data: bytes) -> str | None:
    """PNG, JPEG or SVG, or None for anything else (which is never shown)."""
    for magic, content_type in _SIGNATURES:
        if data.startswith(magic):
            return content_type
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "image/svg+xml"
    return None


def clinic_letterhead_update(
    *, clinic: Clinic, actor: Actor, address: str, logo: bytes | None = None, remove_logo: bool = False
) -> Clinic:
    """Change the address, and the logo when one is given (or remove it); nothing changes
    unless both are valid."""
    if logo is not None:
        if len(logo) > LOGO_MAX_BYTES:
            raise ValidationError(
                {"logo": gettext("The logo is over %(size)d kB.") % {"size": LOGO_MAX_BYTES // 1000}}
            )
        if logo_content_type(logo) is None:
            raise ValidationError({"logo": gettext("The logo must be a PNG, JPEG or SVG image.")})
    clinic.address = address.strip()
    changed = ["address"]
    if remove_logo:
        clinic.logo, changed = b"", [*changed, "logo"]
    elif logo is not None:
        clinic.logo, changed = logo, [*changed, "logo"]
    clinic.full_clean()
    with transaction.atomic():
        clinic.save(update_fields=changed)
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=clinic.pk,
            object_type="clinic_letterhead",
            object_id=clinic.pk,
            detail={"fields": changed},
        )
    return clinic
