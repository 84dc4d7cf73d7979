"""A table beside a release, with its descriptor: a dataset of its own that the release names by file name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.core.errors import SitegenError
from tests.conftest import SITES, build_site, make_site, page

BUNDLE = "content/news/2025-08-30-penempatan-negara"
RELEASE_ID = "/berita/2025-08-30-penempatan-negara/"
RELEASE_EN = "/en/news/saudi-arabia-leads-placements/"


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(bundle_site(tmp_path_factory.mktemp("bundle")))


def bundle_site(tmp_path: Path) -> Path:
    """The minimal site with data/ (tests/sites/with-data) and a release with its own table (bundle-data)."""
    site = make_site(tmp_path, overlay=SITES / "with-data")
    shutil.copytree(SITES / "bundle-data", site, dirs_exist_ok=True)
    return site


def json_ld(doc: BeautifulSoup, kind: str) -> dict:
    blocks = [json.loads(s.string) for s in doc.select('script[type="application/ld+json"]')]
    return next(d for block in blocks for d in (block if isinstance(block, list) else [block]) if d["@type"] == kind)


def test_the_bundles_table_has_its_own_page_in_the_statistics_section(public: Path) -> None:
    doc = page(public, "/statistik/penempatan-negara/")
    assert doc.h1.get_text() == "Penempatan PMI per negara tujuan, 2024"
    english = page(public, "/en/statistics/penempatan-negara/")
    assert english.h1.get_text() == "Placements of Indonesian migrant workers by destination, 2024"
    dataset = json_ld(english, "Dataset")
    assert dataset["name"] == "Placements of Indonesian migrant workers by destination, 2024"
    assert {d["contentUrl"] for d in dataset["distribution"]} >= {
        "https://example.org/data/penempatan-negara/penempatan-negara.csv"}
    catalogue = [c.h2.get_text() for c in page(public, "/statistik/").select(".dataset-card")]
    assert "Penempatan PMI per negara tujuan, 2024" in catalogue


def test_the_bundles_table_is_published_as_downloads(public: Path) -> None:
    csv = (public / "data/penempatan-negara/penempatan-negara.csv").read_text(encoding="utf-8")
    assert csv.splitlines() == ["negara,jumlah,persen", "Arab Saudi,1407494,62.5", "Malaysia,520191,23.1",
                                "Taiwan,,", "Hongkong,322400,14.4"]
    assert not (public / RELEASE_ID.strip("/") / "penempatan-negara.resource.yaml").exists()


def test_the_release_names_the_table_by_its_file_name(public: Path) -> None:
    release = page(public, RELEASE_ID)
    assert [s.get_text() for s in release.select("span.stat")] == ["1.407.494"]
    assert [s.get_text() for s in page(public, RELEASE_EN).select("span.stat")] == ["1,407,494"]
    charts = release.select("figure.chart")
    assert len(charts) == 2
    assert all(c.img["src"].startswith("/charts/") for c in charts)
    svg = (public / charts[0].img["src"].lstrip("/")).read_text(encoding="utf-8")
    assert "Arab Saudi" in svg and "1.407.494" in svg
    english_svg = (public / page(public, RELEASE_EN).select_one("figure.chart img")["src"].lstrip("/")).read_text()
    assert "Saudi Arabia" in english_svg
    article = json_ld(page(public, RELEASE_EN), "NewsArticle")
    assert [d["url"] for d in article["isBasedOn"]] == ["https://example.org/en/statistics/penempatan-negara/"]


def test_two_datasets_with_one_name_are_an_error_naming_both_files(tmp_path: Path) -> None:
    site = bundle_site(tmp_path)
    shutil.copy(site / BUNDLE / "penempatan-negara.csv", site / "data/penempatan-negara.csv")
    shutil.copy(site / BUNDLE / "penempatan-negara.resource.yaml", site / "data/penempatan-negara.resource.yaml")
    with pytest.raises(SitegenError) as error:
        build_site(site)
    assert [str(p) for p in error.value.problems] == [
        f'{BUNDLE}/penempatan-negara.resource.yaml: dataset name "penempatan-negara" is also the name of '
        "data/penempatan-negara.resource.yaml; give one of them another name"]
    assert not (site / "public").exists()


def test_a_table_in_a_bundle_without_a_descriptor_is_only_a_download_of_the_release(tmp_path: Path) -> None:
    site = bundle_site(tmp_path)
    (site / BUNDLE / "penempatan-negara.resource.yaml").unlink()
    (site / BUNDLE / "index.id.md").write_text("---\ntitle: Rilis\ndate: 2025-08-30\n---\nTabel terlampir.\n",
                                               encoding="utf-8")
    (site / BUNDLE / "index.en.md").unlink()
    public = build_site(site)
    assert (public / RELEASE_ID.strip("/") / "penempatan-negara.csv").is_file()
    assert not (public / "statistik/penempatan-negara").exists()


def test_the_preview_shows_an_edit_of_the_bundles_table_as_a_full_build_would(tmp_path: Path) -> None:
    from tests.test_session import assert_same_as_from_scratch, start

    site = bundle_site(tmp_path)
    session = start(site)
    table = site / BUNDLE / "penempatan-negara.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("1.407.494", "1.500.000"), encoding="utf-8")
    session.build([table])
    assert "page /berita/2025-08-30-penempatan-negara/" in session.rendered
    release = page(session.output, RELEASE_ID)
    assert [s.get_text() for s in release.select("span.stat")] == ["1.500.000"]
    assert_same_as_from_scratch(session)


def test_a_bad_cell_or_a_missing_table_in_a_bundle_is_named_by_its_file(tmp_path: Path) -> None:
    site = bundle_site(tmp_path)
    table = site / BUNDLE / "penempatan-negara.csv"
    table.write_text(table.read_text(encoding="utf-8").replace('"520.191"', '"520.19"'), encoding="utf-8")
    with pytest.raises(SitegenError) as error:
        build_site(site)
    assert [str(p) for p in error.value.problems] == [
        f'{BUNDLE}/penempatan-negara.csv:3: column "jumlah": "520.19" is not an integer: "." separates groups of '
        "three digits in this column, like 1.234.567"]
    table.unlink()
    with pytest.raises(SitegenError) as error:
        build_site(site)
    assert [str(p) for p in error.value.problems] == [
        f"{BUNDLE}/penempatan-negara.resource.yaml: has no table beside it: add one of penempatan-negara.csv, "
        'penempatan-negara.json, penempatan-negara.yaml, penempatan-negara.xlsx, or say which file with path: "..."']
