"""Reads of courses, their sessions, the clinic's protocols and prices; each runs in the
request's clinic scope, so another clinic's rows are simply not found."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mesodesk.courses.models import ClinicProtocol, Course, CourseSession, PriceList


def course_get(course_id: int) -> Course:
    """The course with its patient and screening snapshot, or 404."""
    return get_object_or_404(Course.objects.select_related("patient", "screening", "clinician"), pk=course_id)


def course_session_get(course: Course, number: int) -> CourseSession:
    return get_object_or_404(CourseSession.objects.select_related("course"), course=course, number=number)


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
