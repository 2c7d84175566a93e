"""The recall's trail: every search and every export is one audit line naming what was
recalled, and one line per patient it named, written in one batch."""

from __future__ import annotations

from collections.abc import Sequence

from mesodesk.accounts.audit import AuditLine, audit_record_many
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.recall.selectors import RecallRow, RecallTarget


def recall_audit(
    *, actor: Actor, clinic_id: int, target: RecallTarget, rows: Sequence[RecallRow], output: str
) -> None:
    """`output` is "page", "api", "csv" or "letters": a page or the API is a read, the rest exports."""
    action = AuditAction.READ if output in {"page", "api"} else AuditAction.EXPORT
    detail = {"recall": target.kind, "key": target.key, "output": output}
    patients = sorted({row.patient_id for row in rows})
    lines = [
        AuditLine(
            action, object_type="recall", object_id=target.key, detail={**detail, "patients": len(patients)}
        )
    ]
    lines += [
        AuditLine(action, patient_id=patient_id, object_type="recall", object_id=target.key, detail=detail)
        for patient_id in patients
    ]
    audit_record_many(actor_id=actor.pk, actor=actor.get_username(), clinic_id=clinic_id, lines=lines)
