"""The inline processor that skips patterns a text cannot match (sitegen/markdown/inline.py).

Its promise is Python-Markdown's own HTML, byte for byte: each test converts the same text with
Python-Markdown's InlineProcessor (and smarty's) and with SkippingInlineProcessor in their place.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import markdown
import markdown.inlinepatterns
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.treeprocessors import InlineProcessor

from sitegen.markdown.blocktests import use_quick_block_tests
from sitegen.markdown.inline import (
    SPECIAL_FOLDS,
    SkippingInlineProcessor,
    _TriggerTable,
    required_characters,
    required_texts,
    use_skipping_inline,
)
from sitegen.markdown.writing import EXTENSION_CONFIGS, EXTENSIONS
from tests.conftest import build_site, make_site, page

# sitegen's extensions but its own (which need a page of a site): every inline pattern is here.
SAME_EXTENSIONS = ["tables", "footnotes", "attr_list", "sane_lists", "pymdownx.superfences", "toc", *EXTENSIONS]


def markdown_pair() -> tuple[markdown.Markdown, markdown.Markdown]:
    """Python-Markdown as it comes, and the same with SkippingInlineProcessor and the quick block tests."""
    stock = markdown.Markdown(extensions=SAME_EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    skipping = markdown.Markdown(extensions=SAME_EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    use_skipping_inline(skipping)
    use_quick_block_tests(skipping)
    return stock, skipping


STOCK, SKIPPING = markdown_pair()


def both(text: str) -> tuple[str, str]:
    return STOCK.reset().convert(text), SKIPPING.reset().convert(text)


# Where smarty and the inline patterns meet, in both languages.
TRICKY = [
    "\"Aman\" -- katanya -- pada hari Jum'at --- lalu...",
    "\"Safe,\" she said -- on Friday --- then... and....",
    "It's the '80s and the 1990's; 'tis rock 'n' roll, isn't it?",
    "Dia berkata, \"Kata 'aman' itu penting.\" Lalu: 'Ya, \"benar\".'",
    "\"'Nested' quotes\" and '\"the other\" way' round.",
    "Quotes next to links: \"[tautan](https://example.org)\" and '[link](/berita/)'.",
    "Emphasis: \"*miring*\", '**tebal**', _\"under\"_ and *'single'*.",
    "Code: `\"tidak\" -- diubah...` but \"ini\" -- diubah...",
    "```\n\"fenced\" -- code...\n```\n\nAfter \"fence\".",
    "    \"indented\" -- code...\n\nAfter.",
    "A line  \nbreak, 'quoted'  \nagain.",
    "Surel humas@example.go.id, <humas@example.go.id> dan https://bp3mi.example.go.id/data?a=1&b=2.",
    "www.example.org and <https://example.org/a>, HTTPS://EXAMPLE.ORG/B and Ftp://example.org.",
    "&amp; &copy; &#8212; &#x2014; &nbsp;'quoted' -- &mdash;\"quoted\"",
    "~~100~~ 120 and ~~\"struck\"~~ and \\*not emphasis\\* \\[not a link\\]",
    "Footnote[^1] and \"another\"[^note].\n\n[^1]: The \"note\" -- here.\n[^note]: 'Second'...",
    "![Foto \"rapat\"](foto.jpg) and [ref link][r] and [r].\n\n[r]: https://example.org \"Title 'x'\"",
    "| \"Kolom\" | 'Jumlah' |\n|---|---:|\n| a -- b | 1... |",
    "- [x] \"Berkas\" diterima\n- [ ] 'Wawancara' -- besok",
    "## Tanya -- \"Jawab\" 'ya'\n\nIsi...",
    "Text with <u>raw</u> html, <!-- a comment --> and <br> -- \"after\".",
    "Kelvin \u212a, long s \u017f, dotless \u0131: HTTP\u212a://x and \u017ftp://y and www\u0130.example.org",
    "'", "\"", "--", "...", "'80s", "\"'", "'\"", "", "plain words only",
    "# Judul\nteks\n## Sub ##\n> kutipan \"ini\"\n> > dalam\n\n***\n\n- - -\n\n___\nteks\n---\n\nSetext\n===",
    "Tidak # judul, a > b, 3 * 4 - 2 _x_ -- tanpa blok.",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_html_is_python_markdowns(text: str) -> None:
    stock, skipping = both(text)
    assert skipping == stock


SIGNIFICANT = ["'", '"', "-", "--", "---", ".", "...", "`", "*", "_", "~", "[", "]", "(", ")", "!", "<", ">", "&",
               ";", "@", ":", "/", "\\", "#", "^", "|", " ", "  \n", "\n", "\n\n", "a", "kata", "80s", "s",
               "http://", "www.", "x.org", "\u212a", "\u0131", "é", "\n# ", "\n> ", "\n***\n", "\n- - -\n", "\n===\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SIGNIFICANT), max_size=30).map("".join))
def test_any_mix_of_markup_converts_as_python_markdown_does(text: str) -> None:
    stock, skipping = both(text)
    assert skipping == stock


def test_the_example_sites_releases_convert_as_python_markdown_does() -> None:
    """The office's own releases and pages (content/ at the repository's root), in both languages."""
    repository = Path(__file__).resolve().parent.parent
    releases = sorted((repository / "content").rglob("*.md"))
    assert releases
    for release in releases:
        body = release.read_text(encoding="utf-8").split("---\n", 2)[-1]
        stock, skipping = both(body)
        assert skipping == stock, release


def test_sitegen_converts_with_the_skipping_processor(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "content/news/kutipan.id.md").write_text(
        '---\ntitle: Kutipan\ndate: 2025-01-02\n---\n'
        "\"Aman\" -- katanya, 'kan? Jum'at di era '80s... Lihat \"[profil](/profil/)\" dan `\"kode\"`.\n",
        encoding="utf-8")
    public = build_site(site)
    body = page(public, "/berita/kutipan/").select_one("div.body")
    assert body is not None
    assert str(body.p) == ("<p>“Aman” – katanya, ‘kan? Jum’at di era ’80s… Lihat “<a href=\"/profil/\">profil</a>” "
                           "dan <code>\"kode\"</code>.</p>")


def test_both_inline_processors_are_replaced_and_block_tests_guarded() -> None:
    _, skipping = markdown_pair()
    assert type(skipping.treeprocessors["inline"]) is SkippingInlineProcessor
    guarded = [p for p in skipping.parser.blockprocessors if getattr(p.test, "__name__", "") == "quick_test"]
    assert sorted(type(p).__name__ for p in guarded) == ["BlockQuoteProcessor", "HRProcessor", "HashHeaderProcessor"]
    assert type(skipping.treeprocessors["smarty"]) is SkippingInlineProcessor
    assert skipping.treeprocessors["smarty"].inlinePatterns is not skipping.inlinePatterns
    stock, _ = markdown_pair()
    assert type(stock.treeprocessors["inline"]) is InlineProcessor


@pytest.mark.parametrize(("pattern", "characters"), [
    (r"(?<!\!)\[", {"["}),
    (r"\*|_", {"*", "_"}),
    (r"(\s|&nbsp;|--|–)'(?=\w)", {"'"}),  # the \s alternative gives nothing: the quote does
    (r"(?<!\.)\.{3}(?!\.)", {"."}),
    (r"  \n", {"\n"}),  # rarer in prose than a space
    (r"[a-c]x?", {"a", "b", "c"}),
    (r"(?i)<a", {"<"}),
    (r"(?i)ab", {"a", "A"}),
    (r"(?i)k", {"k", "K", "\u212a"}),  # the Kelvin sign matches k
    (r"(?i)is", {"i", "I", "\u0130", "\u0131"}),
    (r"^(?=(-+ ?){3,}|(_+ ?){3,})(?P<rule>x?)", {"-", "_"}),  # what a lookahead needs is in the text too
    (r"(?<=\$)\d", {"$"}),
])
def test_required_characters(pattern: str, characters: set[str]) -> None:
    assert required_characters(re.compile(pattern)) == characters


@pytest.mark.parametrize("pattern", [r"\s+", r".", r"a*", r"(a)?\1", r"[^a]", r"\w+", r"(?i:a)b?", r"(?i)é", "", r"\b",
                                     r"(?!a)\w"])
def test_patterns_that_any_text_may_match_are_always_tried(pattern: str) -> None:
    assert required_characters(re.compile(pattern)) is None


@pytest.mark.parametrize(("pattern", "texts"), [
    (r"(?<!\.)\.{3}(?!\.)", ({"..."}, False)), (r"(?<!-)---(?!-)", ({"---"}, False)), (r"\!\[", ({"!["}, False)),
    (r"a{2,}b", ({"aa"}, False)), (r"(?:abc|de)x", ({"abc", "de"}, False)), (r"(?i)AB", ({"ab"}, True)),
    (r"(?xi)(?<![^\s*_~])(?:(?:ht|f)tps?://|(?P<www>w{3}\.))", ({"://", "www."}, True)),  # magiclink's
    (r"\[", None), (r"a(b|c)d", None), (r"(?:abc|d)x", None), (r"(?i)é.", None),
])
def test_required_texts(pattern: str, texts: tuple[set[str], bool] | None) -> None:
    assert required_texts(re.compile(pattern)) == texts


@pytest.mark.parametrize(("pattern", "matched", "unmatched"), [
    (r"(?i)k", "\u212a", "xyz"), (r"(?i)st", "be\u017ft", "s t"), (r"(?i)www\.", "WwW.x", "www"),
    (r"(?i)fix", "F\u0131X", "fi x"),
])
def test_a_case_insensitive_pattern_is_tried_where_it_matches(pattern: str, matched: str, unmatched: str) -> None:
    assert re.search(pattern, matched) and not re.search(pattern, unmatched)
    table = _TriggerTable([markdown.inlinepatterns.InlineProcessor(pattern)], {})
    assert table.candidates(matched) == [0]
    assert table.candidates(unmatched) == []


def test_special_folds_are_every_character_beyond_ascii_that_matches_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    found = {chr(code): next(a for a in string.ascii_lowercase if re.fullmatch(a, chr(code), re.IGNORECASE))
             for code in range(0x80, 0x110000) if letter.fullmatch(chr(code))}
    assert found == SPECIAL_FOLDS


# --- the other shortcuts of convert.py: each is taken only where it changes nothing ---------------


def converted_bodies(tmp_path: Path, bodies: dict[str, str]) -> dict[str, str]:
    site = make_site(tmp_path)
    for name, body in bodies.items():
        (site / f"content/news/{name}.id.md").write_text(f"---\ntitle: {name}\ndate: 2025-01-02\n---\n{body}\n",
                                                        encoding="utf-8")
    public = build_site(site)
    found = {}
    for name in bodies:
        body = page(public, f"/berita/{name}/").select_one("div.body")
        assert body is not None
        found[name] = body.decode_contents().strip()
    return found


def test_the_toc_marker_is_still_replaced_where_it_is_written(tmp_path: Path) -> None:
    found = converted_bodies(tmp_path, {
        "daftar-isi": "[TOC]\n\n## Satu\n\n## Dua",
        "tanpa-penanda": "Teks [TOC] di tengah.\n\n## Satu",
    })
    assert found["daftar-isi"] == ('<div class="toc">\n<ul>\n<li><a href="#satu">Satu</a></li>\n'
                                   '<li><a href="#dua">Dua</a></li>\n</ul>\n</div>\n'
                                   '<h2 id="satu">Satu</h2>\n<h2 id="dua">Dua</h2>')
    assert found["tanpa-penanda"] == '<p>Teks [TOC] di tengah.</p>\n<h2 id="satu">Satu</h2>'


def test_text_without_tags_skips_the_html_reader_but_not_references(tmp_path: Path) -> None:
    found = converted_bodies(tmp_path, {
        "tanpa-tag": "Harga naik 5 % -- tanpa tag.",
        "referensi": "Tom &amp Jerry &copy; 2025 &#169 BP3MI",  # the HTML reader ends &#169 with a ";"
        "tag": "Teks <u>garis</u> bawah.\n\n<div>blok</div>",
    })
    assert found["tanpa-tag"] == "<p>Harga naik 5 % – tanpa tag.</p>"
    assert found["referensi"] == "<p>Tom &amp;amp Jerry © 2025 © BP3MI</p>"
    assert found["tag"] == "<p>Teks <!-- raw HTML omitted -->garis<!-- raw HTML omitted --> bawah.</p>\n" \
                           "<!-- raw HTML omitted -->"
