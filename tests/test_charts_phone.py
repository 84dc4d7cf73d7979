"""Charts that read on a phone (issue 15): the example site's charts in headless Chromium.

Every chart on every release and dataset page, in both languages, with JavaScript on and off:
the layout the browser picks, its smallest text as shown (at least 12 CSS px at 360 px, 11 at
320) and text boxes that overlap (none); then what a page loads, sizes known in advance, dark
mode, print, and the explore button.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import Browser, Page

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from tests.browser import serve
from tests.conftest import NOW, REPO

pytestmark = pytest.mark.browser

# Shows the image's current SVG at the size the page shows it, and measures its texts there.
MEASURE = """async (img) => {
  const shown = img.getBoundingClientRect().width;
  const source = await (await fetch(img.currentSrc)).text();
  const holder = document.createElement('div');
  holder.style.cssText = `position:absolute;left:0;top:0;width:${shown}px`;
  holder.innerHTML = source;
  document.body.append(holder);
  const svg = holder.querySelector('svg');
  const scale = shown / svg.viewBox.baseVal.width;
  svg.setAttribute('width', shown);
  svg.setAttribute('height', svg.viewBox.baseVal.height * scale);
  // Labels Vega hid because they would overlap (labelOverlap) are drawn with opacity 0.
  const texts = [...svg.querySelectorAll('text')]
    .filter((t) => t.textContent.trim() && t.getAttribute('opacity') !== '0');
  const boxes = texts.map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, size: parseFloat(t.getAttribute('font-size')) * scale,
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  const frame = svg.getBoundingClientRect();
  const clipped = boxes.filter((b) => b.left < frame.left - 0.5 || b.right > frame.right + 0.5 ||
                                      b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5);
  holder.remove();
  return {src: img.currentSrc, shown, natural: img.naturalWidth, boxes, clipped: clipped.map((b) => b.text)};
}"""


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("phone") / "public"
    build(BuildOptions(site_dir=REPO, output=output, now=NOW.replace(year=2026)))
    return output


@pytest.fixture(scope="module")
def site_url(public: Path) -> Iterator[str]:
    with serve(public) as url:
        yield url


def chart_pages(public: Path) -> list[str]:
    """Every page with a chart: releases and dataset pages, in both languages."""
    found = []
    for file in sorted(public.rglob("index.html")):
        if 'class="chart"' in file.read_text(encoding="utf-8"):
            found.append("/" + str(file.parent.relative_to(public)).removeprefix(".") + "/")
    return [path.replace("//", "/") for path in found]


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than half a pixel each way."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            width = min(a["right"], b["right"]) - max(a["left"], b["left"])
            height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if width > 0.5 and height > 0.5:
                pairs.append((a["text"], b["text"]))
    return pairs


def measure(tab: Page) -> list[dict]:
    measured = []
    for image in tab.locator("figure.chart .chart-canvas img").element_handles():
        image.scroll_into_view_if_needed()  # lazy images load when near the screen
        image.wait_for_element_state("visible")
        tab.wait_for_function("i => i.complete && i.currentSrc", arg=image)
        measured.append(image.evaluate(MEASURE))
    return measured


def test_the_example_site_has_charts_on_releases_and_dataset_pages_in_both_languages(public: Path) -> None:
    pages = chart_pages(public)
    assert any(p.startswith("/berita/") for p in pages) and any(p.startswith("/en/news/") for p in pages)
    assert any(p.startswith("/statistik/") for p in pages) and any(p.startswith("/en/statistics/") for p in pages)


@pytest.mark.parametrize(("width", "smallest"), [(360, 12.0), (320, 11.0), (1280, 12.0)])
@pytest.mark.parametrize("javascript", [True, False])
def test_chart_text_is_legible_and_never_overlaps(browser: Browser, public: Path, site_url: str, width: int,
                                                  smallest: float, javascript: bool) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript)
    tab = context.new_page()
    measured = 0
    for path in chart_pages(public):
        tab.goto(site_url + path)
        for chart in measure(tab):
            where = f"{path} {chart['src']}"
            assert "-phone.svg" in chart["src"] if width < 600 else "-phone.svg" not in chart["src"], where
            assert chart["shown"] <= chart["natural"] + 0.5, f"{where} is drawn narrower than shown"
            sizes = [box["size"] for box in chart["boxes"]]
            assert sizes and min(sizes) >= smallest, f"{where}: text at {min(sizes):.1f} px"
            assert overlaps(chart["boxes"]) == [], where
            assert chart["clipped"] == [], f"{where}: text cut at the drawing's edge"
            measured += 1
    context.close()
    assert measured >= 16


def test_a_chart_page_loads_no_vega_until_the_reader_asks(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    scripts: list[str] = []
    tab.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    tab.goto(f"{site_url}/en/news/coordination-meeting-reviews-services/")
    tab.wait_for_load_state("networkidle")
    assert [re.sub(r".*/js/", "/js/", url) for url in scripts] == ["/js/chart-explore.js"]
    figure = tab.locator("figure.chart").first
    button = figure.get_by_role("button", name="Explore the data")
    button.focus()
    tab.keyboard.press("Enter")  # by keyboard, as by touch or mouse
    figure.locator(".chart-canvas svg.marks").wait_for()
    assert figure.get_attribute("class") == "chart chart-interactive"
    assert any("/js/charts-" in url for url in scripts)
    assert figure.locator('.chart-canvas svg path[aria-roledescription="bar"]').count() == 5
    assert figure.locator(".chart-canvas svg").evaluate("s => s.getBoundingClientRect().width") <= 328
    context.close()


def test_the_interactive_chart_shows_values_by_keyboard_and_by_touch(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)
    tab = context.new_page()
    tab.goto(f"{site_url}/en/news/coordination-meeting-reviews-services/")
    figure = tab.locator("figure.chart").first
    rows = figure.locator(".chart-table tbody tr")
    expected = {" : ".join(rows.nth(i).locator("td, th").all_text_contents()).replace(" : ", ": ", 1)
                for i in range(rows.count())}
    figure.get_by_role("button", name="Explore the data").tap()
    chart = figure.locator(".chart-canvas svg.marks")
    chart.wait_for()
    bars = figure.locator('.chart-canvas svg path[aria-roledescription="bar"]')
    labels = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
    assert len(labels) == 5 and set(labels) == expected  # "Malaysia: 1,234", as the table says it
    value = figure.locator(".chart-value")
    assert value.is_hidden()
    chart.focus()  # by keyboard: the chart takes focus, the arrow keys go from bar to bar
    assert value.is_visible() and value.text_content() == labels[0]
    assert value.get_attribute("aria-live") == "polite"
    tab.keyboard.press("ArrowRight")
    assert value.text_content() == labels[1]
    tab.keyboard.press("ArrowLeft")
    tab.keyboard.press("ArrowLeft")
    assert value.text_content() == labels[-1]
    tab.keyboard.press("Escape")
    assert value.is_hidden()
    bars.nth(2).tap()  # by touch, which never hovers
    assert value.is_visible() and value.text_content() == labels[2]
    assert bars.nth(2).get_attribute("class") == "chart-mark-current"
    context.close()


def test_without_javascript_there_is_no_explore_button(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/berita/2025-08-22-rakornis-evaluasi-layanan/")
    assert tab.get_by_role("button", name="Jelajahi data").count() == 0
    assert tab.locator("figure.chart .chart-canvas img").first.evaluate("i => i.complete && i.naturalWidth") == 328
    context.close()


def test_every_chart_image_and_thumbnail_has_its_size_and_the_first_thumbnail_is_not_lazy(public: Path) -> None:
    for path in chart_pages(public) + ["/statistik/", "/en/statistics/"]:
        soup = BeautifulSoup((public / path.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
        for image in soup.select("figure.chart img, img.thumbnail"):
            assert image.get("width") and image.get("height"), f"{path}: {image}"
        for source in soup.select("figure.chart picture source"):
            assert source["media"] == "(max-width: 42rem)" and source.get("width") == "328", path
    thumbnails = BeautifulSoup((public / "statistik/index.html").read_text(encoding="utf-8"),
                               "html.parser").select("img.thumbnail")
    assert len(thumbnails) >= 5
    assert thumbnails[0].get("loading") is None
    assert {t.get("loading") for t in thumbnails[1:]} == {"lazy"}
    assert {(t["width"], t["height"]) for t in thumbnails} == {("272", "96")}
    for thumbnail in thumbnails:  # a sparkline: marks only, no text to shrink
        assert "<text" not in (public / thumbnail["src"].lstrip("/")).read_text(encoding="utf-8")


def test_the_title_is_in_the_caption_only(public: Path) -> None:
    soup = BeautifulSoup((public / "berita/2025-08-22-rakornis-evaluasi-layanan/index.html").read_text(
        encoding="utf-8"), "html.parser")
    figure = soup.select_one("figure.chart")
    title = figure.select_one(".chart-title").get_text()
    assert title == "Penempatan PMI nasional per tahun, 2020–2024"
    for source in [figure.select_one("img")["src"], figure.select_one("source")["srcset"]]:
        svg = (public / source.lstrip("/")).read_text(encoding="utf-8")
        assert title not in svg and "role-title" not in svg and "role-axis-title" not in svg


def test_in_dark_mode_a_chart_has_no_white_box_and_light_text(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme="dark")
    tab = context.new_page()
    tab.goto(f"{site_url}/en/news/coordination-meeting-reviews-services/")
    image = tab.locator("figure.chart .chart-canvas img").first
    image.scroll_into_view_if_needed()
    tab.wait_for_function("() => document.querySelector('figure.chart img').complete")
    shot = image.screenshot()
    context.close()
    picture = Image.open(BytesIO(shot)).convert("L")
    histogram = picture.histogram()
    white = sum(histogram[240:]) / sum(histogram)
    assert white < 0.02, white  # no white box
    assert picture.getpixel((picture.width - 2, picture.height - 2)) < 40  # the page's dark colour shows through
    assert picture.getextrema()[1] > 200  # and the labels are light


# The chart's SVG put in the page (as <img> shows it, media queries and all), and the colours
# its texts, axis lines and bars are drawn in there, with the page's own background.
COLOURS = """async (img) => {
  const holder = document.createElement('div');
  holder.innerHTML = await (await fetch(img.currentSrc)).text();
  document.body.append(holder);
  const style = (selector, property) => [...holder.querySelectorAll(selector)]
    .map((node) => getComputedStyle(node)[property]);
  const found = {
    page: getComputedStyle(document.body).backgroundColor,
    text: style('text', 'fill'),
    axis: style('.role-axis-domain line, .role-axis-tick line', 'stroke'),
    bars: style('path[aria-roledescription="bar"]', 'fill'),
  };
  holder.remove();
  return found;
}"""


def luminance(css: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css)[:3])
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_and_lines_keep_their_contrast_on_a_light_and_a_dark_page(
        browser: Browser, site_url: str, scheme: str) -> None:
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        tab = context.new_page()
        tab.goto(f"{site_url}/en/news/coordination-meeting-reviews-services/")
        image = tab.locator("figure.chart .chart-canvas img").first  # placements per year, 2024 highlighted
        image.scroll_into_view_if_needed()
        tab.wait_for_function("i => i.complete && i.currentSrc", arg=image.element_handle())
        found = image.evaluate(COLOURS)
        context.close()
        page = found["page"]
        assert found["text"] and found["axis"] and found["bars"], (scheme, width)
        assert min(contrast(text, page) for text in found["text"]) >= 4.5, (scheme, width, found)  # WCAG 1.4.3
        assert min(contrast(line, page) for line in found["axis"]) >= 3, (scheme, width, found)  # WCAG 1.4.11
        highlight, *others = sorted(set(found["bars"]), key=found["bars"].count)
        assert len(others) == 1 and found["bars"].count(highlight) == 1, found["bars"]
        for bar in (highlight, others[0]):
            assert contrast(bar, page) >= 3, (scheme, width, bar)
        assert contrast(highlight, others[0]) >= 1.9, (scheme, width)  # told apart by lightness, not hue alone


def test_a_printed_chart_keeps_its_data_table(browser: Browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{site_url}/en/news/coordination-meeting-reviews-services/")
    table = tab.locator("figure.chart .chart-table table").first
    assert not table.is_visible()
    tab.emulate_media(media="print")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 5
    assert not tab.locator("figure.chart .chart-links").first.is_visible()
    context.close()


def test_every_named_chart_has_an_embed_page_left_out_of_search_engines(public: Path) -> None:
    embed = BeautifulSoup((public / "en/embed/penempatan-nasional/per-tahun/index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert embed.select_one('meta[name="robots"]')["content"] == "noindex"
    assert embed.select("script") == []
    assert embed.select_one(".chart-title").get_text() == "National placements of migrant workers, 2020–2025"
    assert "Source: BP2MI/KP2MI" in embed.select_one(".chart-meta").get_text()
    back = embed.select_one(".embed-back a")
    assert back["href"].endswith("/en/statistics/penempatan-nasional/") and back["target"] == "_top"
    assert (public / "embed/penempatan-nasional/per-tahun/index.html").is_file()
    sitemaps = " ".join(f.read_text(encoding="utf-8") for f in public.glob("sitemap*.xml"))
    assert "/embed/" not in sitemaps and "/statistik/penempatan-nasional/" in sitemaps


def test_the_dataset_page_offers_the_iframe_code_and_the_iframe_fits_its_width(
        browser: Browser, public: Path, site_url: str) -> None:
    soup = BeautifulSoup((public / "en/statistics/penempatan-nasional/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    code = BeautifulSoup(soup.select_one("figure.chart .chart-embed textarea").get_text(), "html.parser").iframe
    assert code["src"].endswith("/en/embed/penempatan-nasional/per-tahun/") and code["title"]
    host = public / "host.html"  # another site's page, showing the chart at two widths
    frames = "".join(f'<iframe src="/en/embed/penempatan-nasional/per-tahun/" width="{w}" height="{code["height"]}" '
                     f'style="border:0"></iframe>' for w in (340, 700))
    host.write_text(f"<!DOCTYPE html><title>host</title>{frames}", encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 1200}, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{site_url}/host.html")
    shown = []
    for frame in tab.frames[1:]:
        image = frame.locator("figure.chart img")
        frame.wait_for_function("() => document.querySelector('figure.chart img').complete")
        shown.append(image.evaluate("i => [i.currentSrc.includes('-phone.svg'), i.getBoundingClientRect().bottom]"))
        assert frame.locator(".embed-back").is_visible()
        assert frame.evaluate("document.documentElement.scrollHeight") <= int(code["height"])  # no scrolling
    assert [phone for phone, _ in shown] == [True, False]
    context.close()


MANY = """\
title: {id: Kabupaten asal, en: Home districts}
source: Kantor Uji
unit: {id: orang, en: people}
license: CC0-1.0
updated: 2025-12-23
schema:
  fields:
    - {name: asal, title: {id: Asal, en: From}}
    - {name: jumlah, type: integer, title: {id: Jumlah, en: Number}}
charts:
  semua: {type: bar, x: asal, y: jumlah}
"""


def test_sixty_long_categories_become_a_tall_horizontal_bar_chart_without_overlaps(
        tmp_path: Path, browser: Browser) -> None:
    from tests.conftest import build_site, make_site

    site = make_site(tmp_path, overlay=Path(__file__).parent / "sites" / "with-data")
    rows = ["asal,jumlah"] + [f"Kabupaten Nusa Tenggara Barat Nomor {n},{n * 137}" for n in range(1, 61)]
    (site / "data/asal.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (site / "data/asal.resource.yaml").write_text(MANY, encoding="utf-8")
    public = build_site(site)
    figure = BeautifulSoup((public / "statistik/asal/index.html").read_text(encoding="utf-8"),
                           "html.parser").select_one("figure.chart")
    for drawn in (figure.img, figure.source):
        assert int(drawn["height"]) >= 60 * 34, drawn  # a bar of its own per category
    with serve(public) as url:
        for viewport in (360, 1280):
            context = browser.new_context(viewport={"width": viewport, "height": 800})
            tab = context.new_page()
            tab.goto(url + "/statistik/asal/")
            [chart] = measure(tab)
            assert len(chart["boxes"]) >= 120 and overlaps(chart["boxes"]) == [], viewport
            assert min(box["size"] for box in chart["boxes"]) >= 12
            context.close()


LINES = """\
title: {id: Penempatan per negara, en: Placements by country}
source: Kantor Uji
unit: {id: orang, en: people}
license: CC0-1.0
updated: 2025-12-23
schema:
  fields:
    - {name: bulan, type: yearmonth, title: {id: Bulan, en: Month}}
    - {name: negara, title: {id: Negara, en: Country}}
    - {name: jumlah, type: integer, title: {id: Jumlah, en: Number}}
charts:
  negara: {type: line, x: bulan, y: jumlah, color: negara}
"""


def built_with_table(tmp_path: Path, rows: list[str], descriptor: str) -> Path:
    """The with-data site with a table `negara` (bulan, negara, jumlah) of `rows`, built."""
    from tests.conftest import build_site, make_site

    site = make_site(tmp_path, overlay=Path(__file__).parent / "sites" / "with-data")
    (site / "data/negara.csv").write_text("\n".join(["bulan,negara,jumlah", *rows]) + "\n", encoding="utf-8")
    (site / "data/negara.resource.yaml").write_text(descriptor, encoding="utf-8")
    return build_site(site)


def test_lines_are_named_at_their_ends_instead_of_a_legend_and_the_names_never_overlap(
        tmp_path: Path, browser: Browser) -> None:
    countries = {"Malaysia": 900, "Taiwan": 905, "Hongkong": 910, "Brunei": 300}  # three end close together
    public = built_with_table(tmp_path, [f"2025-{month:02d},{country},{last - (12 - month) * 20}"
                                         for country, last in countries.items() for month in range(1, 13)], LINES)
    figure = BeautifulSoup((public / "en/statistics/negara/index.html").read_text(encoding="utf-8"),
                           "html.parser").select_one("figure.chart")
    for drawn in (figure.img["src"], figure.source["srcset"]):
        svg = (public / drawn.lstrip("/")).read_text(encoding="utf-8")
        assert "role-legend" not in svg, drawn
    with serve(public) as url:
        for viewport in (360, 1280):
            context = browser.new_context(viewport={"width": viewport, "height": 800})
            tab = context.new_page()
            tab.goto(url + "/en/statistics/negara/")
            [chart] = measure(tab)
            texts = [box["text"] for box in chart["boxes"]]
            assert set(countries) <= set(texts), (viewport, texts)
            assert overlaps(chart["boxes"]) == [] and chart["clipped"] == [], viewport
            assert min(box["size"] for box in chart["boxes"]) >= 12
            names = {box["text"]: box for box in chart["boxes"] if box["text"] in countries}
            # each name stands right of the plot's last month, in the order the lines end in
            assert [n for n in sorted(names, key=lambda n: names[n]["top"])] == [
                "Hongkong", "Taiwan", "Malaysia", "Brunei"], viewport
            context.close()


# The same table with its countries translated, drawn as stacked bars.
STACKED = LINES.replace("    - {name: negara, title: {id: Negara, en: Country}}\n", """\
    - name: negara
      title: {id: Negara, en: Country}
      values: {Hongkong: {en: Hong Kong}, Korea Selatan: {en: South Korea}, Jepang: {en: Japan}}
""").replace("type: line", "type: stacked bar")


def test_a_legend_of_long_names_wraps_on_a_phone_and_each_series_keeps_its_colour_in_every_language(
        tmp_path: Path, browser: Browser) -> None:
    """Five destinations on one line ran past a phone's edge, and sorting the translated names gave
    South Korea another colour than Korea Selatan (found by a new officer trying the tool)."""
    countries = ["Hongkong", "Taiwan", "Malaysia", "Jepang", "Korea Selatan"]
    public = built_with_table(tmp_path, [f"2025-{month:02d},{country},{100 * (n + 1) + month}"
                                         for month in (1, 2, 3) for n, country in enumerate(countries)], STACKED)
    names = {"id": countries, "en": ["Hong Kong", "Taiwan", "Malaysia", "Japan", "South Korea"]}
    colours: dict[str, list[str]] = {}  # each country's colour, in the table's order
    for lang, path in (("id", "statistik/negara"), ("en", "en/statistics/negara")):
        figure = BeautifulSoup((public / path / "index.html").read_text(encoding="utf-8"),
                               "html.parser").select_one("figure.chart")
        svg = BeautifulSoup((public / figure.source["srcset"].lstrip("/")).read_text(encoding="utf-8"), "xml")
        legend = svg.select_one(".role-legend")
        labels = [text.get_text() for text in legend.select(".role-legend-label text")]
        fills = [symbol["fill"] for symbol in legend.select(".role-legend-symbol path")]
        colour_of = dict(zip(labels, fills, strict=True))
        colours[lang] = [colour_of[name] for name in names[lang]]
    assert colours["id"] == colours["en"] and len(set(colours["id"])) == 5
    with serve(public) as url:
        for viewport in (360, 1280):
            context = browser.new_context(viewport={"width": viewport, "height": 800})
            tab = context.new_page()
            for lang, path in (("id", "/statistik/negara/"), ("en", "/en/statistics/negara/")):
                tab.goto(url + path)
                [chart] = measure(tab)
                texts = [box["text"] for box in chart["boxes"]]
                assert set(names[lang]) <= set(texts), (viewport, lang, texts)
                assert overlaps(chart["boxes"]) == [] and chart["clipped"] == [], (viewport, lang)
            context.close()
