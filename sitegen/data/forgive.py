"""Read a descriptor's one-line texts as the officer meant them, where YAML would read them otherwise.

`title: {id: Penempatan, per negara, en: Placements}` is, to YAML, a mapping with a third key
"per negara"; `{id: Jumlah: total, en: Total}` is a syntax error. A PR officer means one text per
language in both. A `{...}` on one line that holds the site's language codes as keys is split at the
codes instead of at every comma, and, when YAML would have read it otherwise, written again with
each text in quotes before the descriptor is parsed. Lines keep their numbers, so every other
message still points at the right line.

A colon in an unquoted text of its own line (`source: Kantor: Uji`) cannot be read either way;
`quoted_hint` gives the line as it should be written, for the message.
"""

from __future__ import annotations

import json
import re

import yaml

_INNERMOST = re.compile(r"\{([^{}\n]*)\}")  # a flow mapping with none inside it
_PLAIN_VALUE = re.compile(r"^(?P<head>\s*(?:-\s+)?[^\s:#\"'{}\[\]][^:#\"']*:\s+)(?P<value>[^\"'{}\[\]|>&*!#].*?)\s*$")


def repaired(text: str, languages: list[str]) -> str:
    """The descriptor with each one-line `{<lang>: ..., <lang>: ...}` read as one text per language."""
    lines = text.split("\n")
    return "\n".join(_repaired_line(line, languages) for line in lines)


def _repaired_line(line: str, languages: list[str]) -> str:
    if "{" not in line or line.lstrip().startswith("#"):
        return line
    return _INNERMOST.sub(lambda match: match[0] if _in_quotes(line[:match.start()])
                          else _repaired_mapping(match[1], languages), line)


def _in_quotes(before: str) -> bool:
    """Whether a `{` after this text is inside a quoted string (then it is text, not a mapping)."""
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _repaired_mapping(body: str, languages: list[str]) -> str:
    texts = _texts(body, languages)
    if texts is None or _as_yaml_reads(body) == texts:
        return "{" + body + "}"
    return "{" + ", ".join(f"{code}: {json.dumps(value, ensure_ascii=False)}" for code, value in texts.items()) + "}"


def _texts(body: str, languages: list[str]) -> dict[str, str] | None:
    """{code: text}, split only before a language code and its colon; None if the body is not that."""
    codes = "|".join(re.escape(code) for code in sorted(languages, key=len, reverse=True))
    parts = re.split(rf",\s*(?=(?:{codes})\s*:\s)", body.strip())
    texts: dict[str, str] = {}
    for part in parts:
        found = re.fullmatch(rf"({codes})\s*:\s+(.*)", part.strip(), flags=re.DOTALL)
        if not found or found[1] in texts:
            return None
        texts[found[1]] = _unquoted(found[2].strip())
    return texts


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        try:
            loaded = yaml.safe_load(value)
        except yaml.YAMLError:
            return value
        return str(loaded)
    return value


def _as_yaml_reads(body: str) -> object:
    try:
        return yaml.safe_load("{" + body + "}")
    except yaml.YAMLError:
        return None


def quoted_hint(line: str) -> str | None:
    """`key: text: more` as it must be written, `key: "text: more"`; None if the line is not like that."""
    match = _PLAIN_VALUE.match(line)
    if not match or (": " not in match["value"] and not match["value"].endswith(":")):
        return None
    return f"{match['head']}{json.dumps(match['value'], ensure_ascii=False)}"
