"""The progress line of long builds (commands/progress.py): on a terminal only, never with
--quiet or in CI, and cleared before the build's own messages."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.commands import progress, publish
from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from sitegen.commands.progress import Progress, TerminalProgress, progress_for
from tests.conftest import NOW, make_site, published_files


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def drawn_lines(text: str) -> list[str]:
    """Each state of the line, as the terminal showed it."""
    return [part.removeprefix("\033[K") for part in text.split("\r") if part.removeprefix("\033[K")]


def test_a_long_build_on_a_terminal_shows_its_steps_and_clears_the_line(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    monkeypatch.setattr(publish, "PART", 3)  # render in rounds of 3 pages, as a large site does in 1,000s
    monkeypatch.setattr(progress, "REDRAW", 0)  # every step drawn, however quick
    terminal = Terminal()
    started = time.perf_counter() - 10  # as if the build had run for 10 s already
    report = build(BuildOptions(site_dir=site, now=NOW), progress=TerminalProgress(terminal, started))
    lines = drawn_lines(terminal.getvalue())
    steps = [re.sub(r" \(\d+ s\)$", "", line) for line in lines]
    assert steps[0] == "Charts, share cards, feeds and downloads"
    counted = [s for s in steps if s.startswith("Rendering releases and pages")]
    assert counted[0] == "Rendering releases and pages 0 of 9"
    assert counted[-1] == "Rendering releases and pages 9 of 9"
    assert len(counted) > 2  # a count after each round
    assert any(s.startswith("Rendering lists and archives") for s in steps)
    assert steps[-1] == "Publishing"
    assert terminal.getvalue().endswith("\r\033[K")  # the line is cleared at the end
    assert report.rendered == report.pages
    cold = make_site(tmp_path / "cold")
    build(BuildOptions(site_dir=cold, now=NOW))
    assert published_files(site / "public") == published_files(cold / "public")  # rounds change nothing


def test_a_short_build_shows_nothing(tmp_path: Path) -> None:
    terminal = Terminal()
    build(BuildOptions(site_dir=make_site(tmp_path), now=NOW), progress=TerminalProgress(terminal))
    assert terminal.getvalue() == ""


def test_no_display_with_quiet_in_ci_or_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert type(progress_for(False, Terminal())) is TerminalProgress
    assert type(progress_for(True, Terminal())) is Progress
    assert type(progress_for(False, io.StringIO())) is Progress
    monkeypatch.setenv("CI", "true")
    assert type(progress_for(False, Terminal())) is Progress


def test_the_command_writes_no_progress_into_a_log(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    assert result.exit_code == 0
    assert "\r" not in result.output
