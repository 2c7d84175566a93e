"""Each session's bruising fields become its bruising adverse event (one source of truth for
the calendar's gate); courses 0005 then removes the fields."""

from typing import Any

from django.db import migrations
from django.utils import timezone


def sessions_to_events(apps: Any, schema_editor: Any) -> None:
    session_model = apps.get_model("courses", "CourseSession")
    event_model = apps.get_model("safety", "AdverseEvent")
    appointment_model = apps.get_model("scheduling", "Appointment")
    for session in session_model.objects.filter(bruising=True).select_related("course").iterator():
        first = (
            appointment_model.objects.filter(course_session_id=session.pk, cancelled_at__isnull=True)
            .order_by("start")
            .values_list("start", flat=True)
            .first()
        )
        onset = timezone.localtime(first).date() if first is not None else session.due
        resolved = session.bruising_resolved_on
        if resolved is not None and resolved < onset:
            onset = resolved  # an older record said so; the event may not resolve before it starts
        event_model.objects.create(
            clinic_id=session.clinic_id,
            patient_id=session.course.patient_id,
            session_id=session.pk,
            clinician_id=session.course.clinician_id,
            kind="bruising",
            onset=onset,
            outcome="resolved" if resolved is not None else "ongoing",
            resolved_on=resolved,
            reported_by="session record",
        )


def events_to_sessions(apps: Any, schema_editor: Any) -> None:
    session_model = apps.get_model("courses", "CourseSession")
    event_model = apps.get_model("safety", "AdverseEvent")
    for event in event_model.objects.filter(kind="bruising").iterator():
        session_model.objects.filter(pk=event.session_id).update(
            bruising=True, bruising_resolved_on=event.resolved_on
        )


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0001_initial"),
        ("scheduling", "0005_gates_rechecked_one_live_per_session"),
    ]

    operations = [migrations.RunPython(sessions_to_events, events_to_sessions)]
