"""Reading a Hugo site for `sitegen import`: its config in any of Hugo's forms, and which of its
sections hold dated pages only.

hugo.toml, hugo.yaml or hugo.json (or Hugo's older config.*), or the folder config/_default/
merged as Hugo merges it; keys are lower-cased, as Hugo reads them in any case.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.limits import HUGO_CONFIG_BYTES
from sitegen.core.messages import tr
from sitegen.core.safeyaml import load_yaml

CONFIG_FOLDER = "config/_default"  # Hugo's config split into files (hugo.toml, params.toml, menus.en.toml, ...)
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml",
                "config.json")


def find_hugo_config(folder: Path) -> Path | None:
    """The site's Hugo config file, else its config folder (`config/_default/`), else None."""
    found = next((folder / name for name in HUGO_CONFIGS if (folder / name).is_file()), None)
    return found or (folder / CONFIG_FOLDER if (folder / CONFIG_FOLDER).is_dir() else None)


def site_root(hugo_config: Path) -> Path:
    """The Hugo site's folder: beside hugo.toml, or above config/_default/."""
    if hugo_config.is_dir() and hugo_config.parent.name == "config":
        return hugo_config.parent.parent
    return hugo_config.parent


def read_folder(folder: Path) -> dict[str, Any]:
    """Hugo's config folder as one config: hugo.toml at the root, `params.toml` as [params],
    `menus.en.toml` as [languages.en.menus], `languages.toml` as [languages], and so on."""
    merged: dict[str, Any] = {}
    for file in sorted(f for f in folder.iterdir() if f.is_file() and f.suffix in (".toml", ".yaml", ".yml", ".json")):
        data, (kind, _, lang) = read_config(file), file.stem.partition(".")
        if kind in ("hugo", "config"):
            _merge(merged, data)
        elif lang:  # menus.en.toml, params.id.yaml
            _merge(merged, {"languages": {lang: {kind: data}}})
        else:
            _merge(merged, {kind: data})
    return merged


def _merge(into: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def read_config(file: Path) -> dict[str, Any]:
    shown = file.name
    try:
        data = file.read_bytes()
    except OSError as error:
        raise SitegenError([Problem(shown, None, tr("cannot be read: {reason}", reason=error.strerror))]) from None
    if len(data) > HUGO_CONFIG_BYTES:
        raise SitegenError([Problem(shown, None, tr("is {size:,} bytes; sitegen import reads a Hugo config of up to "
                                                    "{limit:,}", size=len(data), limit=HUGO_CONFIG_BYTES))])
    try:
        text = data.decode("utf-8-sig")
        if file.suffix == ".toml":
            raw: Any = tomllib.loads(text)
        elif file.suffix == ".json":
            raw = json.loads(text)
        elif file.suffix in (".yaml", ".yml"):
            raw = load_yaml(text, shown)[0]
        else:
            raise SitegenError([Problem(shown, None, tr(
                "is not a Hugo config sitegen import reads: give hugo.toml, hugo.yaml or hugo.json"))])
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise SitegenError([Problem(shown, None, tr("cannot be read as {kind}: {error}",
                                                    kind=file.suffix.lstrip(".").upper(), error=error))]) from None
    if not isinstance(raw, dict):
        raise SitegenError([Problem(shown, None, tr("holds no settings (a table of keys was expected)"))])
    return raw


def lowered(value: Any, depth: int = 0) -> Any:
    """Hugo reads its keys in any case (baseURL, baseurl): lower-case them, but not in params."""
    if isinstance(value, list):
        return [lowered(item, depth + 1) for item in value]
    if not isinstance(value, dict):
        return value
    return {str(key).lower(): (item if str(key).lower() == "params" else lowered(item, depth + 1))
            for key, item in value.items()}


# A `date` key in front matter: `date: …` (YAML), `date = …` (TOML) or `"date": …` (JSON), any case.
_DATE_KEY = re.compile(r'^\s*"?date"?\s*[:=]', re.I | re.M)
FRONT_MATTER_LOOK = 4_000  # characters of a file read for its date: front matter is at the top


def dated_sections(content: Path) -> list[str] | None:
    """The top-level sections of a Hugo site whose every page (not `_index`) has a date, or None
    without a content folder. Hugo dates every page; sitegen asks a date of releases only."""
    if not content.is_dir():
        return None
    dated = []
    for section in sorted(p for p in content.iterdir() if p.is_dir() and not p.is_symlink()):
        pages = [f for f in section.rglob("*.md") if not f.name.startswith("_index.") and not f.is_symlink()]
        if pages and all(_has_date(f) for f in pages):
            dated.append(section.name)
    return dated


def _has_date(file: Path) -> bool:
    try:
        with file.open(encoding="utf-8", errors="replace") as opened:
            head = opened.read(FRONT_MATTER_LOOK)
    except OSError:
        return False
    return bool(_DATE_KEY.search(head))
