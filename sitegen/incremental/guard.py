"""A check of the caches that other stages keep by the hash of what they are made from (share
cards, charts, photos), so that a damaged cache file is made again instead of published.

Those caches find a file by its name alone. After each `sitegen build`, `manifest.json` records
the size, modification time and digest of each of their files; before the next build reads them,
every file whose size or time changed is hashed again, and one whose bytes no longer match is
deleted (with the `.done` mark that says its chart's files are complete), so that its stage makes
it again. Files the manifest does not name (written by `sitegen serve`, or by an older sitegen)
are taken as they are, as before; a manifest that cannot be read means all of them are made again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sitegen.core.files import write_whole
from sitegen.incremental.store import digest_of

MANIFEST = ".sitegen-cache/manifest.json"
GUARDED = (".sitegen-cache/cards", ".sitegen-cache/charts", ".sitegen-cache/images")


def _files(site_dir: Path) -> list[tuple[str, os.stat_result]]:
    """Each file of the guarded caches, as a path below the site, with its status."""
    found, top = [], len(os.path.join(str(site_dir), ""))  # "/site/", or "/" for a site at the root
    for cache in GUARDED:
        for folder, _, names in os.walk(site_dir / cache):
            below = folder[top:].replace(os.sep, "/")  # as text: a Path per file cost more than its stat
            for name in names:
                try:
                    found.append((f"{below}/{name}", os.stat(os.path.join(folder, name))))
                except OSError:
                    continue
    return found


def _manifest(site_dir: Path) -> dict[str, tuple[int, int, str]] | None:
    """The manifest; {} if there is none yet; None if it is there but damaged."""
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
        return {str(name): (int(entry[0]), int(entry[1]), str(entry[2])) for name, entry in data.items()}
    except FileNotFoundError:
        return {}  # a first build, or a cache from before the manifest: its files are taken as they are
    except (OSError, ValueError, TypeError, IndexError, AttributeError):
        return None


def check_caches(site_dir: Path) -> int:
    """Delete the guarded cache files that no longer hold what they were recorded with; how many."""
    manifest, damaged = _manifest(site_dir), 0
    for name, status in _files(site_dir):
        if manifest is None:  # nothing to check them against: all of them are made again
            damaged += 1
            _forget(site_dir / name)
            continue
        kept = manifest.get(name)
        if kept is None or (status.st_mtime_ns, status.st_size) == kept[:2]:
            continue
        if digest_of(site_dir / name) != kept[2]:
            damaged += 1
            _forget(site_dir / name)
    return damaged


def _forget(file: Path) -> None:
    """A damaged file, and any mark saying that the set it belongs to is complete (charts' `.done`)."""
    file.unlink(missing_ok=True)
    for mark in file.parent.glob("*.done"):
        if file.name.startswith(mark.stem):
            mark.unlink(missing_ok=True)


def record_caches(site_dir: Path) -> None:
    """The manifest of the guarded caches as this build left them (unchanged files are not read)."""
    manifest, recorded = _manifest(site_dir) or {}, {}
    for name, status in _files(site_dir):
        kept = manifest.get(name)
        if kept is not None and (status.st_mtime_ns, status.st_size) == kept[:2]:
            recorded[name] = kept
        elif (digest := digest_of(site_dir / name)) is not None:
            recorded[name] = (status.st_mtime_ns, status.st_size, digest)
    write_whole(site_dir / MANIFEST, json.dumps(recorded).encode())
