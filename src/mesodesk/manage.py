"""The `mesodesk` commands that need Django: they boot it here, never in cli.py's fast path."""

from __future__ import annotations

import os
import sys


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesodesk.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["mesodesk", *argv])
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


def serve(args: list[str]) -> int:
    host, port = "127.0.0.1", "8000"
    rest = list(args)
    while rest:
        flag = rest.pop(0)
        if flag == "--host" and rest:
            host = rest.pop(0)
        elif flag == "--port" and rest:
            port = rest.pop(0)
        else:
            sys.stderr.write(f"mesodesk serve: unknown option {flag!r}; use --host H --port P\n")
            return 2
    workers = os.environ.get("MESODESK_WEB_WORKERS", "2")
    threads = os.environ.get("MESODESK_WEB_THREADS", "4")
    command = [
        sys.executable, "-m", "gunicorn", "mesodesk.wsgi:application",
        "--bind", f"{host}:{port}", "--workers", workers, "--threads", threads, "--access-logfile", "-",
    ]  # fmt: skip
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesodesk.settings")
    os.execv(sys.executable, command)  # noqa: S606 - replaces this process with the server


COMMANDS = frozenset({"manage", "serve", "demo", "audit", "worker", "backup", "restore", "report"})


def run(command: str, args: list[str]) -> int:
    if command == "manage":
        return _django(args)
    if command == "serve":
        return serve(args)
    if command in ("demo", "audit", "backup", "restore", "report"):
        return _django([command, *args])
    if command == "worker":
        # Reminders, recalls, the audit checkpoints, the outcome links and the registry's
        # datasets: django-tasks' database worker, so no other server is needed. The recurring
        # ones re-queue themselves; this queues the first of each.
        return (
            _django(["audit", "schedule"])
            or _django(["outcome_links", "schedule"])
            or _django(["registry_datasets", "schedule"])
            or _django(["db_worker", *args])
        )
    raise ValueError(f"not a Django command: {command!r}")  # cli.py checks COMMANDS first
