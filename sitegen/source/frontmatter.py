"""Parse a content file's text into typed front matter and a Markdown body.

Pure: text in, values out, so tests can feed strings. Front matter is read as Hugo reads it:
YAML between `---` lines, TOML between `+++` lines or a JSON object, with blank lines before it
tolerated. Field names follow Hugo (`title`, `date`, `draft`, `slug`, `translationKey`,
`aliases`, ...) and are read without regard to case (`publishdate` holds a release back as
`publishDate` does: an embargo must never leak). Keys sitegen does not know are kept in
`params` for templates, never rejected, because themes may use them; `sitegen check` warns of
those close to a known key (`misspelled`).

Nothing a file holds gets past here unchecked: its size, invisible characters (cleaned, see
characters.py), YAML that expands or nests without end (safeyaml.py), numbers too long to be
numbers, dates outside the years every later step can handle, pictures from other sites and
more categories and tags than a reader could use.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sitegen.core import safeyaml
from sitegen.core.characters import clean, find_mojibake, mojibake
from sitegen.core.errors import Problem, SitegenError
from sitegen.core.limits import CONTENT_FILE_BYTES, NESTING, TERMS_PER_PAGE, YEARS
from sitegen.core.messages import tr
from sitegen.core.paths import alias_problem
from sitegen.source.fmsplit import Block, load_toml_or_json, split
from sitegen.source.pageoptions import ALWAYS, Build, read_build, read_template_name, read_url

if TYPE_CHECKING:  # PyYAML is loaded with the first YAML front matter read (safeyaml.py, start-up)
    import yaml


@cache
def _loader() -> type:
    """YAML's safe loader, except that timestamps stay text.

    PyYAML would turn `2025-02-30` into a ValueError without a line and `2025-08-22` into a
    date without a zone; sitegen parses dates itself to give one message and one time zone.
    """
    loader = type("_Loader", (safeyaml.fast_loader(),), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return loader


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
    url: str | None = None  # Hugo's page options (pageoptions.py)
    type: str | None = None
    layout: str | None = None
    headless: bool = False
    build: Build = ALWAYS
    dated: bool = True  # False: no `date` given, where one may be left out (an undated page)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedSource:
    meta: FrontMatter
    body: str
    body_line: int  # the file's line number of the body's first line
    key_lines: dict[str, int]  # front matter key -> line, for later messages


def parse_source(path: str, text: str, zone: ZoneInfo, *, needs_date: bool = True) -> ParsedSource:
    """Split and check a content file; raise SitegenError naming the file and line."""
    text = _readable(path, text).removeprefix("\ufeff")
    block = split(path, text)
    body = block.body.removeprefix("\n")  # the end of the closing '---' line
    data, lines = _load(path, block)
    meta = _typed(path, data, lines, zone, needs_date)
    body_start = len(text) - len(body)
    return ParsedSource(meta, body, text.count("\n", 0, body_start) + 1, lines)


def _readable(path: str, text: str) -> str:
    """The file's text, cleaned of characters no page may hold; refused if too large or garbled.

    Cleaning keeps every line break, so line numbers stay those of the file.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > CONTENT_FILE_BYTES:
        raise SitegenError([Problem(path, None, tr("is {size:,} bytes; a content file may be up to "
                                                   "{limit:,} (a long release is about 20,000): split "
                                                   "it into several pages", size=size,
                                                   limit=CONTENT_FILE_BYTES))])
    garbled = [Problem(path, line, tr("holds {what}; retype it", what=what)) for line, what in mojibake(text)]
    if garbled:
        raise SitegenError(garbled)
    return clean(text)


def _load(path: str, block: Block) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter's keys and values, and the line of each top-level key."""
    return _load_yaml(path, block.raw) if block.form == "yaml" else load_toml_or_json(path, block)


def _load_yaml(path: str, raw_yaml: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter's keys and values, and the line of each key.

    The YAML text starts on the file's first line (right after '---'), so a 0-based YAML line
    number is already the file's 1-based line number.
    """
    import yaml

    try:
        data, node = safeyaml.load(raw_yaml, _loader())
    except safeyaml.YamlValueError as error:  # over a limit: name the key it is under
        key = _key_at(_key_lines(_composed(raw_yaml)), error.line)
        where = f' "{key}"' if key else ""
        raise SitegenError([Problem(path, error.line, tr("front matter{where}: {problem}", where=where,
                                                         problem=error.message))]) from None
    except yaml.MarkedYAMLError as error:
        raise SitegenError([_syntax_problem(path, error)]) from None
    except yaml.reader.ReaderError as error:  # characters.clean() leaves none YAML refuses; a last guard
        line = raw_yaml.count("\n", 0, error.position) + 1
        raise SitegenError([Problem(path, line, tr("front matter holds a character YAML refuses "
                                                   "(U+{character:04X}); delete it", character=error.character))]
                           ) from None
    except yaml.YAMLError as error:  # none other is known; a message all the same, not a traceback
        raise SitegenError([Problem(path, None, tr("front matter is not valid YAML: {error}", error=error))]) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise SitegenError(
            [Problem(path, 2, tr("front matter must be 'key: value' lines, such as 'title: ...'"))]
        )
    return data, _key_lines(node)


def _syntax_problem(path: str, error: yaml.MarkedYAMLError) -> Problem:
    # Where the broken list or quote starts is where to look, more than where YAML gave up.
    mark = error.context_mark or error.problem_mark
    line = mark.line + 1 if mark else None
    if error.problem == "exceeded maximum nesting depth":  # LibYAML's own limit, far past NESTING
        return Problem(path, line, tr("front matter nests lists and tables more than {nesting} levels deep; write "
                                      "it flatter", nesting=NESTING))
    what = safeyaml.yaml_reason(error.context, error.problem)
    return Problem(path, line, tr("front matter is not valid YAML: {error}", error=what))


def _composed(raw_yaml: str) -> yaml.Node | None:
    """The document's nodes (aliases not expanded, numbers not read), for the lines of its keys."""
    import yaml

    try:
        return yaml.compose(raw_yaml, Loader=_loader())
    except yaml.YAMLError:
        return None


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Where each top-level key stands, so a wrong value can be pointed at."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def _key_at(lines: dict[str, int], line: int | None) -> str | None:
    """The top-level key whose value holds a line: the last key at or above it."""
    above = [(at, key) for key, at in lines.items() if line is not None and at <= line]
    return max(above)[1] if above else None


# How each known key is read: (attribute name, converter). A converter raises ValueError with
# a sentence saying what would be right.
Converter = Callable[[Any, ZoneInfo], Any]


def _text(value: Any, zone: ZoneInfo) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(tr("must be text, got {value}", value=_show(value)))
    return str(value).strip()


def _flag(value: Any, zone: ZoneInfo) -> bool:
    if not isinstance(value, bool):
        raise ValueError(tr("must be true or false, got {value}", value=_show(value)))
    return value


def _whole(value: Any, zone: ZoneInfo) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(tr("must be a whole number, got {value}", value=_show(value)))
    return value


def _texts(value: Any, zone: ZoneInfo) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ValueError(tr("must be a list of text, like [Penempatan, Pelindungan], got {value}", value=_show(value)))
    return tuple(str(v).strip() for v in value if str(v).strip())


def _site_paths(value: Any, zone: ZoneInfo) -> tuple[str, ...]:
    """Old paths of a page (aliases): each becomes a file and a `_redirects` line, so a path only."""
    paths = _texts(value, zone)
    for path in paths:
        if "://" in path or path.startswith("//"):
            raise ValueError(tr("{path} is a full address; write the old path on this site, like "
                                "/2025/08/judul-lama/", path=repr(path)))
        if (reason := alias_problem(path)) is not None:
            raise ValueError(tr("{path} {reason}", path=repr(path), reason=reason))
    return paths


def _moment(value: Any, zone: ZoneInfo) -> datetime:
    return parse_datetime(value, zone)


def _picture(value: Any, zone: ZoneInfo) -> str:
    """The lead photo: a file of the bundle or of the site, never one loaded from another site."""
    text = _text(value, zone)
    if urlsplit(text).scheme or text.startswith("//"):
        raise ValueError(tr("{text} is not on this site; image must be a photo in the release's folder or a path on "
                            "this site like /images/x.jpg; sitegen does not load pictures from other sites (they "
                            "would tell that site who reads the release)", text=repr(text)))
    return text


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
            why = _date_reasons().get(str(error))
            raise ValueError(tr("{value} is not a real date{reason}; write it as 2025-08-22 or "
                                "2025-08-22T09:30:00+07:00", value=repr(value),
                                reason=f" ({why})" if why else "")) from None
    else:
        raise ValueError(tr("must be a date like 2025-08-22, got {value}", value=_show(value)))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=zone)
    if not _in_range(moment, zone):
        raise ValueError(tr("{value} is outside the years {first} to {last}; write the release's date, like "
                            "2025-08-22", value=repr(str(value).strip()), first=YEARS[0], last=YEARS[1]))
    return moment


def _date_reasons() -> dict[str, str]:
    """Python's reasons for refusing a date, in the reader's language (Python's own are English)."""
    return {"day is out of range for month": tr("that month has no such day"),
            "month must be in 1..12": tr("a month is 1 to 12"), "hour must be in 0..23": tr("an hour is 0 to 23"),
            "minute must be in 0..59": tr("a minute is 0 to 59"), "second must be in 0..59": tr("a second is 0 to 59")}


def _in_range(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether a moment is in YEARS and can be shown in UTC and the site's zone (feeds, archives)."""
    try:
        moment.astimezone(UTC)
        moment.astimezone(zone)
    except OverflowError:  # 0001-01-01 east of UTC, 9999-12-31 west of it
        return False
    return YEARS[0] <= moment.year <= YEARS[1]


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
    "image": ("image", _picture),
    "image_alt": ("image_alt", _text),
    "translationKey": ("translation_key", _text),
    "url": ("url", read_url),
    "type": ("type", read_template_name),
    "layout": ("layout", read_template_name),
    "headless": ("headless", _flag),
    "build": ("build", read_build),
}


# Hugo reads front matter keys without regard to case; writers copy `publishdate` from its docs.
_CANONICAL = {key.casefold(): key for key in FIELDS}


def canonical_key(key: str) -> str:
    """The key as sitegen spells it (`publishdate` -> `publishDate`); unknown keys stay as written."""
    return _CANONICAL.get(key.casefold(), key)


def _typed(
    path: str, data: dict[str, Any], lines: dict[str, int], zone: ZoneInfo, needs_date: bool
) -> FrontMatter:
    values: dict[str, Any] = {}
    params: dict[str, Any] = {}
    problems: list[Problem] = []
    wrong: set[str] = set()  # keys already reported: not missing as well
    seen: dict[str, str] = {}  # canonical key -> the spelling that gave it
    for written, value in data.items():
        written = str(written)
        key = canonical_key(written)
        if key in seen:
            problems.append(Problem(path, lines.get(written), tr('front matter "{key}": given twice (also as '
                                                                 '"{other}"); keep one', key=written, other=seen[key])))
            continue
        seen[key] = written
        if written != key and written in lines:
            lines[key] = lines.pop(written)
        try:
            value = _cleaned(value)
            if key not in FIELDS:
                params[key] = value
            elif value is not None:
                name, convert = FIELDS[key]
                values[name] = convert(value, zone)
        except ValueError as error:
            message = tr('front matter "{key}": {error}', key=written, error=error)
            problems.append(Problem(path, lines.get(key), message))
            wrong.add(key)
    for required in ("title", "date") if needs_date else ("title",):
        if not values.get(required) and required not in wrong:  # absent, empty, or only spaces
            problems.append(_missing(path, required, lines, params))
    problems += _too_many_terms(path, values, lines)
    if problems:
        raise SitegenError(problems)
    if "date" not in values:
        values.update(date=datetime(1970, 1, 1, tzinfo=zone), dated=False)
    return FrontMatter(**values, params=params)


# Hugo's own keys that sitegen does not use: kept in params, and never taken for a typo ("images" of
# "image", "type" of nothing): content migrated from Hugo has them.
HUGO_KEYS = frozenset(key.casefold() for key in (
    "images", "keywords", "description", "linkTitle", "type", "layout", "url", "outputs", "headless", "markup",
    "series", "toc", "menu", "menus", "cascade", "build", "resources", "sitemap", "isCJKLanguage", "pubdate",
    "published", "modified", "unpublishdate", "audio", "videos", "lang", "authors"))


def misspelled(key: str) -> str | None:
    """The known key an unknown one is probably a typo of ("categoris" -> "categories")."""
    if key.casefold() in _CANONICAL or key.casefold() in HUGO_KEYS:
        return None
    # One letter off in a short key (`tagz`) is below difflib's usual 0.8; a longer or shorter
    # key that close is usually a key of its own (`subtitle`), so the lower bar is for equal lengths.
    wanted = key.casefold()
    close = difflib.get_close_matches(wanted, list(_CANONICAL), n=1, cutoff=0.8) or [
        known for known in difflib.get_close_matches(wanted, list(_CANONICAL), n=1, cutoff=0.75)
        if abs(len(known) - len(wanted)) <= 1]
    return _CANONICAL[close[0]] if close else None


def _cleaned(value: Any) -> Any:
    """A value with its text cleaned as the file's is (YAML's escapes, like "\\v", make the same
    characters); ValueError for a garbled one. safeyaml has bounded its size and depth."""
    if isinstance(value, str):
        garbled = find_mojibake(value)
        if garbled is not None:
            raise ValueError(tr("holds {garbled}; retype it", garbled=garbled))
        return clean(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {_cleaned(key): _cleaned(item) for key, item in value.items()}
    return value


def _too_many_terms(path: str, values: dict[str, Any], lines: dict[str, int]) -> list[Problem]:
    """Each term gets a page and a feed of its own, and related releases compare them all."""
    count = len(values.get("categories", ())) + len(values.get("tags", ()))
    if count <= TERMS_PER_PAGE:
        return []
    key = "tags" if values.get("tags") else "categories"
    return [Problem(path, lines.get(key), tr('front matter "{key}": {count:,} categories and tags together; a '
                                             "release may have up to {limit}: keep those a reader would "
                                             "look for", key=key, count=count, limit=TERMS_PER_PAGE))]


def _missing(path: str, key: str, lines: dict[str, int], params: dict[str, Any]) -> Problem:
    typo = next((written for written in params if misspelled(written) == key), None)
    if typo is not None:
        return Problem(path, lines.get(typo), tr('front matter has no "{key}": "{typo}" is probably a typo of it; '
                                                 'write "{key}:"', key=key, typo=typo))
    example = {"title": tr("title: The release's headline"), "date": "date: 2025-08-22T09:00:00+07:00"}[key]
    return Problem(path, lines.get(key), tr('front matter has no "{key}": add a line such as "{example}"',
                                            key=key, example=example))


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return tr("a list") if isinstance(value, list) else tr("a table of keys")
    return str(value)
