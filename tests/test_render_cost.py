"""What rendering remembers to cost less must never outlive what it was true for: a template found
missing is looked up again by the next build, and each number is written as it was asked for."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.source.i18n import Formatter
from tests.conftest import build_site, make_site, page

RELEASE = "/berita/2025-08-22-rakornis/"


def test_a_section_template_added_after_a_build_is_used_by_the_next(tmp_path: Path) -> None:
    """Every release asks for `news/single.html`; that it was missing is remembered per build only."""
    site = make_site(tmp_path)
    assert page(build_site(site), RELEASE).select_one("article.release") is not None  # the theme's single.html
    own = site / "templates/news/single.html"
    own.parent.mkdir(parents=True)
    own.write_text('{% extends "base.html" %}{% block main %}<p class="news-own">{{ page.title }}</p>'
                   "{% endblock %}\n", encoding="utf-8")
    release = page(build_site(site), RELEASE)
    assert release.select_one("article.release") is None
    assert release.select_one("p.news-own").get_text() == "Rakornis Evaluasi Layanan"


def test_numbers_are_written_as_asked_each_time() -> None:
    english = Formatter("en", ZoneInfo("Asia/Jakarta"), {})
    indonesian = Formatter("id", ZoneInfo("Asia/Jakarta"), {})
    assert english.number(20191) == "20,191" and indonesian.number(20191) == "20.191"
    assert english.number(1500, compact=True) == "1.5 thousand"
    assert english.number(1500) == "1,500"  # the same value, not compact: not the compact text again
    assert english.number(1500, compact=True) == "1.5 thousand"
    assert english.number(2.5) == "2.5" and english.number(2) == "2"
    assert indonesian.number(2.5) == "2,5"


@pytest.mark.parametrize("first, second", [(0.0, -0.0), (-0.0, 0.0), (Decimal("0"), Decimal("-0"))])
def test_minus_zero_and_zero_are_written_each_as_babel_writes_it_whatever_came_first(
        first: float, second: float) -> None:
    """Equal as numbers, not as text: a memory keyed by value alone wrote whichever came first."""
    remembered = Formatter("en", ZoneInfo("Asia/Jakarta"), {})
    for value in (first, second):
        assert remembered.number(value) == Formatter("en", ZoneInfo("Asia/Jakarta"), {}).number(value)
    assert {remembered.number(first), remembered.number(second)} == {"0", "-0"}
