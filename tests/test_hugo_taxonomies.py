"""Taxonomies as configured (issue 18, points 1 and 2; issue 19, point 8).

The fixture tests/sites/taxonomies is the minimal site with Hugo's four taxonomies of a
multilingual blog (`categories`, `tags`, `authors`, `series`), term `_index` pages
(content/authors/budi-santoso/_index.*.md) and a taxonomy `_index` page (content/authors/_index.id.md).
Bad input (a taxonomy without strings, an unknown taxonomy in a template, a value that is not a
list) is in tests/sites/invalid/taxonomy-* and unknown-taxonomy-in-template, run by test_bad_input.py.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from sitegen.core.errors import SitegenError
from sitegen.core.limits import TERMS_PER_PAGE
from sitegen.source.frontmatter import parse_source
from sitegen.source.taxonomies import UnknownTaxonomyError, read_terms
from tests.conftest import SITES, build_site, make_site, page

TAXONOMIES = ("categories", "tags", "authors", "series")
ZONE = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("taxonomies"), overlay=SITES / "taxonomies")
    return build_site(site)


def _cards(soup: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(".card-title a")]


def _switch(soup: BeautifulSoup, lang: str) -> str:
    return soup.select_one(f'.lang-switch a[hreflang="{lang}"]')["href"]


def _alternates(soup: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}


def test_every_configured_taxonomy_has_its_lists_in_both_languages(public: Path) -> None:
    expected = {
        "/penulis/", "/penulis/budi-santoso/", "/penulis/tim-humas/", "/penulis/tim-humas/halaman/2/",
        "/seri/", "/seri/bursa-kerja-2025/",
        "/en/authors/", "/en/authors/budi-santoso/", "/en/authors/tim-humas/",
        "/en/series/", "/en/series/job-fair-2025/",
    }
    published = {"/" + p.parent.relative_to(public).as_posix() + "/" for p in public.rglob("index.html")}
    assert {p for p in published if p.startswith(("/penulis/", "/seri/", "/en/authors/", "/en/series/"))} == expected


def test_terms_are_read_without_regard_to_case_and_as_one_text(public: Path) -> None:
    # index.id.md writes "Series:", index.en.md "Authors:", bursa-kerja-tahap-2 "authors: Tim Humas".
    assert _cards(page(public, "/seri/bursa-kerja-2025/")) == ["Bursa Kerja Tahap Kedua",
                                                                "Bursa Kerja Luar Negeri Dibuka di Jakarta Timur"]
    assert _cards(page(public, "/en/authors/budi-santoso/")) == ["Overseas Job Fair Opens in East Jakarta"]
    assert _cards(page(public, "/en/series/job-fair-2025/")) == ["Overseas Job Fair Opens in East Jakarta"]


def test_term_pages_are_paginated_like_categories(public: Path) -> None:
    first, second = page(public, "/penulis/tim-humas/"), page(public, "/penulis/tim-humas/halaman/2/")
    assert _cards(first) == ["Bursa Kerja Tahap Ketiga", "Bursa Kerja Tahap Kedua"]
    assert _cards(second) == ["Bursa Kerja Luar Negeri Dibuka di Jakarta Timur"]
    assert second.select_one("title").get_text().startswith("Tim Humas (")


def _intro(soup: BeautifulSoup) -> str:
    return soup.select_one(".intro").get_text(strip=True)


def _breadcrumbs(soup: BeautifulSoup) -> list[str]:
    scripts = [json.loads(script.string) for script in soup.select('script[type="application/ld+json"]')]
    trail = next(data for data in scripts if data["@type"] == "BreadcrumbList")
    return [item["name"] for item in trail["itemListElement"]]


def test_a_term_index_gives_the_term_page_its_title_and_text(public: Path) -> None:
    indonesian = page(public, "/penulis/budi-santoso/")
    assert indonesian.h1.get_text() == "Budi Santoso, S.Sos."
    assert indonesian.title.get_text() == "Budi Santoso, S.Sos. · Penulis · Situs Uji"
    assert _intro(indonesian) == "Budi Santoso menulis liputan kegiatan balai sejak 2019."
    assert _breadcrumbs(indonesian) == ["Situs Uji", "Penulis", "Budi Santoso, S.Sos."]
    english = page(public, "/en/authors/budi-santoso/")
    assert english.h1.get_text() == "Budi Santoso"
    assert _intro(english) == "Budi Santoso has covered the office’s events since 2019."  # typographic quotes
    assert page(public, "/penulis/tim-humas/").select_one(".intro") is None  # no _index: its name, no text


def test_a_taxonomy_index_gives_the_list_of_terms_its_title_and_text(public: Path) -> None:
    authors = page(public, "/penulis/")
    assert authors.h1.get_text() == "Penulis Kami"
    assert _intro(authors) == "Rilis pers ditulis oleh tim Humas BP3MI DKI Jakarta."
    assert [a.get_text() for a in authors.select(".terms-list a")] == ["Budi Santoso, S.Sos.", "Tim Humas"]
    assert page(public, "/en/authors/").h1.get_text() == "Authors"  # the interface string, without an _index


def test_a_term_with_only_its_index_page_is_published(public: Path) -> None:
    """As in Hugo: content/categories/announcements/_index.en.md makes the term, no release carries it yet."""
    announcements = page(public, "/en/categories/announcements/")
    assert announcements.h1.get_text() == "Official Announcements"
    assert _cards(announcements) == []
    assert "Official Announcements" in [a.get_text() for a in page(public, "/en/categories/").select(".terms-list a")]


def test_a_release_links_its_terms_in_every_taxonomy(public: Path) -> None:
    footer = page(public, "/berita/2025-07-15-bursa-kerja/").select_one("footer.release-footer")
    shown = {p.select_one("span").get_text(): [(a.get_text(), a["href"]) for a in p.select("a")]
             for p in footer.select("p.terms")}
    assert shown == {
        "Kategori:": [("Kegiatan Balai", "/kategori/kegiatan-balai/")],
        "Tag:": [("bursa kerja", "/tag/bursa-kerja/")],
        "Penulis:": [("Budi Santoso", "/penulis/budi-santoso/"), ("Tim Humas", "/penulis/tim-humas/")],
        "Seri:": [("Bursa Kerja 2025", "/seri/bursa-kerja-2025/")],
    }


def test_every_term_has_a_feed_linked_from_its_page(public: Path) -> None:
    rss = ET.parse(public / "penulis/budi-santoso/index.xml").getroot()
    assert rss.findtext("channel/title") == "Situs Uji: Budi Santoso, S.Sos."
    assert [item.findtext("title") for item in rss.iter("item")] == ["Bursa Kerja Luar Negeri Dibuka di Jakarta Timur"]
    assert (public / "en/series/job-fair-2025/atom.xml").is_file()
    feeds = [link["href"] for link in page(public, "/penulis/budi-santoso/").select('link[type="application/rss+xml"]')]
    assert "/penulis/budi-santoso/index.xml" in feeds


def test_term_pages_are_in_the_sitemap(public: Path) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in ET.parse(public / "sitemap-id.xml").getroot().findall("s:url/s:loc", namespace)}
    assert {"https://example.org/penulis/", "https://example.org/penulis/budi-santoso/",
            "https://example.org/seri/bursa-kerja-2025/"} <= listed


@pytest.mark.parametrize(("path", "lang", "expected"), [
    # the translations of its releases carry "Events" in the same place
    ("/kategori/kegiatan-balai/", "en", "/en/categories/events/"),
    ("/en/categories/events/", "id", "/kategori/kegiatan-balai/"),
    # term _index pages with one translationKey, in folders of different names
    ("/kategori/pengumuman/", "en", "/en/categories/announcements/"),
    # the same name in both languages
    ("/en/authors/budi-santoso/", "id", "/penulis/budi-santoso/"),
    ("/seri/bursa-kerja-2025/", "en", "/en/series/job-fair-2025/"),
    ("/tag/rakornis/", "en", "/en/tags/coordination-meeting/"),
    # carried by a translated release beside "rakornis", which is the better match: no term, the list of tags
    ("/tag/penempatan/", "en", "/en/tags/"),
    ("/penulis/tim-humas/halaman/2/", "en", "/en/authors/tim-humas/"),
])
def test_the_language_switch_goes_to_the_same_term(public: Path, path: str, lang: str, expected: str) -> None:
    assert _switch(page(public, path), lang) == expected


def test_hreflang_names_only_hugos_translations_of_a_term(public: Path) -> None:
    """Same name, or `_index` pages that are translations: as Hugo pairs them. A term found through
    translated releases is where the language switch goes, but not named to search engines."""
    assert _alternates(page(public, "/seri/bursa-kerja-2025/")) == {}
    assert _alternates(page(public, "/kategori/pengumuman/")) == {
        "id": "https://example.org/kategori/pengumuman/", "en": "https://example.org/en/categories/announcements/",
        "x-default": "https://example.org/kategori/pengumuman/"}
    assert _alternates(page(public, "/penulis/budi-santoso/")) == {
        "id": "https://example.org/penulis/budi-santoso/", "en": "https://example.org/en/authors/budi-santoso/",
        "x-default": "https://example.org/penulis/budi-santoso/"}
    assert _alternates(page(public, "/kategori/kegiatan-balai/")) == {}
    assert _alternates(page(public, "/tag/penempatan/")) == {}


def _terms(text: str, taxonomies: tuple[str, ...] = TAXONOMIES) -> dict[str, tuple[str, ...]]:
    parsed = parse_source("content/news/x.id.md", text, ZONE)
    return read_terms("content/news/x.id.md", parsed.meta, parsed.key_lines, taxonomies)


def test_read_terms_gives_every_configured_taxonomy() -> None:
    text = "---\ntitle: X\ndate: 2025-08-22\ntags: [a]\nAUTHORS: Budi\nseries: [S1, ' ', S2]\n---\nx\n"
    assert _terms(text) == {"categories": (), "tags": ("a",), "authors": ("Budi",), "series": ("S1", "S2")}
    assert _terms(text, ("tags",)) == {"tags": ("a",)}


def test_a_taxonomy_key_given_twice_is_named() -> None:
    with pytest.raises(SitegenError) as error:
        _terms("---\ntitle: X\ndate: 2025-08-22\nauthors: [A]\nAuthors: [B]\n---\nx\n")
    assert [str(p) for p in error.value.problems] == [
        'content/news/x.id.md:5: front matter "Authors": given twice (also as "authors"); keep one']


def test_terms_of_all_taxonomies_together_are_limited() -> None:
    tags = ", ".join(f"t{n}" for n in range(TERMS_PER_PAGE - 1))
    with pytest.raises(SitegenError) as error:
        _terms(f"---\ntitle: X\ndate: 2025-08-22\ntags: [{tags}]\nauthors: [A, B]\n---\nx\n")
    assert [str(p) for p in error.value.problems] == [
        f'content/news/x.id.md:5: front matter "authors": {TERMS_PER_PAGE + 1} terms in all taxonomies together; '
        f"a page may have up to {TERMS_PER_PAGE}: keep those a reader would look for"]


def test_an_unknown_taxonomy_is_a_clear_error_not_a_crash() -> None:
    from sitegen.model.site import Page

    fields = dict(title="X", date=datetime(2025, 8, 22, tzinfo=ZONE), kind="article", section="news", lang="id",
                  source="content/news/x.id.md", translation_key="news/x", path="/berita/x/", body="", body_line=1)
    release = Page(**fields, taxonomy_terms={"categories": ("A",), "authors": ("Budi",)})
    assert release.authors == ("Budi",)  # a configured taxonomy reads as a field, as categories does
    with pytest.raises(UnknownTaxonomyError) as error:
        release.terms_of("author")
    assert str(error.value) == ('unknown taxonomy "author"; the site\'s taxonomies are categories, authors '
                                "(taxonomies = [...] in sitegen.toml)")
    with pytest.raises(AttributeError):
        release.author_name  # noqa: B018  # neither a field nor a taxonomy


def test_a_configured_taxonomy_is_not_taken_for_a_typo() -> None:
    from sitegen.commands.check import _typos
    from sitegen.model.site import Page

    fields = dict(title="X", date=datetime(2025, 8, 22, tzinfo=ZONE), kind="article", section="news", lang="id",
                  source="content/news/x.id.md", translation_key="news/x", path="/berita/x/", body="", body_line=1,
                  params={"tag": ["a"]}, key_lines={"tag": 4})
    assert [f.message for f in _typos(Page(**fields), ())] == [
        'front matter "tag" is not a key sitegen knows: did you mean "tags"? (A key of the site\'s own: add it '
        "to front_matter_keys in sitegen.toml.)"]
    assert list(_typos(Page(**fields, taxonomy_terms={"tags": (), "tag": ("a",)}), ())) == []


def test_the_preview_follows_edits_of_term_pages_and_terms(tmp_path: Path) -> None:
    """sitegen serve: a term's _index edited, a release given another author; each time the
    preview is what a build from scratch makes."""
    from tests.test_session import assert_same_as_from_scratch, edit, start

    site = make_site(tmp_path, overlay=SITES / "taxonomies")
    session = start(site)
    budi = edit(site / "content/authors/budi-santoso/_index.id.md", "title: Budi Santoso, S.Sos.",
                "title: Budi Santoso, M.Si.")
    session.build([budi])
    assert "page /penulis/budi-santoso/" in session.rendered
    assert_same_as_from_scratch(session)
    release = edit(site / "content/news/bursa-kerja-tahap-3.id.md", "authors: [Tim Humas]", "authors: [Budi Santoso]")
    session.build([release])
    assert {"page /penulis/budi-santoso/", "page /penulis/tim-humas/"} <= set(session.rendered)
    assert_same_as_from_scratch(session)


@pytest.mark.parametrize(("names", "message"), [
    (["categories", "../etc"], "'../etc' must be a taxonomy's name of a-z, 0-9, _ and -, like 'authors'"),
    (["Authors"], "'Authors' must be a taxonomy's name of a-z, 0-9, _ and -, like 'authors'"),
    (["tags", "slug"], '"slug" is a front matter key of its own (not a list of terms); name the taxonomy otherwise'),
    (["tags", "tags"], "names a taxonomy twice; keep one"),
])
def test_a_taxonomy_name_is_a_folder_and_url_segment_not_a_front_matter_field(names: list[str], message: str) -> None:
    from pydantic import ValidationError

    from sitegen.source.config import Config

    with pytest.raises(ValidationError) as error:
        Config(base_url="https://example.org/", default_language="id",
               languages={"id": {"name": "Bahasa Indonesia", "title": "Uji"}}, taxonomies=names)
    assert error.value.errors()[0]["msg"] == "Value error, " + message
