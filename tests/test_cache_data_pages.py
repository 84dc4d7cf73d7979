"""Pages that show data (charts, `stat` figures) come from the Markdown cache when their datasets are
unchanged, and register their charts again (mdcache.py); a changed, removed or damaged anything
means converting them again, never a stale chart or figure. Charted pages are converted in the
worker processes like any other (convert.render_pages). Every build is compared with a cold build
byte for byte, through CI's path (cache restored, no public/; test_ci_cache.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from sitegen.core import workers
from sitegen.core.errors import SitegenError
from sitegen.markdown import convert
from sitegen.markdown.mdcache import CACHE_DIR
from sitegen.model.site import Page
from tests.conftest import NOW, SITES, make_site, page, published_files
from tests.test_ci_cache import assert_is_cold, checkout

FIGURE_RELEASE = {
    "id": """---
title: Angka Penempatan Semester I
date: 2025-08-25T09:00:00
---
Sepanjang semester I tercatat {{< stat data="penempatan-2025" field="jumlah" >}} penempatan.
""",
    "en": """---
title: First-Half Placement Figures
date: 2025-08-25T09:00:00
---
The first half recorded {{< stat data="penempatan-2025" field="jumlah" >}} placements.
""",
}
TABLE = "data/penempatan-2025.csv"
CHART_PAGE = "/en/news/coordination-meeting/"  # the release with two ```chart blocks and stat figures
FIGURE_PAGE = "/en/news/angka-penempatan/"
CONVERTED = re.compile(r"(\d+) pages converted from Markdown, (\d+) taken from the cache")


def data_site(tmp_path: Path) -> Path:
    """The minimal site with the with-data sample (a release with charts and figures) and a release
    with a figure only."""
    site = make_site(tmp_path, overlay=SITES / "with-data")
    bundle = site / "content/news/2025-08-25-angka-penempatan"
    bundle.mkdir()
    for lang, text in FIGURE_RELEASE.items():
        (bundle / f"index.{lang}.md").write_text(text.replace("title:", "slug: angka-penempatan\ntitle:", 1),
                                                 encoding="utf-8")
    return site


def build_counting(site: Path, workers_used: int = 1) -> tuple[int, int]:
    """Build; (pages converted from Markdown, pages taken from the cache)."""
    said: list[str] = []
    build(BuildOptions(site_dir=site, now=NOW, workers=workers_used), log=said.append)
    found = [CONVERTED.search(line) for line in said]
    converted, cached = next(m.groups() for m in found if m)
    return int(converted), int(cached)


def chart_files(site: Path) -> list[str]:
    return sorted(name for name in published_files(site / "public") if name.startswith("charts/"))


def entries(site: Path) -> list[Path]:
    return sorted((site / CACHE_DIR).glob("*.pack"))  # the packs of converted pages (core/packs.py)


def built_ci(tmp_path: Path, name: str = "ci") -> tuple[Path, Path]:
    """The site built once, and a CI checkout of it (cache restored, no public/)."""
    site = data_site(tmp_path)
    build_counting(site)
    return site, checkout(site, name)


def test_a_ci_build_with_nothing_changed_takes_every_page_that_shows_data_from_the_cache(tmp_path: Path) -> None:
    site, ci = built_ci(tmp_path)
    converted, cached = build_counting(ci)
    assert (converted, cached > 0) == (0, True)
    assert chart_files(ci) == chart_files(site) != []  # the charts were registered again, and drawn
    stat = page(ci / "public", FIGURE_PAGE).select_one("span.stat[data-dataset=penempatan-2025]")
    assert stat is not None and stat.get_text() == "20,191"
    assert_is_cold(ci)


@pytest.mark.parametrize(("change", "what"), [
    (lambda s: s.replace("2025-01,Hongkong,1.500", "2025-01,Hongkong,2.500"), "a cell"),
    (lambda s: s + "2025-06,Korea Selatan,7\n", "a new row"),
])
def test_a_changed_table_converts_the_pages_that_show_it_again(tmp_path: Path, change, what: str) -> None:
    site, ci = built_ci(tmp_path)
    table = ci / TABLE
    table.write_text(change(table.read_text(encoding="utf-8")), encoding="utf-8")
    converted, _ = build_counting(ci)
    assert converted == 4, what  # the chart release and the figure release, in both languages
    assert chart_files(ci) != chart_files(site)
    before = page(site / "public", FIGURE_PAGE).select_one("span.stat").get_text()
    after = page(ci / "public", FIGURE_PAGE).select_one("span.stat").get_text()
    assert (before, after) == ("20,191", "21,191" if what == "a cell" else "20,198")
    assert_is_cold(ci)


def test_a_changed_descriptor_title_redraws_the_chart_that_shows_it(tmp_path: Path) -> None:
    _, ci = built_ci(tmp_path)
    descriptor = ci / "data/penempatan-2025.resource.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(
        "en: Placements by month, first half of 2025", "en: Monthly placements, January to June 2025"),
        encoding="utf-8")
    converted, _ = build_counting(ci)
    assert converted == 4
    captions = [c.get_text(" ", strip=True) for c in page(ci / "public", CHART_PAGE)
                .select("figure figcaption")]
    assert any("Monthly placements, January to June 2025" in caption for caption in captions)
    assert_is_cold(ci)


def test_a_removed_dataset_is_never_shown_from_the_cache(tmp_path: Path) -> None:
    _, ci = built_ci(tmp_path)
    (ci / TABLE).unlink()
    (ci / "data/penempatan-2025.resource.yaml").unlink()
    with pytest.raises(SitegenError) as raised:
        build_counting(ci)
    missing = 'shortcode stat: no dataset "penempatan-2025" (datasets: keberangkatan)'
    assert [(p.path, p.line, p.message) for p in raised.value.problems] == [
        ("content/news/2025-08-22-rakornis/index.en.md", 16, missing),
        ("content/news/2025-08-22-rakornis/index.id.md", 36, missing),
        ("content/news/2025-08-25-angka-penempatan/index.en.md", 6, missing),
        ("content/news/2025-08-25-angka-penempatan/index.id.md", 6, missing),
    ]
    assert not (ci / "public").exists()


@pytest.mark.parametrize("damage", ["corrupt", "truncate", "delete"])
def test_damaged_entries_are_converted_again(tmp_path: Path, damage: str) -> None:
    _, ci = built_ci(tmp_path)
    for entry in entries(ci):
        data = entry.read_bytes()
        if damage == "corrupt":  # a figure and the text changed: still valid JSON, but not what was written
            entry.write_bytes(data.replace(b"20,191", b"99,191").replace(b'"content": "', b'"content": "X', 1))
        elif damage == "truncate":
            entry.write_bytes(data[: len(data) // 2])
        else:
            entry.unlink()
    converted, cached = build_counting(ci)
    assert cached == 0 and converted > 4
    assert "99,191" not in page(ci / "public", FIGURE_PAGE).get_text()
    assert_is_cold(ci)


def test_charted_pages_are_converted_in_workers_and_their_charts_drawn(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    site = data_site(tmp_path)
    serial = checkout(site, "serial", cache=False)
    forked: list[int] = []

    def recording(work: Callable[[Page], object], items: list[Page], count: int) -> list[object]:
        forked.append(len(items) if workers.forks(len(items), count) else 0)
        return workers.in_workers(work, items, count)

    monkeypatch.setattr(workers, "WORTH_IT", 2)
    # The suite's browser tests leave a server thread running; as test_workers.py does, fork anyway.
    monkeypatch.setattr(workers.threading, "active_count", lambda: 1)
    monkeypatch.setattr(convert, "in_workers", recording)
    assert build_counting(site, workers_used=2)[1] == 0
    assert forked and forked[0] > 4  # every page, the charted ones among them, went to the workers
    build_counting(serial, workers_used=1)
    assert published_files(site / "public") == published_files(serial / "public")
    assert len(chart_files(site)) >= 4


def test_a_changed_hand_written_vega_lite_file_redraws_the_chart_drawn_from_it(tmp_path: Path) -> None:
    site = data_site(tmp_path)
    spec = {"mark": "point", "width": 300, "encoding": {"x": {"field": "keberangkatan", "type": "quantitative"},
                                                       "y": {"field": "periode", "type": "nominal"}}}
    (site / "data/titik.vl.json").write_text(json.dumps(spec), encoding="utf-8")
    release = site / "content/news/2025-08-25-angka-penempatan/index.en.md"
    release.write_text(release.read_text(encoding="utf-8") + "\n```chart\ndata: keberangkatan\nvega-lite: titik.vl.json"
                       "\n```\n", encoding="utf-8")
    build_counting(site)
    ci = checkout(site, "ci")
    (ci / "data/titik.vl.json").write_text(json.dumps({**spec, "mark": "tick"}), encoding="utf-8")
    converted, _ = build_counting(ci)
    assert converted == 1  # only the release drawing it: the dataset is unchanged
    assert chart_files(ci) != chart_files(site)
    assert_is_cold(ci)


def test_a_photo_resized_under_its_name_converts_the_page_showing_it_again(tmp_path: Path) -> None:
    _, ci = built_ci(tmp_path)
    photo = ci / "content/news/2025-08-22-rakornis/foto.jpg"
    Image.new("RGB", (640, 400), (20, 90, 160)).save(photo)
    converted, _ = build_counting(ci)
    assert converted == 1  # the release whose text shows it in a figure (the other has it as its lead photo)
    figure = page(ci / "public", "/berita/2025-08-22-rakornis/").select_one("figure picture img")
    assert (figure["width"], figure["height"]) == ("640", "400")
    assert_is_cold(ci)
