"""Messages in the language of whoever reads them: Indonesian or English, with gettext.

Every message is written in English in the code, as `tr("... {name} ...", name=value)`; the
Indonesian of each is in `sitegen/locale/id/LC_MESSAGES/sitegen.po`, made and kept with
Babel's own tools (the commands are in README, "For developers"):

    .venv/bin/pybabel extract --no-default-keywords -k tr -k trn:1,2 -k tr_later --sort-by-file --no-wrap \
        -o sitegen/locale/sitegen.pot sitegen
    .venv/bin/pybabel update -i sitegen/locale/sitegen.pot -d sitegen/locale -D sitegen --no-wrap
    .venv/bin/pybabel compile -d sitegen/locale -D sitegen

The language is chosen once per command (`choose_language`): `--lang`, then the SITEGEN_LANG
environment variable, then the site's default language; a message is translated when it is
made, so a worker process forked later speaks the same language.
"""

from __future__ import annotations

import gettext
import os
import re
import string
import tomllib
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "sitegen"
LANGUAGES = ("id", "en")  # English is the language the messages are written in
FALLBACK = "en"

_state: dict[str, gettext.NullTranslations] = {"catalog": gettext.NullTranslations()}
_language = {"code": FALLBACK}


def set_language(code: str) -> None:
    """Speak `code` from now on (an unknown language: English)."""
    code = code if code in LANGUAGES else FALLBACK
    _language["code"] = code
    _state["catalog"] = gettext.translation(DOMAIN, LOCALE_DIR, [code], fallback=True)


def language() -> str:
    return _language["code"]


class _Filler(string.Formatter):
    """str.format, but a number written {count:,} is grouped as the reader's language writes it:
    1.234.567 in Indonesian, 1,234,567 in English."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec == "," and isinstance(value, (int, float)) and not isinstance(value, bool):
            from babel.numbers import format_decimal  # only when a message shows such a number

            return format_decimal(value, locale=_language["code"])
        return super().format_field(value, format_spec)


_FILLER = _Filler()


def tr(message: str, /, **values: object) -> str:
    """The message in the current language, its {placeholders} filled in."""
    text = _state["catalog"].gettext(message)
    if not values:
        return text
    return _FILLER.vformat(text, (), values) if ":,}" in text else text.format(**values)


def tr_later(message: str) -> str:
    """Mark a message for extraction where it cannot be translated yet (a --help text, read before
    the language is chosen); whoever shows it later passes it through tr()."""
    return message


def trn(singular: str, plural: str, count: int, /, **values: object) -> str:
    """A message about `count` things, in the form the language uses for that many."""
    return _FILLER.vformat(_state["catalog"].ngettext(singular, plural, count), (), {"count": count, **values})


def choose_language(option: str | None, site_dir: Path) -> str:
    """--lang, else SITEGEN_LANG (a locale such as id_ID.UTF-8 will do), else the site's default language."""
    for wanted in (option, os.environ.get("SITEGEN_LANG")):
        code = _code(wanted)
        if code is not None:
            return code
    return _code(_default_language(site_dir)) or FALLBACK


def _code(text: str | None) -> str | None:
    code = re.split(r"[-_.@]", text.strip().lower(), maxsplit=1)[0] if text else ""
    return code if code in LANGUAGES else None


def _default_language(site_dir: Path) -> str | None:
    """sitegen.toml's default_language, read loosely: a broken file is reported later, in a language."""
    try:
        with (site_dir / "sitegen.toml").open("rb") as file:
            value = tomllib.load(file).get("default_language", "id")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None
