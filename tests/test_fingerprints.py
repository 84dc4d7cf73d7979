"""A page's fingerprint (incremental/tokens.py) stands for every field of the page: any change
to one, even a str where there was Markup, is a different fingerprint, and equal pages agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from markupsafe import Markup

from sitegen.incremental.tokens import Fingerprints
from sitegen.model.site import Page
from tests.conftest import JAKARTA


def release(**changes: object) -> Page:
    page = Page(title="Rilis", date=datetime(2025, 1, 1, tzinfo=JAKARTA), kind="article", section="news",
                lang="id", source="content/news/a.id.md", translation_key="news/a", path="/berita/a/",
                body="Isi *rilis*.", body_line=5, content=Markup("<p>Isi <em>rilis</em>.</p>"), toc="",
                description="Isi rilis.", tags=("a", "b"))
    return replace(page, **changes)


def test_any_change_to_a_page_is_another_fingerprint() -> None:
    variants = [release(), release(title="Rilis baru"), release(body="Isi rilis."), release(body_line=6),
                release(content="<p>Isi <em>rilis</em>.</p>"),  # str, not Markup: escaped by a template
                release(content=Markup("<p>Isi <em>rilis</em>!</p>")), release(toc="<ul></ul>"),
                release(description="Isi rilis"), release(tags=("a",)), release(tags=("ab",)),
                release(body="Isi *rilis*.\0", description=""),  # long texts do not run into each other
                release(date=datetime(2025, 1, 1, 1, tzinfo=JAKARTA))]
    prints = [Fingerprints("").of(page) for page in variants]
    assert None not in prints
    assert len(set(prints)) == len(variants)


def test_equal_pages_have_one_fingerprint_from_one_process_to_the_next() -> None:
    first, second = Fingerprints("x").of(release()), Fingerprints("x").of(release())
    assert first == second
    assert first != Fingerprints("y").of(release())  # and the shared token is part of it


def test_html_in_a_pages_values_is_told_apart_from_text_and_from_other_html() -> None:
    tokens = [{"content": Markup("<p>a</p>")}, {"content": "<p>a</p>"}, {"content": Markup("<p>b</p>")},
              [Markup("a"), Markup("b")], [Markup("a\0Markup 1:\0b")], [Markup("a\0b")]]
    prints = [Fingerprints("").of(token) for token in tokens]
    assert len(set(prints)) == len(tokens)


def test_the_markdown_cache_finds_a_page_by_all_but_what_converting_fills_in() -> None:
    from sitegen.markdown.mdcache import _key
    parsed = release(content="", toc="", description="")
    assert _key(parsed) == _key(release()) == _key(release(datasets=("penempatan",)))
    assert len({_key(parsed), _key(release(body="Isi lain.")), _key(release(title="Lain")),
                _key(release(path="/berita/b/"))}) == 4
