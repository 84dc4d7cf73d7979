"""What drawing charts costs a build (issue 15, "Cost"): charts are drawn by worker processes
that start once the charts are known and draw while the build renders its pages (vega.py,
chartdraw.py); what they draw is what the build's own process draws, a chart Vega cannot draw is
still one message, and a build that stops leaves no worker drawing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.commands import build as build_command
from sitegen.commands import publish as publish_command
from sitegen.data import vega
from tests.conftest import SITES, build_site, make_site, published_files

RELEASE = "content/news/2025-08-22-rakornis/index.en.md"


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> list[tuple[vega.ChartDrawing, int]]:
    """Charts drawn by worker processes however few they are (one chart each, as many workers as
    the build's --workers); each drawing started and its number of workers, for the test to look at."""
    monkeypatch.setattr(vega, "PARALLEL_FROM", 1)
    monkeypatch.setattr(vega, "CHARTS_PER_WORKER", 1)
    started: list[tuple[vega.ChartDrawing, int]] = []
    real_start = vega.ChartDrawing.start

    def start(drawing: vega.ChartDrawing) -> None:
        real_start(drawing)
        started.append((drawing, len(drawing.workers)))

    monkeypatch.setattr(vega.ChartDrawing, "start", start)
    return started


def charts(public: Path) -> dict[str, bytes]:
    return {path: content for path, content in published_files(public).items()
            if path.startswith(("charts/", "js/charts-"))}


def test_worker_processes_draw_the_same_files_as_the_build_process(
        tmp_path: Path, in_workers: list[tuple[vega.ChartDrawing, int]]) -> None:
    here = charts(build_site(make_site(tmp_path / "here", overlay=SITES / "with-data"), workers=1))
    assert in_workers[0][1] == 0  # --workers 1: drawn in the build's own process
    elsewhere = charts(build_site(make_site(tmp_path / "workers", overlay=SITES / "with-data"), workers=2))
    drawing, workers = in_workers[1]
    assert workers == 2 and len(drawing.missing) == len(drawing.views) >= 4  # a cold build: none cached
    assert drawing.workers == [] and drawing.folder is None  # all collected, their job files gone
    assert {p for p in here if p.endswith(".svg")} and here == elsewhere


def test_the_charts_are_collected_after_the_pages_are_rendered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_workers: list[tuple[vega.ChartDrawing, int]]) -> None:
    happened: list[str] = []
    real_files, real_write_pages = vega.ChartDrawing.files, publish_command.write_pages

    def files(drawing: vega.ChartDrawing) -> dict[str, bytes]:
        happened.append("charts collected")
        return real_files(drawing)

    def write_pages(*args: object, **kwargs: object) -> int:
        happened.append(f"pages rendered, {len(in_workers[0][0].workers)} chart workers not collected yet")
        return real_write_pages(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(vega.ChartDrawing, "files", files)
    monkeypatch.setattr(publish_command, "write_pages", write_pages)
    public = build_site(make_site(tmp_path, overlay=SITES / "with-data"), workers=2)
    assert happened == ["pages rendered, 2 chart workers not collected yet"] * 2 + ["charts collected"]
    assert charts(public)


@pytest.mark.parametrize("workers", [False, True], ids=["in the build's process", "in worker processes"])
def test_a_chart_vega_cannot_draw_is_one_message_and_nothing_is_published(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: bool) -> None:
    if workers:
        monkeypatch.setattr(vega, "PARALLEL_FROM", 1)
        monkeypatch.setattr(vega, "CHARTS_PER_WORKER", 1)
    site = make_site(tmp_path, overlay=SITES / "with-data")
    (site / "data/rusak.vl.json").write_text(json.dumps({
        "mark": "point", "transform": [{"calculate": "datum.keberangkatan * (", "as": "b"}],
        "encoding": {"x": {"field": "keberangkatan", "type": "quantitative"}}}), encoding="utf-8")
    post = site / RELEASE
    post.write_text(post.read_text(encoding="utf-8") + "\n```chart\ndata: keberangkatan\nvega-lite: rusak.vl.json\n"
                    "title: Broken\n```\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "-s", str(site), "--workers", "2"])
    assert result.exit_code == 1, result.output
    assert result.stderr == ('Error: data/rusak.vl.json: chart "Broken" cannot be drawn: Unexpected end of input\n'
                             "Nothing was published.\n")
    assert not (site / "public").exists()


def test_a_build_that_stops_elsewhere_ends_its_chart_workers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_workers: list[tuple[vega.ChartDrawing, int]]) -> None:
    seen: list[tuple[list, Path, bool]] = []

    def failing_publish(job: publish_command.Publication) -> int:
        drawing = in_workers[0][0]
        assert drawing.folder is not None
        seen.append((list(drawing.workers), drawing.folder, drawing.folder.is_dir()))
        raise RuntimeError("a page failed")

    monkeypatch.setattr(build_command, "publish", failing_publish)
    with pytest.raises(RuntimeError, match="a page failed"):
        build_site(make_site(tmp_path, overlay=SITES / "with-data"), workers=2)
    [(workers, folder, there)] = seen
    assert len(workers) == 2 and there  # drawing when the build stopped
    assert all(process.returncode is not None for process, _ in workers)  # ended, and waited for
    assert not folder.exists()


def test_a_worker_that_fails_stops_the_build_with_what_it_printed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_workers: list[tuple[vega.ChartDrawing, int]]) -> None:
    """Not a user's mistake (a full disk, sitegen's own bug): the build stops and says what the worker said."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the chart cache should be", encoding="utf-8")
    real_init = vega.ChartDrawing.__init__

    def init(drawing: vega.ChartDrawing, *args: object) -> None:
        real_init(drawing, *args)  # type: ignore[arg-type]
        drawing.cache_dir = blocked / "charts"

    monkeypatch.setattr(vega.ChartDrawing, "__init__", init)
    with pytest.raises(RuntimeError, match=r"a chart worker failed \(exit 1\):\n(.|\n)*Not a directory"):
        build_site(make_site(tmp_path, overlay=SITES / "with-data"), workers=2)
    assert in_workers[0][1] == 2 and in_workers[0][0].workers == []  # both waited for, or ended
