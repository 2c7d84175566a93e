"""Collect the translatable strings into each app's catalogues (locale/<lang>/LC_MESSAGES/django.po).

    .venv/bin/python scripts/messages.py          # update every catalogue from the source
    .venv/bin/python scripts/messages.py patients # only these apps' ("mesodesk": the project's)
    .venv/bin/python scripts/messages.py --check  # exit 1 when a catalogue misses a string

Each app that shows text keeps its own locale/; the project's templates (base, error
pages) have theirs in src/mesodesk/locale. `make` compiles the .po files into .mo.
The test suite runs the same collection in a copy of the tree (tests/test_translations.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mesodesk"
LANGUAGES = ("fr", "de")
# The apps whose screens, messages or documents a person reads.
APPS = (
    "accounts", "administration", "documents", "reference", "patients", "courses", "inventory", "safety",
    "scheduling", "charting", "recall", "desk", "outcomes",
    "registry",
)  # fmt: skip
FLAGS = ["--no-location", "--no-obsolete", "--no-wrap", "-e", "html,txt,py"]


def _makemessages(cwd: Path, extra: list[str]) -> None:
    # -P: the app folder must not shadow the standard library (accounts/selectors.py).
    # Settings make a var/ folder in the working directory: keep it out of the app folders.
    var = Path(tempfile.gettempdir()) / "mesodesk-messages-var"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mesodesk.settings", "MESODESK_VAR_DIR": str(var)}
    args = [sys.executable, "-P", "-m", "django", "makemessages", *FLAGS, *extra]
    for language in LANGUAGES:
        subprocess.run([*args, "-l", language], cwd=cwd, env=env, check=True, capture_output=True)  # noqa: S603


def _tidy(package: Path) -> None:
    """makemessages marks a new catalogue's header fuzzy and leaves its language blank."""
    import polib

    for path in catalogues(package):
        catalogue = polib.pofile(str(path), wrapwidth=0)
        catalogue.metadata_is_fuzzy = False
        catalogue.metadata["Language"] = path.parent.parent.name
        # Dates that change on every run would make every update a conflict between branches.
        catalogue.metadata.pop("POT-Creation-Date", None)
        catalogue.metadata.pop("PO-Revision-Date", None)
        catalogue.save()


def update(package: Path = PACKAGE, only: tuple[str, ...] = ()) -> None:
    for app in APPS:
        if only and app not in only:
            continue
        (package / app / "locale").mkdir(exist_ok=True)
        _makemessages(package / app, [])
    if not only or "mesodesk" in only:
        # The project's own strings: templates/ and the modules at the package's top.
        ignored = [f"--ignore={name}/*" for name in (*APPS, "api", "clinic", "knowledge", "demo", "static")]
        (package / "locale").mkdir(exist_ok=True)
        _makemessages(package, ignored)
    _tidy(package)


def catalogues(package: Path = PACKAGE) -> list[Path]:
    return sorted(package.glob("**/locale/*/LC_MESSAGES/django.po"))


def missing_from_catalogues() -> dict[str, set[str]]:
    """Strings marked in the source but absent from the committed catalogues, by catalogue."""
    import polib

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "mesodesk"
        shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        update(copy)
        missing = {}
        for fresh in catalogues(copy):
            relative = fresh.relative_to(copy)
            committed = PACKAGE / relative
            wanted = {e.msgid for e in polib.pofile(str(fresh)) if not e.obsolete}
            have = {e.msgid for e in polib.pofile(str(committed))} if committed.exists() else set()
            if wanted - have:
                missing[str(relative)] = wanted - have
        return missing


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        gaps = missing_from_catalogues()
        for name, ids in gaps.items():
            print(f"{name}: {len(ids)} strings missing, e.g. {sorted(ids)[0]!r}")
        sys.exit(1 if gaps else 0)
    update(only=tuple(sys.argv[1:]))
