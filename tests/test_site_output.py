"""The minimal bilingual sample site, built once, read back as parsed HTML."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from tests.conftest import page

RAKORNIS_ID = "/berita/2025-08-22-rakornis/"
RAKORNIS_EN = "/en/news/coordination-meeting/"


def hreflangs(doc) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in doc.select('link[rel="alternate"][hreflang]')}


def switcher(doc) -> dict[str, str | None]:
    """Language code -> where the switcher's link goes (None for the current language)."""
    nav = doc.select_one("nav.lang-switch")
    return {item["lang"]: item.get("href") for item in nav.select("[lang]")}


def titles(doc) -> list[str]:
    return [a.get_text(strip=True) for a in doc.select(".card-title a")]


def test_every_page_declares_its_language(built: Path) -> None:
    for file in built.rglob("*.html"):
        lang = page(built, "/" + file.relative_to(built).as_posix()).html["lang"]
        expected = "en" if file.relative_to(built).parts[0] == "en" else "id"
        assert lang == expected, file


def test_a_release_is_published_in_both_languages_with_its_own_slug(built: Path) -> None:
    indonesian, english = page(built, RAKORNIS_ID), page(built, RAKORNIS_EN)
    assert indonesian.h1.get_text() == "Rakornis Evaluasi Layanan"
    assert english.h1.get_text() == "Coordination Meeting Reviews Services"


def test_translations_are_linked_with_hreflang_and_x_default(built: Path) -> None:
    expected = {
        "id": "https://example.org/berita/2025-08-22-rakornis/",
        "en": "https://example.org/en/news/coordination-meeting/",
        "x-default": "https://example.org/berita/2025-08-22-rakornis/",
    }
    assert hreflangs(page(built, RAKORNIS_ID)) == expected
    assert hreflangs(page(built, RAKORNIS_EN)) == expected
    assert list(hreflangs(page(built, RAKORNIS_EN))) == ["id", "en", "x-default"]


def test_the_language_switcher_goes_to_the_same_release(built: Path) -> None:
    assert switcher(page(built, RAKORNIS_ID)) == {"id": None, "en": RAKORNIS_EN}
    assert switcher(page(built, RAKORNIS_EN)) == {"id": RAKORNIS_ID, "en": None}


def test_translations_pair_by_translation_key(built: Path) -> None:
    assert switcher(page(built, "/berita/dengan-kunci/")) == {"id": None, "en": "/en/news/keyed-release/"}


def test_an_untranslated_release_switches_to_the_home_page_with_a_notice(built: Path) -> None:
    doc = page(built, "/berita/hanya-indonesia/")
    assert switcher(doc) == {"id": None, "en": "/en/#no-translation"}
    link = doc.select_one('nav.lang-switch a[lang="en"]')
    assert "not yet available" in link.get_text()
    assert hreflangs(doc) == {"id": "https://example.org/berita/hanya-indonesia/",
                              "x-default": "https://example.org/berita/hanya-indonesia/"}
    notice = page(built, "/en/").select_one("#no-translation")
    assert notice.get_text(strip=True).startswith("The release you opened is not available in English")


def test_a_release_in_one_language_is_listed_in_that_language_only(built: Path) -> None:
    indonesian = titles(page(built, "/berita/")) + titles(page(built, "/berita/halaman/2/"))
    english = titles(page(built, "/en/news/")) + titles(page(built, "/en/news/page/2/"))
    assert "Pengumuman Khusus Indonesia" in indonesian
    assert all("Indonesia" not in title for title in english)
    assert not (built / "en/news/hanya-indonesia").exists()


def test_lists_are_paginated_newest_first(built: Path) -> None:
    assert titles(page(built, "/berita/")) == ["Rakornis Evaluasi Layanan", "Sosialisasi Migrasi Aman"]
    second = page(built, "/berita/halaman/2/")
    assert titles(second) == ["Rilis Berkunci", "Pengumuman Khusus Indonesia"]
    assert second.select_one(".pagination a[rel=prev]")["href"] == "/berita/"
    assert "Halaman 2 dari 2" in second.select_one(".pagination").get_text()
    assert page(built, "/berita/").select_one(".pagination a[rel=next]")["href"] == "/berita/halaman/2/"


def test_a_section_index_gives_the_list_its_title_and_introduction(built: Path) -> None:
    doc = page(built, "/berita/")
    assert doc.h1.get_text() == "Kabar Terkini"
    assert doc.select_one(".intro").get_text(strip=True) == "Pengantar bagian berita."
    assert page(built, "/en/news/").h1.get_text() == "News"  # no _index.en.md: the theme's string


def test_drafts_future_and_expired_releases_are_left_out(built: Path) -> None:
    for name in ("draf", "masa-depan", "kedaluwarsa"):
        assert not (built / "berita" / name).exists()


def test_dates_and_numbers_are_written_in_the_readers_language(built: Path) -> None:
    indonesian = page(built, RAKORNIS_ID).select_one("header .meta time").get_text()
    english = page(built, RAKORNIS_EN).select_one("header .meta time").get_text()
    assert indonesian == "Jumat, 22 Agustus 2025, 16.30 WIB"
    assert english == "Friday, 22 August 2025, 16:30 WIB"
    assert page(built, "/tag/penempatan/").select_one(".card time")["datetime"] == "2025-08-22T16:30:00+07:00"
    assert "(2 rilis)" in page(built, "/tag/").get_text()


def test_a_date_without_a_zone_is_in_the_sites_time_zone(built: Path) -> None:
    time = page(built, RAKORNIS_ID).select_one("header .meta time")
    assert time["datetime"] == "2025-08-22T16:30:00+07:00"


def test_categories_and_tags_have_localized_slugified_urls(built: Path) -> None:
    categories = page(built, "/kategori/")
    assert [a["href"] for a in categories.select(".terms-list a")] == [
        "/kategori/kegiatan-balai/", "/kategori/pengumuman/"]
    assert titles(page(built, "/kategori/kegiatan-balai/")) == [
        "Rakornis Evaluasi Layanan", "Sosialisasi Migrasi Aman"]
    assert [a["href"] for a in page(built, "/en/categories/").select(".terms-list a")] == [
        "/en/categories/events/"]
    release_terms = [a["href"] for a in page(built, RAKORNIS_ID).select(".terms a")]
    assert release_terms == ["/kategori/kegiatan-balai/", "/tag/rakornis/", "/tag/penempatan/"]


def test_the_yearly_archive_lists_releases_by_year(built: Path) -> None:
    archive = page(built, "/arsip/")
    assert [a.get_text() for a in archive.select(".terms-list a")] == ["2025", "2024"]
    assert titles(page(built, "/arsip/2024/")) == ["Pengumuman Khusus Indonesia"]
    assert page(built, "/arsip/2025/").h2.get_text() == "Agustus 2025"
    assert switcher(page(built, "/arsip/2024/")) == {"id": None, "en": "/en/archive/"}


def test_the_home_page_shows_the_featured_release_and_the_latest(built: Path) -> None:
    home = page(built, "/")
    assert home.select_one(".featured-headline a")["href"] == RAKORNIS_ID
    assert titles(home)[0] == "Sosialisasi Migrasi Aman"
    assert RAKORNIS_ID not in [a["href"] for a in home.select(".card-title a")]


def test_standalone_pages_are_served_from_the_language_root(built: Path) -> None:
    assert page(built, "/profil/").h1.get_text() == "Profil"
    assert switcher(page(built, "/en/profile/")) == {"id": "/profil/", "en": None}


def test_there_is_a_404_page_per_language(built: Path) -> None:
    assert page(built, "/404.html").h1.get_text() == "Halaman tidak ditemukan"
    assert page(built, "/en/404.html").h1.get_text() == "Page not found"


def test_aliases_become_redirect_pages(built: Path) -> None:
    redirect = page(built, "/2025/08/rakornis-lama/")
    assert redirect.select_one('meta[http-equiv="refresh"]')["content"] == (
        "0; url=/berita/2025-08-22-rakornis/")
    assert redirect.select_one('link[rel="canonical"]')["href"] == "https://example.org/berita/2025-08-22-rakornis/"


def test_markdown_has_tables_footnotes_and_heading_anchors(built: Path) -> None:
    body = page(built, RAKORNIS_ID).select_one(".body")
    assert body.select_one("h2")["id"] == "capaian-semester-i"
    assert [td.get_text() for td in body.select("td")] == ["Keberangkatan", "20.191"]
    assert body.select_one("sup a.footnote-ref")["href"] == "#fn:1"
    assert body.select_one("li#fn\\:1").get_text(strip=True).startswith("Sumber: laporan balai.")


def test_links_to_source_files_become_urls_in_the_readers_language(built: Path) -> None:
    indonesian = [a["href"] for a in page(built, RAKORNIS_ID).select(".body p a")]
    assert indonesian[:2] == ["/berita/2025-08-20-sosialisasi/#hasil", "/berita/2025-08-20-sosialisasi/"]
    # The English body links to the Indonesian file; the reader gets the English translation.
    english = [a["href"] for a in page(built, RAKORNIS_EN).select(".body p a")]
    assert english == ["/en/news/safe-migration-outreach/"]


def test_the_figure_shortcode_renders_a_figure_and_escapes_are_literal(built: Path) -> None:
    body = page(built, RAKORNIS_ID).select_one(".body")
    figure = body.select_one("figure.figure")
    assert figure.img["src"] == "foto.jpg" and figure.img["alt"] == "Suasana rapat"
    assert figure.figcaption.get_text(strip=True) == "Suasana rakornis"
    assert 'Contoh kode: {{< figure src="x.jpg" >}}' in body.get_text()


def test_bundle_resources_are_published_beside_each_language_version(built: Path) -> None:
    source = built.parent / "content/news/2025-08-22-rakornis/foto.jpg"
    published = built / "berita/2025-08-22-rakornis/foto.jpg"
    with Image.open(source) as original, Image.open(published) as copy:
        assert copy.size == original.size and copy.format == "JPEG"  # re-encoded without metadata: tests/test_images.py
    assert (built / "en/news/coordination-meeting/foto.jpg").read_bytes() == published.read_bytes()


def test_the_release_shows_dateline_credit_and_photo(built: Path) -> None:
    doc = page(built, RAKORNIS_ID)
    assert doc.select_one(".dateline").get_text() == "Jakarta, 22/8/2025 –"
    assert doc.select_one(".credit").get_text() == "(Humas/Uji)"
    assert doc.select_one(".lead-photo img")["alt"] == "Peserta rapat"


def test_summary_or_first_paragraph_becomes_the_description(built: Path) -> None:
    assert page(built, RAKORNIS_ID).select_one('meta[name="description"]')["content"] == "Ringkasan rakornis."
    outreach = page(built, "/berita/2025-08-20-sosialisasi/")
    assert outreach.select_one('meta[name="description"]')["content"] == (
        "Paragraf pertama sosialisasi yang menjadi ringkasan otomatis.")


def test_site_i18n_files_override_the_themes_strings(built: Path) -> None:
    assert page(built, "/en/").select_one(".featured .more").contents[0] == "Continue reading"
    assert page(built, "/").select_one(".featured .more").contents[0] == "Baca selengkapnya"


def test_static_files_of_theme_and_site_are_published(built: Path) -> None:
    assert (built / "css/main.css").is_file()
    assert (built / "images/extra.svg").is_file()


def test_menus_come_from_the_config_per_language(built: Path) -> None:
    menu = page(built, "/en/news/").select(".main-nav a")
    assert [(a.get_text(), a["href"]) for a in menu] == [("Home", "/en/"), ("News", "/en/news/")]
    assert menu[1]["aria-current"] == "page"


def test_every_internal_link_and_image_resolves(built: Path) -> None:
    from tests.links import broken_links

    assert broken_links(built) == []


def test_a_release_asking_for_a_table_of_contents_gets_one(built: Path) -> None:
    toc = page(built, RAKORNIS_ID).select_one("nav.toc")
    assert toc.h2.get_text() == "Daftar isi"
    assert [(a.get_text(), a["href"]) for a in toc.select("a")] == [("Capaian semester I", "#capaian-semester-i")]
    assert page(built, RAKORNIS_EN).select_one("nav.toc") is None


def test_unknown_front_matter_keys_reach_templates_as_params(built: Path, tmp_path: Path) -> None:
    from tests.conftest import build_site, make_site

    site = make_site(tmp_path)
    (site / "templates").mkdir()
    (site / "templates/page.html").write_text('{% extends "base.html" %}{% block main %}'
                                             '<p id="mood">{{ page.params.get("mood", "-") }}</p>{% endblock %}')
    release = site / "content/pages/profil.id.md"
    release.write_text(release.read_text().replace("date: 2025-01-01", "date: 2025-01-01\nmood: cerah"))
    public = build_site(site)
    assert page(public, "/profil/").select_one("#mood").get_text() == "cerah"
    assert page(public, "/en/profile/").select_one("#mood").get_text() == "-"


def test_a_release_has_share_links_that_load_nothing_until_tapped(built: Path) -> None:
    share = page(built, RAKORNIS_ID).select_one(".share")
    links = {a.get_text(): a["href"] for a in share.select("a")}
    address = "https%3A//example.org/berita/2025-08-22-rakornis/"
    assert links == {
        "WhatsApp": f"https://wa.me/?text=Rakornis%20Evaluasi%20Layanan%20{address}",
        "Facebook": f"https://www.facebook.com/sharer/sharer.php?u={address}",
        "X": f"https://x.com/intent/post?text=Rakornis%20Evaluasi%20Layanan&url={address}",
    }
    assert share.select_one("label input[readonly]")["value"] == "https://example.org/berita/2025-08-22-rakornis/"
    assert share.select("script, iframe, img") == []


def test_a_release_suggests_releases_sharing_its_categories_and_tags(built: Path) -> None:
    related = page(built, RAKORNIS_ID).select(".related .card-title a")
    assert [a["href"] for a in related] == ["/berita/2025-08-20-sosialisasi/"]
