"""The network registry's rules of pseudonymization and disclosure, in plain Python.

A registry row names no one: a patient is a keyed pseudonym (an HMAC under a key the
database never holds, so an analyst who reads every row cannot recompute it from an id),
an age is a band, a date is a month, a clinic is a code. A published cell counting fewer
than SMALL_CELL patients is replaced by SUPPRESSED in every format: a count of 1 to 4 in a
small network can point at a person.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable, Sequence

SMALL_CELL = 5
SUPPRESSED = "<5"

# The bands of the registry: wide enough that an age and a clinic do not single anyone out.
AGE_BANDS = ((0, 18, "<18"), (18, 30, "18-29"), (30, 40, "30-39"), (40, 50, "40-49"), (50, 60, "50-59"),
             (60, 70, "60-69"), (70, 200, "70+"))  # fmt: skip


def age_band(date_of_birth: datetime.date, on: datetime.date) -> str:
    """The band of the age reached on `on` (a birthday on 29 February counts from 1 March)."""
    years = on.year - date_of_birth.year - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    return next((label for low, high, label in AGE_BANDS if low <= years < high), AGE_BANDS[-1][2])


def keyed_pseudonym(key: str, kind: str, identifier: int) -> int:
    """A stable 63-bit number for one patient (or course) under `key`: the same key gives the
    same number, another key an unrelated one, and without the key the id cannot be found
    from the number (HMAC-SHA256). A number, not text, so that joins over millions of rows
    stay fast; `pseudonym_label` writes it for people."""
    digest = hmac.new(key.encode(), f"mesodesk registry:{kind}:{identifier}".encode(), hashlib.sha256)
    return int.from_bytes(digest.digest()[:8], "big") >> 1


def pseudonym_label(number: int) -> str:
    return f"R-{number:016x}"


def clinic_code(position: int) -> str:
    """A clinic's code in its network's registry: its place among the network's clinics by age."""
    return f"C{position + 1:02d}"


def suppressed(patients: int, value: int | float | None = None) -> int | float | str | None:
    """`value` (by default the count itself) as published: SUPPRESSED when it rests on 1 to 4
    patients. Zero is published: nobody can be found in an empty cell."""
    if 0 < patients < SMALL_CELL:
        return SUPPRESSED
    return patients if value is None else value


def per_thousand(events: int, sessions: int) -> float | None:
    return None if sessions == 0 else round(events * 1000 / sessions, 2)


# A cell hidden only so that a small one cannot be worked out by subtraction: its count may
# well be five or more, so it does not read SUPPRESSED.
HIDDEN = "x"


def complementary_suppression(
    values: Sequence[int], lines: Sequence[tuple[Sequence[int], int]], already: Iterable[int] = ()
) -> set[int]:
    """The cells to hide among `values` (every count a table shows, its totals too, by
    position). Each line is (the positions of its cells, the position of their total);
    `already`, the cells hidden already for another reason (a row hidden whole).

    Primary suppression hides every count of 1 to SMALL_CELL - 1. Then, while a line shows its
    total beside exactly one hidden cell (which the total minus the shown cells would give),
    the smallest non-zero shown cell of the line is hidden too; where the line has none, its
    total is. Hiding only grows, so this ends, with every line showing its total hiding none
    or at least two of its cells."""
    hidden = {i for i, value in enumerate(values) if 0 < value < SMALL_CELL} | set(already)
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            if total in hidden or sum(cell in hidden for cell in cells) != 1:
                continue
            shown = [cell for cell in cells if cell not in hidden and values[cell] > 0]
            hidden.add(min(shown, key=lambda cell: (values[cell], cell)) if shown else total)
            changed = True
    return hidden
