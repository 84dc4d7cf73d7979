"""Where each key of a TOML file is written, so that a message about `sitegen.toml` can name its line.

Python's tomllib gives values without positions, and no well-kept TOML library for Python gives
them either (tomlkit keeps formatting, not line numbers), so this reads the lines itself: table
headers (`[a.b]`, `[[a.b]]`, each array table counted) and `key = value` lines (bare, quoted or
dotted keys). A key inside a multi-line array or inline table is found at the line its value
starts on, which is where a reader looks.
"""

from __future__ import annotations

import re
from typing import Any

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")
_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")
_MULTILINE = re.compile(r'"""|\'\'\'')

Lines = dict[tuple[Any, ...], int]


def key_lines(text: str) -> Lines:
    """Each key path (("permalinks", "news"), ("languages", "en", "menu", 0, "url")) -> its line."""
    lines: Lines = {}
    table: tuple[Any, ...] = ()
    counts: dict[tuple[Any, ...], int] = {}
    depth = 0  # brackets and braces still open: lines inside a value hold no keys of their own
    in_string = False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string or depth > 0:
            in_string ^= len(_MULTILINE.findall(line)) % 2 == 1
            depth = max(depth + _balance(line), 0)
            continue
        if header := _HEADER.match(line):
            path = _parts(header[2])
            if header[1] == "[[":
                counts[path] = counts.get(path, -1) + 1
                path = (*path, counts[path])
            table = path
            lines.setdefault(table, number)
            continue
        if key := _KEY.match(line):
            lines.setdefault((*table, *_parts(key[1])), number)
            value = line[key.end():]
            in_string = len(_MULTILINE.findall(value)) % 2 == 1
            depth = max(_balance(value), 0)
    return lines


def line_of(lines: Lines, loc: tuple[Any, ...]) -> int | None:
    """The line of a key, or of the nearest key above it that is written in the file."""
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def _parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in _PART.findall(dotted))


def _balance(text: str) -> int:
    """Brackets and braces opened minus closed, outside strings and comments."""
    text = re.sub(r'"(?:\\.|[^"\\])*"|\'[^\']*\'', "", text).split("#", 1)[0]
    return text.count("[") + text.count("{") - text.count("]") - text.count("}")
