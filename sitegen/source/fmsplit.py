"""Where a content file's front matter is, and in which of Hugo's three formats.

YAML between `---` lines (read by frontmatter.py, which knows YAML's pitfalls), TOML between
`+++` lines, or a JSON object. The text handed on is padded with line breaks, so a line number
in it is the file's line number, whatever stood before the front matter.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.limits import NESTING
from sitegen.core.messages import tr

# The line that opens front matter, and the format it announces (Hugo's three).
_OPENERS = {"---": "yaml", "+++": "toml"}


@dataclass(frozen=True)
class Block:
    """The front matter's text, padded with line breaks so its line numbers are the file's."""

    form: str  # "yaml", "toml" or "json"
    raw: str
    body: str


def split(path: str, text: str) -> Block:
    """Find the front matter as Hugo does: YAML (---), TOML (+++) or a JSON object ({...}).

    Blank lines (and a byte-order mark, removed when the file was read) before it are tolerated:
    editors and copy-paste add them, and refusing them would only puzzle a writer.
    """
    start = len(text) - len(text.lstrip())
    padding = "\n" * text.count("\n", 0, start)
    first_line = text[start:].split("\n", 1)[0].rstrip()
    if text.startswith("{", start) and not text.startswith("{{", start):  # "{{< figure" is a shortcode
        return _split_json(path, text, start, padding)
    form = _OPENERS.get(first_line)
    if form is None:
        raise SitegenError(
            [Problem(path, 1, tr("no front matter: start the file with a line '---', then 'title:' and "
                                 "'date:' lines, then another '---'"))]
        )
    opened = start + len(text[start:].split("\n", 1)[0])  # the end of the opening line
    closing = re.compile(rf"^{re.escape(first_line)}[ \t]*$", re.M).search(text, opened + 1)
    if closing is None:
        raise SitegenError([Problem(path, 1, tr("front matter is not closed: add a line '{line}' after its last key",
                                                line=first_line))])
    raw = padding + text[opened:closing.start()]
    return Block(form, raw, text[closing.end():])


def _split_json(path: str, text: str, start: int, padding: str) -> Block:
    """A JSON object as front matter: it ends where the object closes."""
    try:
        _, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as error:
        message = tr("front matter is not valid JSON: {error}", error=error.msg)
        raise SitegenError([Problem(path, error.lineno, message)]) from None
    except RecursionError:
        raise SitegenError([_too_deep(path)]) from None
    except ValueError as error:  # a number of more digits than Python reads
        raise SitegenError([Problem(path, None, tr("front matter is not valid JSON: {error}", error=error))]) from None
    return Block("json", padding + text[start:end], text[end:])


def _too_deep(path: str) -> Problem:
    return Problem(path, None, tr("front matter nests lists and tables more than {levels} levels deep; write it "
                                  "flatter", levels=NESTING))


def _depth(value: Any) -> int:
    """How many lists and tables are inside one another in a value (iteratively: no recursion to exhaust)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level + 1)
            stack += [(child, level + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


_TOML_LINE = re.compile(r" \(at line (\d+), column \d+\)")
_TOML_KEY = re.compile(r'^[ \t]*["\']?([A-Za-z0-9_-]+)["\']?[ \t]*=', re.M)
_JSON_KEY = re.compile(r'^[ \t{]*"([^"\\]+)"[ \t]*:', re.M)


def _lines_of(raw: str, key: re.Pattern[str]) -> dict[str, int]:
    """The line of each key's first appearance (the text is padded to the file's lines)."""
    lines: dict[str, int] = {}
    for match in key.finditer(raw):
        lines.setdefault(match[1], raw.count("\n", 0, match.start()) + 1)
    return lines


def load_toml_or_json(path: str, block: Block) -> tuple[dict[str, Any], dict[str, int]]:
    """TOML or JSON front matter's keys and values, and the line of each top-level key."""
    if block.form == "toml":
        try:
            data = tomllib.loads(block.raw)
        except RecursionError:
            raise SitegenError([_too_deep(path)]) from None
        except ValueError as error:  # TOMLDecodeError, or a number of more digits than Python reads
            line = _TOML_LINE.search(str(error))
            message = _TOML_LINE.sub("", str(error))
            raise SitegenError([Problem(path, int(line[1]) if line else None,
                                        tr("front matter is not valid TOML: {error}", error=message))]) from None
        keys = _TOML_KEY
    else:
        data, keys = json.loads(block.raw), _JSON_KEY  # read once already, by _split_json: an object
    if _depth(data) > NESTING:
        raise SitegenError([_too_deep(path)])
    return data, _lines_of(block.raw, keys)
