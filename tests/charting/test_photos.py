"""Session photographs: kept without their metadata, checked from their content, limited in
size, only with the patient's photo consent, and seen only by the photograph's clinic."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scope, scopes_disabled
from PIL import Image

from mesodesk.accounts.models import AuditEvent
from mesodesk.charting.models import Photo, SessionRecord
from mesodesk.patients.consent import consent_revoke, consent_sign
from mesodesk.patients.models import Consent, Patient, PhotoScope
from tests.conftest import signed_in

GPS_IFD = 0x8825
MAKE = 0x010F


def gps_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG from a phone: its EXIF says where it was taken and with what."""
    image = Image.new("RGB", size, (200, 160, 140))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def consent(patient: Patient, actor: Any, photo_scope: str = PhotoScope.RECORD) -> Consent:
    with scope(clinic=patient.clinic):
        return consent_sign(
            patient=patient, indication="wrinkles", typed_name=f"{patient.given_name} {patient.family_name}",
            signature="", photo_scope=photo_scope, actor=actor, sign_by_typing=True,
        )  # fmt: skip


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def upload(client: Client, record: SessionRecord, data: bytes, name: str = "before.jpg", **extra: str) -> Any:
    fields = {"photo-view": "face_front", "photo-moment": "before", **extra,
              "photo-image": SimpleUploadedFile(name, data, content_type="image/jpeg")}  # fmt: skip
    return client.post(f"/charting/records/{record.pk}/photos/", fields)


def photos() -> list[Photo]:
    with scopes_disabled():
        return list(Photo.objects.all())


def test_a_gps_tagged_jpeg_comes_back_without_exif(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice)
    signed_in(client, alice)
    assert Image.open(io.BytesIO(gps_jpeg())).getexif().get(GPS_IFD)  # the upload does carry a position

    upload(client, record_a, gps_jpeg())
    served = client.get(f"/charting/photos/{photos()[0].pk}/")

    image = Image.open(io.BytesIO(served.content))
    assert served.status_code == 200
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert "exif" not in image.info


def test_the_photograph_is_kept_outside_the_static_root(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice)
    signed_in(client, alice)

    upload(client, record_a, gps_jpeg())

    stored = media / photos()[0].file_name
    assert stored.is_file()
    assert b"PhoneMaker" not in stored.read_bytes()


def test_a_text_file_named_jpg_is_refused(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice)
    signed_in(client, alice)

    answer = upload(client, record_a, b"not a picture at all, only text\n" * 10, name="face.jpg")

    assert answer.status_code == 422
    assert "This file is not a photograph" in answer.content.decode()
    assert photos() == []
    assert not media.exists() or not any(media.rglob("*.jpg"))


def test_a_file_over_the_size_limit_is_refused_naming_the_field(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path, settings: Any
) -> None:
    consent(patient_a, alice)
    settings.PHOTO_MAX_BYTES = 1000
    signed_in(client, alice)

    answer = upload(client, record_a, gps_jpeg((800, 600)))

    page = answer.content.decode()
    assert answer.status_code == 422
    assert 'id="id_photo-image_error"' in page
    assert "Photograph: The photograph is larger than" in page
    assert photos() == []


def test_no_photograph_without_the_patients_consent(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice, PhotoScope.NONE)
    signed_in(client, alice)

    page = client.get(f"/charting/records/{record_a.pk}/").content.decode()
    answer = upload(client, record_a, gps_jpeg())

    assert "The patient has not consented to photographs" in page
    assert 'id="photo-form"' not in page
    assert answer.status_code == 422
    assert photos() == []


def test_no_photograph_once_the_permission_for_photographs_is_withdrawn(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    signed = consent(patient_a, alice)
    with scope(clinic=patient_a.clinic):
        consent_revoke(consent=signed, reason="changed her mind", actor=alice, photos_only=True)
    signed_in(client, alice)

    upload(client, record_a, gps_jpeg())

    assert photos() == []


def test_teaching_use_only_with_a_consent_that_allows_it(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice, PhotoScope.RECORD)
    signed_in(client, alice)

    answer = upload(client, record_a, gps_jpeg(), **{"photo-teaching_use": "on"})

    assert answer.status_code == 422
    assert "allows photographs for the record only" in answer.content.decode()
    assert photos() == []


def test_teaching_use_is_recorded_when_consented(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice, PhotoScope.TEACHING)
    signed_in(client, alice)

    upload(client, record_a, gps_jpeg(), **{"photo-teaching_use": "on"})

    assert [p.teaching_use for p in photos()] == [True]


def test_seeing_a_photograph_is_audited(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice)
    signed_in(client, alice)
    upload(client, record_a, gps_jpeg())
    photo = photos()[0]

    client.get(f"/charting/photos/{photo.pk}/")

    with scopes_disabled():
        reads = AuditEvent.objects.filter(object_type="photo", object_id=str(photo.pk), action="read")
        assert reads.count() == 1


def test_the_other_clinic_gets_404_for_a_photograph_and_its_comparison(
    client: Client, alice: Any, charlie: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice)
    signed_in(client, alice)
    upload(client, record_a, gps_jpeg())
    photo = photos()[0]
    client.logout()
    signed_in(client, charlie)

    assert client.get(f"/charting/photos/{photo.pk}/").status_code == 404
    assert client.get(f"/charting/patients/{patient_a.pseudonym}/photos/").status_code == 404
    assert upload(client, record_a, gps_jpeg()).status_code == 404


def test_the_comparison_shows_two_sessions_side_by_side_and_under_a_slider(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice)
    signed_in(client, alice)
    upload(client, record_a, gps_jpeg())
    upload(client, record_a, gps_jpeg(), **{"photo-moment": "after"})
    before, after = photos()

    page = client.get(f"/charting/patients/{patient_a.pseudonym}/photos/?view=face_front").content.decode()

    assert f"/charting/photos/{before.pk}/" in page
    assert f"/charting/photos/{after.pk}/" in page
    assert 'id="photo-slider"' in page
    assert "Face, front (2)" in page


def test_the_record_page_shows_thumbnails_not_the_full_pictures(
    client: Client, alice: Any, patient_a: Patient, record_a: SessionRecord, media: Path
) -> None:
    consent(patient_a, alice)
    signed_in(client, alice)
    upload(client, record_a, gps_jpeg((1600, 1200)))
    photo = photos()[0]

    page = client.get(f"/charting/records/{record_a.pk}/?view=face_front").content.decode()
    thumb = Image.open(io.BytesIO(client.get(f"/charting/photos/{photo.pk}/?thumb").content))

    assert f'src="/charting/photos/{photo.pk}/?thumb"' in page
    assert max(thumb.size) == 480
    assert dict(thumb.getexif()) == {}
