"""A content-addressed store of published files in `.sitegen-cache/store/`, for builds without
`public/` (CI: a fresh checkout with the cache restored).

After each build every page and search-index file is hard-linked into the store under the digest
of its bytes (as Bazel keeps its outputs); the record (reuse.py) says which digest each page had
and what it was rendered from (as Lektor's build state does). A later build that finds no usable
file in the published folder takes the page from here instead of rendering it.

A store is never trusted blindly: every file is hashed again before it is used, so a file that
was truncated, corrupted, replaced or edited in place (a hard link shares its bytes with the
published file) is not published: it is deleted, counted as damaged, and its page rendered again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

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
        self.damaged = 0  # files that did not match their digest (or could not be read), this build

    def path(self, digest: str) -> Path:
        return self.root / digest[:2] / digest

    def verified(self, digest: str) -> Path | None:
        """The stored file with these bytes, checked; None (and the file deleted) if it is missing or damaged."""
        if not _is_digest(digest):
            return None
        stored = self.path(digest)
        if not stored.is_file():
            return None
        if digest_of(stored) != digest:
            self.damaged += 1
            stored.unlink(missing_ok=True)
            return None
        return stored

    def keep(self, file: Path, digest: str | None = None) -> str | None:
        """A published file into the store (hard-linked, copied where links cannot be made); its digest."""
        digest = digest or digest_of(file)
        if digest is None:
            return None
        stored = self.path(digest)
        if stored.exists():
            return digest
        try:
            stored.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(file, stored)
            except OSError:
                shutil.copyfile(file, stored)
        except OSError:
            return None  # a full disk: the cache is only an aid, the build is published anyway
        return digest

    def drop(self, digests: Iterable[str]) -> None:
        """Files no record refers to any longer."""
        for digest in digests:
            if _is_digest(digest):
                self.path(digest).unlink(missing_ok=True)


def _is_digest(text: object) -> bool:
    return isinstance(text, str) and len(text) == 32 and all(c in "0123456789abcdef" for c in text)
