"""What PR staff write is what readers get: front matter as Hugo reads it, Markdown as writers expect."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.core.errors import SitegenError
from sitegen.source.frontmatter import parse_source
from tests.conftest import JAKARTA, build_site, page

RELEASE = "content/news/2025-08-25-baru.id.md"
FINDINGS_DESPITE_DATA = [
    ("content/news/2025-08-22-rakornis/index.id.md", "error",
     "links to ../2020-01-01-lama/, but content/news/2020-01-01-lama/index.id.md does not exist; check the file "
     "name"),
    (RELEASE, "warning", 'front matter "tagz" is not a key sitegen knows: did you mean "tags"? (A key of the '
                         "site's own: add it to front_matter_keys in sitegen.toml.)"),
    ("content/news/masa-depan.id.md", "warning", "date 2099-01-01 is more than 365 days ahead: is the year right?"),
    ("data/penempatan-2025.csv", "error",
     'column "jumlah": "n/a" is not an integer: leave the cell empty, or add "n/a" to "missingValues" in the '
     "descriptor, if it means that the value is not known"),
]


def write(site: Path, text: str, path: str = RELEASE) -> None:
    (site / path).write_text(text, encoding="utf-8")


def messages(error: pytest.ExceptionInfo[SitegenError]) -> list[str]:
    return [str(problem) for problem in error.value.problems]


# --- front matter: keys in any case, three formats --------------------------------------------


@pytest.mark.parametrize("key", ["publishDate", "publishdate", "PublishDate", "PUBLISHDATE"])
def test_an_embargo_holds_whatever_the_case_of_publishdate(site: Path, key: str) -> None:
    write(site, f"---\ntitle: Embargo\ndate: 2025-08-25\n{key}: 2099-01-01\n---\nRahasia.\n")
    public = build_site(site)
    assert not (public / "berita/2025-08-25-baru").exists()
    assert "Embargo" not in (public / "berita/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", ["expiryDate", "expirydate", "ExpiryDate"])
def test_an_expired_release_goes_whatever_the_case_of_expirydate(site: Path, key: str) -> None:
    write(site, f"---\ntitle: Lama\ndate: 2025-08-25\n{key}: 2025-08-30\n---\nSudah lewat.\n")
    assert not (build_site(site) / "berita/2025-08-25-baru").exists()


def test_keys_in_another_case_are_read_as_the_known_key() -> None:
    parsed = parse_source("a.md", "---\nTitle: Judul\nDATE: 2025-08-22\nTranslationkey: k\nDraft: true\n---\n",
                          JAKARTA)
    assert (parsed.meta.title, parsed.meta.translation_key, parsed.meta.draft) == ("Judul", "k", True)
    assert parsed.key_lines["title"] == 2 and parsed.key_lines["translationKey"] == 4
    assert parsed.meta.params == {}


def test_a_key_given_twice_in_two_cases_is_an_error() -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", "---\ntitle: A\ndate: 2025-08-22\npublishDate: 2099-01-01\npublishdate: 2025-01-01\n---\n",
                     JAKARTA)
    assert messages(error) == ['a.md:5: front matter "publishdate": given twice (also as "publishDate"); keep one']


def test_blank_lines_and_a_byte_order_mark_before_the_front_matter_are_tolerated(site: Path) -> None:
    (site / RELEASE).write_bytes("\ufeff\n\n---\ntitle: Dengan BOM\ndate: 2025-08-25\n---\nTeks.\n".encode())
    parsed = parse_source("a.md", "\n\n---\ntitle: A\ndate: 2025-08-25\n---\nTeks.\n", JAKARTA)
    assert (parsed.key_lines, parsed.body, parsed.body_line) == ({"title": 4, "date": 5}, "Teks.\n", 7)
    assert page(build_site(site), "/berita/2025-08-25-baru/").h1.get_text(strip=True) == "Dengan BOM"


def test_toml_front_matter_is_read_as_hugo_reads_it() -> None:
    parsed = parse_source("a.md", '+++\ntitle = "Rakor"\ndate = 2025-08-22T09:00:00+07:00\n'
                                  'categories = ["Kegiatan"]\npublishdate = 2099-01-01\n+++\nIsi.\n', JAKARTA)
    meta = parsed.meta
    assert (meta.title, meta.categories, parsed.body, parsed.body_line) == ("Rakor", ("Kegiatan",), "Isi.\n", 7)
    assert meta.date == datetime(2025, 8, 22, 9, tzinfo=JAKARTA)
    assert meta.publish_date == datetime(2099, 1, 1, tzinfo=JAKARTA)
    assert parsed.key_lines == {"title": 2, "date": 3, "categories": 4, "publishDate": 5}


def test_json_front_matter_is_read_as_hugo_reads_it() -> None:
    parsed = parse_source("a.md", '{\n  "title": "Rakor",\n  "date": "2025-08-22",\n  "tags": ["a", "b"]\n}\n'
                                  "Isi.\n", JAKARTA)
    assert (parsed.meta.title, parsed.meta.tags, parsed.body, parsed.body_line) == ("Rakor", ("a", "b"), "Isi.\n", 6)
    assert parsed.key_lines == {"title": 2, "date": 3, "tags": 4}


@pytest.mark.parametrize("text", [
    '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n",
    '{"title": ' + "[" * 21 + "]" * 21 + "}\n",
    "+++\ntitle = " + "[" * 5_000 + "]" * 5_000 + "\n+++\n",
])
def test_toml_and_json_front_matter_nested_without_end_is_refused(text: str) -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", text, JAKARTA)
    assert messages(error) == ["a.md: front matter nests lists and tables more than 20 levels deep; write it flatter"]


@pytest.mark.parametrize(("text", "expected"), [
    ('+++\ntitle = "Rakor\ndate = 2025-08-22\n+++\n',
     "a.md:2: front matter is not valid TOML: Illegal character '\\n'"),
    ("+++\ntitle = 1\ndate = 2025-08-22\n", "a.md:1: front matter is not closed: add a line '+++' after its last key"),
    ('{\n  "title": "Rakor",\n  "date": 2025-08-22\n}\n',
     "a.md:3: front matter is not valid JSON: Expecting ',' delimiter"),
    ('+++\ntitle = "A"\ndate = 2025-02-30\n+++\n',
     "a.md:3: front matter is not valid TOML: Invalid date or datetime"),
    ('+++\ntitle = "A"\ndate = "22/08/2025"\n+++\n',
     "a.md:3: front matter \"date\": '22/08/2025' is not a real date; write it as 2025-08-22 or "
     "2025-08-22T09:30:00+07:00"),
])
def test_broken_toml_and_json_front_matter_name_the_line(text: str, expected: str) -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", text, JAKARTA)
    assert messages(error) == [expected]


# --- front matter: typos -------------------------------------------------------------------------


def test_a_misspelled_required_key_is_pointed_at() -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", "---\ntittle: Judul\ndate: 2025-08-22\n---\n", JAKARTA)
    assert messages(error) == ['a.md:2: front matter has no "title": "tittle" is probably a typo of it; write "title:"']


def check(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-s", str(site), "--format", "json", *args])
    return result.exit_code, result.output


def typo_findings(output: str) -> list[tuple[str, int, str, str]]:
    import json

    return [(f["file"], f["line"], f["severity"], f["message"]) for f in json.loads(output)["findings"]
            if "is not a key sitegen knows" in f["message"]]


def test_an_unknown_key_close_to_a_known_one_is_a_warning_and_an_error_with_strict(site: Path) -> None:
    write(site, "---\ntitle: Layanan\ndate: 2025-08-25\ncategoris: [Layanan]\nimage_caption: Foto\n---\nTeks.\n")
    code, output = check(site)
    assert typo_findings(output) == [(RELEASE, 4, "warning", 'front matter "categoris" is not a key sitegen knows: '
                                      'did you mean "categories"? (A key of the site\'s own: add it to '
                                      "front_matter_keys in sitegen.toml.)")]
    assert code == 0
    assert check(site, "--strict")[0] == 1
    strict = CliRunner().invoke(main, ["build", "-s", str(site), "--strict", "-F"])
    assert strict.exit_code == 1
    assert f'Error: {RELEASE}:4: front matter "categoris" is not a key sitegen knows' in strict.output


def test_build_warns_of_a_misspelled_key_and_publishes(site: Path) -> None:
    write(site, "---\ntitle: Layanan\ndate: 2025-08-25\ncategoris: [Layanan]\n---\nTeks.\n")
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    assert result.exit_code == 0
    assert [line for line in result.output.splitlines() if line.startswith("Warning")] == [
        f'Warning: {RELEASE}:4: front matter "categoris" is not a key sitegen knows: did you mean "categories"? '
        "(A key of the site's own: add it to front_matter_keys in sitegen.toml.)"]
    assert (site / "public/berita/2025-08-25-baru/index.html").is_file()


@pytest.mark.parametrize(("key", "expected"), [
    ("categoris", "categories"), ("tittle", "title"), ("Tags_", "tags"), ("publish_date", "publishDate"),
    ("image_caption", None), ("images", None), ("authors", None), ("subtitle", None), ("publishdate", None),
    ("tagz", "tags"), ("data", "date"), ("kategori", None),
])
def test_a_key_close_to_a_known_one_is_taken_for_a_typo(key: str, expected: str | None) -> None:
    from sitegen.source.frontmatter import misspelled

    assert misspelled(key) == expected


def test_a_sites_own_keys_are_not_flagged(site: Path) -> None:
    write(site, "---\ntitle: Layanan\ndate: 2025-08-25\nTag: layanan\n---\nTeks.\n")
    assert [f[3][:29] for f in typo_findings(check(site)[1])] == ['front matter "Tag" is not a k']
    config = site / "sitegen.toml"
    config.write_text('front_matter_keys = ["tag"]\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    assert typo_findings(check(site)[1]) == []


# --- Markdown as writers expect ------------------------------------------------------------------

WRITTEN = """---
title: Markdown
date: 2025-08-25
---
{body}
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each construct in a release of its own, built once; name -> the HTML of the release's body."""
    from tests.conftest import make_site

    site = make_site(tmp_path_factory.mktemp("writers"))
    for name, (body, _) in CONSTRUCTS.items():
        (site / f"content/news/md-{name}.id.md").write_text(WRITTEN.format(body=body), encoding="utf-8")
    public = build_site(site)
    bodies = {}
    for name in CONSTRUCTS:
        body = page(public, f"/berita/md-{name}/").select_one("div.body")
        assert body is not None
        bodies[name] = "".join(str(child) for child in body.children).strip()
    bodies["description"] = page(public, "/berita/md-more/").select_one('meta[name="description"]')["content"]
    return bodies


CONSTRUCTS = {
    "list-after-paragraph": ("Syaratnya:\n- KTP\n- Paspor\nlanjutan\n\nLangkah:\n1. Daftar\n2. Tes",
                             "<p>Syaratnya:</p>\n<ul>\n<li>KTP</li>\n<li>Paspor\nlanjutan</li>\n</ul>\n"
                             "<p>Langkah:</p>\n<ol>\n<li>Daftar</li>\n<li>Tes</li>\n</ol>"),
    "not-a-list": ("Tahun ini\n2024. Angka itu bukan daftar.\n\n```\nkode\n- bukan daftar\n```",
                   "<p>Tahun ini\n2024. Angka itu bukan daftar.</p>\n<div class=\"highlight\"><pre><span></span>"
                   "<code>kode\n- bukan daftar\n</code></pre></div>"),
    "bare-url": ("Lihat https://bp3mi.example.go.id/data dan www.example.org.",
                 '<p>Lihat <a href="https://bp3mi.example.go.id/data">https://bp3mi.example.go.id/data</a> dan '
                 '<a href="http://www.example.org">www.example.org</a>.</p>'),
    "strike": ("Kuota ~~100~~ 120 orang.", "<p>Kuota <del>100</del> 120 orang.</p>"),
    "tasks": ("- [x] Berkas diterima\n- [ ] Wawancara",
              '<ul class="task-list">\n<li class="task-list-item"><input checked="" disabled="" type="checkbox"/> '
              'Berkas diterima</li>\n<li class="task-list-item"><input disabled="" type="checkbox"/> Wawancara</li>\n'
              "</ul>"),
    "quotes": ("\"Aman\" -- katanya -- pada hari Jum'at --- lalu...",
               "<p>“Aman” – katanya – pada hari Jum’at — lalu…</p>"),
    "heading-ids": ("## Tanya – Jawab: Layanan 2024!\n\n## Ikhtisar_Data\n\n## Penempatan ke Luar-Negeri\n\n"
                    "## Hasil\n\n### Hasil\n\n## Hasil",
                    '<h2 id="tanya--jawab-layanan-2024">Tanya – Jawab: Layanan 2024!</h2>\n'
                    '<h2 id="ikhtisar_data">Ikhtisar_Data</h2>\n'
                    '<h2 id="penempatan-ke-luar-negeri">Penempatan ke Luar-Negeri</h2>\n'
                    '<h2 id="hasil">Hasil</h2>\n<h3 id="hasil-1">Hasil</h3>\n<h2 id="hasil-2">Hasil</h2>'),
    "more": ("Paragraf satu.\n\nParagraf dua.\n\n<!--more-->\n\nParagraf tiga.",
             "<p>Paragraf satu.</p>\n<p>Paragraf dua.</p>\n<p>Paragraf tiga.</p>"),
}


@pytest.mark.parametrize("name", list(CONSTRUCTS))
def test_markdown_is_read_as_writers_expect(rendered: dict[str, str], name: str) -> None:
    assert rendered[name] == CONSTRUCTS[name][1]


def test_more_ends_the_summary(rendered: dict[str, str]) -> None:
    assert rendered["description"] == "Paragraf satu. Paragraf dua."


# --- hints: the fix, not only the mistake ---------------------------------------------------------


def build_errors(site: Path) -> list[str]:
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    assert result.exit_code == 1
    assert not (site / "public").exists()
    return [line for line in result.output.splitlines() if line.startswith("Error: ")]


def test_a_photo_whose_name_differs_only_in_case_is_named(site: Path) -> None:
    write(site, "---\ntitle: Foto\ndate: 2025-08-25\n---\n![Peserta](Foto.JPG)\n",
          "content/news/2025-08-22-rakornis/index.id.md")
    assert build_errors(site) == ["Error: content/news/2025-08-22-rakornis/index.id.md:5: image Foto.JPG does not "
                                  "exist: foto.jpg is there: write its name as it is, in the same upper and lower case"]


def test_a_link_to_a_renamed_release_suggests_the_new_folder_and_the_aliases_line(site: Path) -> None:
    old, new = site / "content/news/2025-08-20-sosialisasi", site / "content/news/2025-08-21-sosialisasi"
    old.rename(new)
    write(site, "---\ntitle: Tautan\ndate: 2025-08-25\n---\nLihat [sosialisasi](2025-08-20-sosialisasi/index.id.md).\n")
    assert [line for line in build_errors(site) if RELEASE in line] == [
        f"Error: {RELEASE}:5: links to 2025-08-20-sosialisasi/index.id.md, but "
        "content/news/2025-08-20-sosialisasi/index.id.md does not exist; was it renamed to "
        "content/news/2025-08-21-sosialisasi/? Link to 2025-08-21-sosialisasi/index.id.md instead, and add the line "
        '"aliases: [/berita/2025-08-20-sosialisasi/]" to the front matter of '
        "content/news/2025-08-21-sosialisasi/index.id.md so the old address keeps working"]


def test_the_renamed_release_hint_is_a_link_that_works_from_a_bundle_and_knows_a_slug(site: Path) -> None:
    """Copied as written, the link works; an English release whose slug: gave its address needs no alias."""
    old, new = site / "content/news/2025-08-20-sosialisasi", site / "content/news/2025-08-21-sosialisasi"
    old.rename(new)
    english = new / "index.en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("---\n", "---\nslug: safe-migration\n", 1),
                       encoding="utf-8")
    (site / "content/news/2025-08-25-tautan").mkdir()
    write(site, "---\ntitle: Link\nslug: a-link\ndate: 2025-08-25\n---\nSee [it](../2025-08-20-sosialisasi/).\n",
          "content/news/2025-08-25-tautan/index.en.md")
    assert [line for line in build_errors(site) if "tautan" in line] == [
        "Error: content/news/2025-08-25-tautan/index.en.md:6: links to ../2025-08-20-sosialisasi/, but "
        "content/news/2025-08-20-sosialisasi/index.en.md does not exist; was it renamed to "
        "content/news/2025-08-21-sosialisasi/? Link to ../2025-08-21-sosialisasi instead (its address, set by slug:, "
        "did not change)"]


def test_a_stat_filter_takes_the_category_value_in_the_pages_language(tmp_path: Path) -> None:
    from tests.conftest import SITES, make_site

    site = make_site(tmp_path, overlay=SITES / "with-data")
    bundle = site / "content/news/2025-08-22-rakornis"
    for lang, value in (("en", "Hong Kong"), ("id", "Hongkong")):
        text = (bundle / f"index.{lang}.md").read_text(encoding="utf-8")
        (bundle / f"index.{lang}.md").write_text(
            text + f'\nHK: {{{{< stat data="penempatan-2025" field="jumlah" filter="negara={value}" >}}}}\n',
            encoding="utf-8")
    public = build_site(site)
    english = page(public, "/en/news/coordination-meeting/").select("span.stat")
    indonesian = page(public, "/berita/2025-08-22-rakornis/").select("span.stat")
    assert (english[-1].get_text(), indonesian[-1].get_text()) == ("10,050", "10.050")


# --- sitegen check: everything in one run ---------------------------------------------------------


def site_with_a_bad_cell(tmp_path: Path) -> Path:
    """The with-data site with "n/a" in an integer column, the data mistake the check tests plant."""
    from tests.conftest import SITES, make_site

    site = make_site(tmp_path, overlay=SITES / "with-data")
    table = site / "data/penempatan-2025.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("2025-01,Taiwan,1.200", "2025-01,Taiwan,n/a"),
                     encoding="utf-8")
    return site


def check_findings(site: Path) -> tuple[int, list[tuple[str, int | None, str, str]]]:
    """`sitegen check --format json`: its exit code, and its findings other than notices."""
    import json

    result = CliRunner().invoke(main, ["check", "-s", str(site), "--format", "json"])
    return result.exit_code, [(f["file"], f["line"], f["severity"], f["message"])
                              for f in json.loads(result.output)["findings"] if f["severity"] != "notice"]


def test_check_reports_data_content_and_warnings_in_one_run(tmp_path: Path) -> None:
    import shutil

    site = site_with_a_bad_cell(tmp_path)
    bundle = site / "content/news/2025-08-24-foto"
    bundle.mkdir()
    shutil.copy(site / "content/news/2025-08-22-rakornis/foto.jpg", bundle / "foto.jpg")
    (bundle / "index.id.md").write_text("---\ntitle: Foto\ndate: 2025-08-24\nimage: foto.jpg\n---\nTeks.\n",
                                        encoding="utf-8")
    write(site, "---\ntitle: Sosialisasi\ndate: 2025-08-25\ncategoris: [Layanan]\n---\nLihat [hasil](#hasill).\n\n"
                "## Hasil\n")
    exit_code, findings = check_findings(site)
    assert exit_code == 1
    assert findings == [
        ("content/news/2025-08-24-foto/index.id.md", 4, "error",
         "image has no image_alt: describe the photo for readers who cannot see it"),
        (RELEASE, 4, "warning", 'front matter "categoris" is not a key sitegen knows: did you mean "categories"? '
                                "(A key of the site's own: add it to front_matter_keys in sitegen.toml.)"),
        (RELEASE, 6, "warning", 'links to "#hasill", which is not a heading or anchor of /berita/2025-08-25-baru/; '
                                "link to one of its headings, or to the page itself"),
        ("content/news/masa-depan.id.md", 3, "warning",
         "date 2099-01-01 is more than 365 days ahead: is the year right?"),
        ("data/penempatan-2025.csv", 3, "error",
         'column "jumlah": "n/a" is not an integer: leave the cell empty, or add "n/a" to "missingValues" in the '
         "descriptor, if it means that the value is not known"),
    ]



def test_check_warns_of_a_release_dated_apart_from_its_name_and_of_a_lookalike_category(tmp_path: Path) -> None:
    """Two mistakes the build cannot refuse: `sitegen new` named the folder by the day it was written,
    and a typo in a table makes a category of its own that no language translates."""
    from tests.conftest import SITES, make_site

    site = make_site(tmp_path, overlay=SITES / "with-data")
    write(site, "---\ntitle: Sosialisasi\ndate: 2025-08-27\n---\nTeks.\n")
    table = site / "data/penempatan-2025.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("2025-03,Hongkong,", "2025-03,Hongkog,"),
                     encoding="utf-8")
    line = next(n for n, text in enumerate(table.read_text().splitlines(), start=1) if "Hongkog" in text)
    exit_code, findings = check_findings(site)
    assert exit_code == 0
    assert findings == [
        (RELEASE, 3, "warning", "date is 2025-08-27, but the name 2025-08-25-baru starts with 2025-08-25, and the "
                                "address /berita/2025-08-25-baru/ keeps that name: rename it to start with 2025-08-27 "
                                "before publishing (once published, add the old address to aliases:)"),
        ("content/news/masa-depan.id.md", 3, "warning",
         "date 2099-01-01 is more than 365 days ahead: is the year right?"),
        ("data/penempatan-2025.csv", line, "warning",
         'column "negara": "Hongkog" is not among the values the descriptor translates, but looks like "Hongkong": '
         "a typo? The other languages show it untranslated, and its rows are counted apart"),
    ]


def test_check_finds_a_broken_link_in_a_release_that_shows_broken_data_and_a_short_typo(tmp_path: Path) -> None:
    """A bad cell used to hide every mistake of a release showing a figure, and `tagz` was no typo."""
    site = site_with_a_bad_cell(tmp_path)
    rakornis = site / "content/news/2025-08-22-rakornis/index.id.md"
    rakornis.write_text(rakornis.read_text(encoding="utf-8") + "\nLihat [rilis lama](../2020-01-01-lama/).\n",
                        encoding="utf-8")
    write(site, "---\ntitle: Sosialisasi\ndate: 2025-08-25\ntagz: [layanan]\n---\nTeks.\n")
    exit_code, findings = check_findings(site)
    assert exit_code == 1
    assert [(file, severity, message) for file, _, severity, message in findings] == FINDINGS_DESPITE_DATA


# --- ISO periods in the reader's language -------------------------------------------------------


@pytest.mark.parametrize(("locale", "text", "shown"), [
    ("id", "2007/2024-11-14", "2007 – 14 November 2024"),
    ("en", "2007/2024-11-14", "2007 – 14 November 2024"),
    ("id", "2025-01/2025-06", "Januari 2025 – Juni 2025"),
    ("en", "2025-01/2025-06", "January 2025 – June 2025"),
    ("id", "2024-08-17", "17 Agustus 2024"),
    ("en", "2024", "2024"),
    ("id", "sejak 2007", "sejak 2007"),  # not ISO: shown as written
    ("en", "2024-13", "2024-13"),
])
def test_an_iso_period_is_shown_in_the_readers_language(locale: str, text: str, shown: str) -> None:
    from sitegen.source.i18n import Formatter

    assert Formatter(locale, JAKARTA, {}).period(text) == shown


def test_a_datasets_coverage_is_shown_as_a_period(tmp_path: Path) -> None:
    from tests.conftest import SITES, make_site

    public = build_site(make_site(tmp_path, overlay=SITES / "with-data"))
    shown = {}
    for file in public.rglob("index.html"):
        html = page(public, "/" + file.relative_to(public).as_posix())
        for term in html.select("dt"):
            if term.get_text(strip=True) in ("Cakupan waktu", "Period covered"):
                shown[html.html["lang"]] = term.find_next_sibling("dd").get_text(strip=True)
    assert shown == {"id": "Januari 2025 – Juni 2025", "en": "January 2025 – June 2025"}


def test_heading_ids_start_again_on_every_page() -> None:
    import markdown

    from sitegen.markdown.writing import WritersExtension

    writers = WritersExtension()
    md = markdown.Markdown(extensions=["toc", writers], extension_configs={"toc": {"slugify": writers.ids}})
    first = md.convert("## Hasil\n\n## Hasil")
    md.reset()
    assert (first, md.convert("## Hasil")) == ('<h2 id="hasil">Hasil</h2>\n<h2 id="hasil-1">Hasil</h2>',
                                               '<h2 id="hasil">Hasil</h2>')


def test_a_link_to_a_renamed_release_that_kept_its_translation_key_suggests_it(site: Path) -> None:
    old, new = site / "content/news/2025-08-20-sosialisasi", site / "content/news/2025-08-20-migrasi-aman"
    old.rename(new)
    for lang in ("id", "en"):
        release = new / f"index.{lang}.md"
        release.write_text(release.read_text(encoding="utf-8").replace(
            "---\n", "---\ntranslationKey: news/2025-08-20-sosialisasi\n", 1), encoding="utf-8")
    write(site, "---\ntitle: Tautan\ndate: 2025-08-25\n---\nLihat [sosialisasi](2025-08-20-sosialisasi/index.id.md).\n")
    assert [line for line in build_errors(site) if RELEASE in line] == [
        f"Error: {RELEASE}:5: links to 2025-08-20-sosialisasi/index.id.md, but "
        "content/news/2025-08-20-sosialisasi/index.id.md does not exist; was it renamed to "
        "content/news/2025-08-20-migrasi-aman/? Link to 2025-08-20-migrasi-aman/index.id.md instead, and add the "
        'line "aliases: [/berita/2025-08-20-sosialisasi/]" to the front matter of '
        "content/news/2025-08-20-migrasi-aman/index.id.md so the old address keeps working"]
