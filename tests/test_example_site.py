"""The office's own site at the repository's root: the example every user sees first."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from tests.conftest import NOW, REPO, page
from tests.links import broken_links, external_resources


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "public"
    build(BuildOptions(site_dir=REPO, output=output, now=NOW.replace(year=2026)))
    return output


def release_pages(public: Path, section: str) -> list[Path]:
    return [p for p in (public / section).glob("*/index.html")]


def test_the_example_site_has_at_least_eight_releases_in_both_languages(example: Path) -> None:
    indonesian = release_pages(example, "berita")
    english = release_pages(example, "en/news")
    assert len(english) >= 8
    assert len(indonesian) == len(english) + 1  # one release is in Indonesian only
    for file in english:
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        hreflangs = {link["hreflang"] for link in doc.select('link[rel="alternate"][hreflang]')}
        assert hreflangs == {"id", "en", "x-default"}, file


def test_the_rakornis_release_is_published_with_its_facts(example: Path) -> None:
    indonesian = page(example, "/berita/2025-08-22-rakornis-evaluasi-layanan/")
    english = page(example, "/en/news/coordination-meeting-reviews-services/")
    assert "20.191" in indonesian.select_one(".body").get_text()
    assert "20,191" in english.select_one(".body").get_text()
    assert indonesian.select_one("header .meta time").get_text() == "Jumat, 22 Agustus 2025, 16.30 WIB"
    assert english.select_one("header .meta time").get_text() == "Friday, 22 August 2025, 16:30 WIB"
    assert page(example, "/").select_one(".featured-headline a")["href"] == (
        "/berita/2025-08-22-rakornis-evaluasi-layanan/")


def test_the_indonesian_only_release_offers_the_english_home_page(example: Path) -> None:
    doc = page(example, "/berita/2025-08-12-jam-layanan-hut-ri-80/")
    assert doc.select_one('nav.lang-switch a[lang="en"]')["href"] == "/en/#no-translation"


def test_profile_and_contact_pages_exist_in_both_languages(example: Path) -> None:
    assert page(example, "/profil/").h1.get_text() == "Profil BP3MI DKI Jakarta"
    assert page(example, "/en/profile/").h1.get_text() == "About BP3MI DKI Jakarta"
    assert page(example, "/kontak/").h1.get_text() == "Kontak dan Layanan Pengaduan"
    assert page(example, "/en/contact/").h1.get_text() == "Contact and Complaint Service"


def test_categories_and_tags_are_real(example: Path) -> None:
    names = [a.get_text() for a in page(example, "/kategori/").select(".terms-list a")]
    assert names == ["Data dan Statistik", "Kegiatan", "Layanan", "Pelindungan", "Penempatan"]
    assert len(page(example, "/en/tags/").select(".terms-list a")) >= 15


def test_every_internal_link_and_image_resolves(example: Path) -> None:
    assert broken_links(example) == []


def test_the_old_url_redirects_to_the_release(example: Path) -> None:
    redirect = page(example, "/2025/08/rakornis-bp3mi-dki-jakarta/")
    assert redirect.select_one('link[rel="canonical"]')["href"].endswith(
        "/berita/2025-08-22-rakornis-evaluasi-layanan/")


def test_pages_load_nothing_from_other_hosts(example: Path) -> None:
    assert external_resources(example) == []
