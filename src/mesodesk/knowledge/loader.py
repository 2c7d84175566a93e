"""Load and validate the knowledge base from the YAML files under data/.

The loader checks every entry against the annotations of the classes in `model`
(field names, types, required fields) and then checks the references between
entries (source ids, ingredients, indications, techniques, protocol phases). Any
problem stops the load with the file, the entry and the field, so a bad edit never
reaches a clinician. `mesodesk kb compile` writes what passed as a JSON snapshot,
from which `load_knowledge` builds the same model without checking again; the
snapshot is used only while it matches the YAML byte for byte.

Imported by the CLI's fast path: `typing`, `json` and PyYAML are imported inside the
functions that validate or write, never at the top.
"""

from __future__ import annotations

import functools

from mesodesk.knowledge import entries, model, snapshot
from mesodesk.knowledge.errors import KnowledgeError

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

_MISSING = object()
__all__ = [
    "KnowledgeError",
    "compile_snapshot",
    "load_from",
    "load_knowledge",
    "snapshot_is_current",
]


@functools.cache
def load_knowledge() -> model.KnowledgeBase:
    """The knowledge base shipped with mesodesk, checked, built once per process."""
    return load_from(snapshot.DATA_DIR)


def load_from(directory: str | Path) -> model.KnowledgeBase:
    """The knowledge files of `directory`: from the snapshot when it is current, else the
    YAML, parsed and validated."""
    texts = snapshot.read_texts(str(directory))
    sections = snapshot.read_snapshot(str(directory), texts)
    if sections is not None:
        return model.KnowledgeBase.from_plain(sections)
    return _build_base(_parse_yaml(texts))


def parse_and_check(texts: dict[str, str]) -> model.KnowledgeBase:
    """The YAML texts as the model, after the whole base has been validated."""
    return _build_base(_parse_yaml(texts))


def compile_snapshot(directory: str | Path = snapshot.DATA_DIR) -> Path:
    """Validate `directory`'s YAML files and write the model they make as JSON beside them."""
    import json
    from pathlib import Path

    texts = snapshot.read_texts(str(directory))
    payload = {"digest": snapshot.digest(texts), "sections": parse_and_check(texts).to_plain()}
    target = Path(directory) / snapshot.COMPILED
    target.write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    return target


def snapshot_is_current(directory: str | Path = snapshot.DATA_DIR) -> bool:
    texts = snapshot.read_texts(str(directory))
    return snapshot.read_snapshot(str(directory), texts) is not None


def _parse_yaml(texts: dict[str, str]) -> dict[str, tuple[str, Any]]:
    import yaml  # only when the snapshot is stale or being made: see knowledge.snapshot

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sections: dict[str, tuple[str, Any]] = {}
    for name, text in texts.items():
        try:
            data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            raise KnowledgeError(f"{name}: is not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise KnowledgeError(f"{name}: must be a mapping of sections")
        for section, value in data.items():
            if section in sections:
                raise KnowledgeError(f"{name}: section {section!r} is also in {sections[section][0]}")
            sections[section] = (name, value)
    return sections


def _build_base(sections: dict[str, tuple[str, Any]]) -> model.KnowledgeBase:
    values: dict[str, Any] = {}
    for name, (entry, single) in model.KnowledgeBase.SECTIONS.items():
        if name not in sections:
            raise KnowledgeError(f"knowledge base: section {name!r} is missing")
        file_name, raw = sections.pop(name)
        where = f"{file_name}: {name}"
        if single:
            values[name] = _build_entry(raw, entry, where)
        elif not isinstance(raw, list):
            raise KnowledgeError(f"{where}: must be a list")
        else:
            values[name] = tuple(
                _build_entry(item, entry, f"{where}[{_label(item, i)}]") for i, item in enumerate(raw)
            )
    if sections:
        name, (file_name, _) = next(iter(sections.items()))
        raise KnowledgeError(f"{file_name}: unknown section {name!r}")
    kb = model.KnowledgeBase(**values)
    _check_references(kb)
    return kb


def _label(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        for key in ("code", "id", "topic"):
            if key in raw:
                return str(raw[key])
    return str(index)


_HINTS: dict[type[model.Record], dict[str, Any]] = {}


def _hints(cls: type[model.Record]) -> dict[str, Any]:
    """A record's field types, from its annotations (the model keeps typing out of run time)."""
    import typing

    if cls in _HINTS:
        return _HINTS[cls]

    names = {
        "Any": typing.Any,
        "Literal": typing.Literal,
        "Mapping": typing.Mapping,
        "Reliability": typing.Literal[entries.RELIABILITIES],
        "Severity": typing.Literal[entries.SEVERITIES],
    }
    _HINTS[cls] = typing.get_type_hints(cls, {**vars(entries), **names})
    return _HINTS[cls]


def _convert(raw: Any, hint: Any, where: str) -> Any:
    import types
    import typing

    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if raw is None:
            return None
        return _convert(raw, options[0], where)
    if origin is tuple:
        if not isinstance(raw, list):
            raise KnowledgeError(f"{where}: must be a list")
        item_hint = typing.get_args(hint)[0]
        return tuple(_convert(item, item_hint, f"{where}[{_label(item, i)}]") for i, item in enumerate(raw))
    if origin is typing.Literal:
        if raw not in typing.get_args(hint):
            allowed = ", ".join(typing.get_args(hint))
            raise KnowledgeError(f"{where}: {raw!r} is not one of {allowed}")
        return raw
    if isinstance(hint, type) and issubclass(hint, model.Record):
        return _build_entry(raw, hint, where)
    if hint is bool:
        if not isinstance(raw, bool):
            raise KnowledgeError(f"{where}: must be true or false")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise KnowledgeError(f"{where}: must be a number")
        return float(raw)
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise KnowledgeError(f"{where}: must be a whole number")
        return raw
    if hint is str:
        if not isinstance(raw, str) or not raw.strip():
            raise KnowledgeError(f"{where}: must be a non-empty text")
        return raw.strip()
    raise KnowledgeError(f"{where}: unsupported type {hint!r}")  # pragma: no cover - schema bug


def _build_entry(raw: Any, cls: type[model.Record], where: str) -> Any:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: must be a mapping")
    hints = _hints(cls)
    for key in raw:
        if key not in cls.__slots__:
            raise KnowledgeError(f"{where}: field {key!r}: unknown field")
    values: dict[str, Any] = {}
    for name in cls.__slots__:
        value = raw.get(name, _MISSING)
        if value is _MISSING:
            if name not in cls._defaults:
                raise KnowledgeError(f"{where}: field {name!r}: is required")
            continue
        values[name] = _convert(value, hints[name], f"{where}: field {name!r}")
    if "sources" in values and not values["sources"]:
        raise KnowledgeError(f"{where}: field 'sources': must name at least one source")
    return cls(**values)


def _check_references(kb: model.KnowledgeBase) -> None:
    source_ids = {s.id for s in kb.sources}
    sections = {name: getattr(kb, name) for name in kb.SECTIONS}
    for section, value in sections.items():
        entries = value if isinstance(value, tuple) else (value,)
        seen: set[str] = set()
        for entry in entries:
            key = getattr(entry, "code", None) or getattr(entry, "id", None) or entry.topic
            if key in seen:
                raise KnowledgeError(f"{section}[{key}]: duplicate code")
            seen.add(key)
            for source in getattr(entry, "sources", ()):
                if source not in source_ids:
                    raise KnowledgeError(f"{section}[{key}]: field 'sources': unknown source {source!r}")
            for claim in getattr(entry, "claims", ()):
                if claim.source not in source_ids:
                    raise KnowledgeError(f"{section}[{key}]: field 'claims': unknown source {claim.source!r}")

    def need(section: str, key: str, field_name: str, codes: tuple[str, ...], known: set[str]) -> None:
        for code in codes:
            if code not in known:
                raise KnowledgeError(f"{section}[{key}]: field {field_name!r}: unknown code {code!r}")

    ingredients = {i.code for i in kb.ingredients}
    indications = {i.code for i in kb.indications}
    techniques = {t.code for t in kb.techniques}
    classes = {d.code for d in kb.depth_classes}
    categories = {c.code for c in kb.substance_categories}
    need("catalyst", kb.catalyst.code, "ingredients", kb.catalyst.ingredients, ingredients)
    need(
        "base_solution",
        kb.base_solution.code,
        "components",
        kb.base_solution.components,
        categories,
    )
    for f in kb.formulations:
        need("formulations", f.code, "ingredients", f.ingredients, ingredients)
        need("formulations", f.code, "indications", f.indications, indications)
    for t in kb.techniques:
        need("techniques", t.code, "depth_classes", t.depth_classes, classes)
        if t.depth_min_mm >= t.depth_max_mm:
            raise KnowledgeError(f"techniques[{t.code}]: field 'depth_max_mm': must exceed depth_min_mm")
    for d in kb.depth_classes:
        need("depth_classes", d.code, "techniques", d.techniques, techniques)
    severities = {c.code: c.severity for c in kb.contraindications}
    for i in kb.indications:
        if i.implies and severities.get(i.implies) not in ("absolute", "relative"):
            raise KnowledgeError(
                f"indications[{i.code}]: field 'implies': unknown contraindication {i.implies!r}"
            )
    for p in kb.protocols:
        need("protocols", p.code, "indications", p.indications, indications)
        _check_phases(p)


def _check_phases(protocol: model.Protocol) -> None:
    where = f"protocols[{protocol.code}]: field 'phases'"
    if not model.phases_cover(((p.first, p.last) for p in protocol.phases), protocol.sessions):
        raise KnowledgeError(f"{where}: phases must cover sessions 2..{protocol.sessions} in order")
    for phase in protocol.phases:
        by_days = phase.min_days is not None and phase.max_days is not None
        by_months = phase.months is not None and phase.slack_days is not None
        if by_days == by_months:
            raise KnowledgeError(f"{where}: each phase needs min_days and max_days, or months and slack_days")
        if (
            phase.min_days is not None
            and phase.max_days is not None
            and not 0 < phase.min_days <= phase.max_days
        ):
            raise KnowledgeError(f"{where}: need 0 < min_days <= max_days")
