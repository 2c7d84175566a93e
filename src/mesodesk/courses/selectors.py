"""Reads of courses, their sessions, the clinic's protocols and prices; each runs in the
request's clinic scope, so another clinic's rows are simply not found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from mesodesk.courses.models import ClinicProtocol, Course, CourseSession, PriceList


def course_get(course_id: int) -> Course:
    """The course with its patient and screening snapshot, or 404."""
    return get_object_or_404(Course.objects.select_related("patient", "screening", "clinician"), pk=course_id)


def course_session_get(course: Course, number: int) -> CourseSession:
    return get_object_or_404(CourseSession.objects.select_related("course"), course=course, number=number)


@dataclass(frozen=True)
class SessionsPage:
    """One page of a course's sessions, by number: `previous` and `following` are the first
    numbers of the pages before and after (None at either end)."""

    sessions: Sequence[CourseSession]
    previous: int | None
    following: int | None


def course_sessions_page(course: Course, *, first: int, size: int) -> SessionsPage:
    """The sessions numbered from `first` on, at most `size` of them (a keyset page: the unique
    index on (course, number) finds any page as fast as the first). Two queries, three when
    there are pages before: the rows, and the start of the page before.

    Each row carries `bruising_open`, its unresolved bruising events (the safety app's rows,
    counted through the relation by one join: prefetching them costs a manager per row)."""
    open_bruising = Q(adverse_events__kind="bruising", adverse_events__resolved_on__isnull=True)
    rows = list(
        CourseSession.objects.filter(course=course, number__gte=first)
        .annotate(bruising_open=Count("adverse_events", filter=open_bruising))
        .order_by("number")[: size + 1]
    )
    following = rows[size].number if len(rows) > size else None
    previous = None
    if first > 1:
        before = list(
            CourseSession.objects.filter(course=course, number__lt=first)
            .order_by("-number")
            .values_list("number", flat=True)[:size]
        )
        previous = before[-1] if before else None
    return SessionsPage(sessions=rows[:size], previous=previous, following=following)


def clinic_protocols() -> QuerySet[ClinicProtocol]:
    return ClinicProtocol.objects.all()


def price_list_of(clinic_id: int) -> PriceList | None:
    return PriceList.objects.filter(clinic_id=clinic_id).first()


def course_cost(course: Course) -> dict[str, Any] | None:
    """The estimate a patient takes home, from the clinic's price list."""
    prices = price_list_of(course.clinic_id)
    if prices is None:
        return None
    sessions = course.sessions.count()
    total = prices.per_session * sessions
    packages = 0
    if prices.package_sessions and prices.package_price is not None:
        packages, rest = divmod(sessions, prices.package_sessions)
        total = min(total, packages * prices.package_price + rest * prices.per_session)
    return {
        "sessions": sessions,
        "currency": prices.currency,
        "total": total.quantize(Decimal("0.01")),
        "packages": packages,
        "per_session": prices.per_session,
    }
