"""The clinical core imports no web framework and nothing slow: the CLI depends on it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import mesodesk

SRC = Path(mesodesk.__file__).parent
PURE = [
    *sorted((SRC / "clinic").glob("*.py")),
    SRC / "knowledge" / "snapshot.py",
    SRC / "fastjson.py",
]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_clinical_core_imports_django() -> None:
    offenders = {
        p.name: m
        for p in PURE
        for m in imported_modules(p)
        if m.split(".")[0] in {"django", "ninja", "django_scopes"}
    }
    assert offenders == {}


def test_running_a_screening_loads_neither_django_nor_yaml() -> None:
    code = (
        "import sys; from mesodesk.cli import main; import io; sys.stdout = io.StringIO();"
        'sys.stdin = io.StringIO(\'{"age": 30, "indication": "wrinkles"}\');'
        "main(['screen', '-']);"
        "sys.stdout = sys.__stdout__;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'yaml', 'dataclasses', 'typing')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
