"""Writes of session photographs: checked from their content, stripped of metadata, stored
outside the static root, and only with the patient's photo consent.

The picture is decoded by Pillow whatever its name says (a text file named .jpg is refused),
turned upright by its EXIF orientation, then re-encoded as a JPEG without any metadata: no
EXIF, so no GPS position, camera serial or time of day leaves with it.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError

from mesodesk.accounts.audit import audit_by
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.charting.bodymap import VIEW_BY_CODE
from mesodesk.charting.models import Photo, PhotoMoment, SessionRecord
from mesodesk.charting.selectors_photos import photo_scope_of
from mesodesk.charting.services import require_clinician
from mesodesk.patients.models import PhotoScope

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 50_000_000  # a 50-megapixel picture; more is a decompression bomb, not a photograph
LONGEST_SIDE = 3000  # pixels kept: enough to compare skin, not a 100-megapixel archive
THUMBNAIL_SIDE = 480  # the record page's strip: a tablet loads these, not the full pictures
PHOTO_DIR = "photos"


def _clean_jpeg(data: bytes) -> tuple[bytes, bytes, int, int]:
    """The picture re-encoded without metadata and its thumbnail, or a refusal naming the
    `image` field."""
    not_a_picture = ValidationError(
        {"image": gettext("This file is not a photograph (JPEG, PNG or WebP), whatever its name.")}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ACCEPTED_FORMATS or probe.width * probe.height > MAX_PIXELS:
                    raise not_a_picture
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise not_a_picture from None
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    # A new image from the pixels alone: nothing of the original's info (EXIF, XMP, ICC) follows.
    bare = Image.new("RGB", upright.size)
    bare.paste(upright)
    out = io.BytesIO()
    bare.save(out, format="JPEG", quality=90, optimize=True)
    small = bare.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    thumb = io.BytesIO()
    small.save(thumb, format="JPEG", quality=85)
    return out.getvalue(), thumb.getvalue(), bare.width, bare.height


def photo_add(*, record: SessionRecord, by: Actor, view: str, moment: str, image: UploadedFile,
              teaching_use: bool = False) -> Photo:  # fmt: skip
    """A before or after photograph of one view, kept with the session's record.

    Refused without the patient's photo consent, and teaching or marketing use without a consent
    that allows it; refused for a file that is not a photograph or larger than PHOTO_MAX_BYTES."""
    require_clinician(by, record.clinic_id)
    if view not in VIEW_BY_CODE:
        raise ValidationError({"view": gettext("Unknown view of the body map.")})
    if moment not in PhotoMoment.values:
        raise ValidationError({"moment": gettext("Choose before or after.")})
    scope = photo_scope_of(record.patient)
    if scope == PhotoScope.NONE:
        raise ValidationError(
            {"image": gettext("The patient has not consented to photographs: none can be taken.")}
        )
    if teaching_use and scope != PhotoScope.TEACHING:
        raise ValidationError(
            {"teaching_use": gettext("The patient's consent allows photographs for the record only.")}
        )
    limit = settings.PHOTO_MAX_BYTES
    if image.size is None or image.size > limit:
        raise ValidationError(
            {"image": gettext("The photograph is larger than %(mb)s MB.") % {"mb": f"{limit / 1048576:g}"}}
        )
    data, thumb, width, height = _clean_jpeg(image.read(limit + 1))
    relative = f"{PHOTO_DIR}/{record.clinic_id}/{uuid.uuid4().hex}.jpg"
    path = Path(settings.MEDIA_ROOT) / relative
    thumb_path = Path(settings.MEDIA_ROOT) / Photo.thumbnail_for(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    thumb_path.write_bytes(thumb)
    try:
        with transaction.atomic():
            photo = Photo(
                clinic_id=record.clinic_id, patient_id=record.patient_id, record=record, view=view,
                moment=moment, file_name=relative, width=width, height=height,
                sha256=hashlib.sha256(data).hexdigest(), teaching_use=teaching_use, taken_by=by,
            )  # fmt: skip
            photo.full_clean()
            photo.save(force_insert=True)
            audit_by(
                by, AuditAction.CREATE, clinic_id=record.clinic_id, patient_id=record.patient_id,
                object_type="photo", object_id=photo.pk, detail={"view": view, "moment": moment},
            )  # fmt: skip
    except BaseException:
        path.unlink(missing_ok=True)  # a failed save leaves no file behind
        thumb_path.unlink(missing_ok=True)
        raise
    return photo
