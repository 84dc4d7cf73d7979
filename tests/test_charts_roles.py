"""A screen reader calls each mark of a chart, and each group of marks, in the page's language
(issue 15): Vega says "bar", "line mark", "arc mark" and "rect mark container" in English on every
page, in the drawn SVGs (wide, phone, thumbnail) and in the interactive view."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitegen.core.errors import SitegenError
from tests.browser import serve
from tests.conftest import REPO, SITES, build_site, make_site, page

RELEASES = {"id": "/berita/2025-08-22-rakornis/", "en": "/en/news/coordination-meeting/"}
STATISTICS = {"id": "/statistik/", "en": "/en/statistics/"}
# Every word a chart's marks may be called by, per language (the theme's chart_mark* strings).
WORDS = {"id": {"batang", "garis", "titik", "area", "irisan", "tanda", "kelompok tanda"},
         "en": {"bar", "line", "point", "area", "slice", "mark", "group of marks"}}
# One chart of each kind sitegen draws, from the sample dataset penempatan-2025.
KINDS = {
    "bar": "x: bulan\ny: jumlah",
    "horizontal bar": "x: negara\ny: jumlah\nfilter: {bulan: 2025-03}",
    "stacked bar": "x: bulan\ny: jumlah\ncolor: negara",
    "line": "x: bulan\ny: jumlah\ncolor: negara",
    "area": "x: bulan\ny: jumlah",
    "point": "x: bulan\ny: jumlah",
    "donut": "x: negara\ny: jumlah",
}
# What each kind's marks are called, item by item and as groups: the kind's own words only.
EXPECTED = {
    "bar": {"id": {"batang", "kelompok tanda"}, "en": {"bar", "group of marks"}},
    "horizontal bar": {"id": {"batang", "kelompok tanda"}, "en": {"bar", "group of marks"}},
    "stacked bar": {"id": {"batang", "kelompok tanda"}, "en": {"bar", "group of marks"}},
    "line": {"id": {"garis", "titik", "kelompok tanda"}, "en": {"line", "point", "group of marks"}},
    "area": {"id": {"area", "titik", "kelompok tanda"}, "en": {"area", "point", "group of marks"}},
    "point": {"id": {"titik", "kelompok tanda"}, "en": {"point", "group of marks"}},
    "donut": {"id": {"irisan", "kelompok tanda"}, "en": {"slice", "group of marks"}},
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("roles"), overlay=SITES / "with-data")
    release = site / "content/news/2025-08-22-rakornis"
    for lang in ("id", "en"):
        file = release / f"index.{lang}.md"
        blocks = "".join(f"\n```chart\ndata: penempatan-2025\ntype: {kind}\n{keys}\n```\n"
                         for kind, keys in KINDS.items())
        file.write_text(file.read_text(encoding="utf-8") + blocks, encoding="utf-8")
    return build_site(site)


def role_descriptions(public: Path, src: str) -> set[str]:
    svg = (public / src.lstrip("/")).read_text(encoding="utf-8")
    return {unescape(word) for word in re.findall(r'aria-roledescription="([^"]*)"', svg)}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_kind_of_chart_calls_its_marks_in_the_page_language_in_both_layouts(public: Path, lang: str) -> None:
    figures = page(public, RELEASES[lang]).select("figure.chart")
    kinds = figures[-len(KINDS):]  # after the release's own two charts
    assert len(kinds) == len(KINDS)
    for kind, figure in zip(KINDS, kinds, strict=True):
        for src in (figure.img["src"], figure.source["srcset"]):  # wide and phone layouts
            assert role_descriptions(public, src) == EXPECTED[kind][lang], (kind, src)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_chart_on_a_page_says_vegas_english(public: Path, lang: str) -> None:
    """Every drawing on the release and the statistics catalogue (thumbnails): only the page
    language's words, and still a role description on every mark (a screen reader needs one)."""
    sources = []
    for path in (RELEASES[lang], STATISTICS[lang]):
        for figure in page(public, path).select("figure.chart, .dataset-card, a"):
            sources += [img["src"] for img in figure.select("img") if "/charts/" in img.get("src", "")]
            sources += [s["srcset"] for s in figure.select("source") if "/charts/" in s.get("srcset", "")]
    assert any(src.endswith("-thumb.svg") for src in sources)
    for src in set(sources):
        said = role_descriptions(public, src)
        assert said and said <= WORDS[lang], (src, said - WORDS[lang])
        svg = (public / src.lstrip("/")).read_text(encoding="utf-8")
        assert "mark container" not in svg, src


def test_a_hand_written_specs_own_words_are_kept(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    (site / "data/per-bulan.vl.json").write_text(
        '{"mark": {"type": "bar", "ariaRoleDescription": "kolom"}, "width": 300, "height": 200,'
        ' "encoding": {"x": {"field": "bulan", "type": "ordinal"}, "y": {"field": "jumlah", "type": "quantitative"}}}',
        encoding="utf-8")
    release = site / "content/news/2025-08-22-rakornis/index.id.md"
    release.write_text(release.read_text(encoding="utf-8") + "\n```chart\ndata: penempatan-2025\n"
                       "vega-lite: per-bulan.vl.json\n```\n", encoding="utf-8")
    public = build_site(site)
    figure = page(public, RELEASES["id"]).select("figure.chart")[-1]
    assert role_descriptions(public, figure.img["src"]) == {"kolom", "kelompok tanda"}


def test_a_theme_without_the_words_stops_the_build_naming_each_missing_string(tmp_path: Path) -> None:
    """A theme copied into a site before it had the words: one message per string and language,
    rather than a chart's YAML printed as code (Markdown's fences swallow other errors)."""
    site = make_site(tmp_path, overlay=SITES / "with-data")
    (site / "themes").unlink()
    shutil.copytree(REPO / "themes", site / "themes")
    for lang in ("id", "en"):
        strings = site / f"themes/humas/i18n/{lang}.toml"
        kept = [line for line in strings.read_text(encoding="utf-8").splitlines()
                if not line.startswith(("chart_mark_point ", "chart_marks "))]
        strings.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(SitegenError) as error:
        build_site(site)
    assert [str(problem) for problem in error.value.problems] == [
        f'i18n/{lang}.toml: interface string "{key}" is missing for language "{lang}": add {key} = "…" to '
        f"i18n/{lang}.toml" for lang in ("en", "id") for key in ("chart_mark_point", "chart_marks")]
    assert not (site / "public").exists()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_interactive_view_calls_marks_in_the_page_language_and_steps_through_points(
        browser: Browser, public: Path, lang: str) -> None:
    """The line chart drawn by Vega in the browser: its marks' and groups' words are the page's,
    and the keyboard steps through its points only (not the line as a whole), found by Vega's
    class rather than by its English words."""
    explore = {"id": "Jelajahi data", "en": "Explore the data"}[lang]
    with serve(public) as url:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        tab = context.new_page()
        tab.goto(url + RELEASES[lang])
        figure = tab.locator("figure.chart").nth(2 + list(KINDS).index("line"))
        rows = figure.locator(".chart-table tbody tr").count()
        figure.get_by_role("button", name=explore).click()
        chart = figure.locator(".chart-canvas svg.marks")
        chart.wait_for(timeout=15_000)
        said = set(chart.evaluate(
            "s => [...s.querySelectorAll('[aria-roledescription]')].map(e => e.getAttribute('aria-roledescription'))"))
        assert said == EXPECTED["line"][lang]
        points = figure.locator('.chart-canvas svg .mark-symbol path[role="graphics-symbol"]')
        assert points.count() == rows  # a point per month and country
        chart.focus()
        value = figure.locator(".chart-value")
        assert value.text_content() == points.nth(0).get_attribute("aria-label")
        tab.keyboard.press("End")
        assert value.text_content() == points.nth(rows - 1).get_attribute("aria-label")
        context.close()


def test_a_word_with_a_backslash_is_written_as_it_is() -> None:
    """The translated word is text: `\\1` is no group reference and `\\t` no tab."""
    from sitegen.data.chartdraw import marks_named

    svg = '<g aria-roledescription="rect mark container"><path aria-roledescription="bar"/></g>'
    spec = {"usermeta": {"sitegen_marks": "grup\\tanda \\1"}}
    assert marks_named(svg, spec) == ('<g aria-roledescription="grup\\tanda \\1"><path '
                                      'aria-roledescription="bar"/></g>')


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_interactive_view_writes_its_texts_in_the_schemes_ink(browser: Browser, public: Path, scheme: str) -> None:
    """Vega draws into the page without the drawn files' dark colours: in dark mode its labels
    were near-black on the dark page until the same rules were given to it (scoped to the chart)."""
    from sitegen.data.chartspec import DARK_INK

    with serve(public) as url:
        context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
        tab = context.new_page()
        tab.goto(url + RELEASES["id"])
        figure = tab.locator("figure.chart").first
        figure.get_by_role("button", name="Jelajahi data").click()
        chart = figure.locator(".chart-canvas svg.marks")
        chart.wait_for(timeout=15_000)
        inks = set(chart.evaluate("s => [...s.querySelectorAll('text')].map(t => getComputedStyle(t).fill)"))
        context.close()
    dark = "rgb({}, {}, {})".format(*(int(DARK_INK[i:i + 2], 16) for i in (1, 3, 5)))
    assert inks and (inks == {dark} if scheme == "dark" else dark not in inks)
