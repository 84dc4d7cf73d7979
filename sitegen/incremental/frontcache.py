"""Parsed front matter kept from one build for the next, found by each file's content.

A CI build starts from a fresh checkout: every content file has a new mtime but, all but the
edited one, the same text. Parsing 2,000 files' YAML costs half a second; this cache turns an
unchanged file into a read and a hash. It wraps the parser (frontmatter.parse_source stays
pure): an entry is found by a digest of the file's text and of what else the parse depends on
(whether the page needs a date), in a file kept for sitegen's code and the site's time zone
(`code_digest`, the zone's key). A file with a mistake is never kept: its errors are found again,
worded as today, on every build.

All entries are one file, `.sitegen-cache/frontmatter.json`, since reading 2,000 small files
would cost more than parsing them. It carries its own digest: a damaged or foreign file is
ignored whole and every file parsed again, as the Markdown cache does with a damaged entry.
Values are written as tagged JSON, never pickled (a restored cache must not run code), and a
parse is kept only if what is written reads back equal, so a value the encoding does not know
(TOML's times, YAML's sets) is simply parsed each time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sitegen.core.codeversion import code_digest
from sitegen.core.files import write_whole
from sitegen.source.frontmatter import FrontMatter, ParsedSource, parse_source
from sitegen.source.pageoptions import Build

CACHE_FILE = ".sitegen-cache/frontmatter.json"
_META_FIELDS = tuple(f.name for f in fields(FrontMatter))


class _UncodableError(Exception):
    """A value the tagged JSON does not stand for: that file is parsed on every build."""


_DAMAGED = (_UncodableError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError)


class FrontMatterCache:
    """`parse` is `parse_source`, answered from the last build's entries when the text is the same."""

    def __init__(self, site_dir: Path, zone: ZoneInfo, writable: bool = True) -> None:
        self.file = site_dir / CACHE_FILE
        self.zone = zone
        self.writable = writable  # `sitegen check` writes nothing
        self.context = f"{code_digest()} {zone.key}"
        self.hits = 0
        self._entries = self._load()
        # The entries used by this build (by every build of `sitegen serve`): the file keeps only these.
        self._used: dict[str, Any] = {}

    def parse(self, path: str, text: str, zone: ZoneInfo, *, needs_date: bool = True) -> ParsedSource:
        """As parse_source; raises exactly what it raises (a file with a mistake is never kept)."""
        if zone is not self.zone:  # not the zone the cache was made for: nothing to trust
            return parse_source(path, text, zone, needs_date=needs_date)
        key = hashlib.blake2b(f"{int(needs_date)}\0{text}".encode("utf-8", "surrogatepass"),
                              digest_size=16).hexdigest()
        entry = self._entries.get(key)
        if entry is not None:
            try:
                parsed = self._decode(entry, text)
                self.hits += 1
                self._used[key] = entry
                return parsed
            except _DAMAGED:
                pass  # a damaged entry: parsed again, and written anew
        parsed = parse_source(path, text, zone, needs_date=needs_date)
        try:
            encoded = self._encode(parsed, text)
            again = self._decode(encoded, text)  # JSON keeps each of the plain values the encoding leaves
        except _DAMAGED:  # a value the encoding does not stand for: not kept
            return parsed
        # Exactly what a parse gives, or not kept. (Equal is enough: the encoding keeps each value's
        # type, so 1 is never read back as True, and a time's zone, which equality would not see.)
        if again == parsed:
            self._used[key] = encoded
        return parsed

    def save(self) -> None:
        """Write the entries of this build, if they differ from those read (not for `sitegen check`)."""
        if not self.writable or self._used == self._entries:  # equal entries are mostly the same objects
            return
        payload = json.dumps({"context": self.context, "entries": self._used}, separators=(",", ":")).encode()
        write_whole(self.file, hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        self._entries = dict(self._used)  # `sitegen serve` keeps this cache: its next save adds to these

    def _load(self) -> dict[str, Any]:
        """The last build's entries; none if there is no file, or it is damaged or from other code."""
        try:
            digest, _, payload = self.file.read_bytes().partition(b"\n")
            if hashlib.sha256(payload).hexdigest().encode() != digest:
                return {}
            data = json.loads(payload)
            if data.get("context") != self.context or not isinstance(data.get("entries"), dict):
                return {}
            return data["entries"]  # type: ignore[no-any-return]
        except (OSError, ValueError, AttributeError, RecursionError):
            return {}

    def _encode(self, parsed: ParsedSource, text: str) -> list[Any]:
        meta = {name: _encode_value(getattr(parsed.meta, name), self.zone) for name in _META_FIELDS}
        # The body is the end of the text, unless cleaning changed it: then it is written out.
        body: int | str = len(text) - len(parsed.body) if text.endswith(parsed.body) else parsed.body
        return [meta, body, parsed.body_line, parsed.key_lines]

    def _decode(self, entry: list[Any], text: str) -> ParsedSource:
        meta, body, body_line, key_lines = entry
        values = {name: _decode_value(meta[name], self.zone) for name in _META_FIELDS}
        if isinstance(body, int):
            body = text[body:]
        if not isinstance(body, str) or not isinstance(body_line, int) or not isinstance(key_lines, dict):
            raise TypeError("damaged entry")
        return ParsedSource(FrontMatter(**values), body, body_line, dict(key_lines))


def _encode_value(value: Any, zone: ZoneInfo) -> Any:
    """JSON for a front matter value: plain values as they are, others as ["tag", ...]."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if type(value) in (list, tuple):
        return ["L" if type(value) is list else "T", [_encode_value(item, zone) for item in value]]
    if type(value) is dict:
        return ["D", [[_encode_value(k, zone), _encode_value(v, zone)] for k, v in value.items()]]
    if type(value) is datetime:
        return ["dt", value.replace(tzinfo=None).isoformat(), value.fold, _encode_zone(value.tzinfo, zone)]
    if type(value) is Build:
        return ["B", value.render, value.list, value.publish_resources]
    raise _UncodableError(type(value).__name__)


def _encode_zone(tzinfo: Any, zone: ZoneInfo) -> Any:
    if tzinfo is zone:
        return "site"
    offset = tzinfo.utcoffset(None) if type(tzinfo) is timezone else None
    if offset is not None and tzinfo.tzname(None) == timezone(offset).tzname(None):  # no name of its own
        return offset.total_seconds()
    raise _UncodableError(repr(tzinfo))


def _decode_value(value: Any, zone: ZoneInfo) -> Any:
    if not isinstance(value, list):
        return value
    tag, *rest = value
    if tag in ("L", "T"):
        items = [_decode_value(item, zone) for item in rest[0]]
        return items if tag == "L" else tuple(items)
    if tag == "D":
        return {_decode_value(k, zone): _decode_value(v, zone) for k, v in rest[0]}
    if tag == "dt":
        wall, fold, where = rest
        tzinfo = zone if where == "site" else timezone(timedelta(seconds=where))
        return datetime.fromisoformat(wall).replace(tzinfo=tzinfo, fold=fold)
    if tag == "B":
        return Build(*rest)
    raise _UncodableError(str(tag))
