"""The abbreviation a reader knows a time zone by (WIB, WITA, WIT, KST…), per locale.

A date pattern's `z` (CLDR's "short specific zone name") is replaced here before Babel formats
the date, because Babel (CLDR) knows short names only for some zones in some locales: for
Asia/Jakarta it gives "WIB" in Indonesian but "+0700" in English, and "+0900" for Asia/Seoul in
both. The name is chosen, in this order:

1. Babel's short name in the page's locale, when it is a name (letters), not an offset;
2. the table below, for zones whose tz database abbreviation is only an offset ("+08");
3. the tz database's own abbreviation, when it is letters (KST, JST, HKT, CEST: it follows
   summer time);
4. the offset from UTC, written as readers write it: "UTC+8", "UTC+5:30".
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_name

# Zones where Indonesian migrant workers are placed or the office's partners are, whose tz
# database abbreviation is an offset. Names as those countries' own newsrooms write them.
ABBREVIATIONS: dict[str, str] = {
    "Asia/Singapore": "SGT",
    "Asia/Kuala_Lumpur": "MYT",
    "Asia/Kuching": "MYT",
    "Asia/Brunei": "BNT",
    "Asia/Riyadh": "AST",
    "Asia/Kuwait": "AST",
    "Asia/Qatar": "AST",
    "Asia/Bahrain": "AST",
    "Asia/Dubai": "GST",
    "Asia/Muscat": "GST",
    "Asia/Dili": "TLT",
    "Asia/Manila": "PHT",
    "Asia/Bangkok": "ICT",
    "Asia/Ho_Chi_Minh": "ICT",
    "Asia/Taipei": "CST",
}

# A quoted literal ('WIB', with '' for a quote) or a run of one to three `z`: the short zone name.
_PATTERN_PART = re.compile(r"'(?:[^']|'')*'|(?<!z)z{1,3}(?!z)")


def abbreviation(moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """The zone's short name at a moment, for readers of a locale: "WIB", "KST", "UTC+8"."""
    local = moment.astimezone(zone)
    # The name changes only with the offset (summer time): asked for each release, worked out once.
    key = (zone.key, locale, local.utcoffset(), local.tzname())
    if key not in _NAMES:
        _NAMES[key] = _name(local, zone, locale)
    return _NAMES[key]


_NAMES: dict[tuple[str, str, timedelta | None, str | None], str] = {}


def _name(local: datetime, zone: ZoneInfo, locale: str) -> str:
    babel_name = get_timezone_name(local, "short", locale=locale, zone_variant=None)
    if _is_name(babel_name):
        return babel_name
    if zone.key in ABBREVIATIONS:
        return ABBREVIATIONS[zone.key]
    tz_name = local.tzname() or ""
    if _is_name(tz_name):
        return tz_name
    return _offset(local.utcoffset() or timedelta())


def with_zone_name(pattern: str, moment: datetime, zone: ZoneInfo, locale: str) -> str:
    """A Babel date pattern whose `z` is replaced by the zone's abbreviation, quoted as a literal."""
    if "z" not in pattern:
        return pattern

    def replace(match: re.Match[str]) -> str:
        if match[0].startswith("'"):
            return match[0]
        return "'" + abbreviation(moment, zone, locale).replace("'", "''") + "'"

    return _PATTERN_PART.sub(replace, pattern)


def _is_name(text: str) -> bool:
    return text.isalpha()


def _offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
