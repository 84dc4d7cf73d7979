"""The URL each content file was published at by the last build, to tell which ones moved.

A setting (`[permalinks]`, a section renamed for a language, `url:` or `slug:`) can move pages
that readers, search engines and other sites already link to. After each `sitegen build`,
`.sitegen-cache/urls.json` records every content file's path on the site; `sitegen check` then
lists each file whose path is not the one recorded, with the `aliases:` line that keeps the old
links working (alias.html redirects from it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.files import write_whole
from sitegen.model.site import Site, normalize_alias

RECORD = ".sitegen-cache/urls.json"
FORMAT = 1


@dataclass(frozen=True)
class Moved:
    """A content file now published at another path than by the last build."""

    source: str
    before: str
    now: str


def record_urls(site_dir: Path, site: Site) -> None:
    """Keep where every content file was published (after a build that published)."""
    urls = {source: page.path for source, page in sorted(site.by_source.items()) if page.build.rendered}
    write_whole(site_dir / RECORD, json.dumps({"format": FORMAT, "urls": urls}, indent=0).encode("utf-8"))


def recorded_urls(site_dir: Path) -> dict[str, str]:
    """source -> path, as the last build left them; {} when there is no readable record."""
    try:
        data = json.loads((site_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("urls"), dict):
        return {}
    return {str(k): str(v) for k, v in data["urls"].items()}


def moved_urls(site_dir: Path, site: Site) -> Iterable[Moved]:
    """Content files whose path differs from the last build's, and the old path not yet an alias."""
    before = recorded_urls(site_dir)
    taken = {page.path for page in site.by_source.values()}  # a page there now: no redirect could take its place
    for source, page in sorted(site.by_source.items()):
        old = before.get(source)
        if page.kind == "section" or not page.build.rendered or old is None or old == page.path or old in taken:
            continue  # (a section's list has no aliases; a page not rendered has no address)
        if old not in {normalize_alias(a) for a in page.aliases}:
            yield Moved(source, old, page.path)
