"""`sitegen serve` started again on a site it previewed before: the pages that show charts come
from the Markdown cache on disk (not from the memory of the process that converted them), and
their charts must still be drawn, and drawn again when the data changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitegen.commands import prepare as prepare_module
from sitegen.commands.prepare import BuildOptions
from sitegen.commands.session import Session
from tests.conftest import SITES, make_site, published_files
from tests.test_session import PREVIEW, edit, from_scratch

RELEASE = "berita/2025-08-22-rakornis/index.html"


def new_session(site: Path, output: str) -> Session:
    """A preview as a new `sitegen serve` process starts it: nothing remembered but the disk cache."""
    return Session(BuildOptions(site_dir=site, output=site.parent / output, workers=1, **PREVIEW),
                   echo=lambda _: None)


def chart_files(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name.startswith("charts/") and name.endswith(".svg")}


def test_a_new_preview_takes_chart_pages_from_the_disk_cache_and_still_draws_their_charts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    new_session(site, "first").build()  # the first `sitegen serve`: converts and caches every page

    counts: list[tuple[int, int]] = []  # (pages converted or taken, taken from the cache)
    convert = prepare_module.convert

    def counting(*args: Any, **kwargs: Any) -> tuple[list[Any], int]:
        pages, hits = convert(*args, **kwargs)
        counts.append((len(pages), hits))
        return pages, hits
    monkeypatch.setattr(prepare_module, "convert", counting)

    second = new_session(site, "second")
    second.build()
    second.search.wait()
    # Every Markdown page, the release with two charts in each language included, came from the disk cache...
    pages, hits = counts[-1]
    assert pages > 2 and hits == pages
    # ...and the preview is what a build from scratch makes, its charts included.
    scratch, made = from_scratch(site), published_files(second.output)
    assert chart_files(scratch), "the fixture's release shows charts"
    assert sorted(made) == sorted(scratch)
    assert [name for name in scratch if made[name] != scratch[name]] == []

    # A changed cell draws the chart again in the preview that took the page from the disk cache.
    before = chart_files(made)
    data = edit(site / "data/penempatan-2025.csv", "2025-01,Hongkong,1.500", "2025-01,Hongkong,2.500")
    second.build([data])
    second.search.wait()
    made, scratch = published_files(second.output), from_scratch(site)
    assert chart_files(made) and chart_files(made) != before  # charts are named by their contents
    assert sorted(made) == sorted(scratch)
    assert [name for name in scratch if made[name] != scratch[name]] == []
