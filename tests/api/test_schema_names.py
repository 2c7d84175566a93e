"""django-ninja names each schema in the OpenAPI document by its class name alone: two apps
defining a schema of the same name silently share one description, and the API then documents
one operation's body with another's fields (inventory's ProductIn replaced the chart check's)."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import mesodesk.urls  # noqa: F401 - imports every app's API, so every schema class exists


def subclasses(cls: type) -> list[type]:
    found: list[type] = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(subclasses(sub))
    return found


def test_every_api_schema_has_its_own_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in subclasses(Schema):
        if cls.__module__.startswith("mesodesk."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(places) for name, places in by_name.items() if len(places) > 1}
    assert shared == {}
