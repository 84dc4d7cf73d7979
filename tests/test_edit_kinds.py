"""More kinds of edit than test_caching.py makes, each followed by a warm build (public/ and the
cache there), a CI build (the cache only) and a cold one, which must publish the same bytes: a
release's date (it moves in every list and the archive), its categories (their term pages and
the terms' language switch, model/terms.py), a draft published and a release made a draft."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SITES, make_site
from tests.test_caching import assert_warm_is_cold, replace_in


def test_after_a_date_a_category_or_a_draft_changes_a_warm_build_is_a_cold_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    news = site / "content/news"
    release, english = news / "2025-08-20-sosialisasi/index.id.md", news / "2025-08-20-sosialisasi/index.en.md"
    assert_warm_is_cold(site)
    replace_in(release, "date: 2025-08-20", "date: 2025-08-23")
    assert_warm_is_cold(site)  # a date: newest first in every list, another month in the archive
    replace_in(release, "categories: [Kegiatan Balai]", "categories: [Pelindungan, Kegiatan Balai]")
    assert_warm_is_cold(site)  # a category added: a new term page, the others' counts
    replace_in(english, "categories: [Events]", "categories: [Protection, Events]")
    assert_warm_is_cold(site)  # its translation's: the terms' language switch pairs them
    replace_in(news / "draf.id.md", "draft: true", "draft: false")
    assert_warm_is_cold(site)  # a draft published
    replace_in(news / "hanya-indonesia.md", "---\n", "---\ndraft: true\n")
    assert_warm_is_cold(site)  # a release withdrawn as a draft: gone from its lists, terms and archive
