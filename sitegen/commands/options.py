"""What a build is asked for (`BuildOptions`), apart from the stages it runs, so that the command
line can read it and decide that nothing changed without loading the stages (start-up).

prepare.py, build.py and the other commands take these as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.core.workers import default_workers

Log = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output: Path | None = None  # default: <site>/public
    drafts: bool = False
    future: bool = False
    expired: bool = False
    base_url: str | None = None
    now: datetime | None = None  # the moment that decides what is "future"; default: now
    strict: bool = False  # stop on what `sitegen check` only warns of
    preview: bool = False  # for `sitegen serve`: mark drafts and future pages, add the error overlay
    write_cache: bool = True  # False for `sitegen check`, which writes nothing at all
    workers: int = field(default_factory=default_workers)  # processes converting and rendering pages
