"""The base of every knowledge-base entry: typed fields in slots, read-only, built from
the snapshot's plain data without the cost of `dataclasses` (see docs/adr/0001)."""

from __future__ import annotations

from types import MappingProxyType

# typing costs milliseconds at start-up; mypy reads this flag as typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Self

_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Record:
    """An entry of the knowledge base: fields in `__slots__` (in order), optional ones with
    their value in `_defaults`, entries nested inside it named in `_nested`. Read-only."""

    __slots__: tuple[str, ...] = ()
    _defaults: Mapping[str, Any] = _NOTHING
    _nested: Mapping[str, type[Record]] = _NOTHING

    def __init__(self, **values: Any) -> None:
        for name in self.__slots__:
            value = values[name] if name in values else self._defaults[name]
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"the knowledge base is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the knowledge base is read-only: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    @classmethod
    def from_plain(cls, plain: Mapping[str, Any]) -> Self:
        """Built from already validated JSON-shaped data (the snapshot): lists become tuples.

        On the CLI's start-up path, hence the plain loop with no intermediate dict."""
        entry = object.__new__(cls)
        for name in cls.__slots__:
            value = plain[name] if name in plain else cls._defaults[name]
            if value.__class__ is list:
                nested = cls._nested.get(name)
                value = tuple(nested.from_plain(v) for v in value) if nested else tuple(value)
            elif value.__class__ is dict:
                value = cls._nested[name].from_plain(value)
            object.__setattr__(entry, name, value)
        return entry

    def to_plain(self) -> dict[str, Any]:
        """The JSON shape of this entry (the `kb export` contract's), every field in order."""
        return {name: plain(getattr(self, name)) for name in self.__slots__}


def plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_plain()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value
