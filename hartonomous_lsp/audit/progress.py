"""Progress on stderr: a bar that redraws itself on a terminal, plain lines elsewhere (a CI
log), and nothing at all for a small project that is done before anyone looks."""

from __future__ import annotations

import time
from typing import TextIO

QUIET_SECONDS = 0.5  # steps before this are not shown


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.perf_counter()
        self.shown = False

    def step(self, what: str, done: int = 0, total: int = 0) -> None:
        if time.perf_counter() - self.started < QUIET_SECONDS:
            return
        self.shown = True
        if self.tty and total:
            filled = int(20 * done / total)
            bar = "#" * filled + "-" * (20 - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} {what}\x1b[K")
        elif self.tty:
            self.stream.write(f"\r{what}…\x1b[K")
        else:
            self.stream.write(f"hartonomous: {what}\n")
        self.stream.flush()

    def done(self, message: str) -> None:
        if not self.shown:
            return
        self.stream.write(("\r\x1b[K" if self.tty else "hartonomous: ") + message + "\n")
        self.stream.flush()
