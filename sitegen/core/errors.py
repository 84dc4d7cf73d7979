"""The one family of exceptions that carries a user's mistake to the command line.

Every stage collects :class:`Problem` values instead of raising on the first one, so that a
PR officer sees every mistake in a file at once. The CLI prints them and exits 1; nothing
here ever becomes a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake: where it is (file, optional line) and what would be right."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"

    def sort_key(self) -> tuple[str, int, str]:
        """File, line, message: a problem without a line comes first in its file (never compared with None)."""
        return (self.path, self.line or 0, self.message)


class SitegenError(Exception):
    """A user's mistake (or several), reported as clean messages."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_any(problems: list[Problem]) -> None:
    """End a stage that collected problems, if it collected any."""
    if problems:
        raise SitegenError(problems)
