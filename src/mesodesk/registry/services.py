"""The registry's trail and its one entry point: every report read or exported is an audit
line of the analyst's clinic naming the network, the year and the format. The report names
no patient, so there is no line per patient (a recall names each one; this does not)."""

from __future__ import annotations

from collections.abc import Callable

from mesodesk.accounts.audit import audit_record
from mesodesk.accounts.models import Actor, AuditAction
from mesodesk.registry.dataset import dataset_directory, dataset_over, network_dataset
from mesodesk.registry.progress import Progress
from mesodesk.registry.report import RegistryReport, registry_report
from mesodesk.registry.schema import TABLES

FORMATS = ("html", "pdf", "csv", "parquet")


# The phases of a report built from the database: one per table read, one per part computed.
PHASES = len(TABLES) + 5


def registry_report_for_network(
    *, network_id: int, year: int, progress: Progress | None = None
) -> RegistryReport:
    """The network's report of `year`: over its Parquet dataset when one has been written
    under settings.REGISTRY_DATASET_DIR, else from a dataset built now from the database."""
    directory = dataset_directory(network_id)
    con = dataset_over(directory) if directory is not None else None
    if con is None:
        con = network_dataset(network_id, tick=_ticker(progress) if progress else None)
    try:
        return registry_report(con, year, step=progress.phase if progress else lambda _: None)
    finally:
        con.close()


def _ticker(progress: Progress) -> Callable[[str, int], None]:
    def tick(table: str, rows: int) -> None:
        if rows == 0:
            progress.phase(table)
        else:
            progress.note(f"{table} {rows:,}")

    return tick


def registry_audit(
    *, actor: Actor | None, clinic_id: int | None, network_id: int, year: int, output: str
) -> None:
    """`output`: "page" or "api" is a read; "html", "pdf", "csv", "parquet" an export.
    The command line passes no actor: the line then names the command."""
    action = AuditAction.READ if output in {"page", "api"} else AuditAction.EXPORT
    audit_record(
        action=action,
        actor_id=actor.pk if actor else None,
        actor=actor.get_username() if actor else "mesodesk report registry",
        clinic_id=clinic_id,
        object_type="registry_report",
        object_id=f"{network_id}:{year}",
        detail={"network": network_id, "year": year, "output": output},
    )
