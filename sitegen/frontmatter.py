"""Parse a content file's text into typed front matter and a Markdown body.

Pure: text in, values out, so tests can feed strings. Field names follow Hugo (`title`,
`date`, `draft`, `slug`, `translationKey`, `aliases`, ...); keys sitegen does not know are kept
in `params` for templates, never rejected, because themes may use them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from frontmatter.default_handlers import YAMLHandler

from sitegen.errors import Problem, SitegenError

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """YAML's safe loader, except that timestamps stay text.

    PyYAML would turn `2025-02-30` into a ValueError without a line and `2025-08-22` into a
    date without a zone; sitegen parses dates itself to give one message and one time zone.
    """


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)

_SPLITTER = YAMLHandler()


@dataclass(frozen=True)
class FrontMatter:
    """The front matter of one content file, checked and typed."""

    title: str
    date: datetime
    lastmod: datetime | None = None
    publish_date: datetime | None = None
    expiry_date: datetime | None = None
    draft: bool = False
    featured: bool = False
    slug: str | None = None
    summary: str | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    author: str | None = None
    weight: int = 0
    dateline: str | None = None
    credit: str | None = None
    image: str | None = None
    image_alt: str | None = None
    translation_key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedSource:
    meta: FrontMatter
    body: str
    body_line: int  # the file's line number of the body's first line
    key_lines: dict[str, int]  # front matter key -> line, for later messages


def parse_source(path: str, text: str, zone: ZoneInfo, *, needs_date: bool = True) -> ParsedSource:
    """Split and check a content file; raise SitegenError naming the file and line."""
    raw_yaml, body = _split(path, text)
    body = body.removeprefix("\n")  # the end of the closing '---' line
    data = _load_yaml(path, raw_yaml)
    lines = _key_lines(raw_yaml)
    meta = _typed(path, data, lines, zone, needs_date)
    body_start = len(text) - len(body)
    return ParsedSource(meta, body, text.count("\n", 0, body_start) + 1, lines)


def _split(path: str, text: str) -> tuple[str, str]:
    if not _SPLITTER.detect(text):
        raise SitegenError(
            [Problem(path, 1, "no front matter: start the file with a line '---', then 'title:' and "
                              "'date:' lines, then another '---'")]
        )
    try:
        return _SPLITTER.split(text)
    except ValueError:
        raise SitegenError(
            [Problem(path, 1, "front matter is not closed: add a line '---' after its last key")]
        ) from None


def _load_yaml(path: str, raw_yaml: str) -> dict[str, Any]:
    try:
        data = yaml.load(raw_yaml, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        # Where the broken list or quote starts is where to look, more than where YAML gave up.
        mark = error.context_mark or error.problem_mark
        # The YAML text starts on the file's first line (right after '---'), so a 0-based
        # YAML line number is already the file's 1-based line number.
        line = mark.line + 1 if mark else None
        what = ", ".join(filter(None, [error.context, error.problem])) or "cannot be read"
        raise SitegenError([Problem(path, line, f"front matter is not valid YAML: {what}")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SitegenError(
            [Problem(path, 2, "front matter must be 'key: value' lines, such as 'title: ...'")]
        )
    return data


def _key_lines(raw_yaml: str) -> dict[str, int]:
    """Where each top-level key stands, so a wrong value can be pointed at."""
    try:
        node = yaml.compose(raw_yaml, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


# How each known key is read: (attribute name, converter). A converter raises ValueError with
# a sentence saying what would be right.
Converter = Callable[[Any, ZoneInfo], Any]


def _text(value: Any, zone: ZoneInfo) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"must be text, got {_show(value)}")
    return str(value).strip()


def _flag(value: Any, zone: ZoneInfo) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, got {_show(value)}")
    return value


def _whole(value: Any, zone: ZoneInfo) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number, got {_show(value)}")
    return value


def _texts(value: Any, zone: ZoneInfo) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ValueError(f"must be a list of text, like [Penempatan, Pelindungan], got {_show(value)}")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _site_paths(value: Any, zone: ZoneInfo) -> tuple[str, ...]:
    paths = _texts(value, zone)
    for path in paths:
        if "://" in path or path.startswith("//"):
            raise ValueError(f"{path!r} is a full address; write the old path on this site, like /2025/08/judul-lama/")
    return paths


def _moment(value: Any, zone: ZoneInfo) -> datetime:
    return parse_datetime(value, zone)


def parse_datetime(value: Any, zone: ZoneInfo) -> datetime:
    """Read a date or date-time; one without a zone is in the site's time zone."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError as error:
            reason = "" if "Invalid isoformat" in str(error) else f" ({error})"
            raise ValueError(
                f"{value!r} is not a real date{reason}; write it as 2025-08-22 "
                "or 2025-08-22T09:30:00+07:00"
            ) from None
    else:
        raise ValueError(f"must be a date like 2025-08-22, got {_show(value)}")
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


FIELDS: dict[str, tuple[str, Converter]] = {
    "title": ("title", _text),
    "date": ("date", _moment),
    "lastmod": ("lastmod", _moment),
    "publishDate": ("publish_date", _moment),
    "expiryDate": ("expiry_date", _moment),
    "draft": ("draft", _flag),
    "featured": ("featured", _flag),
    "slug": ("slug", _text),
    "summary": ("summary", _text),
    "categories": ("categories", _texts),
    "tags": ("tags", _texts),
    "aliases": ("aliases", _site_paths),
    "author": ("author", _text),
    "weight": ("weight", _whole),
    "dateline": ("dateline", _text),
    "credit": ("credit", _text),
    "image": ("image", _text),
    "image_alt": ("image_alt", _text),
    "translationKey": ("translation_key", _text),
}


def _typed(
    path: str, data: dict[str, Any], lines: dict[str, int], zone: ZoneInfo, needs_date: bool
) -> FrontMatter:
    values: dict[str, Any] = {}
    params: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        key = str(key)
        if key not in FIELDS:
            params[key] = value
            continue
        if value is None:
            continue
        name, convert = FIELDS[key]
        try:
            values[name] = convert(value, zone)
        except ValueError as error:
            problems.append(Problem(path, lines.get(key), f'front matter "{key}": {error}'))
    for required in ("title", "date") if needs_date else ("title",):
        if not values.get(required) and data.get(required) in (None, ""):
            problems.append(_missing(path, required, lines))
    if problems:
        raise SitegenError(problems)
    values.setdefault("date", datetime(1970, 1, 1, tzinfo=zone))
    return FrontMatter(**values, params=params)


def _missing(path: str, key: str, lines: dict[str, int]) -> Problem:
    example = {"title": "title: Judul rilis", "date": "date: 2025-08-22T09:00:00+07:00"}[key]
    return Problem(path, lines.get(key), f'front matter has no "{key}": add a line such as "{example}"')


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a table of keys"
    return str(value)
