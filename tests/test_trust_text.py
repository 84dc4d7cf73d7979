"""Issue 13, front matter, Markdown and text: no input crashes the build, and nothing a release
says makes a page run code or load from another site.

Each case: the exact message (file, line, what would be right), exit status 1, and the site
published before, the sources and a file outside the site all left as they were. A good build
of the minimal site is made once per module and copied for each case, so each case only pays
for the failing build.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from sitegen.cli import main
from sitegen.core.characters import clean, clean_xml
from sitegen.core.errors import SitegenError
from sitegen.core.limits import TERMS_PER_PAGE
from sitegen.markdown.shortcodes import CALL
from sitegen.model.site import Page
from sitegen.pages.plan import Related, related
from sitegen.source.frontmatter import parse_source
from tests.conftest import build_site, make_site, page

RELEASE = "content/news/uji.id.md"
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def published_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = make_site(tmp_path_factory.mktemp("good"))
    build_site(site)
    return site


@pytest.fixture
def site(published_once: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the built minimal site, and a file beside it that no build may touch."""
    copy = tmp_path / "site"
    shutil.copytree(published_once, copy, symlinks=True)
    (tmp_path / "outside.txt").write_text("not the site's\n", encoding="utf-8")
    yield copy


def snapshot(site: Path) -> dict[str, bytes]:
    """The published site, the sources and the file outside: what a failed build leaves alone."""
    files = [f for folder in (site / "public", site / "content") for f in folder.rglob("*") if f.is_file()]
    files += [site / "sitegen.toml", site.parent / "outside.txt"]
    return {f.relative_to(site.parent).as_posix(): f.read_bytes() for f in files}


def write(site: Path, text: str, path: str = RELEASE) -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def release(front_matter: str, body: str = "Isi rilis.\n") -> str:
    return f"---\n{front_matter}---\n{body}"


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def refused(site: Path, text: str, *, path: str = RELEASE, command: str = "build") -> list[str]:
    """Add a file, build (or check): exit 1, no traceback, nothing changed; the error lines."""
    write(site, text, path)
    before = snapshot(site)
    result = cli(command, "-s", str(site))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert snapshot(site) == before
    return [line for line in result.output.splitlines() if line.startswith(("Error: ", "  "))]


def built(site: Path, text: str, path: str = RELEASE) -> Path:
    write(site, text, path)
    result = cli("build", "-s", str(site))
    assert result.exit_code == 0, result.output
    return site / "public"


# --- 5. Problems without a line sort beside problems with one ----------------------------------


@pytest.mark.parametrize("front_matter, first, line", [
    ("title: Tanpa tanggal\ncategories: 5\n",
     f'Error: {RELEASE}: front matter has no "date": add a line such as "date: 2025-08-22T09:00:00+07:00"', 3),
    ('title: ""\ndate: 2025-08-01\ncategories: 5\n',
     f'Error: {RELEASE}:2: front matter has no "title": add a line such as "title: The release\'s headline"', 4),
    ('title: " \\0 "\ndate: 2025-08-01\ncategories: 5\n',  # nothing left once cleaned
     f'Error: {RELEASE}:2: front matter has no "title": add a line such as "title: The release\'s headline"', 4),
])
def test_a_problem_without_a_line_beside_another_is_reported_not_a_crash(site: Path, front_matter: str,
                                                                         first: str, line: int) -> None:
    assert refused(site, release(front_matter)) == [
        first,
        f'Error: {RELEASE}:{line}: front matter "categories": must be a list of text, like [Penempatan, '
        "Pelindungan], got 5",
    ]


def test_check_sorts_problems_without_a_line_too(site: Path) -> None:
    lines = refused(site, release("title: Tanpa tanggal\ncategories: 5\n"), command="check")
    assert lines == [
        # masa-depan.id.md, checked in the same run (issue 16: one run reports everything)
        "  3: warning: date 2099-01-01 is more than 365 days ahead: is the year right?",
        '  error: front matter has no "date": add a line such as "date: 2025-08-22T09:00:00+07:00"',
        '  3: error: front matter "categories": must be a list of text, like [Penempatan, Pelindungan], got 5',
    ]


# --- 8. Characters XML forbids ------------------------------------------------------------------


def test_characters_xml_forbids_are_cleaned_out_of_feeds_sitemaps_and_pages(site: Path) -> None:
    front_matter = ('title: "Kunjungan\\vMenteri\\b ke\\0 Balai"\ndate: 2025-08-30\n'
                    'summary: "Ringkasan\\x01 \\uFFFE rilis"\ncategories: ["Kegiatan\\fBalai"]\n'
                    'translationKey: "kunci\\x1f-uji"\ndateline: "Jakarta\x0b"\n')
    public = built(site, release(front_matter, "Teks \x00dengan\x08 NUL\x0bdan \ufffe lainnya.\n"))

    for xml in public.rglob("*.xml"):
        etree.parse(str(xml))  # raises on a character XML forbids
    rss = etree.parse(str(public / "index.xml"))
    item = next(i for i in rss.iterfind("channel/item") if "Menteri" in i.findtext("title"))
    assert item.findtext("title") == "Kunjungan Menteri ke Balai"
    assert item.findtext("description") == "Ringkasan  rilis"
    assert item.findtext("category") == "Kegiatan Balai"
    assert item.findtext("guid").endswith(":kunci-uji/id")
    html = (public / "berita/uji/index.html").read_text(encoding="utf-8")
    assert "Teks dengan NUL dan  lainnya." in html
    assert not any(char in html for char in "\x00\x08\x0b\x01\ufffe")
    assert page(public, "/berita/uji/").h1.get_text() == "Kunjungan Menteri ke Balai"


def test_feeds_stay_valid_xml_with_a_control_character_in_sitegen_toml(site: Path) -> None:
    config = site / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('title = "Situs Uji"', 'title = "Situs\\u000bUji"'),
                      encoding="utf-8")
    public = built(site, release("title: Biasa\ndate: 2025-08-01\n"))
    for xml in public.rglob("*.xml"):
        etree.parse(str(xml))
    assert etree.parse(str(public / "index.xml")).findtext("channel/title") == "Situs Uji"


def test_cleaning_keeps_text_and_lines() -> None:
    assert clean("a\x0bb\x0cc\x00d\x08e\ufffe\uffff\td\ne\rf") == "a b cde\td\ne\rf"
    assert clean_xml("<t>a\x0bb\x00\ufffe</t>".encode()) == b"<t>a b</t>"


# --- 9. Characters YAML refuses ----------------------------------------------------------------


def test_a_garbled_character_is_an_error_with_its_line_not_a_reader_error(site: Path) -> None:
    assert refused(site, release("title: Menteri\u0092s kunjungan\ndate: 2025-08-01\n", "Baris\x7f satu\n")) == [
        f"Error: {RELEASE}:2: holds the invisible control character U+0092 (probably ’ saved in the wrong "
        "encoding); retype it",
        f"Error: {RELEASE}:5: holds the invisible control character U+007F; retype it",
    ]


def test_a_garbled_character_written_as_a_yaml_escape_names_its_key(site: Path) -> None:
    assert refused(site, release('title: "Menteri\\x92s"\ndate: 2025-08-01\n')) == [
        f'Error: {RELEASE}:2: front matter "title": holds the invisible control character U+0092 (probably ’ '
        "saved in the wrong encoding); retype it",
    ]


def test_new_refuses_a_garbled_title_and_cleans_a_vertical_tab(site: Path) -> None:
    before = snapshot(site)
    result = cli("new", "news", "Menteri\u0092s kunjungan", "-s", str(site))
    assert result.exit_code == 1
    assert result.output == ("Error: content: the title holds the invisible control character U+0092 (probably ’ "
                             "saved in the wrong encoding); retype it\nNothing was created.\n")
    assert snapshot(site) == before

    result = cli("new", "news", "Kunjungan\x0bMenteri\x00", "-s", str(site))
    assert result.exit_code == 0, result.output
    created = next((site / "content/news").glob("*-kunjungan-menteri/index.id.md"))
    assert 'title: "Kunjungan Menteri"' in created.read_text(encoding="utf-8")
    assert cli("build", "-s", str(site), "--drafts").exit_code == 0


# --- 10, 11. Numbers and dates -----------------------------------------------------------------


def test_a_number_of_thousands_of_digits_is_refused_with_its_key(site: Path) -> None:
    assert refused(site, release("title: Angka\ndate: 2025-08-01\nweight: " + "9" * 5000 + "\n")) == [
        f'Error: {RELEASE}:4: front matter "weight": holds a number with more than 30 digits; write it shorter, '
        "or in a larger unit",
    ]


@pytest.mark.parametrize("key, value", [
    ("date", "0001-01-01"), ("date", "0001-01-01T00:00:00+08:00"), ("date", "10000-01-01"),
    ("date", "9999-12-31T23:00:00-05:00"), ("lastmod", "1899-12-31"), ("expiryDate", "0001-01-01"),
])
def test_a_date_outside_the_years_every_step_can_handle_is_refused(site: Path, key: str, value: str) -> None:
    front_matter = "title: Tanggal\n" + ("" if key == "date" else "date: 2025-08-01\n") + f"{key}: {value}\n"
    lines = refused(site, release(front_matter))
    line = 3 if key == "date" else 4
    if value == "10000-01-01":  # not a date at all, for Python
        assert lines == [f"Error: {RELEASE}:{line}: front matter \"date\": '10000-01-01' is not a real date; write "
                         "it as 2025-08-22 or 2025-08-22T09:30:00+07:00"]
    else:
        assert lines == [f"Error: {RELEASE}:{line}: front matter \"{key}\": '{value}' is outside the years 1900 to "
                         "9999; write the release's date, like 2025-08-22"]


def test_the_first_and_last_years_are_published(site: Path) -> None:
    write(site, release("title: Lama sekali\ndate: 1900-01-01\nlastmod: 9999-12-31\n"), "content/news/lama.id.md")
    public = built(site, release("title: Jauh\ndate: 9999-12-31T23:59:59\n"))
    assert (public / "arsip/1900/index.html").is_file()
    assert not (public / "berita/uji").exists()  # in the future: held back, not a crash
    report = cli("check", "-s", str(site))  # checks future releases too
    assert report.exit_code == 0
    assert "\n  3: warning: date 9999-12-31 is more than 365 days ahead: is the year right?\n" in report.output


# --- 12. Inputs that cost far more than their size ------------------------------------------------


def test_a_billion_laughs_is_refused_at_once(site: Path) -> None:
    laughs = "lol0: &a0 [ha, ha, ha, ha, ha, ha, ha, ha, ha, ha]\n" + "".join(
        f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 10))
    started = time.perf_counter()
    lines = refused(site, release("title: Tawa\ndate: 2025-08-01\n" + laughs))
    assert time.perf_counter() - started < 5
    assert lines == [f'Error: {RELEASE}:8: front matter "lol4": holds more than 100,000 values (counting each '
                     "value an *alias repeats); split it, or use fewer aliases"]


@pytest.mark.parametrize("value, line, message", [
    ("[" * 21 + "]" * 21, 4, 'front matter "deep": nests lists and tables more than 20 levels deep; write it flatter'),
    ("[" * 5000 + "]" * 5000, 4, "front matter nests lists and tables more than 20 levels deep; write it flatter"),
    ("&self [*self]", 4, 'front matter "deep": the alias *self repeats the list or table it is in, which never '
                         "ends; write the values out"),
])
def test_nesting_and_self_reference_are_refused(site: Path, value: str, line: int, message: str) -> None:
    assert refused(site, release(f"title: Dalam\ndate: 2025-08-01\ndeep: {value}\n")) == [
        f"Error: {RELEASE}:{line}: {message}"]


def test_thousands_of_tags_are_refused_quickly(site: Path) -> None:
    tags = ", ".join(f"tag{n}" for n in range(2000))
    started = time.perf_counter()
    lines = refused(site, release(f"title: Label\ndate: 2025-08-01\ncategories: [Satu]\ntags: [{tags}]\n"))
    assert time.perf_counter() - started < 5
    assert lines == [f'Error: {RELEASE}:5: front matter "tags": 2,001 categories and tags together; a release may '
                     f"have up to {TERMS_PER_PAGE}: keep those a reader would look for"]


def _release(number: int, terms: list[str]) -> Page:
    return Page(title=f"Rilis {number}", date=parse_source("x", "---\ntitle: x\ndate: 2025-01-01\n---\n",
                                                           JAKARTA).meta.date,
                kind="article", section="news", lang="id", source=f"content/news/{number}.id.md",
                translation_key=f"news/{number}", path=f"/berita/{number}/", body="", body_line=1,
                categories=tuple(terms[:50]), tags=tuple(terms[50:]))


def test_related_releases_stay_fast_at_the_most_terms_a_release_may_have() -> None:
    """300 releases with 100 terms each: the old index of every set of three terms took minutes
    and gigabytes (161,700 sets per release); counting shared terms as bit sets takes milliseconds."""
    chance = random.Random(13)
    vocabulary = [f"term{n}" for n in range(400)]
    pages = [_release(n, chance.sample(vocabulary, TERMS_PER_PAGE)) for n in range(300)]
    started = time.perf_counter()
    suggest = Related(pages)
    answers = {p: suggest(p) for p in pages}
    assert time.perf_counter() - started < 5
    for p in pages[:40]:
        assert answers[p] == related(p, pages)


def test_one_release_with_the_most_terms_builds_in_seconds(site: Path) -> None:
    categories = ", ".join(f"Kategori {n}" for n in range(TERMS_PER_PAGE))
    started = time.perf_counter()
    public = built(site, release(f"title: Banyak\ndate: 2025-08-01\ncategories: [{categories}]\n"))
    assert time.perf_counter() - started < 30  # was 10 s for 250 categories in related releases alone
    assert (public / f"kategori/kategori-{TERMS_PER_PAGE - 1}/index.xml").is_file()


def test_a_body_of_unclosed_shortcodes_is_read_in_linear_time(site: Path) -> None:
    body = "{{< a " * 17_000 + "\n\n" + "{{< b " + " " * 50_000 + "\n"  # 152 KB; the old pattern: minutes
    started = time.perf_counter()
    assert sum(1 for _ in CALL.finditer(body)) == 0
    assert time.perf_counter() - started < 1
    started = time.perf_counter()
    public = built(site, release("title: Kode\ndate: 2025-08-01\n", body))
    assert time.perf_counter() - started < 5
    assert "{{&lt; a {{&lt; a" in (public / "berita/uji/index.html").read_text(encoding="utf-8")


def test_shortcodes_still_read_as_before() -> None:
    found = [(m["name"], m["args"].strip(), bool(m["open"] and m["close"])) for m in CALL.finditer(
        '{{< figure src="a.jpg" alt="x > y" >}} {{</* figure src="b.jpg" */>}} {{< chart "a/b">}}')]
    assert found == [("figure", 'src="a.jpg" alt="x > y"', False), ("figure", 'src="b.jpg"', True),
                     ("chart", '"a/b"', False)]


def test_a_content_file_over_the_size_limit_is_refused(site: Path) -> None:
    assert refused(site, release("title: Besar\ndate: 2025-08-01\n", "kata " * 210_000)) == [
        f"Error: {RELEASE}: is 1,050,038 bytes; a content file may be up to 1,000,000 (a long release is "
        "about 20,000): split it into several pages"]


# --- 17. Pictures from other sites, scripts and javascript: links -----------------------------


def test_a_lead_photo_from_another_site_is_refused(site: Path) -> None:
    assert refused(site, release("title: Foto\ndate: 2025-08-01\nimage: https://evil.example/tracker.jpg\n"
                                 "image_alt: Foto\n")) == [
        f"Error: {RELEASE}:4: front matter \"image\": 'https://evil.example/tracker.jpg' is not on this site; image "
        "must be a photo in the release's folder or a path on this site like /images/x.jpg; sitegen does not load "
        "pictures from other sites (they would tell that site who reads the release)"]


@pytest.mark.parametrize("body", ["![Foto](https://evil.example/t.jpg)", "![Foto](//evil.example/t.jpg)",
                                  '{{< figure src="https://evil.example/t.jpg" alt="Foto" >}}'])
def test_a_picture_from_another_site_in_the_text_is_refused(site: Path, body: str) -> None:
    lines = refused(site, release("title: Foto\ndate: 2025-08-01\n", f"Paragraf.\n\n{body}\n"))
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {RELEASE}:7: ")
    assert lines[0].endswith("is not on this site: a picture must be a file in the release's folder or a path on "
                             "this site like /images/x.jpg; sitegen does not load pictures from other sites (they "
                             "would tell that site who reads the release)")


@pytest.mark.parametrize("link, scheme, line", [
    ("[a](javascript:alert(1))", "javascript", 7), ("[a](JavaScript:alert(1))", "javascript", 7),
    ("[a](java&#115;cript:alert(1))", "javascript", 7), ("[a](vbscript:msgbox)", "vbscript", 7),
    ("[a](data:text/html;base64,PHNjcmlwdD4=)", "data", 7),
    ("[a][1]\n\n[1]: javascript:alert(1)", "javascript", 9),  # the line where the address is written
    ('[a](/berita/){: href="javascript:alert(1)" }', "javascript", 7),
])
def test_a_link_that_runs_code_is_never_published(site: Path, link: str, scheme: str, line: int) -> None:
    lines = refused(site, release("title: Tautan\ndate: 2025-08-01\n", f"Paragraf.\n\n{link}\n"))
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {RELEASE}:{line}: links to '")
    assert lines[0].endswith(f"which would run code in a reader's browser; sitegen never publishes {scheme}: links: "
                             "link to a page or a file instead")


def test_an_event_attribute_is_refused(site: Path) -> None:
    assert refused(site, release("title: Atribut\ndate: 2025-08-01\n", 'Paragraf.\n{: onclick="alert(1)" }\n')) == [
        f"Error: {RELEASE}:6: sets the attribute onclick, which runs a script in a reader's browser; sitegen "
        "publishes no scripts from a release (unsafe_html = true in sitegen.toml allows them, for sites whose every "
        "author is trusted)"]


RAW = "Teks <u>garis</u>.\n\n<script>alert('rilis')</script>\n\n<!-- catatan redaksi -->\n\nAkhir.\n"


def test_raw_html_is_left_out_by_default_and_check_says_so(site: Path) -> None:
    public = built(site, release("title: Mentah\ndate: 2025-08-01\n", RAW))
    html = (public / "berita/uji/index.html").read_text(encoding="utf-8")
    assert "alert('rilis')" not in html and "catatan redaksi" not in html and "<u>" not in html
    assert "<p>Teks <!-- raw HTML omitted -->garis<!-- raw HTML omitted -->.</p>" in html
    report = cli("check", "-s", str(site))
    assert f"\n{RELEASE}\n" in report.output
    warning = ("\n  5: warning: holds raw HTML, which is left out of the page (as Hugo does): write it in "
               "Markdown, or set unsafe_html = true in sitegen.toml if every author of the site is trusted")
    assert warning in report.output


def test_unsafe_html_publishes_raw_html_but_never_a_javascript_link(site: Path) -> None:
    config = site / "sitegen.toml"
    config.write_text("unsafe_html = true\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    public = built(site, release("title: Mentah\ndate: 2025-08-01\n", RAW))
    assert "<script>alert('rilis')</script>" in (public / "berita/uji/index.html").read_text(encoding="utf-8")

    lines = refused(site, release("title: Mentah\ndate: 2025-08-01\n",
                                  'Paragraf.\n\n<a href="&#106;avascript:alert(1)">klik</a>\n'))
    assert lines == [f"Error: {RELEASE}: links to 'javascript:alert(1)', which would run code in a reader's browser; "
                     "sitegen never publishes javascript: links: link to a page or a file instead"]


# --- Random front matter: parsed or refused, never a crash, never a forbidden character -------------


_NASTY = ["\x00", "\x08", "\x0b", "\x0c", "\x7f", "\x92", "\ufffe", "\\v", "\\x92", "\\0", "&a", "*a", "[", "]",
          "{", ":", "- ", "\n", '"', "0001-01-01", "9" * 40, "javascript:", "https://evil.example/x.jpg"]
_pieces = st.one_of(st.text(max_size=6), st.sampled_from(_NASTY))
_yaml_texts = st.lists(_pieces, max_size=12).map("".join)
_KEYS = ["title", "date", "lastmod", "summary", "categories", "tags", "weight", "image", "translationKey", "mood"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_KEYS), _yaml_texts, max_size=6))
def test_random_front_matter_is_parsed_or_refused_never_a_crash(data: dict[str, str]) -> None:
    text = "---\n" + "".join(f"{key}: {value}\n" for key, value in data.items()) + "---\nIsi.\n"
    try:
        parsed = parse_source(RELEASE, text, JAKARTA)
    except SitegenError as error:
        assert error.problems and all(p.path == RELEASE and p.message for p in error.problems)
        return
    meta = parsed.meta
    assert 1900 <= meta.date.year <= 9999
    for value in (meta.title, meta.summary or "", *meta.categories, *meta.tags, meta.translation_key or "",
                  yaml.safe_dump(meta.params, allow_unicode=True)):
        assert clean(value) == value
    assert meta.image is None or "://" not in meta.image
