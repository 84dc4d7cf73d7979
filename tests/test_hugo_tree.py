"""Issue 18 (part a): a content tree laid out as Hugo lays it out, published at Hugo's URLs.

The fixture tests/sites/hugo-tree has sections inside sections, a top-level bundle, a section
with only its `_index`, undated pages, `url:`, `[permalinks]`, `type`/`layout`, `headless` and
`build` options; each test reads what the build published.
"""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser

from sitegen.cli import main
from sitegen.source.permalinks import PermalinkValues, fill, url_segment
from tests.browser import serve
from tests.conftest import REPO, build_site, make_site, page

HTML_FILES = {
    "index.html", "404.html", "about/index.html", "hubungi-kami/index.html",
    "berita/index.html", "berita/2025-08-22-rapat_koordinasi/index.html",
    "archives/index.html", "archives/2011/08/index.html", "archives/2011/08/kabar-lama/index.html",
    "docs/index.html", "docs/guide/memulai_cepat/index.html",
    "hosts/index.html", "sponsors/index.html", "sponsors/bank_daerah/index.html", "sponsors/koperasi/index.html",
    "tulisan/index.html", "2025/03/catatan-satu/index.html", "2025/04/hanya-di-bagiannya/index.html",
    "2025/04/tidak-terdaftar/index.html",
    "arsip/index.html", "arsip/2011/index.html", "arsip/2025/index.html",
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(make_site(tmp_path_factory.mktemp("tree"), "hugo-tree"))


def indonesian_html(public: Path) -> set[str]:
    """The Indonesian pages: every HTML file but the English ones and the term lists."""
    return {f.relative_to(public).as_posix() for f in public.rglob("*.html")
            if not f.relative_to(public).as_posix().startswith(("en/", "kategori/", "tag/"))}


def links(public: Path, path: str, selector: str = "main a") -> list[str]:
    return [a["href"] for a in page(public, path).select(selector)]


def test_every_page_is_at_the_url_hugo_gives_it(tree: Path) -> None:
    assert indonesian_html(tree) == HTML_FILES


def test_sections_nest_each_with_its_list_and_breadcrumbs(tree: Path) -> None:
    archives = page(tree, "/archives/")
    assert archives.h1.text == "Arsip Lama"
    assert [a["href"] for a in archives.select("ul.subsections a")] == ["/archives/2011/08/"]
    august = page(tree, "/archives/2011/08/")
    assert [a.text for a in august.select(".card-title a")] == ["Kabar Lama"]
    crumbs = august.select("nav.breadcrumbs li")
    assert [li.get_text(strip=True) for li in crumbs] == ["Situs Hugo", "Arsip Lama", "Agustus 2011"]
    assert [a["href"] for a in august.select("nav.breadcrumbs a")] == ["/", "/archives/"]
    assert page(tree, "/en/archives/2011/08/").h1.text == "August 2011"
    # the home page links each dated top-level section's list once, not each section inside it
    every_release = [a["href"] for a in page(tree, "/").select("a.more") if a.text == "Semua rilis"]
    assert every_release == ["/archives/", "/tulisan/", "/berita/"]


def test_a_page_in_a_folder_below_its_section_keeps_the_folder_in_its_url(tree: Path) -> None:
    guide = page(tree, "/docs/guide/memulai_cepat/")
    assert [li.get_text(strip=True) for li in guide.select("nav.breadcrumbs li")] == [
        "Situs Hugo", "Panduan", "Memulai dengan Cepat"]
    assert links(tree, "/docs/", ".card-title a") == ["/docs/guide/memulai_cepat/"]
    assert page(tree, "/en/docs/guide/memulai_cepat/").h1.text == "Quick Start"


def test_a_top_level_bundle_is_one_page_at_its_folder_name_with_its_files(tree: Path) -> None:
    assert page(tree, "/about/").h1.text == "Tentang Kami"
    assert (tree / "about/brosur.txt").read_text() == "Brosur\n"
    assert not (tree / "about/about").exists()
    assert not (tree / "about/catatan-internal.txt").exists()  # publishResources: false, and no page links it
    switch = page(tree, "/about/").select_one('link[rel="alternate"][hreflang="en"]')
    assert switch["href"] == "https://example.org/en/about/"


def test_a_section_with_only_its_index_is_published(tree: Path) -> None:
    hosts = page(tree, "/hosts/")
    assert hosts.h1.text == "Tuan Rumah"
    assert "Daftar tuan rumah menyusul." in hosts.select_one(".intro").text
    assert page(tree, "/en/hosts/").h1.text == "Hosts"


def test_folder_and_file_names_keep_their_underscores(tree: Path) -> None:
    assert (tree / "berita/2025-08-22-rapat_koordinasi/index.html").is_file()
    assert (tree / "sponsors/bank_daerah/index.html").is_file()
    assert (tree / "en/sponsors/bank_daerah/index.html").is_file()


def test_pages_of_undated_sections_need_no_date_and_stay_out_of_feeds_and_archives(tree: Path) -> None:
    sponsors = page(tree, "/sponsors/")
    assert sponsors.h1.text == "Sponsors"  # no _index: the folder's name, as Hugo titles it
    assert [a.text for a in sponsors.select(".card-title a")] == ["Koperasi Pekerja", "Bank Daerah"]  # by weight
    assert sponsors.select("time") == []
    feed = (tree / "index.xml").read_text()
    archive = (tree / "arsip/2025/index.html").read_text()
    for undated in ("sponsors/", "docs/guide/", "about/"):
        assert undated not in feed and undated not in archive
    assert "/archives/2011/08/kabar-lama/" in (tree / "arsip/2011/index.html").read_text()


def test_a_dated_section_still_requires_a_date(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    (site / "content/blog/tanpa-tanggal.id.md").write_text("---\ntitle: Tanpa Tanggal\n---\nIsi.\n")
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == ('Error: content/blog/tanpa-tanggal.id.md: front matter has no "date": add a line '
                             'such as "date: 2025-08-22T09:00:00+07:00"\nNothing was published.\n')


def test_url_in_front_matter_is_the_whole_path(tree: Path) -> None:
    assert page(tree, "/hubungi-kami/").h1.text == "Kontak"
    assert page(tree, "/en/contact-us/").h1.text == "Contact"
    assert not (tree / "kontak").exists()


def test_permalinks_place_a_sections_pages_and_its_list(tree: Path) -> None:
    assert page(tree, "/2025/03/catatan-satu/").h1.text == "Catatan Pertama"  # :slug is slug:
    assert page(tree, "/en/2025/03/first-note/").h1.text == "First Note"  # ... else the title
    assert links(tree, "/tulisan/", ".card-title a") == ["/2025/04/hanya-di-bagiannya/", "/2025/03/catatan-satu/"]
    assert not (tree / "blog").exists()


def test_build_options_as_hugo_defines_them(tree: Path) -> None:
    feed = (tree / "index.xml").read_text()
    # list: local, only in its own section's list; list: never, in none; render: never, no page at all
    assert "hanya-di-bagiannya" not in feed and "hanya-di-bagiannya" not in (tree / "arsip/2025/index.html").read_text()
    assert "tidak-terdaftar" not in (tree / "tulisan/index.html").read_text() and "tidak-terdaftar" not in feed
    assert page(tree, "/2025/04/tidak-terdaftar/").h1.text == "Tidak Terdaftar"
    assert not (tree / "2025/04/tidak-diterbitkan").exists()
    assert "tidak-diterbitkan" not in (tree / "tulisan/index.html").read_text()


def test_a_headless_bundle_has_no_page_but_its_files_are_published(tree: Path) -> None:
    assert not (tree / "tim/index.html").exists()
    assert (tree / "tim/daftar.txt").read_text() == "Daftar tim\n"
    assert "/tim/" not in (tree / "sitemap-id.xml").read_text()


def test_layout_chooses_the_template(tree: Path) -> None:
    assert page(tree, "/sponsors/koperasi/").select_one("article.gallery[data-layout=gallery]") is not None
    assert page(tree, "/sponsors/bank_daerah/").select_one("article.gallery") is None


def test_type_chooses_the_templates_of_that_type(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    (site / "templates/sponsors").mkdir(parents=True)
    (site / "templates/sponsors/page.html").write_text(
        '{% extends "page.html" %}{% block main %}<p class="sponsor">{{ page.title }}</p>{% endblock %}')
    (site / "templates/event").mkdir()
    (site / "templates/event/page.html").write_text(
        '{% extends "page.html" %}{% block main %}<p class="event">{{ page.title }}</p>{% endblock %}')
    (site / "templates/sponsors/list.html").write_text(
        '{% extends "list.html" %}{% block main %}<p class="sponsors">{{ pager.items | length }}</p>{% endblock %}')
    about = site / "content/about/index.id.md"
    about.write_text(about.read_text().replace("title: Tentang Kami", "title: Tentang Kami\ntype: event"))
    public = build_site(site)
    assert page(public, "/sponsors/").select_one("p.sponsors").text == "2"  # a section's list by its type
    assert page(public, "/hosts/").select_one("p.sponsors") is None
    assert page(public, "/sponsors/bank_daerah/").select_one("p.sponsor").text == "Bank Daerah"  # by section
    assert page(public, "/about/").select_one("p.event").text == "Tentang Kami"  # by type
    assert page(public, "/sponsors/koperasi/").select_one("article.gallery") is not None  # layout first


def test_a_layout_without_a_template_is_named_with_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    (site / "templates/gallery.html").unlink()
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--lang", "en"])
    assert result.exit_code == 1
    assert 'content/sponsors/koperasi.id.md:4: front matter "layout": no template sponsors/gallery.html or ' \
           "gallery.html in templates/; add one or remove the line" in result.stderr
    assert not (site / "public").exists()


def test_an_unknown_permalink_token_names_sitegen_toml_and_the_key(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace('blog = "/:year/:month/:slug/"', 'blog = "/:year/:titel/"'))
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == ('Error: sitegen.toml:8: key "permalinks": permalinks.blog = "/:year/:titel/": ":titel" '
                             'is not a permalink token; did you mean ":title"?\nNothing was published.\n')
    assert not (site / "public").exists()


def test_a_permalink_pattern_for_a_taxonomy_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    """Hugo's flat `tags = "/topik/:slug/"` moves term pages; left unread, every term URL would differ silently."""
    site = make_site(tmp_path, "hugo-tree")
    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace('blog = "/:year/:month/:slug/"',
                                                 'blog = "/:year/:month/:slug/"\ntags = "/topik/:slug/"'))
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == ('Error: sitegen.toml:8: key "permalinks": permalinks.tags: sitegen does not move term '
                             'pages with a pattern; name their folder per language instead, like [languages.id] '
                             'taxonomies = { tags = "topik" }\nNothing was published.\n')
    assert not (site / "public").exists()


def test_the_example_sites_layout_still_gives_todays_urls(tmp_path: Path) -> None:
    """content/news and content/pages as before: releases under the section, pages at the root."""
    public = build_site(make_site(tmp_path))
    assert (public / "berita/2025-08-22-rakornis/index.html").is_file()
    assert (public / "profil/index.html").is_file() and (public / "en/profile/index.html").is_file()
    assert not (public / "pages").exists()


def test_a_new_index_file_moves_the_pages_below_it_into_its_section_in_serve(tmp_path: Path) -> None:
    from sitegen.source.config import load_config
    from sitegen.source.content import read_sources, reread_sources

    site = make_site(tmp_path, "hugo-tree")
    config = load_config(site)
    known = {s.path: s for s in read_sources(site, config)}
    assert known["content/docs/guide/memulai_cepat.id.md"].section == "docs"
    index = site / "content/docs/guide/_index.id.md"
    index.write_text("---\ntitle: Panduan Memulai\n---\n")
    again = reread_sources(site, config, known, [index])
    assert again["content/docs/guide/memulai_cepat.id.md"].section == "docs/guide"
    assert again == {s.path: s for s in read_sources(site, config)}


def moved(site: Path) -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["check", "-s", str(site), "--format", "json", "--lang", "en"])
    return [f for f in json.loads(result.stdout)["findings"] if "by the last build" in f["message"]]


def test_check_lists_every_url_a_setting_moved_since_the_last_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    assert moved(site) == []  # no build yet: nothing to compare with
    build_site(site)
    assert moved(site) == []
    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace('blog = "/:year/:month/:slug/"', 'blog = "/blog/:slug/"'))
    assert moved(site) == [
        {"file": "content/blog/catatan-pertama.en.md", "line": None, "severity": "warning",
         "message": "is now published at /en/blog/first-note/, not at /en/2025/03/first-note/ as by the last "
                    "build; links to the old address break: add 'aliases: [/en/2025/03/first-note/]' to its front "
                    "matter"},
        {"file": "content/blog/catatan-pertama.id.md", "line": None, "severity": "warning",
         "message": "is now published at /blog/catatan-satu/, not at /2025/03/catatan-satu/ as by the last build; "
                    "links to the old address break: add 'aliases: [/2025/03/catatan-satu/]' to its front matter"},
        *({"file": f"content/blog/{name}.id.md", "line": None, "severity": "warning", "message": message}
          for name, message in [
              ("tak-terdaftar", "is now published at /blog/tidak-terdaftar/, not at /2025/04/tidak-terdaftar/ as by "
                                "the last build; links to the old address break: add 'aliases: "
                                "[/2025/04/tidak-terdaftar/]' to its front matter"),
              ("tersembunyi", "is now published at /blog/hanya-di-bagiannya/, not at /2025/04/hanya-di-bagiannya/ "
                              "as by the last build; links to the old address break: add 'aliases: "
                              "[/2025/04/hanya-di-bagiannya/]' to its front matter")])]
    note = site / "content/blog/catatan-pertama.id.md"
    alias = "slug: catatan-satu\naliases: [/2025/03/catatan-satu/]"
    note.write_text(note.read_text().replace("slug: catatan-satu", alias))
    assert "content/blog/catatan-pertama.id.md" not in {f["file"] for f in moved(site)}
    public = build_site(site)  # the alias redirects from the old address; the new URLs are the record now
    assert page(public, "/2025/03/catatan-satu/").select_one('link[rel="canonical"]')["href"] == \
        "https://example.org/blog/catatan-satu/"
    assert moved(site) == []


def test_two_pages_at_one_url_are_told_to_change_url_not_slug(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    (site / "content/sponsors/kembar.id.md").write_text("---\ntitle: Kembar\nurl: /hubungi-kami/\n---\nIsi.\n")
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: content/sponsors/kembar.id.md:3: is published at /hubungi-kami/, which is also "
                             "the URL of content/pages/kontak.id.md; give one of them another 'url:'\n"
                             "Nothing was published.\n")


def test_nested_lists_and_pages_are_valid_html(tree: Path) -> None:
    vnu = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--skip-non-html", "--format", "json",
                             str(tree)], capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages if m.get("type") == "error"] == []


@pytest.mark.browser
def test_breadcrumbs_pass_axe_and_lead_up_the_tree(browser: Browser, tree: Path) -> None:
    with serve(tree) as url:
        tab = browser.new_page(viewport={"width": 360, "height": 800})
        tab.goto(url + "/en/archives/2011/08/", wait_until="networkidle")
        tab.add_script_tag(path=str(REPO / "node_modules/axe-core/axe.min.js"))
        violations = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
        assert [v["id"] for v in violations] == []
        assert tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        tab.get_by_role("navigation", name="You are here").get_by_role("link", name="Old Archives").click()
        tab.wait_for_url(url + "/en/archives/")
        assert tab.locator("h1").inner_text() == "Old Archives"
        tab.close()


@pytest.mark.parametrize(("front_matter", "message"), [
    ("build:\n  render: sometimes", """4: front matter "build": render must be one of always, never, link, """
                                    "got 'sometimes'"),
    ("build:\n  listed: never", '4: front matter "build": has no key "listed" (keys: render, list, publishResources)'),
    ("url: https://example.org/x/", """4: front matter "url": 'https://example.org/x/' is a full address; write the """
                                    "path on this site, like /tentang-kami/"),
    ("layout: ../base", """4: front matter "layout": must be a template name such as 'gallery' (no folder, """
                        "no .html), got '../base'"),
])
def test_a_wrong_page_option_is_named_with_its_line(tmp_path: Path, front_matter: str, message: str) -> None:
    site = make_site(tmp_path, "hugo-tree")
    (site / "content/sponsors/salah.id.md").write_text(f"---\ntitle: Salah\nweight: 3\n{front_matter}\n---\nIsi.\n")
    result = CliRunner().invoke(main, ["build", "--source", str(site), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: content/sponsors/salah.id.md:{message}\nNothing was published.\n"


def test_url_paths_aliases_and_permalink_dates_are_read_as_hugo_reads_them(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    config = site / "sitegen.toml"
    config.write_text(config.read_text().replace('search = false', 'search = false\ntimezone = "Asia/Makassar"'))
    contact = site / "content/pages/kontak.en.md"
    contact.write_text(contact.read_text().replace("url: contact-us", "url: /en/get-in-touch/"))
    note = site / "content/blog/catatan-pertama.en.md"
    note.write_text(note.read_text().replace("date: 2025-03-05", "date: 2025-03-31T23:30:00+07:00\n"
                                             "aliases: [/old-note/]"))
    public = build_site(site)
    assert page(public, "/en/get-in-touch/").h1.text == "Contact"  # from the site's root: not /en/en/
    # :month of the date as written (+07:00), not in the site's zone (+08:00, where it is April already)
    assert page(public, "/en/2025/03/first-note/").h1.text == "First Note"
    # an English page's alias is below /en/, as Hugo serves it
    assert page(public, "/en/old-note/").select_one('link[rel="canonical"]')["href"] == \
        "https://example.org/en/2025/03/first-note/"
    assert not (public / "old-note").exists()


@pytest.mark.parametrize(("name", "segment"), [
    ("rapat_koordinasi", "rapat_koordinasi"),  # underscores stay
    ("Hello World", "hello-world"),
    ("Libur Nasional — Natal & Tahun Baru", "libur-nasional-natal-tahun-baru"),  # as Hugo 0.168
    ("Rapat: Koordinasi!", "rapat-koordinasi"),
    ("a--b", "a--b"),
    ("v1.2", "v1.2"),
    ("Ünïcode café", "unicode-cafe"),  # ASCII, unlike Hugo
    ("../a/b#c", "abc"),  # never a folder, a fragment or a hidden file
])
def test_names_become_url_segments_as_hugo_makes_them(name: str, segment: str) -> None:
    assert url_segment(name) == segment


@pytest.mark.parametrize(("pattern", "path"), [
    ("/:year/:month/:day/:slug/", "/2011/08/07/kabar-dari-jakarta/"),  # :slug is the title without slug:
    ("/:section/:sections/:title/", "/archives/archives/2011/08/kabar-dari-jakarta/"),
    ("/:contentbasename/", "/kabar_lama/"),  # the bundle's folder, underscores kept
    ("/:filename/", "/kabar_lama/"),  # Hugo's older name for it
    ("/:slugorcontentbasename/", "/kabar_lama/"),
    ("/arsip/:year/:slug", "/arsip/2011/kabar-dari-jakarta/"),  # a path gets its closing slash
    ("/:sections[1:]/:slug/", "/2011/08/kabar-dari-jakarta/"),
    ("/:sections[last]/:sections[0]/", "/08/archives/"),
    ("/:sections[:2]/", "/archives/2011/"),
])
def test_permalink_tokens_mean_what_they_mean_in_hugo(pattern: str, path: str) -> None:
    values = PermalinkValues(date=datetime(2011, 8, 7, 23, 30, tzinfo=timezone(timedelta(hours=7))),
                             section="archives/2011/08", title="Kabar dari Jakarta", slug=None, base_name="kabar_lama")
    assert fill(pattern, values) == path
    with_slug = PermalinkValues(**{**values.__dict__, "slug": "Kabar Lama"})
    assert fill("/:slug/", with_slug) == fill("/:slugorcontentbasename/", with_slug) == "/kabar-lama/"


def test_a_language_may_have_permalinks_of_its_own(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    config = site / "sitegen.toml"
    config.write_text(config.read_text() + '\n[languages.en.permalinks]\nblog = "/notes/:slug/"\n')
    public = build_site(site)
    assert page(public, "/en/notes/first-note/").h1.text == "First Note"
    assert page(public, "/2025/03/catatan-satu/").h1.text == "Catatan Pertama"  # the site's pattern
    assert not (public / "en/2025").exists()


def test_a_section_has_a_list_only_in_the_languages_it_has_content_in(tmp_path: Path) -> None:
    site = make_site(tmp_path, "hugo-tree")
    (site / "content/hosts/_index.en.md").unlink()
    (site / "content/program").mkdir()
    (site / "content/program/_index.id.md").write_text("---\ntitle: Program Kerja\ntranslationKey: program\n---\n")
    (site / "content/programmes").mkdir()
    (site / "content/programmes/_index.en.md").write_text("---\ntitle: Programmes\ntranslationKey: program\n---\n")
    public = build_site(site)
    assert (public / "hosts/index.html").is_file() and not (public / "en/hosts").exists()
    assert not (public / "en/program").exists() and not (public / "programmes").exists()
    program = page(public, "/program/").select_one('link[rel="alternate"][hreflang="en"]')
    assert program["href"] == "https://example.org/en/programmes/"  # paired by translationKey, as in Hugo
