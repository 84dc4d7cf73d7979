"""Hugo's `[permalinks]` patterns: read and checked with the config, filled in for each page.

A pattern such as `/:year/:month/:slug/` names parts of a page with tokens, as Hugo defines
them (https://gohugo.io/configuration/permalinks/):

- `:year`, `:month`, `:day`: the page's date (4, 2 and 2 digits) as written, in its own offset
  (the site's time zone when it has none);
- `:section`: the page's top-level section; `:sections`: all its sections, joined by `/`, or
  some of them: `:sections[1:]`, `:sections[last]`, `:sections[:2]`;
- `:title`: the title, made a URL segment; `:slug`: `slug:`, else the title;
- `:contentbasename`: the bundle's folder or the file's name; `:filename`: Hugo's older,
  deprecated name for it; `:slugorcontentbasename` (and `:slugorfilename`): `slug:`, else it.

Pure: the page's values come in as a `PermalinkValues`, so the model stage fills them in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from sitegen.core.messages import tr

TOKEN = re.compile(r":([A-Za-z]+)(\[[^\]]*\])?")
SLICE = re.compile(r"^\[(?P<start>\d+|last)?(?P<colon>:)?(?P<end>\d+|last)?\]$")  # :sections[1:], [last], [0]
TOKENS = ("year", "month", "day", "section", "sections", "title", "slug", "filename", "contentbasename",
          "slugorfilename", "slugorcontentbasename")
SEGMENT_PUNCTUATION = "_.-~+@"
KINDS = ("page", "section")  # Hugo also has taxonomy and term patterns: not read yet


def url_segment(text: str, *, each_space: bool = False) -> str:
    """A name or title made one URL segment as Hugo's urlize makes it: lower case, letters, digits
    and `_ . - ~ + @` kept, other punctuation dropped, and the spaces between two kept parts one
    `-` ("Libur Nasional — Natal & Tahun Baru" -> "libur-nasional-natal-tahun-baru", `hari_ini`
    stays `hari_ini`, `a--b` stays `a--b`). Hugo 0.168 makes a term's URL otherwise, each space
    a `-` ("Penempatan & Pelindungan" -> "penempatan--pelindungan"): `each_space`.

    Differences on purpose: letters with accents lose them (Hugo keeps them, percent-encoded in
    links; here URLs stay ASCII, as people type them), and `/`, `#`, `%` and dots at either end
    are dropped (Hugo keeps them, making folders, fragments or hidden files of a title).
    """
    kept: list[str] = []
    space = False  # a space since the last part kept: a "-" before the next
    for char in text.lower():
        if not char.isascii() and char.isalnum():  # a letter or digit of another script: its ASCII spelling
            from text_unidecode import unidecode  # here: loading its table costs every build's start

            part = "".join(c for c in unidecode(char).lower() if c.isascii() and c.isalnum())
        elif char.isascii() and (char.isalnum() or char in SEGMENT_PUNCTUATION):
            part = char
        elif char.isspace() and each_space:
            part = "-"
        else:
            space = space or (char.isspace() and bool(kept))
            continue
        kept += ["-", part] if space else [part]
        space = False
    return "".join(kept).strip(".")


def check_pattern(key: str, pattern: str) -> str:
    """A pattern as written, or ValueError naming the key and the token that does not exist."""
    if not pattern.startswith("/"):
        raise ValueError(tr('{key} = "{pattern}" must start with /, like "/:year/:month/:slug/"',
                            key=key, pattern=pattern))
    for match in TOKEN.finditer(pattern):
        name, token = match[1], match[0]
        if match[2] and (name != "sections" or not SLICE.match(match[2])):
            raise ValueError(tr('{key} = "{pattern}": "{token}" is not a permalink token; only :sections takes '
                                "an index, like :sections[1:] or :sections[last]", key=key, pattern=pattern,
                                token=token))
        if name not in TOKENS:
            close = difflib.get_close_matches(name, TOKENS, n=1)
            hint = tr('did you mean ":{token}"?', token=close[0]) if close else \
                tr("Hugo's tokens are {tokens}", tokens=", ".join(":" + t for t in TOKENS))
            raise ValueError(tr('{key} = "{pattern}": "{token}" is not a permalink token; {hint}',
                                key=key, pattern=pattern, token=token, hint=hint))
    return pattern


def read_permalinks(raw: dict[str, object]) -> dict[str, dict[str, str]]:
    """`[permalinks]` as kind -> section -> pattern; Hugo's older flat form is for pages."""
    patterns: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for key, value in raw.items():
        if isinstance(value, dict):
            if key not in KINDS:
                raise ValueError(tr("[permalinks.{key}] is not a kind of page sitegen reads; use "
                                    "[permalinks.page] or [permalinks.section]", key=key))
            for section, pattern in value.items():
                patterns[key][str(section)] = check_pattern(f"permalinks.{key}.{section}", _text(key, pattern))
        else:
            patterns["page"][key] = check_pattern(f"permalinks.{key}", _text(key, value))
    return patterns


def _text(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(tr('permalinks.{key} must be a pattern in quotes, like "/:year/:month/:slug/"', key=key))
    return value


def _sliced(section: str, index: str) -> str:
    """`:sections[1:]` of "archives/2011/08": "2011/08"; Hugo's indexes, `last` the last one."""
    found = SLICE.match(index)
    assert found is not None  # checked with the config
    parts = section.split("/")

    def position(text: str | None, default: int) -> int:
        return default if text is None else len(parts) - 1 if text == "last" else int(text)

    start = position(found["start"], 0)
    if not found["colon"]:
        return parts[start] if start < len(parts) else ""
    return "/".join(parts[start:position(found["end"], len(parts))])


@dataclass(frozen=True)
class PermalinkValues:
    """What a page gives a pattern."""

    date: datetime
    section: str  # the whole section path, "news/2024"
    title: str
    slug: str | None
    base_name: str  # the bundle's folder or the file's name


def fill(pattern: str, values: PermalinkValues) -> str:
    """The path a pattern gives a page: "/:year/:slug/" -> "/2025/rapat-koordinasi/"."""
    title = url_segment(values.title)
    base = url_segment(values.base_name) or values.base_name
    slug = url_segment(values.slug) if values.slug else ""
    parts = {
        "year": f"{values.date.year:04d}", "month": f"{values.date.month:02d}", "day": f"{values.date.day:02d}",
        "section": values.section.split("/")[0], "sections": values.section,
        "title": title, "slug": slug or title, "filename": base, "contentbasename": base,
        "slugorfilename": slug or base, "slugorcontentbasename": slug or base,
    }
    path = TOKEN.sub(lambda m: _sliced(values.section, m[2]) if m[2] else parts[m[1]], pattern)
    path = re.sub(r"/{2,}", "/", path)
    return path if path.endswith(("/", ".html")) else path + "/"
