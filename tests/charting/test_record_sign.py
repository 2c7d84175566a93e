"""Signing: refused until the checklist is complete and the chart has no error; draws each lot
exactly once, all or none; after it, the record refuses every change."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from mesodesk.charting.models import InjectionPoint, RecordLocked, SessionRecord, SyringeLot
from mesodesk.charting.services import record_sign, record_update
from mesodesk.charting.services_marks import mark_remove, point_move
from mesodesk.inventory.models import Lot, StockMovement
from tests.charting.conftest import PASSWORD, make_lot, on_hand, papule, ready_to_sign


def sign(record: SessionRecord, by: Any, password: str = PASSWORD) -> SessionRecord:
    with scope(clinic=record.clinic):
        return record_sign(record=record, by=by, password=password)


def test_a_draft_draws_nothing_from_stock(record_a: SessionRecord, alice: Any, lot_a: Lot) -> None:
    ready_to_sign(record_a, alice, lot_a)

    assert on_hand(lot_a) == 20


def test_signing_draws_each_lot_once_and_links_the_draw(
    record_a: SessionRecord, alice: Any, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a, volume="7")  # 7 ml from 5 ml vials: two vials opened

    signed = sign(record_a, alice)

    assert signed.signed
    assert on_hand(lot_a) == 18
    with scopes_disabled():
        line = SyringeLot.objects.get(record=record_a)
        assert line.movement is not None
        assert line.movement.quantity == -2
        assert StockMovement.objects.filter(lot=lot_a, kind="drawn").count() == 1


def test_signing_twice_draws_once(record_a: SessionRecord, alice: Any, lot_a: Lot) -> None:
    ready_to_sign(record_a, alice, lot_a)
    sign(record_a, alice)

    with pytest.raises(RecordLocked):
        sign(record_a, alice)
    assert on_hand(lot_a) == 19


def test_a_wrong_password_signs_nothing(record_a: SessionRecord, alice: Any, lot_a: Lot) -> None:
    ready_to_sign(record_a, alice, lot_a)

    with pytest.raises(ValidationError) as refused:
        sign(record_a, alice, password="not-it")  # noqa: S106

    assert "password" in refused.value.message_dict
    assert on_hand(lot_a) == 20


def test_an_incomplete_checklist_blocks_signing(record_a: SessionRecord, alice: Any, lot_a: Lot) -> None:
    ready_to_sign(record_a, alice, lot_a)
    with scope(clinic=record_a.clinic):
        record_update(record=record_a, by=alice, gloves_worn=False)

    with pytest.raises(ValidationError) as refused:
        sign(record_a, alice)

    assert "checklist" in refused.value.message_dict
    assert on_hand(lot_a) == 20


def test_a_point_too_deep_for_its_technique_blocks_signing(
    record_a: SessionRecord, alice: Any, lot_a: Lot
) -> None:
    ready_to_sign(record_a, alice, lot_a)
    papule(record_a, alice, x=30, y=20, depth_mm=Decimal("3.5"))  # a papule is 1-2 mm (source 004)

    with pytest.raises(ValidationError) as refused:
        sign(record_a, alice)

    assert "chart" in refused.value.message_dict
    assert on_hand(lot_a) == 20


def test_an_expired_lot_is_refused_at_signing_and_nothing_changes(
    record_a: SessionRecord, alice: Any, lot_a: Lot
) -> None:
    today = timezone.localdate()
    expired = make_lot(
        lot_a.product, alice, number="OLD-1", expires=today - datetime.timedelta(days=1),
        received_on=today - datetime.timedelta(days=60),
    )  # fmt: skip
    ready_to_sign(record_a, alice, expired)

    with pytest.raises(ValidationError) as refused:
        sign(record_a, alice)

    assert "chart" in refused.value.message_dict
    assert on_hand(expired) == 20
    with scopes_disabled():
        assert SessionRecord.objects.get(pk=record_a.pk).status == "draft"
        assert not StockMovement.objects.filter(lot=expired, kind="drawn").exists()


def test_a_lot_short_of_stock_undoes_every_draw(record_a: SessionRecord, alice: Any, lot_a: Lot) -> None:
    short = make_lot(lot_a.product, alice, number="SHORT-1", quantity=1)
    ready_to_sign(record_a, alice, lot_a)
    with scope(clinic=record_a.clinic):
        from mesodesk.charting.services_marks import syringe_add

        syringe_add(record=record_a, by=alice, label="B", lots=[(short, Decimal("9"))])  # 2 vials, 1 left

    with pytest.raises(ValidationError) as refused:
        sign(record_a, alice)

    assert "lots" in refused.value.message_dict
    assert on_hand(lot_a) == 20
    assert on_hand(short) == 1


def test_only_the_records_clinician_signs(
    record_a: SessionRecord, alice: Any, lot_a: Lot, django_user_model: Any
) -> None:
    from tests.conftest import make_member

    other = make_member(django_user_model, "olga", record_a.clinic, "clinician")
    other.set_password(PASSWORD)
    other.save()
    ready_to_sign(record_a, alice, lot_a)

    with pytest.raises(ValidationError) as refused:
        sign(record_a, other)

    assert "clinician" in refused.value.message_dict


@pytest.fixture
def signed_record(record_a: SessionRecord, alice: Any, lot_a: Lot) -> SessionRecord:
    ready_to_sign(record_a, alice, lot_a)
    return sign(record_a, alice)


def test_a_signed_record_refuses_a_new_point(signed_record: SessionRecord, alice: Any) -> None:
    with pytest.raises(RecordLocked):
        papule(signed_record, alice, x=40, y=20)


def test_a_signed_record_refuses_a_move(signed_record: SessionRecord, alice: Any) -> None:
    with scope(clinic=signed_record.clinic):
        point = InjectionPoint.objects.get(record=signed_record)
        with pytest.raises(RecordLocked):
            point_move(point=point, by=alice, x=40, y=20)
        assert InjectionPoint.objects.get(pk=point.pk).x == point.x


def test_a_signed_record_refuses_a_removal(signed_record: SessionRecord, alice: Any) -> None:
    with scope(clinic=signed_record.clinic):
        point = InjectionPoint.objects.get(record=signed_record)
        with pytest.raises(RecordLocked):
            mark_remove(mark=point, by=alice)


def test_a_signed_record_refuses_a_checklist_change(signed_record: SessionRecord, alice: Any) -> None:
    with scope(clinic=signed_record.clinic), pytest.raises(RecordLocked):
        record_update(record=signed_record, by=alice, pain=3)


def test_the_model_refuses_to_save_a_signed_record(signed_record: SessionRecord) -> None:
    with scopes_disabled():
        record = SessionRecord.objects.get(pk=signed_record.pk)
    record.pain = 9
    with pytest.raises(RecordLocked):
        record.save()


def test_the_model_refuses_to_save_a_signed_records_point(signed_record: SessionRecord) -> None:
    with scopes_disabled():
        point = InjectionPoint.objects.get(record=signed_record)
    point.depth_mm = Decimal("9")
    with pytest.raises(RecordLocked):
        point.save()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE charting_sessionrecord SET pain = 9 WHERE id = %s",
        "DELETE FROM charting_sessionrecord WHERE id = %s",
        "UPDATE charting_injectionpoint SET depth_mm = 9 WHERE record_id = %s",
        "DELETE FROM charting_injectionpoint WHERE record_id = %s",
        "UPDATE charting_syringelot SET volume_ml = 1 WHERE record_id = %s",
    ],
)
def test_the_database_refuses_raw_sql_on_a_signed_record(signed_record: SessionRecord, sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [signed_record.pk])
    with scopes_disabled():
        assert SessionRecord.objects.get(pk=signed_record.pk).pain is None
        assert InjectionPoint.objects.get(record=signed_record).depth_mm == Decimal("1.5")


def test_the_database_still_lets_a_draft_change(record_a: SessionRecord) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE charting_sessionrecord SET pain = 2 WHERE id = %s", [record_a.pk])
    with scopes_disabled():
        assert SessionRecord.objects.get(pk=record_a.pk).pain == 2
