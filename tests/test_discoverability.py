"""Feeds, sitemaps, head tags, structured data, share cards and the search index of a built site."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from PIL import Image

from sitegen.cli import main
from sitegen.outputs import cards, search
from sitegen.pages import social
from tests.conftest import build_site, make_site, page

RAKORNIS_ID = "/berita/2025-08-22-rakornis/"
RAKORNIS_EN = "/en/news/coordination-meeting/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def json_ld(doc) -> list[dict]:
    found = []
    for script in doc.select('script[type="application/ld+json"]'):
        data = json.loads(script.string)
        found += data if isinstance(data, list) else [data]
    return found


def of_type(doc, kind: str) -> dict:
    return next(item for item in json_ld(doc) if item["@type"] == kind)


def meta(doc, name: str) -> str:
    tag = doc.select_one(f'meta[property="{name}"], meta[name="{name}"]')
    return tag["content"] if tag else None


# --- feeds -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["index.xml", "atom.xml", "en/index.xml", "en/atom.xml",
                                  "kategori/kegiatan-balai/index.xml", "en/categories/events/atom.xml"])
def test_every_feed_parses_without_errors(built: Path, path: str) -> None:
    feed = feedparser.parse((built / path).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries


def test_feeds_are_per_language_with_the_language_set(built: Path) -> None:
    indonesian = feedparser.parse((built / "index.xml").read_bytes())
    english = feedparser.parse((built / "en/index.xml").read_bytes())
    assert indonesian.feed.language == "id" and english.feed.language == "en"
    assert [e.title for e in indonesian.entries] == [
        "Rakornis Evaluasi Layanan", "Sosialisasi Migrasi Aman", "Rilis Berkunci", "Pengumuman Khusus Indonesia"]
    assert [e.title for e in english.entries] == [
        "Coordination Meeting Reviews Services", "Safe Migration Outreach", "Keyed Release"]
    atom = feedparser.parse((built / "en/atom.xml").read_bytes())
    assert atom.feed.language == "en"


def test_feed_items_carry_the_full_release_with_absolute_urls(built: Path) -> None:
    for path in ("index.xml", "atom.xml"):
        entry = feedparser.parse((built / path).read_bytes()).entries[0]
        content = BeautifulSoup(entry.content[0].value, "lxml")
        assert entry.link == "https://example.org/berita/2025-08-22-rakornis/"
        assert content.img["src"] == "https://example.org/berita/2025-08-22-rakornis/foto.jpg"
        assert content.select_one("a")["href"] == "https://example.org/berita/2025-08-20-sosialisasi/#hasil"
        assert "Catatan kaki." in content.get_text() and entry.summary == "Ringkasan rakornis."


def test_category_feeds_hold_that_category_only(built: Path) -> None:
    feed = feedparser.parse((built / "kategori/pengumuman/index.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["Pengumuman Khusus Indonesia"]
    assert feed.feed.title == "Situs Uji: Pengumuman"



def test_a_section_has_its_own_feed_as_in_hugo_linked_from_its_list(built: Path) -> None:
    """Readers of a migrated Hugo site follow /posts/index.xml; here the news section's is /berita/index.xml."""
    for path, lang, titles in [
        ("berita/index.xml", "id", ["Rakornis Evaluasi Layanan", "Sosialisasi Migrasi Aman", "Rilis Berkunci",
                                    "Pengumuman Khusus Indonesia"]),
        ("en/news/atom.xml", "en", ["Coordination Meeting Reviews Services", "Safe Migration Outreach",
                                    "Keyed Release"])]:
        feed = feedparser.parse((built / path).read_bytes())
        assert not feed.bozo and feed.feed.language == lang
        assert [e.title for e in feed.entries] == titles
    assert not (built / "profil/index.xml").exists()  # undated pages have no feed
    links = page(built, "/berita/").select('link[rel="alternate"][type]')
    assert [link["href"] for link in links] == ["/berita/index.xml", "/berita/atom.xml", "/index.xml", "/atom.xml"]

def test_guids_stay_the_same_when_a_slug_changes(site: Path) -> None:
    before = feedparser.parse((build_site(site) / "en/index.xml").read_bytes()).entries[0]
    release = site / "content/news/2025-08-22-rakornis/index.en.md"
    release.write_text(release.read_text().replace("slug: coordination-meeting", "slug: meeting-renamed"))
    after = feedparser.parse((build_site(site) / "en/index.xml").read_bytes()).entries[0]
    assert before.id == after.id == "tag:example.org,2025-08-22:news/2025-08-22-rakornis/en"
    assert after.link.endswith("/en/news/meeting-renamed/")


def test_pages_link_their_feeds_in_the_head(built: Path) -> None:
    links = page(built, RAKORNIS_EN).select('link[rel="alternate"][type]')
    assert [(link["type"], link["href"]) for link in links] == [
        ("application/rss+xml", "/en/index.xml"), ("application/atom+xml", "/en/atom.xml")]
    term = page(built, "/kategori/kegiatan-balai/").select('link[rel="alternate"][type]')
    assert [link["href"] for link in term] == [
        "/kategori/kegiatan-balai/index.xml", "/kategori/kegiatan-balai/atom.xml", "/index.xml", "/atom.xml"]


# --- sitemaps and robots.txt ---------------------------------------------------------------------


def sitemap_urls(built: Path) -> dict[str, ET.Element]:
    index = ET.parse(built / "sitemap.xml").getroot()
    urls = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        sitemap = ET.parse(built / loc.text.removeprefix("https://example.org/")).getroot()
        urls |= {url.find(f"{SITEMAP}loc").text: url for url in sitemap.iter(f"{SITEMAP}url")}
    return urls


def built_file(built: Path, url: str) -> Path:
    path = built / url.removeprefix("https://example.org/")
    return path / "index.html" if url.endswith("/") else path


def test_the_sitemap_lists_every_published_page_and_nothing_else(built: Path) -> None:
    urls = sitemap_urls(built)
    html = {f for f in built.rglob("*.html") if "404" not in f.name}
    redirects = {built / "2025/08/rakornis-lama/index.html"}
    assert {built_file(built, url) for url in urls} == html - redirects
    assert all(url.find(f"{SITEMAP}lastmod") is not None for url in urls.values())


def test_sitemap_alternates_point_to_the_translations_that_exist(built: Path) -> None:
    urls = sitemap_urls(built)
    rakornis = urls["https://example.org/berita/2025-08-22-rakornis/"]
    alternates = {link.get("hreflang"): link.get("href") for link in rakornis.iter(f"{XHTML}link")}
    assert alternates == {"id": "https://example.org/berita/2025-08-22-rakornis/",
                          "en": "https://example.org/en/news/coordination-meeting/",
                          "x-default": "https://example.org/berita/2025-08-22-rakornis/"}
    for url, element in urls.items():
        for link in element.iter(f"{XHTML}link"):
            assert built_file(built, link.get("href")).is_file(), (url, link.get("href"))
            # every alternate lists this URL back: the sets are symmetric
            back = {x.get("href") for x in urls[link.get("href")].iter(f"{XHTML}link")}
            assert url in back
    assert list(urls["https://example.org/berita/hanya-indonesia/"].iter(f"{XHTML}link")) == []


def test_robots_txt_points_to_the_sitemap(built: Path) -> None:
    assert (built / "robots.txt").read_text() == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"


def test_redirects_file_lists_each_alias(built: Path) -> None:
    assert (built / "_redirects").read_text() == "/2025/08/rakornis-lama/ /berita/2025-08-22-rakornis/ 301\n"


# --- head tags ---------------------------------------------------------------------------------


def test_open_graph_and_twitter_tags_of_a_release_with_a_photo(built: Path) -> None:
    doc = page(built, RAKORNIS_ID)
    assert meta(doc, "og:title") == "Rakornis Evaluasi Layanan"
    assert meta(doc, "og:description") == "Ringkasan rakornis."
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:url") == "https://example.org/berita/2025-08-22-rakornis/"
    assert meta(doc, "og:image") == "https://example.org/berita/2025-08-22-rakornis/foto.jpg"
    assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == ("64", "36")
    assert meta(doc, "og:image:alt") == "Peserta rapat"
    assert (meta(doc, "og:locale"), meta(doc, "og:locale:alternate")) == ("id_ID", "en_US")
    assert meta(doc, "article:published_time") == "2025-08-22T16:30:00+07:00"
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert meta(doc, "twitter:image") == meta(doc, "og:image")


def test_a_release_without_a_photo_gets_a_share_card_in_its_language(built: Path) -> None:
    doc = page(built, "/berita/hanya-indonesia/")
    assert meta(doc, "og:image") == "https://example.org/berita/hanya-indonesia/share.png"
    assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == ("600", "315")
    with Image.open(built / "berita/hanya-indonesia/share.png") as card:
        assert (card.format, card.size) == ("PNG", (600, 315))
    assert meta(page(built, "/"), "og:image") == "https://example.org/share.png"
    assert meta(page(built, "/"), "og:type") == "website"


def test_share_cards_differ_by_title_and_are_drawn_once(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    public = build_site(site)
    indonesian = (public / "berita/2025-08-20-sosialisasi/share.png").read_bytes()
    english = (public / "en/news/safe-migration-outreach/share.png").read_bytes()
    assert indonesian != english
    monkeypatch.setattr(cards, "draw", lambda card: pytest.fail(f"drew {card.path} again"))
    assert (build_site(site) / "berita/2025-08-20-sosialisasi/share.png").read_bytes() == indonesian


def test_a_card_shows_the_title(tmp_path: Path) -> None:
    blank = cards.draw(social.Card("/x/share.png", "Situs", "", "example.org"))
    titled = cards.draw(social.Card("/x/share.png", "Situs", "Judul rilis yang panjang", "example.org"))
    assert blank != titled


# --- structured data -----------------------------------------------------------------------------


def test_a_release_is_a_news_article_linked_to_its_translation(built: Path) -> None:
    indonesian = of_type(page(built, RAKORNIS_ID), "NewsArticle")
    english = of_type(page(built, RAKORNIS_EN), "NewsArticle")
    assert indonesian["headline"] == "Rakornis Evaluasi Layanan"
    assert indonesian["inLanguage"] == "id" and english["inLanguage"] == "en"
    assert indonesian["datePublished"] == "2025-08-22T16:30:00+07:00"
    assert indonesian["image"] == ["https://example.org/berita/2025-08-22-rakornis/foto.jpg"]
    assert indonesian["publisher"]["name"] == "Kantor Uji"
    assert indonesian["publisher"]["logo"]["url"] == "https://example.org/images/logo.png"
    assert indonesian["workTranslation"] == [{"@type": "NewsArticle", "@id": "https://example.org" + RAKORNIS_EN,
                                              "inLanguage": "en"}]
    assert english["translationOfWork"]["@id"] == "https://example.org" + RAKORNIS_ID
    assert "workTranslation" not in of_type(page(built, "/berita/hanya-indonesia/"), "NewsArticle")


def test_the_home_page_describes_the_organization(built: Path) -> None:
    office = of_type(page(built, "/"), "Organization")
    assert office["name"] == "Kantor Uji" and office["address"] == "Jl. Contoh No. 1, Jakarta"
    assert office["sameAs"] == ["https://instagram.example/uji"]


def test_breadcrumbs_lead_from_home_to_the_page(built: Path) -> None:
    trail = of_type(page(built, RAKORNIS_EN), "BreadcrumbList")["itemListElement"]
    assert [(i["position"], i["name"], i["item"]) for i in trail] == [
        (1, "Test Site", "https://example.org/en/"),
        (2, "News", "https://example.org/en/news/"),
        (3, "Coordination Meeting Reviews Services", "https://example.org" + RAKORNIS_EN)]
    term = of_type(page(built, "/kategori/kegiatan-balai/"), "BreadcrumbList")["itemListElement"]
    assert [i["name"] for i in term] == ["Situs Uji", "Kategori", "Kegiatan Balai"]


def test_every_json_ld_block_of_every_page_parses(built: Path) -> None:
    for file in built.rglob("*.html"):
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        for item in json_ld(doc):
            assert item["@context"] == "https://schema.org", file


def test_text_cannot_break_out_of_the_json_ld_block(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    title = 'Rilis "kutip" </script><script>alert(1)</script> & <b>'
    (site / "content/news/bahaya.id.md").write_text(
        f"---\ntitle: '{title}'\ndate: 2025-08-01\nsummary: \"Tanda </script> di ringkasan\"\n---\nIsi.\n")
    doc = page(build_site(site), "/berita/bahaya/")
    scripts = doc.select("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    article = of_type(doc, "NewsArticle")
    assert article["headline"] == title
    assert article["description"] == "Tanda </script> di ringkasan"
    assert "</script>" not in scripts[0].string


# --- search --------------------------------------------------------------------------------------


def test_each_language_has_its_own_search_bundle_of_its_own_pages(built: Path) -> None:
    def pages_by_language(bundle: Path) -> dict[str, int]:  # over the bundle and its parts (search.py)
        counts: dict[str, int] = {}
        for entry in sorted(bundle.rglob("pagefind-entry.json")):
            for code, values in json.loads(entry.read_text())["languages"].items():
                counts[code] = counts.get(code, 0) + values["page_count"]
        return counts

    assert pages_by_language(built / "pagefind") == {"id": 5}
    assert pages_by_language(built / "en/pagefind") == {"en": 4}
    assert page(built, "/search/").select_one("form[data-bundle]")["data-bundle"] == "/pagefind/"
    assert page(built, "/en/search/").select_one("form[data-bundle]")["data-bundle"] == "/en/pagefind/"


def test_releases_are_indexed_with_category_and_year_filters(built: Path) -> None:
    release = page(built, RAKORNIS_ID).select_one("[data-pagefind-body]")
    assert release.name == "article"
    filters = {(f["data-pagefind-filter"], f.get_text()) for f in release.select("[data-pagefind-filter]")}
    assert filters == {("year", "2025"), ("category", "Kegiatan Balai")}
    assert page(built, "/berita/").select("[data-pagefind-body]") == []


def test_the_search_page_has_a_visible_label_in_each_language(built: Path) -> None:
    for path, label in (("/search/", "Kata yang dicari"), ("/en/search/", "Words to search for")):
        doc = page(built, path)
        assert doc.select_one('label[for="search-input"]').get_text() == label
        assert doc.select_one("#search-input")["type"] == "search"
        assert doc.select_one('form[role="search"]') is not None
    assert page(built, "/").select("script[src]") == []  # no JavaScript where there is no search


def test_search_can_be_turned_off(site: Path) -> None:
    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace("redirects_file = true", "redirects_file = true\nsearch = false"))
    public = build_site(site)
    assert not (public / "pagefind").exists() and not (public / "search").exists()


def test_the_index_covers_exactly_the_folders_of_a_languages_releases_and_pages() -> None:
    assert search.glob_for("", ["/berita/a/", "/berita/b/", "/profil/"]) == "{berita,profil}/**/*.html"
    assert search.glob_for("/en", ["/en/news/a/"]) == "en/news/**/*.html"
    assert search.glob_for("/en", []) is None


def test_a_failing_index_is_one_clear_error_and_nothing_is_published(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    published = build_site(site)
    before = sorted(p.relative_to(published).as_posix() for p in published.rglob("*"))
    (site / ".sitegen-cache/outputs.json").unlink()  # or the index, unchanged, would be taken over
    monkeypatch.setattr(search, "_command", lambda: [sys.executable, "-c", "import sys; print('disk full'); "
                                                     "sys.exit(3)"])
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: sitegen.toml: the search index of "en" could not be built: disk full; set search = false to '
        "build without search\n"
        'Error: sitegen.toml: the search index of "id" could not be built: disk full; set search = false to '
        "build without search\n"
        "2 errors; nothing was published.\n")
    assert sorted(p.relative_to(published).as_posix() for p in published.rglob("*")) == before
