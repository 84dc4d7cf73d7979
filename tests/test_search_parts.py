"""How the search index is split into parts (outputs/search.py): small enough that one edit
re-indexes little, keyed by date so that an edit or a new release leaves the other parts alone;
and what of a page counts as indexed (a page made again for its links alone re-indexes nothing)."""

from __future__ import annotations

import pytest

from sitegen.incremental import reuse
from sitegen.outputs import search


def releases(year: int, count: int, first: int = 0) -> list[tuple[str, tuple[int, int] | None]]:
    return [(f"berita/{year}-{n:04}/index.html", (year, 1 + n % 12)) for n in range(first, first + count)]


def test_a_small_year_is_one_part_and_a_large_one_is_split_in_quarters() -> None:
    pages = releases(2024, search.YEAR_PART + 1) + releases(2023, 40) + [("profil/index.html", None)]
    found = search.parts("id", "", pages)
    assert [(part.key, part.bundle, len(part.files)) for part in found] == [
        ("2024-q4", "pagefind", 62), ("2024-q3", "pagefind/part-2024-q3", 63),
        ("2024-q2", "pagefind/part-2024-q2", 63), ("2024-q1", "pagefind/part-2024-q1", 63),
        ("2023", "pagefind/part-2023", 40), ("pages", "pagefind/part-pages", 1)]
    assert search.parts_file(found) == ("pagefind/parts.json", b'["2024-q3", "2024-q2", "2024-q1", "2023", "pages"]')


def test_a_new_release_changes_only_the_part_of_its_quarter() -> None:
    pages = releases(2024, 300)
    before = {part.key: part.files for part in search.parts("en", "/en", pages)}
    added = [*pages, ("berita/baru/index.html", (2024, 5))]
    after = {part.key: part.files for part in search.parts("en", "/en", added)}
    assert [key for key in after if after[key] != before.get(key)] == ["2024-q2"]


PAGE = """<!doctype html><html lang="id"><head><title>Rilis</title></head><body>
<nav><a href="/en/">English</a></nav>
<article class="release" data-pagefind-body><h1>Judul</h1><article>kutipan</article><p>Isi rilis.</p></article>
<section class="related"><h2>Rilis terkait</h2><a href="/x/">Rilis lain</a></section>
<span hidden data-pagefind-filter="year">2024</span>
</body></html>"""


def test_only_what_pagefind_reads_of_a_page_counts_as_indexed() -> None:
    digest = search.indexed_digest(PAGE)
    # outside the indexed element: the related releases, the language switcher, the head's title
    for outside in (("Rilis lain", "Rilis lain diubah"), ("English", "Inggris"), ("<title>Rilis", "<title>Baru")):
        assert search.indexed_digest(PAGE.replace(*outside)) == digest, outside
    # inside it (past a nested element of the same name), the page's language, a filter anywhere
    for inside in (("Isi rilis.", "Isi baru."), ('lang="id"', 'lang="en"'), (">2024<", ">2025<")):
        assert search.indexed_digest(PAGE.replace(*inside)) != digest, inside
    unmarked = PAGE.replace(" data-pagefind-body", "")  # nothing marked: Pagefind reads the whole page
    assert search.indexed_digest(unmarked.replace("Rilis lain", "Lain")) != search.indexed_digest(unmarked)


def test_the_words_data_pagefind_body_in_a_title_do_not_mark_what_is_indexed() -> None:
    page = PAGE.replace("<title>Rilis", "<title>Tentang data-pagefind-body")
    assert search.indexed_digest(page.replace("Isi rilis.", "Isi baru.")) != search.indexed_digest(page)


def test_an_index_made_by_other_code_or_another_pagefind_is_not_taken_over(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = {"berita/a/index.html": "d1", "berita/b/index.html": "d2"}
    first = reuse.search_fingerprint(pages)
    monkeypatch.setattr(reuse, "code_digest", lambda: "other sitegen or pagefind")
    assert reuse.search_fingerprint(pages) != first
