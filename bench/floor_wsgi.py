"""The lowest floor: a raw WSGI callable, no framework imported (bench/floors.py serves it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

BODY = b"<!doctype html><title>floor</title><p>hello</p>"


def hello(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    start_response(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]
