"""Datasets, charts and figures from data/: the built files, in both languages."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import date
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from frictionless import validate

from sitegen.data import vega
from sitegen.data.cells import CellError, convert
from sitegen.data.descriptors import FieldSpec
from sitegen.source.i18n import d3_pattern, vega_locale
from tests.conftest import SITES, build_site, make_site, page

WITH_DATA = SITES / "with-data"
RELEASE_ID = "/berita/2025-08-22-rakornis/"
RELEASE_EN = "/en/news/coordination-meeting/"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(make_site(tmp_path_factory.mktemp("data"), overlay=WITH_DATA))


def svg_texts(public: Path, src: str) -> list[str]:
    """The text of every <text> element of a chart's SVG, as a reader (or screen reader) sees it."""
    svg = (public / src.lstrip("/")).read_text(encoding="utf-8")
    return [BeautifulSoup(t, "html.parser").get_text() for t in re.findall(r"<text[^>]*>[^<]*</text>", svg)]


def figures(doc: BeautifulSoup) -> list:
    return doc.select("figure.chart")


# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "field", "expected"), [
    ("20.191", {"type": "integer", "groupChar": "."}, 20191),
    ("20,191", {"type": "integer", "groupChar": ","}, 20191),
    (20191, {"type": "integer"}, 20191),
    ("1.234,5", {"type": "number", "groupChar": ".", "decimalChar": ","}, 1234.5),
    ("33,7", {"type": "number", "decimalChar": ","}, 33.7),
    ("2025-08", {"type": "yearmonth"}, date(2025, 8, 1)),
    ("2025", {"type": "year"}, 2025),
    ("2025-08-22", {"type": "date"}, date(2025, 8, 22)),
    ("TRUE", {"type": "boolean"}, True),
    ("", {"type": "integer"}, None),
    ("-", {"type": "integer", "missingValues": ["-"]}, None),
    (" Hongkong ", {"type": "string"}, "Hongkong"),
])
def test_a_cell_becomes_its_fields_type(raw: object, field: dict, expected: object) -> None:
    assert convert(raw, FieldSpec.model_validate({"name": "x", **field})) == expected


@pytest.mark.parametrize(("raw", "field", "message"), [
    ("1.234,5", {"type": "integer", "groupChar": "."}, '"1.234,5" is not an integer'),
    ("20.191", {"type": "integer"}, '"20.191" is not an integer: if "." separates thousands here, add '
                                    'groupChar: "." to the field "x" in the descriptor'),
    ("990 orang", {"type": "integer"}, '"990 orang" is not an integer: write only the number; the unit is written '
                                       "once, as unit: in the descriptor"),
    ("n/a", {"type": "integer"}, '"n/a" is not an integer: leave the cell empty, or add "n/a" to "missingValues" '
                                 "in the descriptor, if it means that the value is not known"),
    ("1.234,5", {"type": "number"}, '"1.234,5" is not a number'),
    ("1.5", {"type": "number", "decimalChar": ","}, '"1.5" is not a number (this column\'s decimal mark is ",")'),
    ("2025-13", {"type": "yearmonth"}, '"2025-13" is not a year and month; write YYYY-MM, like 2025-08'),
    ("Januari 2025", {"type": "yearmonth"}, '"Januari 2025" is not a year and month; write YYYY-MM, like 2025-01'),
    ("Mar 2024", {"type": "yearmonth"}, '"Mar 2024" is not a year and month; write YYYY-MM, like 2024-03'),
    ("2025-02-30", {"type": "date"}, '"2025-02-30" is not a date; write it as YYYY-MM-DD, like 2025-08-22'),
    ("25", {"type": "year"}, '"25" is not a year; write four digits, like 2025'),
    ("ya", {"type": "boolean"}, '"ya" is not true or false (allowed: true, True, TRUE, 1, false, False, FALSE, 0)'),
])
def test_a_bad_cell_says_what_it_is_not(raw: object, field: dict, message: str) -> None:
    with pytest.raises(CellError) as error:
        convert(raw, FieldSpec.model_validate({"name": "x", **field}))
    assert str(error.value) == message


def test_vegas_locale_is_built_from_babels_cldr_data() -> None:
    indonesian, english = vega_locale("id"), vega_locale("en")
    assert (indonesian["number"]["decimal"], indonesian["number"]["thousands"]) == (",", ".")
    assert (english["number"]["decimal"], english["number"]["thousands"]) == (".", ",")
    assert indonesian["time"]["shortMonths"][7] == "Agu"
    assert indonesian["time"]["months"][4] == "Mei"
    assert indonesian["time"]["days"][0] == "Minggu"  # d3 weeks start on Sunday
    assert english["time"]["shortMonths"][7] == "Aug"
    assert d3_pattern("d MMM y") == "%-d %b %Y"
    assert d3_pattern("HH.mm.ss") == "%H.%M.%S"


# --- charts --------------------------------------------------------------------------------


def test_one_spec_gives_each_language_its_numbers_and_names(public: Path) -> None:
    id_texts = [svg_texts(public, f.img["src"]) for f in figures(page(public, "/statistik/keberangkatan/"))]
    en_texts = [svg_texts(public, f.img["src"]) for f in figures(page(public, "/en/statistics/keberangkatan/"))]
    assert "20.191" in id_texts[0] and "20,191" not in id_texts[0]
    assert "20,191" in en_texts[0] and "20.191" not in en_texts[0]
    assert "Semester I 2025" in id_texts[0] and "First half of 2025" in en_texts[0]
    # No axis title: the caption gives the unit (issue 15's editorial defaults).
    assert "Keberangkatan (orang)" not in id_texts[0] and "Departures (people)" not in en_texts[0]


def test_months_are_named_in_the_pages_language(public: Path) -> None:
    id_chart = figures(page(public, RELEASE_ID))[0]
    en_chart = figures(page(public, RELEASE_EN))[0]
    assert svg_texts(public, id_chart.img["src"])[:6] == [
        "Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "Mei 2025", "Jun 2025"]
    assert svg_texts(public, en_chart.img["src"])[:6] == [
        "Jan 2025", "Feb 2025", "Mar 2025", "Apr 2025", "May 2025", "Jun 2025"]
    assert "4.000" in svg_texts(public, id_chart.img["src"])
    assert "4,000" in svg_texts(public, en_chart.img["src"])


def test_category_values_are_translated_in_chart_and_table(public: Path) -> None:
    id_chart, en_chart = figures(page(public, RELEASE_ID))[1], figures(page(public, RELEASE_EN))[1]
    assert {"Hongkong", "Taiwan", "Arab Saudi"} <= set(svg_texts(public, id_chart.img["src"]))
    assert {"Hong Kong", "Taiwan", "Saudi Arabia"} <= set(svg_texts(public, en_chart.img["src"]))
    assert [[c.get_text() for c in row.select("th, td")] for row in en_chart.select("tbody tr")] == [
        ["Hong Kong", "2,000"], ["Taiwan", "1,412"], ["Saudi Arabia", "500"]]
    assert [[c.get_text() for c in row.select("th, td")] for row in id_chart.select("tbody tr")] == [
        ["Hongkong", "2.000"], ["Taiwan", "1.412"], ["Arab Saudi", "500"]]


def test_a_chart_is_a_complete_figure(public: Path) -> None:
    chart = figures(page(public, RELEASE_ID))[0]
    image = chart.select_one(".chart-canvas img")
    assert image["src"].startswith("/charts/") and image["src"].endswith(".svg")
    assert image["alt"] == "Diagram batang: Penempatan per bulan, Januari–Juni 2025; tertinggi pada Maret 2025, 3.912."
    assert chart["data-spec"] == image["src"].removesuffix(".svg") + ".vl.json"
    caption = " ".join(chart.figcaption.get_text().split())
    assert caption == ("Penempatan per bulan Satuan: orang · Sumber: Kantor Uji · Lisensi: CC-BY-4.0")
    assert chart.select_one('a[rel="license"]')["href"] == "https://creativecommons.org/licenses/by/4.0/"
    details = chart.select_one("details.chart-table")
    assert details is not None and not details.has_attr("open")  # collapsed until asked for
    assert details.summary.get_text() == "Tampilkan data dalam tabel"
    assert [th.get_text() for th in details.select("thead th")] == ["Bulan", "Penempatan"]
    assert [th.get_text() for th in details.select("tbody th")] == [
        "Januari 2025", "Februari 2025", "Maret 2025", "April 2025", "Mei 2025", "Juni 2025"]
    links = {a.get_text(): a["href"] for a in chart.select(".chart-links a")}
    assert list(links) == ["CSV", "JSON", "SVG", "PNG", "Tentang data ini"]
    assert links["Tentang data ini"] == "/statistik/penempatan-2025/"
    for href in links.values():
        target = public / href.lstrip("/")
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href
    assert (public / links["PNG"].lstrip("/")).read_bytes().startswith(b"\x89PNG")
    spec = json.loads((public / chart["data-spec"].lstrip("/")).read_text(encoding="utf-8"))
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert spec["description"] == image["alt"]


def test_the_english_description_is_generated_from_the_data(public: Path) -> None:
    chart = figures(page(public, RELEASE_EN))[0]
    # Babel's CLDR interval puts thin spaces around the dash in English.
    assert chart.img["alt"] == ("Bar chart: Placements by month, January\u2009–\u2009June 2025; "
                                "highest in March 2025, 3,912.")
    hbar = figures(page(public, RELEASE_EN))[1]
    assert hbar.img["alt"] == ("Horizontal bar chart: Placements by month, first half of 2025, 3 categories; "
                               "highest: Hong Kong, 2,000.")


def test_the_chart_script_is_vendored_and_loaded_only_where_there_are_charts(public: Path) -> None:
    # The page loads only the small "explore the data" script; it loads Vega when asked (issue 15).
    script = page(public, RELEASE_ID).select_one("script[src]")
    assert script["src"] == "/js/chart-explore.js" and script.has_attr("defer")
    assert len(gzip.compress((public / "js/chart-explore.js").read_bytes())) < 2_000
    assert script["data-bundle"] == vega.script_path()
    bundle = (public / script["data-bundle"].lstrip("/")).read_text(encoding="utf-8")
    assert "sitegenDrawChart" in bundle and "vega-embed" in bundle
    for path in ("/", "/berita/", "/berita/2025-08-20-sosialisasi/", "/statistik/"):
        assert page(public, path).select("script[src]") == [], path


def test_feeds_carry_charts_as_static_images(public: Path) -> None:
    feed = feedparser.parse((public / "en/index.xml").read_bytes())
    entry = next(e for e in feed.entries if e.link == "https://example.org" + RELEASE_EN)
    images = BeautifulSoup(entry.content[0].value, "html.parser").select("figure.chart img")
    assert [re.sub(r"[0-9a-f]{20}", "<hash>", i["src"]) for i in images] == [
        "https://example.org/charts/<hash>.svg", "https://example.org/charts/<hash>.svg"]


# --- figures in prose ----------------------------------------------------------------------


def test_stat_writes_the_figure_in_the_pages_locale(public: Path) -> None:
    assert [s.get_text() for s in page(public, RELEASE_ID).select("span.stat")] == ["20.191", "20,2 ribu"]
    assert [s.get_text() for s in page(public, RELEASE_EN).select("span.stat")] == ["20,191", "20.2 thousand"]


def test_a_release_links_to_the_datasets_it_uses(public: Path) -> None:
    doc = page(public, RELEASE_EN)
    links = [(a.get_text(), a["href"]) for a in doc.select(".release-footer .terms")[0].select("a")]
    assert links == [("Placements by month, first half of 2025", "/en/statistics/penempatan-2025/")]
    article = next(d for d in map(json.loads, (s.string for s in doc.select('script[type="application/ld+json"]')))
                   for d in (d if isinstance(d, list) else [d]) if d["@type"] == "NewsArticle")
    assert article["isBasedOn"] == [{
        "@type": "Dataset", "@id": "https://example.org/en/statistics/penempatan-2025/#dataset",
        "name": "Placements by month, first half of 2025", "url": "https://example.org/en/statistics/penempatan-2025/"}]


# --- the statistics section ----------------------------------------------------------------


def test_the_catalogue_lists_each_dataset_with_its_key_figure(public: Path) -> None:
    cards = page(public, "/statistik/").select(".dataset-card")
    assert [c.h2.get_text() for c in cards] == ["Keberangkatan per semester", "Penempatan per bulan, semester I 2025"]
    assert cards[1].select_one(".key-value").get_text() == "20.191"
    assert cards[1].a["href"] == "/statistik/penempatan-2025/"
    assert cards[1].select_one("img.thumbnail")["src"].endswith(".svg")
    english = page(public, "/en/statistics/").select(".dataset-card")
    assert english[1].select_one(".key-value").get_text() == "20,191"
    assert english[1].select_one(".key-label").get_text() == "First half of 2025 · people"


def test_a_dataset_page_has_charts_table_metadata_downloads_and_citing_releases(public: Path) -> None:
    doc = page(public, "/en/statistics/penempatan-2025/")
    assert doc.h1.get_text() == "Placements by month, first half of 2025"
    assert len(figures(doc)) == 2
    table = doc.select_one("#data + .table-scroll table")
    assert [th.get_text() for th in table.select("thead th")] == ["Month", "Destination", "Placements"]
    assert [td.get_text() for td in table.select("tbody tr")[2].select("td")] == ["January 2025", "Saudi Arabia", "400"]
    meta = dict(zip([dt.get_text() for dt in doc.select(".dataset-meta dt")],
                    [dd.get_text() for dd in doc.select(".dataset-meta dd")], strict=True))
    assert meta == {"Source": "Test Office", "Unit": "people", "Licence": "CC-BY-4.0",
                    "Updated": "Tuesday, 15 July 2025", "Period covered": "January 2025 – June 2025"}
    assert [a["href"] for a in doc.select(".downloads a")] == [
        "/data/penempatan-2025/penempatan-2025.csv", "/data/penempatan-2025/penempatan-2025.json",
        "/data/penempatan-2025/datapackage.json"]
    assert [a["href"] for a in doc.select(".card-title a")] == [RELEASE_EN]
    alternates = {link["hreflang"]: link["href"] for link in doc.select('link[rel="alternate"][hreflang]')}
    assert alternates == {"id": "https://example.org/statistik/penempatan-2025/",
                          "en": "https://example.org/en/statistics/penempatan-2025/",
                          "x-default": "https://example.org/statistik/penempatan-2025/"}


def test_a_dataset_page_describes_itself_as_a_schema_org_dataset(public: Path) -> None:
    doc = page(public, "/statistik/penempatan-2025/")
    data = [json.loads(s.string) for s in doc.select('script[type="application/ld+json"]')]
    dataset = next(d for item in data for d in (item if isinstance(item, list) else [item]) if d["@type"] == "Dataset")
    assert dataset["name"] == "Penempatan per bulan, semester I 2025"
    assert dataset["description"] == "Penempatan PMI per bulan dan negara tujuan."
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["creator"] == {"@type": "Organization", "name": "Kantor Uji"}
    assert dataset["temporalCoverage"] == "2025-01/2025-06"
    assert dataset["distribution"] == [
        {"@type": "DataDownload", "encodingFormat": "text/csv",
         "contentUrl": "https://example.org/data/penempatan-2025/penempatan-2025.csv"},
        {"@type": "DataDownload", "encodingFormat": "application/json",
         "contentUrl": "https://example.org/data/penempatan-2025/penempatan-2025.json"},
        {"@type": "DataDownload", "encodingFormat": "application/json",
         "contentUrl": "https://example.org/data/penempatan-2025/datapackage.json"},
    ]


def test_the_sitemap_lists_the_statistics_pages(public: Path) -> None:
    sitemap = (public / "sitemap-id.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/statistik/</loc>" in sitemap
    assert "<loc>https://example.org/statistik/penempatan-2025/</loc>" in sitemap


# --- downloads -----------------------------------------------------------------------------


def test_downloads_are_canonical_csv_and_json(public: Path) -> None:
    folder = public / "data/penempatan-2025"
    rows = list(csv.reader(io.StringIO((folder / "penempatan-2025.csv").read_text(encoding="utf-8"))))
    assert rows[:3] == [["bulan", "negara", "jumlah"], ["2025-01", "Hongkong", "1500"], ["2025-01", "Taiwan", "1200"]]
    records = json.loads((folder / "penempatan-2025.json").read_text(encoding="utf-8"))
    assert records[6] == {"bulan": "2025-03", "negara": "Hongkong", "jumlah": 2000}
    assert len(records) == len(rows) - 1 == 18


def test_the_data_package_validates_with_frictionless(public: Path) -> None:
    for name in ("penempatan-2025", "keberangkatan"):
        report = validate(str(public / f"data/{name}/datapackage.json"))
        assert report.valid, report.flatten(["type", "note"])
    package = json.loads((public / "data/penempatan-2025/datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][0]["schema"]["fields"][2] == {
        "name": "jumlah", "type": "integer", "title": "Penempatan", "constraints": {"required": True, "minimum": 0}}
    assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]


# --- other table formats, the escape hatch, the cache ---------------------------------------


DESCRIPTOR = """\
title: {id: Skema, en: Schemes}
source: Uji
unit: {id: orang, en: people}
license: CC0-1.0
updated: 2025-12-23
schema:
  fields:
    - {name: skema, title: {id: Skema, en: Scheme}}
    - {name: jumlah, type: integer, title: {id: Jumlah, en: Number}}
"""


@pytest.mark.parametrize("kind", ["yaml", "json", "xlsx"])
def test_tables_can_be_yaml_json_or_excel(tmp_path: Path, kind: str) -> None:
    site = make_site(tmp_path, overlay=WITH_DATA)
    (site / "data/skema.resource.yaml").write_text(DESCRIPTOR, encoding="utf-8")
    rows = [("P to P", 38424), ("UKPS", 544)]
    if kind == "yaml":
        (site / "data/skema.yaml").write_text("- {skema: P to P, jumlah: 38424}\n- {skema: UKPS, jumlah: 544}\n")
    elif kind == "json":
        (site / "data/skema.json").write_text(json.dumps([{"skema": s, "jumlah": n} for s, n in rows]))
    else:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["skema", "jumlah"])
        for row in rows:
            book.active.append(list(row))
        book.save(site / "data/skema.xlsx")
    public = build_site(site)
    table = page(public, "/en/statistics/skema/").select_one("#data + .table-scroll table")
    assert [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")] == [
        ["P to P", "38,424"], ["UKPS", "544"]]


def test_a_named_sheet_of_a_workbook_can_be_chosen(tmp_path: Path) -> None:
    import openpyxl

    site = make_site(tmp_path, overlay=WITH_DATA)
    (site / "data/skema.resource.yaml").write_text("sheet: Data\n" + DESCRIPTOR, encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.title = "Catatan"
    book.active.append(["bukan tabel ini"])
    sheet = book.create_sheet("Data")
    sheet.append(["skema", "jumlah"])
    sheet.append(["P to P", 38424])
    book.save(site / "data/skema.xlsx")
    public = build_site(site)
    assert page(public, "/statistik/skema/").select_one("#data + .table-scroll td").get_text() == "P to P"


def test_a_raw_vega_lite_spec_is_an_escape_hatch(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=WITH_DATA)
    (site / "data/lingkaran.vl.json").write_text(json.dumps({
        "mark": "point", "encoding": {"x": {"field": "keberangkatan", "type": "quantitative"},
                                      "y": {"field": "periode", "type": "nominal"}}}))
    post = site / "content/news/2025-08-22-rakornis/index.en.md"
    post.write_text(post.read_text() + "\n```chart\ndata: keberangkatan\nvega-lite: lingkaran.vl.json\n"
                    "title: Raw spec\n```\n")
    public = build_site(site)
    chart = figures(page(public, RELEASE_EN))[-1]
    assert {"First half of 2025", "20,000"} <= set(svg_texts(public, chart.img["src"]))


def test_a_rebuild_renders_only_charts_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path, overlay=WITH_DATA)
    build_site(site)
    rendered: list[dict] = []
    real = vega.render

    def counting(layouts: dict[str, dict]) -> dict[str, bytes]:
        rendered.append(layouts)
        return real(layouts)

    monkeypatch.setattr(vega, "render", counting)
    build_site(site)
    assert rendered == []  # warm: every chart from the cache
    table = site / "data/keberangkatan.json"
    table.write_text(table.read_text().replace("20599", "20600"))
    public = build_site(site)
    assert len(rendered) == 4  # the one chart of the changed dataset and its thumbnail, in each language
    assert "20.600" in svg_texts(public, figures(page(public, "/statistik/keberangkatan/"))[0].img["src"])


def test_the_home_page_shows_the_key_figures_of_the_statistics(public: Path) -> None:
    figures = page(public, "/").select(".key-figures li a")
    assert [(a["href"], a.select_one(".key-value").get_text()) for a in figures] == [
        ("/statistik/penempatan-2025/", "20.191")]
    english = page(public, "/en/").select_one(".key-figures li a")
    assert english.select_one(".key-label").get_text() == "First half of 2025"
