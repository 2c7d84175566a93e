"""Three clinics' worth of objects, each carrying its clinic's canary, and the URL conf's
routes with their parameters filled: shared by the tenancy matrix and the injection corpus."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_scopes import scope
from PIL import Image

from mesodesk.accounts.models import Clinic, Role
from mesodesk.charting.services import record_open
from mesodesk.charting.services_marks import point_add
from mesodesk.charting.services_photos import photo_add
from mesodesk.courses.models import ClinicProtocol
from mesodesk.courses.services import course_create
from mesodesk.documents.letterhead import Paper
from mesodesk.inventory.services import lot_receive, product_create
from mesodesk.outcomes.services import clinic_instrument_save, outcome_response_record
from mesodesk.patients.consent import consent_sign
from mesodesk.patients.documents import page_for, patient_document_issue
from mesodesk.patients.history import HistoryAnswers, history_update
from mesodesk.patients.intake import intake_invitation_create
from mesodesk.patients.models import DocumentChannel, DocumentKind, PhotoScope
from mesodesk.safety.models import SafetySignal
from mesodesk.safety.services import adverse_event_create
from mesodesk.scheduling.models import Room
from mesodesk.scheduling.services import appointment_book
from tests.conftest import make_member, make_patient


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 160, 140)).save(out, format="JPEG")
    return out.getvalue()


ROLES = (Role.CLINICIAN, Role.ASSISTANT, Role.CLINIC_ADMIN, Role.NETWORK_ANALYST)


@dataclass
class Planted:
    """One clinic's objects, each carrying the clinic's canary."""

    clinic: Clinic
    canary: str
    values: dict[str, str]


def plant(clinic: Clinic, canary: str, django_user_model: Any) -> Planted:
    staff = {role: make_member(django_user_model, f"{clinic.slug}-{role}", clinic, role) for role in ROLES}
    clinician = staff[Role.CLINICIAN]
    clinician.first_name, clinician.last_name = canary, canary
    clinician.save(update_fields=["first_name", "last_name"])
    patient = make_patient(
        clinic, family=f"{canary}-family", given=f"{canary}-given", notes=f"{canary}-notes"
    )
    today = timezone.localdate()
    with scope(clinic=clinic):
        room = Room.objects.create(clinic=clinic, name=f"{canary}-room")
        ClinicProtocol.objects.create(
            clinic=clinic, code="own", name=f"{canary}-protocol", indications=["wrinkles"], sessions=2,
            phases=[{"sessions": 2, "every_days": 14}], source_note=f"{canary}-source",
        )  # fmt: skip
        answers = HistoryAnswers(goals=f"{canary}-goals", other_medications=f"{canary}-medicine")
        history_update(patient=patient, answers=answers, actor=clinician)
        course = course_create(
            patient=patient, indication="wrinkles", protocol_code="wrinkles_15", formulation="",
            clinician=clinician, start=today + datetime.timedelta(days=1), actor=clinician,
        )  # fmt: skip
        start = timezone.make_aware(
            datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(10))
        )
        appointment = appointment_book(
            patient=patient, clinician=clinician, start=start, end=start + datetime.timedelta(minutes=30),
            actor=clinician, course_session=course.sessions.get(number=1), room=room,
        )  # fmt: skip
        consent = consent_sign(
            patient=patient, indication="wrinkles", typed_name=f"{canary}-given {canary}-family", signature="",
            photo_scope=PhotoScope.RECORD, actor=clinician, sign_by_typing=True,
        )  # fmt: skip
        intake_invitation_create(patient=patient, actor=clinician)
        # An allergy in free text, after the course (unreviewed, it would hold the course back).
        answers = HistoryAnswers(
            goals=f"{canary}-goals",
            other_medications=f"{canary}-medicine",
            other_allergies=(f"{canary}-allergy",),
        )
        history_update(patient=patient, answers=answers, actor=clinician)
        allergy = patient.reported_allergies.get()
        document = patient_document_issue(
            patient=patient, actor=clinician, kind=DocumentKind.AFTER_CARE,
            page=page_for(patient, paper=Paper.A4, version="1"), channel=DocumentChannel.PRINTED,
            pdf=f"%PDF-1.7 {canary}-document".encode(), detail={},
        )  # fmt: skip
        product = product_create(
            clinic=clinic, actor=clinician, name=f"{canary}-product", manufacturer=f"{canary}-maker",
            presentation="vial", volume_ml=Decimal("5"), formulation="",
            ingredients=["hyaluronic_acid"],
        )  # fmt: skip
        lot = lot_receive(
            product=product, actor=clinician, number=f"{canary}-lot", expires=today + datetime.timedelta(days=300),
            quantity=10, supplier=f"{canary}-supplier", received_on=today, location=f"{canary}-shelf",
        )  # fmt: skip
        # Tomorrow's session marked started as if the day had come (a record opens on a started one).
        appointment.started_at = timezone.now()
        appointment.save(update_fields=["started_at"])
        record = record_open(appointment=appointment, by=clinician)
        point = point_add(
            record=record, by=clinician, view="face_front", x=50, y=50, technique="papule",
            depth_mm=Decimal("1"), needle_length_mm=Decimal("4"), volume_ml=Decimal("0.05"),
        )  # fmt: skip
        photo = photo_add(
            record=record, by=clinician, view="face_front", moment="before",
            image=SimpleUploadedFile("before.jpg", _jpeg(), content_type="image/jpeg"),
        )  # fmt: skip
        # Two infections after two sessions by one clinician: an adverse event and a signal.
        first, second = course.sessions.get(number=1), course.sessions.get(number=2)
        event = adverse_event_create(
            session=first, kind="other", description=f"{canary}-adverse", onset=first.due, actor=clinician
        )
        adverse_event_create(session=first, kind="infection", onset=first.due, actor=clinician)
        adverse_event_create(session=second, kind="infection", onset=second.due, actor=clinician)
        signal = SafetySignal.objects.get()
        scale = clinic_instrument_save(
            clinic_id=clinic.pk, actor=clinician,
            data={"code": "itch", "name_en": f"{canary}-scale", "name_fr": f"{canary}-scale",
                  "name_de": f"{canary}-scale", "rater": "clinician", "kind": "numeric", "minimum": "0",
                  "maximum": "10"},
        )  # fmt: skip
        outcome_response_record(
            course=course, instrument="glogau", timepoint="baseline", answers={"value": "II"},
            answered_on=today, actor=clinician,
        )  # fmt: skip
    values = {
        "pseudonym": patient.pseudonym,
        "patient_id": patient.pseudonym,
        "patient": patient.pseudonym,
        "course_id": str(course.pk),
        "number": "1",
        "appointment_id": str(appointment.pk),
        "session": str(course.sessions.get(number=2).pk),
        "room": str(room.pk),
        "allergy_id": str(allergy.pk),
        "consent_id": str(consent.pk),
        "document_id": str(document.pk),
        "product_id": str(product.pk),
        "lot_id": str(lot.pk),
        "record_id": str(record.pk),
        "point_id": str(point.pk),
        "mark_id": str(point.pk),
        "photo_id": str(photo.pk),
        # Which kind of chart mark a route removes: a word of the route, not another clinic's object.
        "kind": "point",
        "session_id": str(first.pk),
        "event_id": str(event.pk),
        "signal_id": str(signal.pk),
        "clinician": clinician.get_username(),
        # Outcomes: a scale and a timepoint are words of the route, not another clinic's objects;
        # a protocol code only this clinic could know (its own protocols are all called "own").
        "instrument": "gais_investigator",
        "instrument_id": str(scale.pk),
        "timepoint": "end",
        "protocol_code": f"{canary}-protocol",
        # A token is its own credential (an intake link, a calendar feed): another
        # clinic's cannot be "filled in", so a guessed one is asked for, and must find nothing.
        "token": "guessed-" + "x" * 32,
    }
    return Planted(clinic, canary, values)


def page_routes() -> Iterator[str]:
    """Every route of the URL conf as a template ("patients/<str:pseudonym>/"), the API's
    own routes left to the OpenAPI document below."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and not route.startswith("api/v1/"):
                yield route

    yield from walk(get_resolver().url_patterns, "")


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def filled(template: str, values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        assert name in values, f"{template}: no way to fill <{name}>; add it to the planted values"
        return values[name]

    return PARAMETER.sub(fill, template)
