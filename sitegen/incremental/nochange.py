"""A build with nothing changed ends at once: Make's and Lektor's rule, applied to the whole site.

A warm build with nothing changed would still read and parse every content file, fingerprint
every page and link every file into a new folder (5 s at 1,000 releases), to publish what is
already there. After each full build `.sitegen-cache/last-build.json` records what it was made
from and what it left:
- the build's *key*: sitegen's code and the versions of what renders (code_digest), the
  options that change the output (drafts, future, expired, base URL, output folder) and the
  language messages are in;
- the *inputs*: every file of what a build reads in the site's folder (core.paths.SITE_INPUTS:
  sitegen.toml, content/, data/, themes/...), each found by its path as the build opens it and
  recorded by path, size, modification and change time and inode, links to themes followed;
- the cache's own files (but the store, which is checked by digest when used) and the published
  folder's files, each by path, size, modification time and inode;
- the first moment after the build at which a release becomes due or expires (`until`), since
  what is published depends on the clock too; and the counts and warnings it reported.

The next build compares; only when all of it is the same does it end without writing anything,
reporting the same counts. Anything else (a file edited, added, deleted or touched; a damaged or
deleted cache file; a page edited in the published folder; the clock past `until`) is a full
build, as before. The change time (ctime) cannot be set back by any program, so a file edited
and then given its old size and modification time (`cp -p`, `touch -r`) is still noticed.

A file changed within moments of when it was recorded could carry the same times as before (the
kernel's file clock ticks every few milliseconds, FAT's every 2 s), so such a record is never
trusted (git's "racily clean" rule): the window is `RACY_SECONDS`, or `COARSE_RACY_SECONDS` where
the times recorded are whole seconds. The published folder is recorded without change times (the
store's hard links and the deletion of the replaced folder change them): its files are trusted
by size, modification time and inode, as reuse.py trusts them.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.core.codeversion import code_digest
from sitegen.core.files import write_whole
from sitegen.core.lock import LOCK_FILE
from sitegen.core.messages import language
from sitegen.core.paths import SITE_INPUTS
from sitegen.outputs.writer import remove_stale

if TYPE_CHECKING:  # the check that nothing changed loads no stage of the build (start-up)
    from sitegen.model.site import Page

RECORD = ".sitegen-cache/last-build.json"
FORMAT = 1
CACHE = ".sitegen-cache"
UNWATCHED_CACHE = ("store",)  # checked file by file against digests when used (store.py)
RACY_SECONDS = 0.1  # several ticks of the kernel's file clock (1 to 10 ms)
COARSE_RACY_SECONDS = 2.0  # FAT keeps modification times in steps of 2 s


@dataclass(frozen=True)
class LastBuild:
    """What the last full build reported, to report again when nothing has changed since."""

    pages: int
    files: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class State:
    """What a build is made from, taken before it reads anything (see the module's notes)."""

    key: str
    inputs: str | None  # None: some file changed too recently to be told apart by its times


def build_key(options: Any) -> str:
    """sitegen's code, the options that change what is published, the messages' language."""
    values = [code_digest(), language(), sys.version]  # code_digest: every package sitegen runs on too
    values += [repr(getattr(options, name, None)) for name in ("drafts", "future", "expired", "base_url")]
    return hashlib.blake2b("\0".join(values).encode(), digest_size=16).hexdigest()


def current_state(site_dir: Path, output: Path, options: Any) -> State:
    """The key and the inputs' signature, as they are now (before the build reads them)."""
    started = time.time_ns()
    signature, newest = _inputs_signature(site_dir)
    window = COARSE_RACY_SECONDS if newest % 1_000_000_000 == 0 else RACY_SECONDS
    racy = newest >= started - int(window * 1e9)
    return State(build_key(options), None if racy else signature)


def may_end_early(options: Any) -> bool:
    """Whether a build may end at once when nothing changed: not a preview, not one that writes no
    cache, not `--strict` (whose warnings depend on the clock too)."""
    return not options.preview and options.write_cache and not options.strict


def unchanged_since_last(site_dir: Path, output: Path, state: State, options: Any) -> LastBuild | None:
    """What the last build reported, if nothing it was made from or left has changed; else None."""
    if state.inputs is None:
        return None
    now = options.now or datetime.now(UTC)
    try:
        data = json.loads((site_dir / RECORD).read_text(encoding="utf-8"))
        if (data["format"], data["key"], data["inputs"], data["folder"]) != (FORMAT, state.key, state.inputs,
                                                                          str(output)):
            return None
        if data["until"] is not None and now >= datetime.fromisoformat(data["until"]):
            return None
        if data["cache"] != _cache_signature(site_dir) or data["output"] != _output_signature(output):
            return None
        last = LastBuild(int(data["pages"]), int(data["files"]), tuple(str(w) for w in data["warnings"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    remove_stale(output)  # what killed builds left beside the folder goes, as a full build's writer does
    return last


def record_build(site_dir: Path, output: Path, state: State, now: datetime, pages: Iterable[Page],
                 report: LastBuild) -> None:
    """After a full build has published and written its caches: what the next build compares with."""
    data = {"format": FORMAT, "key": state.key, "inputs": state.inputs, "folder": str(output),
            "until": _until(pages, now), "cache": _cache_signature(site_dir), "output": _output_signature(output),
            "pages": report.pages, "files": report.files, "warnings": list(report.warnings)}
    write_whole(site_dir / RECORD, json.dumps(data).encode("utf-8"))


def forget_build(site_dir: Path) -> None:
    """Before a full build changes anything: a record must never describe a build half done."""
    (site_dir / RECORD).unlink(missing_ok=True)


def _until(pages: Iterable[Page], now: datetime) -> str | None:
    """The first moment after `now` at which any page, published or not, becomes due or expires."""
    moments = [moment for page in pages for moment in (page.publish_date or page.date, page.expiry_date)
               if moment is not None and moment > now]
    return min(moments).isoformat() if moments else None


def _inputs_signature(site_dir: Path) -> tuple[str, int]:
    """What the build reads, each input found by its path as the build opens it (on a disk that
    ignores case, `Content/` is read as content/ and must be watched as such)."""
    digest, newest = hashlib.blake2b(digest_size=16), 0
    for name in SITE_INPUTS:
        path = site_dir / name
        try:
            status = path.stat()
        except OSError:
            digest.update(f"{name} absent\0".encode())
            continue
        signature, newer = (_signature(path, set(), with_change_time=True) if path.is_dir()
                            else _file_entry(name, status, with_change_time=True))
        digest.update(f"{name}\0{signature}\0".encode("utf-8", "surrogateescape"))
        newest = max(newest, newer)
    return digest.hexdigest(), newest


def _cache_signature(site_dir: Path) -> str:
    skipped = {*UNWATCHED_CACHE, Path(RECORD).name, LOCK_FILE}  # the lock: rewritten by every build (lock.py)
    return _signature(site_dir / CACHE, skipped, with_change_time=False)[0]


def _output_signature(output: Path) -> str:
    return _signature(output, set(), with_change_time=False)[0]


def _signature(root: Path, skipped: set[str], with_change_time: bool) -> tuple[str, int]:
    """A digest of every file below `root` (but the top-level names `skipped`) by path, size, times and
    inode, links to folders followed once; and the newest time among them (ns)."""
    digest, newest, seen = hashlib.blake2b(digest_size=16), 0, set()
    pending = [(str(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            digest.update(f"unreadable {prefix}\0".encode())
            continue
        for entry in entries:
            name = prefix + entry.name
            if not prefix and entry.name in skipped:
                continue
            try:
                status = entry.stat()
            except OSError:
                digest.update(f"broken {name}\0".encode())
                continue
            if entry.is_dir():
                digest.update(f"{name}/\0".encode("utf-8", "surrogateescape"))  # an empty folder counts too
                if (status.st_dev, status.st_ino) not in seen:
                    seen.add((status.st_dev, status.st_ino))
                    pending.append((entry.path, name + "/"))
                continue
            entry_line, newer = _file_entry(name, status, with_change_time)
            digest.update(entry_line.encode("utf-8", "surrogateescape"))
            newest = max(newest, newer)
    return digest.hexdigest(), newest


def _file_entry(name: str, status: os.stat_result, with_change_time: bool) -> tuple[str, int]:
    """A file as a signature sees it (path, size, times, inode), and its newest time (ns)."""
    times = (status.st_mtime_ns, status.st_ctime_ns) if with_change_time else (status.st_mtime_ns,)
    return f"{name}\0{status.st_size}\0{times}\0{status.st_ino}\0", max(times)
