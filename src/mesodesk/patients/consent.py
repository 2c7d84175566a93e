"""Consent: versioned texts built from the knowledge base, signed in the browser, kept as PDF.

The text and its PDF are in the patient's preferred language: each language has its own
versions of the text (ConsentTemplate.language), built from the knowledge base's texts in
that language, so a patient signs what they can read."""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction, Clinic, person_name
from mesodesk.documents.consent_text import consent_facts
from mesodesk.documents.pdf import render_pdf
from mesodesk.knowledge.loader import load_knowledge
from mesodesk.patients.models import Consent, ConsentTemplate, Language, Patient, PhotoScope

SIGNATURE_PREFIX = "data:image/png;base64,"
SIGNATURE_MAX_BYTES = 300_000
# For a signature typed rather than drawn (no pointer needed): the name, set in this font.
_TYPED_SIGNATURE_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Italic.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf",
)


@dataclass(frozen=True)
class ClinicPrices:
    """The clinic's own prices, as the consent states them."""

    currency: str
    per_session: Decimal
    package_sessions: int | None
    package_price: Decimal | None


def clinic_prices(clinic: Clinic) -> ClinicPrices | None:
    """The clinic's price list, or None while it has set none. Read through the reverse
    relation the courses app declares (patients sits below courses and may not import it)."""
    prices: Any = getattr(clinic, "price_list", None)
    if prices is None:
        return None
    return ClinicPrices(
        currency=prices.currency,
        per_session=prices.per_session,
        package_sessions=prices.package_sessions,
        package_price=prices.package_price,
    )


def consent_template_current(indication: str, language: str) -> ConsentTemplate:
    """The latest version of the text in this language; a new version whenever the knowledge
    base (or its translation) changes it."""
    if indication not in load_knowledge().indication_by_code:
        raise ValidationError({"indication": gettext("Unknown indication.")})
    if language not in Language.values:
        raise ValidationError({"language": gettext("Unknown language.")})
    with translation.override(language):
        body = render_to_string("documents/consent_body.html", {"facts": consent_facts(indication, language)})
    digest = hashlib.sha256(body.encode()).hexdigest()
    with transaction.atomic():
        latest = (
            ConsentTemplate.objects.select_for_update()
            .filter(indication=indication, language=language)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.sha256 == digest:
            return latest
        return ConsentTemplate.objects.create(
            indication=indication,
            language=language,
            version=(latest.version + 1) if latest else 1,
            body=body,
            sha256=digest,
        )


def _signature_png(data_url: str) -> bytes:
    if not data_url.startswith(SIGNATURE_PREFIX):
        raise ValidationError({"signature": gettext("Sign in the box before submitting.")})
    try:
        raw = base64.b64decode(data_url[len(SIGNATURE_PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError({"signature": gettext("The signature could not be read.")}) from None
    if len(raw) > SIGNATURE_MAX_BYTES or not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValidationError({"signature": gettext("The signature could not be read.")})
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(raw))
        image.load()
    except (UnidentifiedImageError, OSError):
        raise ValidationError({"signature": gettext("The signature could not be read.")}) from None
    if image.convert("RGBA").getchannel("A").getbbox() is None:
        raise ValidationError({"signature": gettext("The signature box is empty.")})
    return raw


def _typed_signature_png(name: str) -> bytes:
    """The typed name set as a signature image: the signature of a patient who signs with a
    keyboard (or cannot draw), kept in the PDF like a drawn one."""
    from PIL import Image, ImageDraw, ImageFont

    font: Any = None
    for path in _TYPED_SIGNATURE_FONTS:
        try:
            font = ImageFont.truetype(path, 44)
            break
        except OSError:
            continue
    if font is None:
        font = ImageFont.load_default(size=44)
    left, top, right, bottom = ImageDraw.Draw(Image.new("RGBA", (1, 1))).textbbox((0, 0), name, font=font)
    image = Image.new("RGBA", (min(int(right - left) + 40, 1600), int(bottom - top) + 40), (0, 0, 0, 0))
    ImageDraw.Draw(image).text((20 - left, 20 - top), name, font=font, fill=(17, 17, 17, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def consent_sign(
    *,
    patient: Patient,
    indication: str,
    typed_name: str,
    signature: str,
    photo_scope: str,
    actor: Actor,
    sign_by_typing: bool = False,
) -> Consent:
    """Sign the current text for the patient. The signature is drawn (`signature`, a PNG data
    URL), or, with `sign_by_typing`, the typed name stands as the signature (for a patient who
    signs without a pointer); the PDF says which."""
    typed_name = " ".join(typed_name.split())
    if not typed_name or patient.family_name.casefold() not in typed_name.casefold() or len(typed_name) > 200:
        raise ValidationError(
            {"typed_name": gettext("Type the patient's full name as the signature's name.")}
        )
    if photo_scope not in PhotoScope.values:
        raise ValidationError({"photo_scope": gettext("Choose what photographs may be used for.")})
    png = _typed_signature_png(typed_name) if sign_by_typing else _signature_png(signature)
    language = patient.preferred_language
    template = consent_template_current(indication, language)
    signed_at = timezone.localtime()
    # The whole document in the patient's language, whatever the screen's language.
    with translation.override(language):
        pdf = render_pdf(
            "documents/consent_pdf.html",
            {
                "patient": patient,
                "template": template,
                "typed_name": typed_name,
                "signed_at": signed_at,
                "witnessed_by": person_name(actor),
                "photo_scope_label": str(PhotoScope(photo_scope).label),
                "signature_data_url": SIGNATURE_PREFIX + base64.b64encode(png).decode(),
                "signed_by_typing": sign_by_typing,
                "prices": clinic_prices(patient.clinic),
                "clinic_name": patient.clinic.name,
            },
        )
    with transaction.atomic():
        consent = Consent(
            clinic=patient.clinic,
            patient=patient,
            template=template,
            typed_name=typed_name,
            photo_scope=photo_scope,
            signed_at=signed_at,
            witnessed_by=actor.get_username(),
            pdf=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        consent.full_clean()
        consent.save(force_insert=True)
        audit_by(
            actor,
            AuditAction.SIGN,
            clinic_id=patient.clinic_id,
            patient_id=patient.pk,
            object_type="consent",
            object_id=consent.pk,
            detail={
                "template": template.label,
                "pdf_sha256": consent.pdf_sha256,
                "photo_scope": photo_scope,
                "signature": "typed" if sign_by_typing else "drawn",
            },
        )
    return consent


def consent_revoke(*, consent: Consent, reason: str, actor: Actor, photos_only: bool = False) -> Consent:
    """Withdraw the consent, or only the permission for photographs; the signed PDF stays as it was."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Record what the patient said.")})
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        now = timezone.now()
        if photos_only:
            consent.photos_revoked_at = consent.photos_revoked_at or now
        else:
            consent.revoked_at = consent.revoked_at or now
        consent.revoked_reason = reason[:500]
        consent.save(update_fields=["revoked_at", "photos_revoked_at", "revoked_reason"])
        audit_by(
            actor,
            AuditAction.UPDATE,
            clinic_id=consent.clinic_id,
            patient_id=consent.patient_id,
            object_type="consent_photos" if photos_only else "consent",
            object_id=consent.pk,
            detail={"revoked": True, "reason": consent.revoked_reason},
        )
    return consent


def consent_in_force(*, patient: Patient, indication: str) -> Consent | None:
    """The latest signed, unrevoked consent for this indication: required before a first session."""
    return (
        Consent.objects.select_related("template")
        .filter(patient=patient, template__indication=indication, revoked_at__isnull=True)
        .order_by("-signed_at", "-id")
        .first()
    )
