"""The audit checkpoint as a recurring task of the database-backed worker (`mesodesk worker`).

django-tasks has no periodic schedule: each run enqueues the next one, and
`audit schedule` (run by `mesodesk worker` as it starts) enqueues the first if none waits.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mesodesk.accounts.checkpoints import checkpoint_write


def _waiting() -> bool:
    path = f"{audit_checkpoint_task.func.__module__}.{audit_checkpoint_task.func.__qualname__}"
    return DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY).exists()


def audit_checkpoint_schedule(*, first_in: datetime.timedelta | None = None) -> bool:
    """Enqueue the next checkpoint unless one already waits; True when one was enqueued."""
    if _waiting():
        return False
    delay = (
        first_in if first_in is not None else datetime.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)
    )
    audit_checkpoint_task.using(run_after=timezone.now() + delay).enqueue()
    return True


@task()
def audit_checkpoint_task() -> str:
    # The next run is queued first: a failure to write this one must not stop the schedule.
    # A refusal (the trail contradicts the last checkpoint) fails the task, for all to see,
    # on every run until someone has looked.
    audit_checkpoint_schedule()
    return str(checkpoint_write())
