"""The registry's datasets refreshed by the database-backed worker (`mesodesk worker`): once
a day, when `MESODESK_REGISTRY_DATASET_DIR` is set, each network's pseudonymized dataset and
its aggregate tables are written there as Parquet (registry.dataset.dataset_write), so the
analysts' pages and the report read the files instead of rebuilding the dataset from the
database on every request (docs/performance.md, *Network registry*).

django-tasks has no periodic schedule: each run enqueues the next one (as the audit
checkpoint and the outcome links do), and `mesodesk worker` enqueues the first."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mesodesk.accounts.models import Network
from mesodesk.registry.dataset import dataset_directory, dataset_write, network_dataset


def registry_datasets_write() -> list[int]:
    """Every network's dataset written under the configured directory; the networks' ids
    (none when no directory is configured: the pages then build the dataset each time)."""
    if settings.REGISTRY_DATASET_DIR is None:
        return []
    with scopes_disabled():
        networks = list(Network.objects.order_by("id").values_list("id", flat=True))
    for network_id in networks:
        directory = dataset_directory(network_id)
        assert directory is not None  # noqa: S101 - the directory is configured (checked above)
        dataset_write(network_dataset(network_id), directory, step=lambda _: None)
    return networks


def _waiting() -> bool:
    path = f"{registry_datasets_task.func.__module__}.{registry_datasets_task.func.__qualname__}"
    return DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY).exists()


def registry_datasets_schedule(*, first_in: datetime.timedelta | None = None) -> bool:
    """Enqueue the next daily refresh unless one already waits; True when one was enqueued.
    Nothing is queued when no dataset directory is configured."""
    if settings.REGISTRY_DATASET_DIR is None or _waiting():
        return False
    delay = first_in if first_in is not None else datetime.timedelta(days=1)
    registry_datasets_task.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def registry_datasets_task() -> str:
    # The next run is queued first: a failure in this one must not stop the schedule.
    registry_datasets_schedule()
    return f"{len(registry_datasets_write())} network datasets written"
