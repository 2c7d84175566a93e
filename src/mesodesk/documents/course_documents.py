"""The facts of a quote and of a course summary: a course's sessions and the clinic's prices,
given by the caller (courses) already in the patient's language."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

# Bump when a quote's or a summary's wording or layout changes (listed with each copy).
COURSE_DOCUMENT_VERSION = "1"


class CourseDocumentKind(StrEnum):
    QUOTE = "quote"
    SUMMARY = "course_summary"


@dataclass(frozen=True)
class SessionLine:
    number: int
    day: datetime.date
    status: str  # the status's label in the patient's language
    done: bool


@dataclass(frozen=True)
class Prices:
    currency: str
    per_session: Decimal
    package_sessions: int | None
    package_price: Decimal | None
    sessions: int
    packages: int
    total: Decimal


@dataclass(frozen=True)
class CourseFacts:
    kind: CourseDocumentKind
    language: str
    protocol: str
    indication: str
    formulation: str
    clinician: str
    sessions: tuple[SessionLine, ...]
    prices: Prices | None  # None: the clinic has set no prices yet

    @property
    def done(self) -> int:
        return sum(1 for s in self.sessions if s.done)
