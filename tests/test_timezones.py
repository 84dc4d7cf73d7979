"""The time-zone abbreviation after a release's time comes from the site's `timezone`, per locale."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sitegen.source.i18n import Formatter
from sitegen.source.zones import abbreviation, with_zone_name
from tests.conftest import build_site, make_site, page

MOMENT = datetime(2025, 8, 22, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.mark.parametrize(("zone", "locale", "expected"), [
    ("Asia/Jakarta", "id", "WIB"),
    ("Asia/Jakarta", "en", "WIB"),  # Babel gives "+0700" in English: the tz database's name is used
    ("Asia/Pontianak", "id", "WIB"),
    ("Asia/Makassar", "id", "WITA"),
    ("Asia/Makassar", "en", "WITA"),
    ("Asia/Jayapura", "id", "WIT"),
    ("Asia/Jayapura", "en", "WIT"),
    ("Asia/Seoul", "id", "KST"),
    ("Asia/Seoul", "en", "KST"),
    ("Asia/Tokyo", "en", "JST"),
    ("Asia/Hong_Kong", "id", "HKT"),
    ("Asia/Singapore", "en", "SGT"),  # the tz database says "+08": from the table
    ("Asia/Kuala_Lumpur", "id", "MYT"),
    ("Asia/Riyadh", "id", "AST"),
    ("America/New_York", "en", "EDT"),  # summer time in August
    ("Europe/Berlin", "id", "CEST"),
    ("UTC", "id", "UTC"),
    ("Asia/Kathmandu", "en", "UTC+5:45"),  # no name anywhere: the offset as readers write it
    ("America/Sao_Paulo", "id", "UTC-3"),
])
def test_abbreviation_per_zone_and_locale(zone: str, locale: str, expected: str) -> None:
    assert abbreviation(MOMENT, ZoneInfo(zone), locale) == expected


def test_summer_time_changes_the_name() -> None:
    winter = datetime(2025, 1, 15, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert abbreviation(winter, ZoneInfo("Europe/Berlin"), "id") == "CET"
    assert abbreviation(winter, ZoneInfo("America/New_York"), "en") == "EST"


def test_only_unquoted_z_is_replaced() -> None:
    zone = ZoneInfo("Asia/Seoul")
    assert with_zone_name("HH:mm z", MOMENT, zone, "en") == "HH:mm 'KST'"
    assert with_zone_name("HH:mm 'z' zzz", MOMENT, zone, "en") == "HH:mm 'z' 'KST'"
    assert with_zone_name("HH:mm 'WIB'", MOMENT, zone, "en") == "HH:mm 'WIB'"  # an override stays as written
    assert with_zone_name("HH:mm zzzz", MOMENT, zone, "en") == "HH:mm zzzz"  # the long name is Babel's
    assert with_zone_name("HHz", MOMENT, zone, "en") == "HH'KST'"


def test_formatter_shows_the_time_in_the_sites_zone() -> None:
    seoul = Formatter("id", ZoneInfo("Asia/Seoul"), {"time_format": "HH.mm z"})
    assert seoul.date(MOMENT, "time_format") == "11.30 KST"
    makassar = Formatter("en", ZoneInfo("Asia/Makassar"), {"time_format": "HH:mm z"})
    assert makassar.date(MOMENT, "time_format") == "10:30 WITA"


def _release_time(public: Path, path: str) -> str:
    return page(public, path).select_one("header .meta time").get_text()


def test_a_site_in_seoul_shows_kst_not_wib(tmp_path: Path) -> None:
    """The release's date has no zone: it is 16:30 in the site's zone, whichever that is.
    (WIB for the Jakarta site is asserted in test_site_output.py.)"""
    site = make_site(tmp_path)
    config = site / "sitegen.toml"
    config.write_text('timezone = "Asia/Seoul"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    public = build_site(site)
    indonesian = _release_time(public, "/berita/2025-08-22-rakornis/")
    english = _release_time(public, "/en/news/coordination-meeting/")
    assert indonesian.endswith(", 16.30 KST"), indonesian
    assert english.endswith(", 16:30 KST"), english
