"""Pages taken from the last build when nothing they show has changed (tokens.py).

After each build, `.sitegen-cache/outputs.json` records, for every page file, the fingerprint of
what it was rendered from, the size and modification time the file then had, and the digest of
its bytes, under which the file is kept in the store (store.py). The next build renders a page
only if its fingerprint differs; otherwise it hard-links the file from the published folder if it
is there as it was left, or else from the store, checked against its digest (a CI build: a fresh
checkout with `.sitegen-cache` restored and no `public/`). The search bundles are likewise taken
over, from either place, when no searchable page changed. The record is removed before each
publish and written after it, so it never describes a folder it was not made with; a record from
another sitegen, config or theme matches no fingerprint, and the build says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.core.codeversion import code_digest
from sitegen.core.files import write_whole
from sitegen.core.messages import tr
from sitegen.incremental.store import Store, digest_of
from sitegen.outputs.search import own_files

RECORD = ".sitegen-cache/outputs.json"
FORMAT = 3  # the record's layout; a record in another is not read


@dataclass
class Reuse:
    """What the last build published (`before`) and what this one will (`now`), file by file."""

    folder: Path  # the published folder
    now: dict[str, str]  # file -> fingerprint of its page in this build
    store: Store
    shared: str = ""  # the fingerprint of what every page shows (sitegen, config, templates, strings)
    same_folder: bool = False  # whether the record describes this output folder
    # file -> (fingerprint, mtime, size, digest of its bytes)
    before: dict[str, tuple[str, int, int, str]] = field(default_factory=dict)
    search_before: dict[str, str | None] = field(default_factory=dict)  # search bundle -> its pages' fingerprint
    bundles_before: dict[str, dict[str, str]] = field(default_factory=dict)  # bundle -> its file -> digest
    # bundle -> its file -> (mtime, size) as published: a bundle edited by hand is not left in place
    bundle_times: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    # page file -> the digest of what Pagefind reads of it (search.indexed_digest), last build and this
    indexed_before: dict[str, str] = field(default_factory=dict)
    indexed_now: dict[str, str] = field(default_factory=dict)
    rendered: int = 0  # pages this build rendered (the others were taken over)
    checked: set[str] = field(default_factory=set)  # files found published as the record has them
    from_store: dict[str, str] = field(default_factory=dict)  # file -> digest: taken from the store, checked
    bundles_checked: set[str] = field(default_factory=set)  # search bundles found so (bundle_in_place)
    taken_bundles: set[str] = field(default_factory=set)  # search bundles taken over as they were
    notices: list[str] = field(default_factory=list)  # what the user should know about the cache
    prints: Any = None  # this build's tokens.Fingerprints, for files other than pages (generated.py)

    def unchanged(self, relative: str) -> bool:
        """Whether the published file is what this build would render, as it was left."""
        fingerprint, kept = self.now.get(relative), self.before.get(relative)
        if not self.same_folder or fingerprint is None or kept is None or kept[0] != fingerprint:
            return False
        try:
            status = os.stat(os.path.join(self.folder, relative))
        except OSError:
            return False
        if (status.st_mtime_ns, status.st_size) != (kept[1], kept[2]):
            return False
        self.checked.add(relative)
        return True

    def stored(self, relative: str) -> Path | None:
        """The page as the store keeps it, checked, when its fingerprint is unchanged; else None."""
        fingerprint, kept = self.now.get(relative), self.before.get(relative)
        if fingerprint is None or kept is None or kept[0] != fingerprint:
            return None
        stored = self.store.verified(kept[3], (kept[1], kept[2]))
        if stored is not None:  # its bytes were just checked: save_record need not read them again
            self.from_store[relative] = kept[3]
        return stored

    def source_of(self, relative: str) -> Path | None:
        """Where an unchanged file is: the last published folder, or else the store; None: make it again."""
        if self.unchanged(relative):
            return self.folder / relative
        return self.stored(relative)

    @property
    def in_place(self) -> bool:
        """Whether this build may publish into the last one's folder file by file (outputs/inplace.py):
        the record describes that folder (which the writer checks is whole). Even when every page is
        made again, renaming each over the last is no dearer than a new folder and deleting the old."""
        return self.same_folder and bool(self.before)

    def bundle_in_place(self, bundle: str) -> bool:
        """Whether a search bundle may be left as the last published folder has it (publishing in place):
        each of its files there as the last build left it (its time and size, as for pages)."""
        files, times = self.bundles_before.get(bundle), self.bundle_times.get(bundle)
        if not (self.same_folder and files and times and files.keys() == times.keys()):
            return False
        for name, kept in times.items():
            try:
                status = os.stat(os.path.join(self.folder, bundle, name))
            except OSError:
                return False
            if (status.st_mtime_ns, status.st_size) != kept:
                return False
        self.taken_bundles.add(bundle)
        self.bundles_checked.add(bundle)
        return True

    def take_stored(self, bundle: str, staging: Path) -> bool:
        """A search bundle from the store (each file checked against its digest) into staging."""
        if not self.restore_bundle(bundle, staging):
            return False
        self.taken_bundles.add(bundle)
        return True

    def search_unchanged(self, bundle: str, search: str | None) -> bool:
        """Whether a search bundle (a part of a language's index) covers the same pages, unchanged."""
        return search is not None and search == self.search_before.get(bundle)

    def take_bundle(self, bundle: str, staging: Path) -> bool:
        """A search bundle from the last published folder, or else from the store (checked); False if
        neither has it whole (then Pagefind indexes it again)."""
        if self.same_folder and (self.folder / bundle / "pagefind.js").is_file():
            source = self.folder / bundle
            _link_all((str(file), str(staging / bundle / file.relative_to(source))) for file in own_files(source))
        elif not self.restore_bundle(bundle, staging):
            return False
        self.taken_bundles.add(bundle)
        return True

    def restore_bundle(self, bundle: str, target: Path) -> bool:
        """A search bundle from the store into `target`, if every one of its files is there intact."""
        files = self.bundles_before.get(bundle)
        if not files:
            return False
        found = {name: self.store.verified(digest) for name, digest in files.items()}
        if any(path is None for path in found.values()):
            return False
        _link_all((str(path), str(target / bundle / name)) for name, path in found.items() if path is not None)
        return True

    def damage_notice(self) -> None:
        if self.store.damaged:
            self.notices.append(tr("{count} file(s) in .sitegen-cache/store did not match their digest (damaged, or "
                                   "edited in the published folder); what they held was made again",
                                   count=self.store.damaged))


def load_record(site_dir: Path, folder: Path, now: dict[str, str], shared: str = "") -> Reuse:
    """The record of the last build; an empty one (with a notice if it was unusable) if there is none."""
    reuse = Reuse(folder, now, Store(site_dir), shared)
    try:
        text = (site_dir / RECORD).read_text(encoding="utf-8")
    except FileNotFoundError:
        return reuse  # a first build, or a deleted cache
    except (OSError, ValueError):
        text = ""
    try:
        data = json.loads(text)
        if data["format"] != FORMAT:
            raise ValueError(data["format"])
        reuse.before = {name: (str(kept[0]), int(kept[1]), int(kept[2]), str(kept[3]))
                        for name, kept in data["pages"].items()}
        reuse.search_before = {str(bundle): fingerprint for bundle, fingerprint in data["search"].items()}
        reuse.bundles_before = {str(b): {str(n): str(d) for n, d in files.items()}
                                for b, files in data["bundles"].items()}
        reuse.bundle_times = {str(b): {str(n): (int(t[0]), int(t[1])) for n, t in files.items()}
                              for b, files in data.get("bundle_times", {}).items()}
        reuse.indexed_before = {str(name): str(digest) for name, digest in data.get("indexed", {}).items()}
        reuse.same_folder = data["folder"] == str(folder)
        if shared and data["shared"] != shared:
            reuse.notices.append(tr("sitegen, the config, the theme or the interface strings changed since the "
                                    "cache was written: every page is rendered again"))
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        reuse.before, reuse.search_before, reuse.bundles_before, reuse.indexed_before = {}, {}, {}, {}
        reuse.same_folder = False
        reuse.notices.append(tr("{file} could not be read (damaged, or from another sitegen): every page is "
                                "rendered again", file=RECORD))
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


def save_record(site_dir: Path, reuse: Reuse, search: dict[str, str | None]) -> None:
    """The record of what was just published; its pages and search bundles (`search`: each with
    the fingerprint of the pages it covers) kept in the store."""
    pages, folder = {}, str(reuse.folder)
    for relative, fingerprint in reuse.now.items():
        if relative in reuse.checked:  # published as it was (kept in place, or linked): its entry stands
            pages[relative] = reuse.before[relative]
            continue
        file = os.path.join(folder, relative)
        try:
            status = os.stat(file)
        except OSError:
            continue
        kept = reuse.before.get(relative)
        if relative in reuse.from_store:  # linked from the store, whose file was checked: already kept
            pages[relative] = (fingerprint, status.st_mtime_ns, status.st_size, reuse.from_store[relative])
            continue
        known = kept[3] if kept and kept[:3] == (fingerprint, status.st_mtime_ns, status.st_size) else None
        digest = reuse.store.keep(file, known)
        if digest is not None:
            pages[relative] = (fingerprint, status.st_mtime_ns, status.st_size, digest)
    # A bundle taken over is in the store as the build that indexed it left it (a store file deleted
    # since is noticed by the CI build that would take it, which indexes that part again).
    stored_bundles = {bundle: reuse.bundles_before[bundle] if bundle in reuse.taken_bundles
                      and bundle in reuse.bundles_before else _keep_tree(reuse.store, reuse.folder / bundle, None)
                      for bundle in search if (reuse.folder / bundle).is_dir()}
    write_whole(site_dir / RECORD, json.dumps({
        "format": FORMAT, "shared": reuse.shared, "folder": str(reuse.folder), "pages": pages,
        "search": search, "bundles": stored_bundles, "bundle_times": _times(reuse, stored_bundles),
        "indexed": {name: digest for name, digest in reuse.indexed_now.items() if name in pages}}).encode())
    kept_now = {entry[3] for entry in pages.values()} | {d for files in stored_bundles.values() for d in files.values()}
    kept_before = {entry[3] for entry in reuse.before.values()} | {
        d for files in reuse.bundles_before.values() for d in files.values()}
    reuse.store.drop(kept_before - kept_now)


def _times(reuse: Reuse, bundles: dict[str, dict[str, str]]) -> dict[str, dict[str, tuple[int, int]]]:
    """Each search bundle's files' modification time and size, as published (`Reuse.bundle_in_place`;
    a bundle it found as recorded is not looked at again)."""
    times: dict[str, dict[str, tuple[int, int]]] = {}
    for bundle, files in bundles.items():
        if bundle in reuse.bundles_checked and bundle in reuse.bundle_times:
            times[bundle] = reuse.bundle_times[bundle]
            continue
        for name in files:
            try:
                status = os.stat(os.path.join(reuse.folder, bundle, name))
            except OSError:
                continue
            times.setdefault(bundle, {})[name] = (status.st_mtime_ns, status.st_size)
    return times


def _keep_tree(store: Store, folder: Path, known: dict[str, str] | None) -> dict[str, str]:
    """A search bundle's own files into the store: each one's name below the bundle -> digest
    (`known`: the digests of a bundle taken over as it was, so that it is not read again)."""
    kept = {}
    for file in own_files(folder):
        name = file.relative_to(folder).as_posix()
        if (digest := store.keep(file, (known or {}).get(name) or digest_of(file))) is not None:
            kept[name] = digest
    return kept


def search_fingerprint(searched: dict[str, str | None]) -> str | None:
    """One fingerprint for every searchable page: the index can be taken over while it is the same.
    With sitegen's code and the versions of what it runs (Pagefind's among them): an index made by
    another Pagefind is not merged with the new one's."""
    if any(fingerprint is None for fingerprint in searched.values()):
        return None
    text = "\0".join([code_digest(), *(f"{name}\0{fingerprint}" for name, fingerprint in sorted(searched.items()))])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _link_all(pairs: Iterable[tuple[str, str]]) -> None:
    """Each (source, target) hard-linked, each target folder made once (a bundle has thousands of files in a few)."""
    made: set[str] = set()
    for source, target in pairs:
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        _link(source, target)


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
