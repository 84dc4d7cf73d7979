"""The build as a whole: options, publishing, overrides, determinism."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen import __version__
from sitegen.cli import main
from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from sitegen.core.errors import SitegenError
from tests.conftest import JAKARTA, NOW, SITES, build_site, make_site, page, published_files


def test_two_builds_of_the_same_input_are_byte_identical(site: Path, tmp_path: Path) -> None:
    """Outside the search index (see test_trust_serve for Pagefind's own files)."""
    build_site(site)
    build_site(site, output=tmp_path / "again")
    first, second = published_files(site / "public"), published_files(tmp_path / "again")
    assert len(first) > 50 and first == second


def test_files_of_pages_that_no_longer_exist_do_not_linger(site: Path) -> None:
    public = build_site(site)
    assert (public / "profil/index.html").exists()
    (site / "content/pages/profil.id.md").unlink()
    build_site(site)
    assert not (public / "profil").exists()


def test_drafts_future_and_expired_are_published_when_asked(site: Path) -> None:
    public = build_site(site, drafts=True, future=True, expired=True)
    for name in ("draf", "masa-depan", "kedaluwarsa"):
        assert (public / "berita" / name / "index.html").is_file()


def test_future_is_judged_by_the_build_moment(site: Path) -> None:
    later = datetime(2099, 1, 2, tzinfo=JAKARTA)
    assert (build_site(site, now=later) / "berita/masa-depan/index.html").is_file()


def test_publish_date_holds_a_release_back(site: Path) -> None:
    release = site / "content/news/dengan-kunci/index.id.md"
    release.write_text(release.read_text().replace("date: 2025-07-01T08:00:00+07:00",
                                                   "date: 2025-07-01\npublishDate: 2025-10-01"))
    public = build_site(site)
    assert not (public / "berita/dengan-kunci").exists()
    assert (public / "en/news/keyed-release/index.html").exists()


def test_base_url_and_output_can_be_given_on_the_command_line(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(main, ["build", "-s", str(site), "--output", str(out),
                                       "--base-url", "https://humas.example.id/situs"])
    assert result.exit_code == 0, result.output
    doc = page(out, "/berita/2025-08-22-rakornis/")
    assert doc.select_one('link[rel="canonical"]')["href"] == (
        "https://humas.example.id/situs/berita/2025-08-22-rakornis/")
    assert doc.select_one('link[rel="stylesheet"]')["href"] == "/situs/css/main.css"
    assert doc.select_one(".prev-next a")["href"] == "/situs/berita/2025-08-20-sosialisasi/"
    assert not (site / "public").exists()


def test_the_command_says_what_it_built_and_where(site: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    html = len(list((site / "public").rglob("*.html")))
    every = len([f for f in (site / "public").rglob("*") if f.is_file()])
    # The second language's own search bundle, each split into parts (a year of releases, the pages)
    # with parts.json; the photo as WebP; the stamp; each language's 2025 archive in two pages
    assert (html, every) == (37, 170)
    assert lines[0].startswith(f"Built {html} pages ({every} files) in ")
    assert lines[1].startswith("Preview: python3 -m http.server --directory ")


def test_quiet_prints_nothing_and_verbose_prints_each_step(site: Path) -> None:
    quiet = CliRunner().invoke(main, ["build", "-s", str(site), "--quiet"])
    assert quiet.exit_code == 0 and quiet.output == ""
    verbose = CliRunner().invoke(main, ["build", "-s", str(site), "--verbose"])
    assert "  13 content files read, 10 to publish" in verbose.stderr.splitlines()


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.output == f"sitegen, version {__version__}\n"


def test_a_site_template_overrides_the_themes(site: Path) -> None:
    (site / "templates/partials").mkdir(parents=True)
    (site / "templates/partials/footer.html").write_text('<footer class="custom">{{ t("contact") }}</footer>\n')
    public = build_site(site)
    assert page(public, "/").select_one("footer.custom").get_text() == "Kontak"
    assert page(public, "/en/").select_one("footer.custom").get_text() == "Contact"


def test_a_site_static_file_overrides_the_themes(site: Path) -> None:
    (site / "static/css").mkdir(parents=True)
    (site / "static/css/main.css").write_text("body { color: black; }\n")
    assert (build_site(site) / "css/main.css").read_text() == "body { color: black; }\n"


def test_a_further_language_is_served_under_its_code(site: Path) -> None:
    config = site / "sitegen.toml"
    config.write_text(config.read_text() + '\n[languages.ms]\nname = "Bahasa Melayu"\ntitle = "Laman Ujian"\n')
    (site / "i18n/ms.toml").write_text((Path(__file__).parents[1] / "themes/humas/i18n/id.toml").read_text())
    (site / "content/news/2025-08-20-sosialisasi/index.ms.md").write_text(
        "---\ntitle: Jerayawara Migrasi Selamat\nslug: jerayawara\ndate: 2025-08-20\n---\nPerenggan pertama.\n")
    public = build_site(site)
    doc = page(public, "/ms/news/jerayawara/")
    assert doc.html["lang"] == "ms"
    hreflangs = {link["hreflang"] for link in doc.select('link[rel="alternate"][hreflang]')}
    assert hreflangs == {"id", "en", "ms", "x-default"}
    assert [li["lang"] for li in page(public, "/").select("nav.lang-switch [lang]")] == ["id", "en", "ms"]


def test_the_output_folder_may_not_hold_the_sources(site: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-s", str(site), "--output", str(site)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {site}: cannot be the output folder")
    assert (site / "sitegen.toml").exists()


def test_building_without_a_config_says_where_it_looked(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-s", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: sitegen.toml: no sitegen.toml in {tmp_path} (is this the site's folder?)")


def test_the_api_build_reports_counts(site: Path) -> None:
    report = build(BuildOptions(site_dir=site, now=NOW))
    assert (report.pages, report.output) == (37, site / "public")  # 2025's archive in two pages, twice


def test_an_output_folder_that_cannot_be_written_is_an_error_not_a_crash(site: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", "-s", str(site), "--output", str(blocker / "public")])
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: {blocker}/") and first.endswith(
        ": Not a directory; a file there has the name a folder needs: rename it, or choose another folder")
    assert result.stderr.splitlines()[1:] == ["Nothing was published."]


# --- the Markdown cache --------------------------------------------------------------------


def _files(folder: Path) -> dict[str, bytes]:
    """Every file but Pagefind's, whose filter index is not byte-stable from one run to the next."""
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in folder.rglob("*")
            if f.is_file() and "pagefind" not in f.relative_to(folder).parts}


def test_a_warm_build_converts_no_page_not_even_those_with_data_and_writes_the_same_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    cold = _files(build_site(site))
    lines: list[str] = []
    build(BuildOptions(site_dir=site, now=NOW), lines.append)
    assert "0 pages converted from Markdown, 10 taken from the cache" in lines, lines
    assert _files(site / "public") == cold


def test_a_cached_page_follows_the_pages_it_links_to(site: Path) -> None:
    build_site(site)
    target = site / "content/news/2025-08-20-sosialisasi/index.id.md"
    target.write_text(target.read_text().replace("date: 2025-08-20", "date: 2025-08-20\nslug: migrasi-aman"))
    public = build_site(site)
    links = [a["href"] for a in page(public, "/berita/2025-08-22-rakornis/").select(".body a")]
    assert "/berita/migrasi-aman/#hasil" in links
    target.unlink()
    (site / "content/news/2025-08-20-sosialisasi/index.en.md").unlink()
    with pytest.raises(SitegenError) as error:  # the link is checked again, not taken from the cache
        build_site(site)
    assert "2025-08-20-sosialisasi/index.id.md" in str(error.value)


def test_a_changed_shortcode_template_converts_pages_again(site: Path) -> None:
    build_site(site)
    (site / "templates/shortcodes").mkdir(parents=True)
    (site / "templates/shortcodes/figure.html").write_text('<figure class="mine"><img src="{{ src }}" '
                                                           'alt="{{ alt }}"></figure>')
    public = build_site(site)
    assert page(public, "/berita/2025-08-22-rakornis/").select("figure.mine")
