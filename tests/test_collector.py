"""A build pauses Python's cycle collector while it runs, and starts it again however it ends
(core/collection.py): a process that builds, such as the test suite or a script, keeps collecting."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sitegen.commands import build as build_module
from sitegen.core.errors import SitegenError
from tests.conftest import build_site, make_site


def test_the_collector_is_paused_during_a_build_and_running_after_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real_prepare = build_module.prepare

    def prepare(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real_prepare(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "prepare", prepare)
    assert gc.isenabled()
    build_site(make_site(tmp_path))
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_build_that_failed(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "content/news/rusak.id.md").write_text("---\ntitle: [tidak ditutup\n---\nIsi.\n", encoding="utf-8")
    with pytest.raises(SitegenError):
        build_site(site)
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(tmp_path: Path) -> None:
    gc.disable()
    try:
        build_site(make_site(tmp_path))
        assert not gc.isenabled()
    finally:
        gc.enable()
