"""The course page at 1,000 sessions, beside the patient page, in one run (issue 15).

Builds a throw-away SQLite database (or uses DATABASE_URL), one clinic with one patient whose
course holds SESSIONS sessions (default 1,000, added by one bulk insert), then opens the course
page and the patient page REPEAT times each through Django's test client (in process, no
network) and prints p50/p95, the queries and bytes of each, and the ratio of the two.
Prints figures; asserts nothing. Not run by `make test`.
Run: .venv/bin/python bench/course_page.py [SESSIONS] [REPEAT]
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("MESODESK_VAR_DIR", tempfile.mkdtemp(prefix="mesodesk-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesodesk.settings")

import django  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402

from mesodesk.accounts.models import Clinic, Membership, Network, Role  # noqa: E402
from mesodesk.courses.models import Course, CourseSession  # noqa: E402
from mesodesk.courses.services import course_create  # noqa: E402
from mesodesk.patients.history import HistoryAnswers, history_update  # noqa: E402
from mesodesk.patients.models import Patient  # noqa: E402


def build(sessions: int) -> tuple[Course, Patient, object]:
    with scopes_disabled():
        network = Network.objects.create(name="Bench")
        clinic = Clinic.objects.create(network=network, name="Bench clinic", slug="bench")
        user = get_user_model().objects.create_user(username="bench-clinician")
        Membership.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN)
        patient = Patient.objects.create(
            clinic=clinic, family_name="Müller", given_name="Hélène", date_of_birth=datetime.date(1980, 5, 17)
        )
    with scope(clinic=clinic):
        history_update(patient=patient, answers=HistoryAnswers(), actor=user)
        course = course_create(
            patient=patient, indication="hair_loss", protocol_code="hair_loss_8", formulation="mesohair",
            clinician=user, start=datetime.date(2030, 1, 7), actor=user,
        )  # fmt: skip
    with scopes_disabled():
        last = course.sessions.order_by("-number").first()
        assert last is not None
        CourseSession.objects.bulk_create(
            CourseSession(
                clinic=clinic,
                course=course,
                number=n,
                due=last.due + datetime.timedelta(days=7 * (n - last.number)),
                earliest=last.due + datetime.timedelta(days=7 * (n - last.number) - 2),
                latest=last.due + datetime.timedelta(days=7 * (n - last.number) + 2),
            )
            for n in range(last.number + 1, sessions + 1)
        )
    return course, patient, user


def measure(client: Client, url: str, repeat: int) -> tuple[float, float, int, int]:
    client.get(url)  # warm: the first request reads its caches
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        size = len(client.get(url).content)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times) * 1000, p95 * 1000, len(queries), size


def main() -> None:
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else (60 if harness.TINY else 1000)
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else (5 if harness.TINY else 60)
    result = harness.Run("course_page")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    course, patient, user = build(sessions)
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    print(f"{sessions:,} sessions in one course, {repeat} requests per page, on {connection.vendor}")
    figures = {}
    for label, url in (
        ("course page", f"/courses/{course.pk}/"),
        ("patient page", f"/patients/{patient.pseudonym}/"),
    ):
        p50, p95, count, size = measure(client, url, repeat)
        figures[label] = p50
        print(
            f"{label:14s} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms   {count:3d} queries   {size / 1000:8.1f} kB"
        )
        result.figures[label.split()[0]] = {
            "p50_ms": round(p50, 2), "p95_ms": round(p95, 2), "queries": count, "kilobytes": round(size / 1000, 1),
        }  # fmt: skip
    result.figures["sessions"] = sessions
    result.ratio(
        "course_to_patient_p50",
        figures["course page"] / figures["patient page"],
        "course page / patient page (p50)",
    )
    result.write()


if __name__ == "__main__":
    main()
