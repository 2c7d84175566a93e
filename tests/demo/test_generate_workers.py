"""The generator's worker processes (demo.workers): each clinic's ids set aside before it is
drawn, a clinic that outgrew them refused whole, and a worker's failure reported, not hung on."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scopes_disabled

from mesodesk.accounts.models import Clinic
from mesodesk.charting.models import InjectionPoint
from mesodesk.demo import workers
from mesodesk.demo.generate import WRITTEN, GenerateError, generate
from mesodesk.demo.rows import SIZES
from mesodesk.patients.models import Patient

pytestmark = pytest.mark.django_db
ANCHOR = datetime.date(2026, 11, 24)


def test_each_clinics_rows_take_ids_from_its_own_range_and_no_clinic_outgrows_it() -> None:
    generate(size="m", seed=11, clinics=3, patients=45, anchor=ANCHOR, progress=False, workers=2)
    with scopes_disabled():
        clinics = list(Clinic.objects.filter(slug__startswith="gen11-").order_by("id"))
        tops = [
            InjectionPoint.objects.filter(clinic=c).order_by("-id").values_list("id", flat=True)[0]
            for c in clinics
        ]
        bottoms = [
            InjectionPoint.objects.filter(clinic=c).order_by("id").values_list("id", flat=True)[0]
            for c in clinics
        ]
    assert [c.slug for c in clinics] == ["gen11-1", "gen11-2", "gen11-3"]
    assert tops[0] < bottoms[1]
    assert tops[1] < bottoms[2]


def test_the_bounds_hold_a_clinic_drawn_to_its_session_cap() -> None:
    bounds = workers.row_bounds(SIZES["l"], patients=None, sessions=250_000, treated=0.8)
    assert set(bounds) == set(WRITTEN)
    assert bounds[Patient] >= 250_000
    assert bounds[InjectionPoint] >= 250_000 * 6


def test_a_clinic_that_outgrows_its_ids_is_refused_and_nothing_of_it_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "row_bounds", lambda shape, **_: dict.fromkeys(WRITTEN, 3))
    with pytest.raises(GenerateError, match="clinic 1: .*more rows than its ids allow in Patient"):
        generate(size="m", seed=12, clinics=2, patients=20, anchor=ANCHOR, progress=False, workers=2)
    with scopes_disabled():
        assert not Patient.objects.exists()
        assert not Clinic.objects.filter(slug__startswith="gen12-").exists()


def test_a_clinic_that_outgrows_its_ids_is_refused_when_drawn_in_the_writers_process_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "row_bounds", lambda shape, **_: dict.fromkeys(WRITTEN, 3))
    with pytest.raises(GenerateError, match="more rows than its ids allow in Patient"):
        generate(size="s", seed=13, patients=20, anchor=ANCHOR, progress=False, workers=0)
    with scopes_disabled():
        assert not Patient.objects.exists()


def test_a_worker_that_dies_is_reported_not_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    def die(plan: object, sink: object) -> None:
        import os

        os._exit(3)

    monkeypatch.setattr(workers, "clinic_draw", die)
    with pytest.raises(GenerateError, match="clinic 1: its worker stopped"):
        generate(size="s", seed=14, patients=5, anchor=ANCHOR, progress=False, workers=1)
    with scopes_disabled():
        assert not Patient.objects.exists()


def test_a_treated_share_that_would_never_reach_the_session_cap_is_refused_naming_it() -> None:
    with pytest.raises(GenerateError, match="treated"):
        generate(size="l", sessions=10, treated=0, anchor=ANCHOR, progress=False)
    with pytest.raises(GenerateError, match="treated"):
        generate(size="s", patients=3, treated=1.5, anchor=ANCHOR, progress=False)
