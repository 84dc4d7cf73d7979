"""The start of `sitegen build`, before any stage of it is loaded: the folder to publish into, the
caches checked (guard.py), and whether nothing changed since the last build (nochange.py).

When nothing changed, the build ends here with the last build's report. The command line runs
this first and loads the stages (build.py: Jinja, pydantic, Markdown, the data stage...) only when
there is something to build, so that such a build takes a tenth of a second rather than the
third of one that loading them costs (start-up).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sitegen.commands.options import BuildOptions, Log
from sitegen.core.messages import tr
from sitegen.incremental import nochange
from sitegen.incremental.guard import check_caches
from sitegen.incremental.reuse import recorded_folder
from sitegen.outputs.writer import check_output_folder


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    seconds: float
    output: Path
    rendered: int  # pages rendered; the others were unchanged, and taken from the last build (reuse.py)
    notices: tuple[str, ...] = ()  # what the user should know: a cache that could not be used, and why
    warnings: tuple[str, ...] = ()  # front matter keys that look like typos (check.py), shown but not stopping


@dataclass(frozen=True)
class Start:
    """A build begun: where it publishes, and what it found before reading anything."""

    started: float  # time.perf_counter() when it began
    output: Path
    site_dir: Path
    damaged: int  # cache files that no longer held what was recorded, deleted (guard.py)
    state: nochange.State | None  # what the build is made from, when it may end early


def begin(options: BuildOptions) -> Start:
    """The output folder (refused if replacing it would lose anything), the caches checked before
    any stage reads them, and the state of the site's files."""
    started = time.perf_counter()
    output = output_folder(options)
    site_dir = options.site_dir.resolve()
    damaged = check_caches(site_dir)
    state = nochange.current_state(site_dir, output, options) if nochange.may_end_early(options) else None
    return Start(started, output, site_dir, damaged, state)


def unchanged(start: Start, options: BuildOptions, log: Log) -> BuildReport | None:
    """The last build's report again if nothing changed since it; None if there is something to build."""
    if start.state is None or start.damaged:
        return None
    last = nochange.unchanged_since_last(start.site_dir, start.output, start.state, options)
    if not last:
        return None
    log(tr("nothing changed since the last build: {folder} is up to date", folder=start.output))
    return BuildReport(last.pages, last.files, time.perf_counter() - start.started, start.output, 0, (), last.warnings)


def output_folder(options: BuildOptions) -> Path:
    """The folder to publish into, refused if replacing it would lose anything (writer.py)."""
    site_dir = options.site_dir.resolve()
    output = (options.output or site_dir / "public").resolve()
    check_output_folder(output, site_dir, recorded_folder(site_dir))
    return output
