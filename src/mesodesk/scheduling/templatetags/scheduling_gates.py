"""`{{ gate|gate_shown }}`: a stored or fresh gate finding as the reader sees it (scheduling.gates)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from mesodesk.scheduling.gates import gate_shown as _gate_shown

register = template.Library()


@register.filter
def gate_shown(gate: Mapping[str, Any]) -> dict[str, Any]:
    return _gate_shown(gate)
