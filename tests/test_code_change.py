"""A cache written by other code is never used: the office's CI installs sitegen from the repository,
whose version number stays the same while its code changes (core/codeversion.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from sitegen.markdown import mdcache
from tests.conftest import NOW, SITES, make_site, published_files


def test_changed_code_converts_every_page_again_and_builds_what_a_cold_build_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "warm", overlay=SITES / "with-data")
    build(BuildOptions(site_dir=site, now=NOW))
    (site / "public").rename(site.parent / "before")  # the CI path: the cache restored, no public/
    lines: list[str] = []
    build(BuildOptions(site_dir=site, now=NOW), lines.append)
    assert "0 pages converted from Markdown, 10 taken from the cache" in lines, lines
    monkeypatch.setattr(mdcache, "code_digest", lambda: "the code of the next commit")
    lines.clear()
    (site / "public").rename(site.parent / "again")
    build(BuildOptions(site_dir=site, now=NOW), lines.append)
    assert "10 pages converted from Markdown, 0 taken from the cache" in lines, lines
    assert published_files(site / "public") == published_files(site.parent / "before")


def test_charts_drawn_by_other_code_are_drawn_again_and_their_folder_removed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen.data import vega

    site = make_site(tmp_path / "site", overlay=SITES / "with-data")
    build(BuildOptions(site_dir=site, now=NOW))
    charts = site / ".sitegen-cache/charts"
    before_folder = charts / vega.drawn_by()
    before = published_files(site / "public")
    assert list(before_folder.glob("*.svg"))
    monkeypatch.setattr(vega, "drawn_by", lambda: "other-drawing-code")
    (site / "public").rename(site.parent / "before")
    build(BuildOptions(site_dir=site, now=NOW))
    assert not before_folder.exists()
    assert sorted(p.name for p in (charts / "other-drawing-code").glob("*.svg")) == sorted(
        p.name for p in (site / "public/charts").glob("*.svg"))
    assert published_files(site / "public") == before
