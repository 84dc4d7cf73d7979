"""A one-line progress display for long builds on a terminal: pages rendered of the total, then
photos, charts and search, redrawn in place.

Shown only when the build writes to a terminal, is not `--quiet`, is not in CI (`CI` set, as
GitHub Actions and most CI services set it) and has taken longer than `AFTER` seconds: a quick
build prints nothing more than before, and CI logs get no carriage returns. No thread draws it
(a thread would stop the build from forking its workers, core/workers.py): the build reports
each step as it goes, and the line is redrawn then.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from sitegen.core.messages import tr

AFTER = 2.0  # seconds before anything is shown
REDRAW = 0.1  # seconds between two drawings of the same step


class Progress:
    """Receives the build's steps; the plain one shows nothing."""

    def step(self, what: str, done: int = 0, total: int = 0) -> None:
        """The build is at `what` (with `done` of `total` when it counts)."""

    def finish(self) -> None:
        """The build is over: leave the terminal as it was."""


class TerminalProgress(Progress):
    """Redraws one line of the terminal with the current step and the time so far."""

    def __init__(self, stream: TextIO, started: float | None = None) -> None:
        self.stream = stream
        self.started = time.perf_counter() if started is None else started
        self.shown = False
        self.last, self.drawn = "", 0.0

    def step(self, what: str, done: int = 0, total: int = 0) -> None:
        now = time.perf_counter()
        elapsed = now - self.started
        if elapsed < AFTER or (what == self.last and now - self.drawn < REDRAW and done != total):
            return  # too early, or drawn a moment ago (thousands of photos do not redraw thousands of times)
        self.last, self.drawn = what, now
        count = tr(" {done:,} of {total:,}", done=done, total=total) if total else ""
        self.stream.write(f"\r\033[K{tr(what)}{count} ({elapsed:.0f} s)")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False


def progress_for(quiet: bool, stream: TextIO = sys.stderr) -> Progress:
    """The display a build run from the command line gets: a live line on a terminal only."""
    if quiet or os.environ.get("CI") or not stream.isatty():
        return Progress()
    return TerminalProgress(stream)


NO_PROGRESS = Progress()  # for builds nobody watches (tests, `sitegen serve`)
