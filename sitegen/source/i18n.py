"""Interface strings per language, and dates and numbers in the reader's locale (Babel).

Strings live in the theme's `i18n/<lang>.toml`; the site's own `i18n/<lang>.toml` overrides
them key by key. Every configured language must have every key: a missing string is an error
naming the key and the language, never a silent fallback to another language, because a
reader of Indonesian should never meet an English button.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import localcontext
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, parse_pattern, tokenize_pattern
from babel.numbers import format_compact_decimal, format_decimal

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr
from sitegen.source.config import Config
from sitegen.source.zones import with_zone_name

I18N_DIR = "i18n"


class MissingStringError(KeyError):
    """An interface string a template asks for that a language lacks; its message is a sentence."""


@dataclass(frozen=True)
class Strings:
    """All interface strings: language -> key -> text, complete for every language."""

    table: dict[str, dict[str, str]]
    origins: dict[str, dict[str, str]]  # language -> key -> the file it came from

    def get(self, lang: str, key: str) -> str:
        try:
            return self.table[lang][key]
        except KeyError:
            raise MissingStringError(tr('interface string "{key}" is missing for language "{lang}": add {key} = '
                                        '"…" to {file}', key=key, lang=lang, file=f"{I18N_DIR}/{lang}.toml")) from None


def load_strings(config: Config, site_dir: Path, theme_dir: Path) -> Strings:
    """Merge the theme's and the site's string files and check every language has every key."""
    problems: list[Problem] = []
    table: dict[str, dict[str, str]] = {}
    origins: dict[str, dict[str, str]] = {}
    for lang in config.language_codes:
        table[lang], origins[lang] = {}, {}
        for folder in (theme_dir, site_dir):  # the site's file wins, key by key
            file = folder / I18N_DIR / f"{lang}.toml"
            if file.is_file():
                strings = _read(file, site_dir, problems)
                table[lang] |= strings
                origins[lang] |= dict.fromkeys(strings, _relative(file, site_dir))
        if not origins[lang]:
            problems.append(Problem(f"{I18N_DIR}/{lang}.toml", None,
                                    tr('no interface strings for language "{lang}": create this file with the keys '
                                       "of {theme_dir}/{i18n_dir}/{default_language}.toml", lang=lang,
                                       theme_dir=_relative(theme_dir, site_dir), i18n_dir=I18N_DIR,
                                       default_language=config.default_language)))
    raise_if_any(problems)
    _check_complete(table, origins)
    _check_taxonomies(table, config)
    return Strings(table, origins)


def taxonomy_key(taxonomy: str) -> str:
    """The interface string naming a taxonomy's list ("Categories"), shown on its pages and releases."""
    return f"taxonomy_{taxonomy}"


def _check_taxonomies(table: dict[str, dict[str, str]], config: Config) -> None:
    """Every configured taxonomy needs its name in every language, before any page is rendered."""
    problems = [
        Problem(f"{I18N_DIR}/{lang}.toml", None,
                tr('interface string "{key}" is missing for the taxonomy "{taxonomy}" (taxonomies in sitegen.toml): '
                   'add {key} = "…", the name of its list, like "{example}"', key=taxonomy_key(taxonomy),
                   taxonomy=taxonomy, example=taxonomy.replace("_", " ").capitalize()))
        for lang in config.language_codes for taxonomy in config.taxonomies
        if taxonomy_key(taxonomy) not in table[lang]
    ]
    raise_if_any(problems)


def _read(file: Path, site_dir: Path, problems: list[Problem]) -> dict[str, str]:
    name = _relative(file, site_dir)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        problems.append(Problem(name, None, tr("not valid UTF-8 TOML: {error}", error=error)))
        return {}
    strings = {}
    for key, value in data.items():
        if not isinstance(value, str):
            problems.append(Problem(name, None, tr('key "{key}" must be text, like {key} = "…"', key=key)))
        else:
            strings[key] = value
    return strings


def _check_complete(table: dict[str, dict[str, str]], origins: dict[str, dict[str, str]]) -> None:
    """Name the file to add each missing string to, and the file that has it already."""
    every_key = set().union(*table.values())
    problems = []
    for lang, strings in table.items():
        for key in sorted(every_key - strings.keys()):
            have = next(origins[other][key] for other in table if key in table[other])
            problems.append(Problem(f"{I18N_DIR}/{lang}.toml", None,
                                    tr('interface string "{key}" is missing for language "{lang}" ({have} has it): '
                                       'add {key} = "…"', key=key, lang=lang, have=have)))
    raise_if_any(problems)


def _relative(path: Path, site_dir: Path) -> str:
    try:
        return path.relative_to(site_dir).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class Formatter:
    """Dates and numbers for one language, with patterns from its interface strings."""

    locale: str
    zone: ZoneInfo
    strings: dict[str, str]
    # A release's date is shown on its page, its neighbours', lists and archives; Babel's
    # formatting was a sixth of all rendering, so each date is formatted once per style.
    _dates: dict[tuple[date | datetime, str], str] = field(default_factory=dict, compare=False, repr=False)
    # Likewise page numbers ("page 2 of 40" on every page of a list): each formatted once, by type too,
    # as 1 and 1.0 are equal keys that Babel writes differently.
    _numbers: dict[tuple[type, float, bool], str] = field(default_factory=dict, compare=False, repr=False)

    def date(self, value: date | datetime, style: str = "date_format") -> str:
        key = (value, style)
        if key not in self._dates:
            pattern = self.strings.get(style, style)
            if isinstance(value, datetime):  # `z`: the zone's abbreviation as readers know it (zones.py)
                pattern = with_zone_name(pattern, value, self.zone, self.locale)
                self._dates[key] = format_datetime(value, pattern, tzinfo=self.zone, locale=self.locale)
            else:
                self._dates[key] = format_date(value, pattern, locale=self.locale)
        return self._dates[key]

    def period(self, text: str) -> str:
        """An ISO 8601 date or period ("2007/2024-11-14") as a reader writes it ("2007 – 14 November 2024");
        text that is not one (descriptors are checked, see iso_period) is shown as it is."""
        ends = iso_period(str(text))
        if ends is None:
            return str(text)
        return " – ".join(format_date(day, _PERIOD_PATTERNS[precision], locale=self.locale) for day, precision in ends)

    def number(self, value: float, compact: bool = False) -> str:
        key = (type(value), value, compact, repr(value))  # repr: -0.0 equals 0.0 yet is written "-0"
        try:
            return self._numbers[key]
        except KeyError:
            text = self._numbers[key] = self._number(value, compact)
            return text
        except TypeError:  # not hashable: Babel says what it thinks of it
            return self._number(value, compact)

    def _number(self, value: float, compact: bool) -> str:
        # Babel rounds in the current decimal context, whose 28 digits 10^25 with its three
        # decimals outgrows (decimal.InvalidOperation): give it the digits the number has.
        with localcontext(prec=max(28, len(f"{abs(value):.0f}") + 10)):
            if compact:
                return format_compact_decimal(value, format_type="long", locale=self.locale,
                                              fraction_digits=1)
            return format_decimal(value, locale=self.locale)


# How a part of an ISO period is shown, by how precise it is written (CLDR patterns, for Babel).
_PERIOD_PATTERNS = {"year": "y", "month": "MMMM y", "day": "d MMMM y"}
_ISO_PART = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def iso_period(text: str) -> list[tuple[date, str]] | None:
    """The ends of an ISO 8601 date or period (2024, 2024-11, 2007/2024-11-14), each with its
    precision; None if the text is not one."""
    parts = [_iso_part(part.strip()) for part in text.split("/")]
    ends = [part for part in parts if part is not None]
    return ends if 1 <= len(parts) <= 2 and len(ends) == len(parts) else None


def _iso_part(text: str) -> tuple[date, str] | None:
    """One end of an ISO period (2007, 2024-11 or 2024-11-14) and its precision; None if it is not one."""
    match = _ISO_PART.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1)), "day" if day else "month" if month else "year"
    except ValueError:
        return None


# Pattern letters whose formatting cannot fail once Babel has parsed the pattern: their names
# (months, weekdays, eras, am/pm) are in every CLDR locale, at every width a pattern may ask for.
_CANNOT_FAIL = frozenset("GyYuQqMLwWdDFgEecaHhKkmsSA")


def check_patterns(strings: Strings, config: Config) -> None:
    """A date pattern Babel cannot use would fail on the first page; say so once, up front.

    Babel parses each pattern; a sample date is formatted only with one that has a letter whose
    formatting could still fail (day periods, zones other than `z`): formatting reads the locale's
    CLDR data, which a site with no dates to show never needs (start-up)."""
    problems = []
    sample = datetime(2025, 8, 22, 9, 30, tzinfo=config.zone)
    for lang in config.language_codes:
        formatter = Formatter(config.locale(lang), config.zone, strings.table[lang])
        for key in ("date_format", "date_format_short", "time_format"):
            if key not in strings.table[lang]:
                continue
            try:
                if not _parsed_safely(strings.table[lang][key]):
                    formatter.date(sample, key)
            except (ValueError, KeyError) as error:
                problems.append(Problem(strings.origins[lang][key], None,
                                        tr('"{key}" is not a Babel date pattern ({error}); for example "EEEE, d '
                                           'MMMM y"', key=key, error=error)))
    if problems:
        raise SitegenError(problems)


def _parsed_safely(pattern: str) -> bool:
    """Whether Babel parses the pattern (ValueError if not, as formatting it would say) and every
    letter of it is one whose formatting cannot fail; `z` to `zzz` become the zone's name
    (zones.with_zone_name), not Babel's."""
    parse_pattern(pattern)
    fields = [value for kind, value in tokenize_pattern(pattern) if kind == "field" and isinstance(value, tuple)]
    return all(letter in _CANNOT_FAIL or (letter == "z" and count <= 3) for letter, count in fields)


# --- Vega's locale, from Babel's CLDR data ---------------------------------------------------
# Vega ships d3 locales, but none for Indonesian; these objects give its charts the page's
# decimal mark, grouping and month names ("20.191", "Agu 2025").

# CLDR date pattern letters -> d3-time-format directives; anything else is kept as written.
_D3_DIRECTIVES = {"yyyy": "%Y", "y": "%Y", "yy": "%y", "MMMM": "%B", "MMM": "%b", "MM": "%m", "M": "%-m",
                  "dd": "%d", "d": "%-d", "EEEE": "%A", "EEE": "%a", "HH": "%H", "H": "%-H", "hh": "%I",
                  "h": "%-I", "mm": "%M", "ss": "%S", "a": "%p"}


def d3_pattern(pattern: str) -> str:
    """A CLDR date pattern ("d MMM y", "HH.mm.ss") as a d3 time format ("%-d %b %Y")."""
    out = []
    for match in re.finditer(r"'([^']*)'|([A-Za-z])\2*|[^A-Za-z']+", pattern):
        text = match[0]
        if match[1] is not None:
            out.append(match[1].replace("%", "%%") or "'")
        elif match[2] is not None:
            out.append(_D3_DIRECTIVES.get(text, _D3_DIRECTIVES.get(text[:4], "")))
        else:
            out.append(text.replace("%", "%%"))
    return "".join(out)


def vega_locale(locale: str) -> dict[str, dict[str, object]]:
    """d3's number and time locale objects for a Babel locale, as Vega's `config.locale`."""
    data = Locale.parse(locale)
    symbols = data.number_symbols.get("latn", data.number_symbols)
    months, days = data.months["format"], data.days["format"]
    # CLDR counts weekdays from Monday (0); d3 from Sunday.
    sunday_first = [6, 0, 1, 2, 3, 4, 5]
    date_pattern = d3_pattern(data.date_formats["medium"].pattern)
    time_pattern = d3_pattern(data.time_formats["medium"].pattern)
    return {
        "number": {"decimal": symbols["decimal"], "thousands": symbols["group"], "grouping": [3],
                   "currency": ["", ""]},
        "time": {
            "dateTime": data.datetime_formats["medium"].replace("{1}", date_pattern).replace("{0}", time_pattern),
            "date": date_pattern, "time": time_pattern,
            "periods": [data.periods.get("am", "AM"), data.periods.get("pm", "PM")],
            "days": [days["wide"][i] for i in sunday_first],
            "shortDays": [days["abbreviated"][i] for i in sunday_first],
            "months": [months["wide"][i] for i in range(1, 13)],
            "shortMonths": [months["abbreviated"][i] for i in range(1, 13)],
        },
    }
