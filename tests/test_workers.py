"""A build in worker processes (workers.py) makes what a build in one process makes, byte for byte,
and reports a user's mistakes in the same words. The fixture sites are small, so the tests lower
the number of pages from which sitegen forks to one, and check that it did fork."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.core import workers
from tests.conftest import SITES, build_site, make_site, published_files

CASES = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())
# Mistakes met inside a worker, with the pools started until then: Markdown's, and the pages'.
MET_IN_A_WORKER = {"missing-link": [2], "markdown-image-without-alt": [2], "template-runtime-error": [2, 2]}


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Fork from the first page on; the sizes of the pools of workers the build started."""
    started: list[int] = []
    fork = multiprocessing.get_context("fork")

    class CountedContext:
        def Pool(self, processes: int) -> Any:  # noqa: N802 (multiprocessing's name)
            started.append(processes)
            return fork.Pool(processes)

    monkeypatch.setattr(workers, "WORTH_IT", 1)
    # Threads other tests left idle (a file server for the browser) would stop the fork.
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    monkeypatch.setattr(multiprocessing, "get_context", lambda method: CountedContext())  # workers.py imports it late
    return started


def test_two_workers_make_what_one_process_makes(tmp_path: Path, pools: list[int]) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")  # charts, figures, photos, two languages
    alone = published_files(build_site(site, workers=1))
    assert pools == []
    shutil.rmtree(site / ".sitegen-cache")  # the workers convert every page again
    shared = published_files(build_site(site, workers=2))
    assert pools == [2, 2, 2, 2]  # Markdown, share cards, then releases and pages, then lists
    assert sorted(shared) == sorted(alone)
    assert [name for name in alone if shared[name] != alone[name]] == []
    assert any(name.endswith(".svg") for name in shared)  # charts met in the workers were drawn


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "WORTH_IT", 1)
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    assert workers.forks(1, 2)
    assert not workers.forks(1, 1)
    monkeypatch.setattr(workers.threading, "active_count", lambda: 2)  # sitegen serve's watchers
    assert not workers.forks(1, 2)


@pytest.mark.parametrize("case", CASES)
def test_a_mistake_met_in_a_worker_reads_as_in_one_process(tmp_path: Path, pools: list[int], case: str) -> None:
    site = make_site(tmp_path)
    published = build_site(site, workers=1)
    before = published_files(published)
    overlay = SITES / "invalid" / case
    shutil.copytree(overlay, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))

    result = CliRunner().invoke(main, ["build", "--source", str(site), "--workers", "2"])

    assert result.exit_code == 1
    assert result.stderr == (overlay / "expected.txt").read_text(encoding="utf-8")
    if case in MET_IN_A_WORKER:
        assert pools == MET_IN_A_WORKER[case]
    assert published_files(published) == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".public")) == []
