"""Every bar, point and slice of a chart says its value as a reader of the page's language reads
it (issue 15): the aria-label that the interactive view shows on a tap or by keyboard."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from tests.conftest import SITES, build_site, make_site, page

WITH_DATA = SITES / "with-data"
RELEASES = {"id": "/berita/2025-08-22-rakornis/", "en": "/en/news/coordination-meeting/"}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(make_site(tmp_path_factory.mktemp("values"), overlay=WITH_DATA))


def mark_labels(public: Path, src: str) -> list[str]:
    svg = (public / src.lstrip("/")).read_text(encoding="utf-8")
    return [unescape(label) for label in re.findall(r'<path aria-label="([^"]*)" role="graphics-symbol"', svg)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_bar_says_its_month_and_value_in_the_page_language(public: Path, lang: str) -> None:
    totals: dict[str, int] = defaultdict(int)
    with (WITH_DATA / "data/penempatan-2025.csv").open(encoding="utf-8") as table:
        for row in csv.DictReader(table):
            totals[row["bulan"]] += int(row["jumlah"].replace(".", ""))
    locale = {"id": "id_ID", "en": "en_US"}[lang]
    expected = [f"{format_date(date.fromisoformat(month + '-01'), 'MMMM y', locale=locale)}: "
                f"{format_decimal(total, locale=locale)}" for month, total in sorted(totals.items())]
    assert expected[0] == {"id": "Januari 2025: 3.100", "en": "January 2025: 3,100"}[lang]
    figure = page(public, RELEASES[lang]).select_one("figure.chart")  # penempatan-2025/per-bulan: bars per month
    for src in (figure.img["src"], figure.source["srcset"]):  # wide and phone layouts alike
        assert mark_labels(public, src) == expected, src



@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_screen_reader_hears_no_english_of_vegas_own_about_axes_and_legends(public: Path, lang: str) -> None:
    """Vega describes axes and legends in English whatever the page's language; they are left to
    the marks, which say their category, series and value in the page's language, and the table."""
    for figure in page(public, RELEASES[lang]).select("figure.chart"):
        for src in (figure.img["src"], figure.source["srcset"]):
            svg = (public / src.lstrip("/")).read_text(encoding="utf-8")
            labels = [unescape(label) for label in re.findall(r'aria-label="([^"]*)"', svg)]
            assert mark_labels(public, src), src  # the marks still say their values
            assert [label for label in labels if re.search(r"axis|legend|scale", label, re.IGNORECASE)] == [], src
