"""A progress bar on stderr for the long runs of the command line (no dependency: one line,
redrawn in place on a terminal, one line per phase otherwise)."""

from __future__ import annotations

from typing import TextIO

WIDTH = 30


class Progress:
    """`phase` moves the bar one step on and names the step; `note` only renames it."""

    def __init__(self, phases: int, stream: TextIO) -> None:
        self.phases, self.done, self.stream = max(1, phases), 0, stream
        self.terminal = stream.isatty()

    def phase(self, label: str) -> None:
        self.done = min(self.phases, self.done + 1)
        self._draw(label, final=not self.terminal)

    def note(self, label: str) -> None:
        if self.terminal:
            self._draw(label, final=False)

    def close(self) -> None:
        if self.terminal:
            self.stream.write("\n")
        self.stream.flush()

    def _draw(self, label: str, *, final: bool) -> None:
        filled = WIDTH * self.done // self.phases
        line = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.phases} {label}"
        self.stream.write(("\r" + line.ljust(WIDTH + 50)) if not final else line + "\n")
        self.stream.flush()
