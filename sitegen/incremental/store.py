"""A content-addressed store of published files in `.sitegen-cache/store/`, for builds without
`public/` (CI: a fresh checkout with the cache restored).

After each build every page and search-index file is hard-linked into the store under the digest
of its bytes (as Bazel keeps its outputs); the record (reuse.py) says which digest each page had
and what it was rendered from (as Lektor's build state does). A later build that finds no usable
file in the published folder takes the page from here instead of rendering it.

A store is never trusted blindly: a file is hashed again before it is used, so a file that was
truncated, corrupted, replaced or edited in place (a hard link shares its bytes with the
published file) is not published: it is deleted, counted as damaged, and its page rendered again.
A page's file that still has the modification time and size the record gave it when it was kept
is taken without reading it (3,000 pages at 1,000 releases: 0.6 s of a CI build), as guard.py
takes the caches' files and reuse.py the published folder's: writing a file gives it a new
modification time, and a restored cache (`actions/cache`, `cp -p`) keeps the old one; only bytes
changed with the time then set back by hand would go unseen, as they would in the published folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from stat import S_ISREG

STORE = ".sitegen-cache/store"
_CHUNK = 1 << 20


def digest_of(file: Path | str) -> str | None:
    """The digest of a file's bytes, or None if it cannot be read."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        with open(file, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class Store:
    """Files by the digest of their bytes; each is checked against its digest when taken."""

    def __init__(self, site_dir: Path) -> None:
        self.root = site_dir / STORE
        self._root = str(self.root)
        self.damaged = 0  # files that did not match their digest (or could not be read), this build
        self._checked: set[str] = set()  # digests whose file was read and matched, this build

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def verified(self, digest: str, recorded: tuple[int, int] | None = None) -> Path | None:
        """The stored file with these bytes, checked; None (and the file deleted) if it is missing or damaged
        (`recorded`: the modification time and size it was kept with, which spare reading it)."""
        if not _is_digest(digest):
            return None
        stored = os.path.join(self._root, digest[:2], digest)  # as text: asked for every page of a CI build
        try:
            status = os.stat(stored)
        except OSError:
            return None
        if not S_ISREG(status.st_mode):
            return None
        if (recorded is not None and (status.st_mtime_ns, status.st_size) == recorded) or digest in self._checked:
            return Path(stored)  # (identical pages, such as aliases, share one file: read it once)
        if digest_of(stored) != digest:
            self.damaged += 1
            Path(stored).unlink(missing_ok=True)
            return None
        self._checked.add(digest)
        return Path(stored)

    def keep(self, file: Path | str, digest: str | None = None) -> str | None:
        """A published file into the store (hard-linked, copied where links cannot be made); its digest."""
        digest = digest if _is_digest(digest) else digest_of(file)  # a digest from a record: checked as one
        if digest is None:
            return None
        stored = os.path.join(self._root, digest[:2], digest)  # strings: called for every published page
        if os.path.exists(stored):
            return digest
        try:
            _link_or_copy(file, stored)
        except OSError:
            return None  # a full disk: the cache is only an aid, the build is published anyway
        return digest

    def drop(self, digests: Iterable[str]) -> None:
        """Files no record refers to any longer."""
        for digest in digests:
            if _is_digest(digest):
                self.path(digest).unlink(missing_ok=True)


def _link_or_copy(file: Path | str, stored: str) -> None:
    """`file` as `stored`, its shard's folder made only when the first link into it fails: asking
    for all 256 folders on every page was 7,500 `mkdir`s per build (a slow call on some disks)."""
    try:
        try:
            os.link(file, stored)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(stored), exist_ok=True)
            os.link(file, stored)
    except OSError:  # no hard links here (another disk, a file system without them)
        os.makedirs(os.path.dirname(stored), exist_ok=True)
        shutil.copyfile(file, stored)


_DIGEST = re.compile(r"[0-9a-f]{32}")


def _is_digest(text: object) -> bool:
    """Whether a record's text is a digest (so a store path made of it stays in the store)."""
    return isinstance(text, str) and _DIGEST.fullmatch(text) is not None
