"""Pages taken from the last published site when nothing they show has changed (tokens.py).

After each build, `.sitegen-cache/outputs.json` records, for every page file, the fingerprint of
what it was rendered from, with the size and modification time the file then had. The next build
renders a page only if its fingerprint differs, or if its file in the published folder is gone
or was changed since; otherwise the file is hard-linked into the new staging folder, which is
still published whole. The search index is likewise taken over when no searchable page changed.
The record is removed before each publish and written after it, so it never describes a folder
it was not made with.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.files import write_whole

RECORD = ".sitegen-cache/outputs.json"


@dataclass
class Reuse:
    """What the last build published (`before`) and what this one will (`now`), file by file."""

    folder: Path  # the published folder
    now: dict[str, str]  # file -> fingerprint of its page in this build
    before: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # file -> (fingerprint, mtime, size)
    search_before: str | None = None
    rendered: int = 0  # pages this build rendered (the others were taken over)

    def unchanged(self, relative: str) -> bool:
        """Whether the published file is what this build would render, as it was left."""
        fingerprint, kept = self.now.get(relative), self.before.get(relative)
        if fingerprint is None or kept is None or kept[0] != fingerprint:
            return False
        try:
            status = os.stat(os.path.join(self.folder, relative))
        except OSError:
            return False
        return (status.st_mtime_ns, status.st_size) == (kept[1], kept[2])

    def search_unchanged(self, search: str | None) -> bool:
        return search is not None and search == self.search_before


def load_record(site_dir: Path, folder: Path, now: dict[str, str]) -> Reuse:
    """The record of the last build into this folder; an empty one if there is none or it is unreadable."""
    reuse = Reuse(folder, now)
    try:
        data = json.loads((site_dir / RECORD).read_text(encoding="utf-8"))
        if data["folder"] == str(folder):
            reuse.before = {name: (kept[0], kept[1], kept[2]) for name, kept in data["pages"].items()}
            reuse.search_before = data["search"]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # a first build, or a record from another version: everything is rendered
    return reuse


def recorded_folder(site_dir: Path) -> str | None:
    """The folder the last build's record describes: one sitegen wrote (for `check_output_folder`)."""
    try:
        folder = json.loads((site_dir / RECORD).read_text(encoding="utf-8"))["folder"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return folder if isinstance(folder, str) else None


def forget_record(site_dir: Path) -> None:
    """Before the published folder is replaced: a record must never outlive the folder it describes."""
    (site_dir / RECORD).unlink(missing_ok=True)


def save_record(site_dir: Path, reuse: Reuse, search: str | None) -> None:
    """The record of what was just published."""
    pages = {}
    for relative, fingerprint in reuse.now.items():
        try:
            status = (reuse.folder / relative).stat()
        except OSError:
            continue
        pages[relative] = (fingerprint, status.st_mtime_ns, status.st_size)
    write_whole(site_dir / RECORD, json.dumps({"folder": str(reuse.folder), "pages": pages,
                                               "search": search}).encode())


def search_fingerprint(searched: dict[str, str | None]) -> str | None:
    """One fingerprint for every searchable page: the index can be taken over while it is the same."""
    if any(fingerprint is None for fingerprint in searched.values()):
        return None
    text = "\0".join(f"{name}\0{fingerprint}" for name, fingerprint in sorted(searched.items()))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def link_tree(source: Path, target: Path) -> None:
    """A folder's files hard-linked into another place (copied where links cannot be made).

    Only from one published folder into the next: a hard link from a cache into a published folder
    would let an edit on the server change the cache, and every later build with it.
    """
    shutil.copytree(source, target, copy_function=_link, dirs_exist_ok=True)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
