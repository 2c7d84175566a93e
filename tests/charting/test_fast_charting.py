"""Fast charting: the last signed session repeated into today's draft, and a protocol's grid laid
over a region, each in one action, all or none, refused on a signed record, audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from mesodesk.accounts.models import AuditEvent
from mesodesk.charting.models import InjectionPoint, NappageArea, RecordLocked, SessionRecord
from mesodesk.charting.selectors import marks_of, record_check
from mesodesk.charting.services import record_sign
from mesodesk.charting.services_fast import record_repeat_last, template_apply
from mesodesk.charting.services_marks import syringe_add
from mesodesk.inventory.models import Lot, Product
from tests.charting.conftest import PASSWORD, make_lot, ready_to_sign
from tests.charting.fast_helpers import old_lot, signed_session

pytestmark = pytest.mark.django_db

SCALP = {"template": "single_pulse_grid", "view": "scalp_top", "depth_mm": Decimal(2),
         "needle_gauge": 30, "needle_length_mm": Decimal(4), "volume_ml": Decimal("0.05")}  # fmt: skip


def repeat(record: SessionRecord, by: Any, **extra: Any) -> int:
    with scope(clinic=record.clinic):
        return record_repeat_last(record=record, by=by, **extra)


def grid(record: SessionRecord, by: Any, region: str = "frontal", **extra: Any) -> int:
    with scope(clinic=record.clinic):
        return template_apply(record=record, by=by, **{**SCALP, "region": region, **extra})


def test_repeating_copies_every_mark_of_the_last_signed_session(
    record_a: SessionRecord, alice: Any, product_a: Product
) -> None:
    before = signed_session(record_a.patient, alice, old_lot(make_lot, product_a, alice))

    count = repeat(record_a, alice)

    with scope(clinic=record_a.clinic):
        copied, original = marks_of(record_a), marks_of(before)
    assert count == 2
    assert [type(m) for m in copied] == [InjectionPoint, NappageArea]
    assert [(m.view, m.region, m.technique, m.depth_mm) for m in copied] == [
        (m.view, m.region, m.technique, m.depth_mm) for m in original
    ]


def test_repeated_marks_wait_for_this_sessions_syringe(
    record_a: SessionRecord, alice: Any, product_a: Product, lot_a: Lot
) -> None:
    signed_session(record_a.patient, alice, old_lot(make_lot, product_a, alice))
    with scope(clinic=record_a.clinic):
        syringe = syringe_add(record=record_a, by=alice, label="A", lots=[(lot_a, Decimal(2))])

    repeat(record_a, alice, syringe=syringe)

    with scope(clinic=record_a.clinic):
        assert {m.syringe_id for m in marks_of(record_a)} == {syringe.pk}


def test_repeating_without_a_syringe_leaves_the_marks_without_one(
    record_a: SessionRecord, alice: Any, product_a: Product
) -> None:
    signed_session(record_a.patient, alice, old_lot(make_lot, product_a, alice))

    repeat(record_a, alice)

    with scope(clinic=record_a.clinic):
        assert {m.syringe_id for m in marks_of(record_a)} == {None}


def test_there_is_nothing_to_repeat_for_a_first_session(record_a: SessionRecord, alice: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        repeat(record_a, alice)

    assert "repeat" in refused.value.message_dict


def test_a_second_click_does_not_double_the_marks(
    record_a: SessionRecord, alice: Any, product_a: Product
) -> None:
    signed_session(record_a.patient, alice, old_lot(make_lot, product_a, alice))
    repeat(record_a, alice)

    with pytest.raises(ValidationError):
        repeat(record_a, alice)
    with scope(clinic=record_a.clinic):
        assert len(marks_of(record_a)) == 2


def test_a_signed_record_refuses_a_repeat_and_a_template(
    record_a: SessionRecord, alice: Any, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    with scope(clinic=record_a.clinic):
        record_sign(record=record_a, by=alice, password=PASSWORD)

    with pytest.raises(RecordLocked):
        repeat(record_a, alice)
    with pytest.raises(RecordLocked):
        grid(record_a, alice)


def test_the_scalp_grid_charts_the_frontal_area_in_one_action_a_centimetre_apart(
    record_a: SessionRecord, alice: Any
) -> None:
    count = grid(record_a, alice)

    with scope(clinic=record_a.clinic):
        points = list(InjectionPoint.objects.filter(record=record_a))
        checked = record_check(record_a)
    assert count == len(points) >= 50
    assert {p.region for p in points} == {"frontal"}
    assert {p.technique for p in points} == {"point_by_point"}
    assert not [f for f in checked.check.findings if f.code.startswith("spacing")]


def test_a_grid_over_two_regions_makes_a_sixty_point_scalp_session_in_two_actions(
    record_a: SessionRecord, alice: Any
) -> None:
    total = grid(record_a, alice, region="frontal") + grid(record_a, alice, region="vertex")

    assert total >= 60


def test_a_grid_with_a_depth_out_of_range_charts_nothing(record_a: SessionRecord, alice: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        grid(record_a, alice, depth_mm=Decimal(80))

    assert "depth_mm" in refused.value.message_dict
    with scopes_disabled():
        assert not InjectionPoint.objects.filter(record=record_a).exists()


@pytest.mark.parametrize(
    ("field", "value"), [("template", "nappage_grid"), ("view", "moon"), ("region", "vertex_of_the_face")]
)
def test_an_unknown_template_view_or_region_is_refused_by_name(
    record_a: SessionRecord, alice: Any, field: str, value: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        grid(record_a, alice, **{field: value})

    assert field in refused.value.message_dict


def test_a_grid_is_one_audit_line_not_sixty(record_a: SessionRecord, alice: Any) -> None:
    with scopes_disabled():
        before = AuditEvent.objects.filter(object_type="session_record", object_id=str(record_a.pk)).count()

    grid(record_a, alice)

    with scopes_disabled():
        after = AuditEvent.objects.filter(object_type="session_record", object_id=str(record_a.pk)).count()
    assert after == before + 1


def test_an_assistant_lays_no_grid(record_a: SessionRecord, bob: Any) -> None:
    with pytest.raises(ValidationError):
        grid(record_a, bob)
