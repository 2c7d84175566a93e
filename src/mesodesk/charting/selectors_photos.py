"""Reads of session photographs: one photograph (audited), a patient's by view, the consent."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.charting.models import Photo
from mesodesk.patients.models import Consent, Patient, PhotoScope


def photo_scope_of(patient: Patient) -> str:
    """What the patient's latest signed consent allows photographs for: none without a consent,
    once it is revoked, or once its permission for photographs is withdrawn."""
    latest = (
        Consent.objects.filter(patient=patient, revoked_at__isnull=True).order_by("-signed_at", "-id").first()
    )
    return latest.effective_photo_scope if latest is not None else PhotoScope.NONE


def photos_of(patient: Patient, view: str | None = None) -> QuerySet[Photo]:
    """The patient's photographs, oldest first, with their session's date."""
    photos = Photo.objects.filter(patient=patient).select_related("record__appointment")
    return photos.filter(view=view) if view else photos


def photo_read(*, user: Actor, photo_id: int, thumbnail: bool = False) -> tuple[Photo, Path]:
    """The photograph of the active clinic and its file (or its thumbnail's), or 404 (another
    clinic's is the same answer as a missing one); the read goes to the audit trail."""
    photo = get_object_or_404(Photo.objects.all(), pk=photo_id)
    audit_by(
        user, AuditAction.READ, clinic_id=photo.clinic_id, patient_id=photo.patient_id,
        object_type="photo", object_id=photo.pk, detail={"thumbnail": True} if thumbnail else None,
    )  # fmt: skip
    name = Photo.thumbnail_for(photo.file_name) if thumbnail else photo.file_name
    return photo, Path(settings.MEDIA_ROOT) / name
