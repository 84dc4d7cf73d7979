"""Pure parsing, fed strings: front matter, config, language suffixes, shortcodes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sitegen.core.errors import SitegenError
from sitegen.markdown.shortcodes import expand, parse_args
from sitegen.source.config import parse_config
from sitegen.source.content import split_language
from sitegen.source.frontmatter import parse_source
from tests.conftest import JAKARTA

BASE = {"base_url": "https://example.org", "languages": {"id": {"name": "Indonesia", "title": "Situs"},
                                                        "en": {"name": "English", "title": "Site"}}}


def messages(error: pytest.ExceptionInfo[SitegenError]) -> list[str]:
    return [str(p) for p in error.value.problems]


# --- front matter ----------------------------------------------------------------------------


def test_front_matter_is_typed_with_hugo_names() -> None:
    parsed = parse_source("a.md", (
        "---\ntitle: Judul\ndate: 2025-08-22T09:30:00+07:00\nlastmod: 2025-08-23\n"
        "publishDate: 2025-08-22 10:00\nexpiryDate: 2026-01-01\ndraft: false\nslug: judul-lain\n"
        "tags: [a, b]\ncategories: Berita\naliases: [/lama/]\nweight: 3\ntranslationKey: k\n"
        "featured: true\nlayout_hint: wide\n---\nIsi.\n"), JAKARTA)
    meta = parsed.meta
    assert meta.title == "Judul" and meta.slug == "judul-lain" and meta.weight == 3
    assert meta.date == datetime(2025, 8, 22, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    assert meta.lastmod == datetime(2025, 8, 23, tzinfo=JAKARTA)
    assert meta.publish_date == datetime(2025, 8, 22, 10, 0, tzinfo=JAKARTA)
    assert meta.tags == ("a", "b") and meta.categories == ("Berita",) and meta.aliases == ("/lama/",)
    assert meta.translation_key == "k" and meta.featured is True
    assert meta.params == {"layout_hint": "wide"}
    assert parsed.body == "Isi.\n" and parsed.body_line == 17
    assert parsed.key_lines["tags"] == 9


def test_a_date_without_a_zone_is_in_the_given_zone() -> None:
    meta = parse_source("a.md", "---\ntitle: T\ndate: 2025-08-22\n---\n", JAKARTA).meta
    assert meta.date.isoformat() == "2025-08-22T00:00:00+07:00"


@pytest.mark.parametrize(("line", "message"), [
    ("draft: ya", 'a.md:4: front matter "draft": must be true or false, got \'ya\''),
    ("weight: tinggi", 'a.md:4: front matter "weight": must be a whole number, got \'tinggi\''),
    ("title: [a, b]", 'a.md:4: front matter "title": must be text, got a list'),
    ("lastmod: 22/08/2025", 'a.md:4: front matter "lastmod": \'22/08/2025\' is not a real date; '
                            "write it as 2025-08-22 or 2025-08-22T09:30:00+07:00"),
    ("tags: {a: 1}", 'a.md:4: front matter "tags": must be a list of text, like [Penempatan, '
                     "Pelindungan], got a table of keys"),
])
def test_a_wrong_value_names_key_line_and_what_is_right(line: str, message: str) -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", f"---\ntitle: T\ndate: 2025-08-22\n{line}\n---\n", JAKARTA)
    assert messages(error) == [message]


def test_a_file_without_front_matter_says_how_to_start_one() -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", "Just text.\n", JAKARTA)
    assert messages(error) == ["a.md:1: no front matter: start the file with a line '---', then "
                               "'title:' and 'date:' lines, then another '---'"]


def test_unclosed_front_matter_is_reported() -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", "---\ntitle: T\ndate: 2025-08-22\n", JAKARTA)
    assert messages(error) == ["a.md:1: front matter is not closed: add a line '---' after its last key"]


def test_a_section_index_needs_no_date() -> None:
    meta = parse_source("_index.md", "---\ntitle: Berita\n---\n", JAKARTA, needs_date=False).meta
    assert meta.title == "Berita"


# --- config ----------------------------------------------------------------------------------


def config_error(**changes: Any) -> list[str]:
    with pytest.raises(SitegenError) as error:
        parse_config({**BASE, **changes})
    return messages(error)


def test_config_defaults_follow_the_brief() -> None:
    config = parse_config(BASE)
    assert config.default_language == "id" and config.timezone == "Asia/Jakarta"
    assert config.theme == "humas" and config.paginate == 10
    assert config.base_url == "https://example.org/"
    assert config.language_codes == ["id", "en"]
    assert (config.prefix("id"), config.prefix("en")) == ("", "/en")
    assert config.section_path("en", "news") == "news"


def test_unknown_config_keys_suggest_the_close_one() -> None:
    assert config_error(timzone="Asia/Jakarta") == [
        'sitegen.toml: unknown key "timzone"; did you mean "timezone"?']
    assert config_error(colour="blue")[0].startswith(
        'sitegen.toml: unknown key "colour" (allowed: base_url, check, dated_sections, default_language, ')


def test_config_values_are_checked_with_what_is_allowed() -> None:
    assert config_error(base_url="example.org") == [
        'sitegen.toml: key "base_url": must be an absolute http(s) URL such as https://example.org/, '
        "not 'example.org'"]
    assert config_error(paginate=0) == [
        'sitegen.toml: key "paginate": must be 1 or more (got 0)']
    assert config_error(languages={"ID": {"name": "x", "title": "y"}})[0] == (
        "sitegen.toml: key \"languages\": 'ID' is not a language code (for example: id, en, zh-Hant)")
    bad_path = {**BASE["languages"], "en": {"name": "E", "title": "S", "sections": {"news": "News/"}}}
    assert config_error(languages=bad_path) == [
        "sitegen.toml: key \"languages.en.sections\": 'News/' must be one URL path segment of a-z, "
        "0-9 and -, like 'berita'"]
    bad_locale = {**BASE["languages"], "en": {"name": "E", "title": "S", "locale": "xx_YY"}}
    assert config_error(languages=bad_locale) == [
        "sitegen.toml: key \"languages.en.locale\": unknown locale 'xx_YY' (for example: id, en, en_GB)"]


def test_menu_keys_are_checked_too() -> None:
    menu = {**BASE["languages"], "id": {"name": "I", "title": "S", "menu": [{"nmae": "Beranda", "url": "/"}]}}
    assert config_error(languages=menu) == [
        'sitegen.toml: unknown key "languages.id.menu.0.nmae"; did you mean "name"?']


# --- language suffixes -------------------------------------------------------------------------


def test_language_suffixes() -> None:
    config = parse_config(BASE)
    assert split_language("x", "index.en", config) == ("index", "en")
    assert split_language("x", "profil", config) == ("profil", "id")
    assert split_language("x", "laporan.2025", config) == ("laporan.2025", "id")
    with pytest.raises(SitegenError):
        split_language("x", "index.de", config)


# --- shortcodes ----------------------------------------------------------------------------------


class FakePage:
    lang = "id"
    source = "content/news/a/index.id.md"
    bundle_dir = "content/news/a"
    resources = ("foto.jpg",)


def test_shortcode_arguments() -> None:
    assert parse_args(' src="a b.jpg" alt=\'x "y"\' wide n=3 ', "p", 1, "figure") == (
        {"src": "a b.jpg", "alt": 'x "y"', "n": "3"}, ("wide",))


def test_shortcodes_are_expanded_with_their_line() -> None:
    calls = []

    def handler(call: Any, page: Any) -> str:
        calls.append((call.name, call.args, call.line))
        return "<b>ok</b>"

    text = 'Satu.\n\n{{< box title="Judul" >}}\n\n{{< box\n  title="Dua" >}}\n'
    result = expand(text, FakePage(), 10, {"box": handler}, lambda html: f"[{html}]")
    assert result == "Satu.\n\n[<b>ok</b>]\n\n[<b>ok</b>]\n"
    assert calls == [("box", {"title": "Judul"}, 12), ("box", {"title": "Dua"}, 14)]


def test_a_shortcode_with_an_unreadable_argument_is_reported() -> None:
    with pytest.raises(SitegenError) as error:
        expand('{{< box title="a" = >}}', FakePage(), 3, {"box": lambda c, p: ""}, str)
    assert messages(error) == [
        "content/news/a/index.id.md:3: shortcode box: cannot read '='; write arguments as key=\"value\""]


def test_aliases_are_paths_on_this_site() -> None:
    with pytest.raises(SitegenError) as error:
        parse_source("a.md", "---\ntitle: T\ndate: 2025-08-22\naliases: [https://lama.example.org/x/]\n---\n", JAKARTA)
    assert messages(error) == ["a.md:4: front matter \"aliases\": 'https://lama.example.org/x/' is a full address; "
                               "write the old path on this site, like /2025/08/judul-lama/"]


def test_menu_urls_are_site_paths() -> None:
    menu = {**BASE["languages"], "id": {"name": "I", "title": "S", "menu": [{"name": "Berita", "url": "berita/"}]}}
    assert config_error(languages=menu) == [
        "sitegen.toml: key \"languages.id.menu.0.url\": 'berita/' must be a path on this site starting with /, "
        "like /berita/"]
