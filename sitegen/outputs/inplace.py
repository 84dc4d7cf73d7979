"""Publishing a build into the folder it replaces, file by file: only what changed is moved in.

A build after one edit would otherwise link every file of the last build into a new staging
folder and swap it in (7,800 files at 1,000 releases: most of the one-edit build's time on a
disk slow at making files), then delete the old folder. Instead, the writer (writer.py) leaves
each file it would write unchanged where it is (`kept`: a page whose record says it is as the
last build left it, reuse.py; or a file whose bytes it compared), stages the others as before,
and only when every page succeeded:

1. writes `INCOMPLETE` into the published folder, so that a build killed in what follows
   leaves a folder no later build takes for whole (`can_publish_in_place` is then False and that
   build stages the whole site and swaps it in); the reuse record is already gone (reuse.py);
2. deletes every file the build did not write (pages that are gone, files added by hand) and
   the folders that leaves empty, as the swap of a whole new folder would;
3. renames each staged file over the published one (the same file system: each rename is whole);
4. deletes `INCOMPLETE`.

A failed build (a mistake in a page, a full disk) fails before step 1: the published folder is
as it was. Files of the search index are Pagefind's, not the writer's: a bundle taken over is
kept as a whole (`kept_bundles`), a bundle indexed again is staged and moved in like the rest.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from stat import S_ISREG

from sitegen.core.files import named
from sitegen.outputs.search import BUNDLE_DIR, PART_PREFIX

INCOMPLETE = ".sitegen-incomplete"  # in the published folder while files are moved in
INCOMPLETE_TEXT = b"sitegen was publishing into this folder and did not finish: the next build makes all of it.\n"
_CHUNK = 1 << 16


def can_publish_in_place(output: Path, stamp: str) -> bool:
    """Whether the published folder is there, sitegen's (it has the `stamp` file), and not left
    half-published by a killed build."""
    return (output / stamp).is_file() and not os.path.lexists(output / INCOMPLETE)


def same_bytes(published: Path, data: str | bytes) -> bool:
    """Whether the published file (a plain file) holds exactly these bytes."""
    expected = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if not _plain_file_of_size(published, len(expected)):
            return False
        with open(published, "rb") as file:
            return file.read(len(expected) + 1) == expected
    except OSError:
        return False


def same_file(source: Path, published: Path) -> bool:
    """Whether the published file (a plain file) holds the same bytes as `source`."""
    try:
        if not _plain_file_of_size(published, os.stat(source).st_size):
            return False
        with open(source, "rb") as first, open(published, "rb") as second:
            while True:
                chunk = first.read(_CHUNK)
                if chunk != second.read(_CHUNK):
                    return False
                if not chunk:
                    return True
    except OSError:
        return False


def _plain_file_of_size(path: Path, size: int) -> bool:
    status = os.lstat(path)  # a link put there by hand is not what a build writes
    return S_ISREG(status.st_mode) and status.st_size == size


def publish_in_place(output: str, staging: str, kept: set[str], mirrored: set[str], kept_bundles: list[str]) -> int:
    """Move the staged files in and delete those no longer written (see the module's notes); the
    number of files the published folder then holds. `kept`: the files the build writes that are
    there already; `mirrored`: files in staging only for Pagefind; `kept_bundles`: search bundles."""
    staged = _files_below(staging)[0] - mirrored
    published, empty = _files_below(output)
    bundles = set(kept_bundles)
    wanted = kept | staged | {file for file in published if BUNDLE_DIR in file and _bundle_of(file) in bundles}
    gone = published - wanted
    marker = os.path.join(output, INCOMPLETE)
    try:
        with open(marker, "wb") as file:
            file.write(INCOMPLETE_TEXT)
    except OSError as error:  # a full disk: the folder is left as it was
        with contextlib.suppress(OSError):
            os.unlink(marker)
        raise named(error, Path(marker)) from None
    target = marker
    try:  # from here a failure leaves the mark: the next build makes the whole folder
        for file in sorted(gone):
            os.unlink(target := os.path.join(output, file))
        _remove_empty_folders(output, {os.path.dirname(file) for file in gone} | empty)
        _move_in(staging, output, staged)
        os.unlink(target := marker)
    except OSError as error:
        raise named(error, Path(error.filename or target)) from None
    return len(wanted)


def _move_in(staging: str, output: str, staged: set[str]) -> None:
    """Each staged file renamed over the published one, its folder made where it is new."""
    made: set[str] = set()
    for file in sorted(staged):
        folder = os.path.dirname(os.path.join(output, file))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        os.replace(os.path.join(staging, file), os.path.join(output, file))


def _bundle_of(file: str) -> str | None:
    """The search bundle a file is one of (search.parts: `<language>/pagefind`, or a part in it,
    `<language>/pagefind/part-<key>`), if it is in one."""
    names = file.split("/")
    for at, name in enumerate(names[:-1]):
        if name == BUNDLE_DIR:
            in_part = at + 2 < len(names) and names[at + 1].startswith(PART_PREFIX)
            return "/".join(names[:at + 2] if in_part else names[:at + 1])
    return None


def _files_below(root: str) -> tuple[set[str], set[str]]:
    """Every file below a folder (and link: a link to a folder is not followed), as relative paths;
    and the folders below it holding nothing. Told apart by the folder's listing alone, no stat."""
    files: set[str] = set()
    empty: set[str] = set()
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        with os.scandir(folder) as entries:
            seen = False
            for entry in entries:
                seen = True
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, prefix + entry.name + "/"))
                else:
                    files.add(prefix + entry.name)
        if not seen and prefix:
            empty.add(prefix[:-1])
    return files, empty


def _remove_empty_folders(output: str, folders: set[str]) -> None:
    """Each of these folders (relative) and those above it, deepest first, where nothing is left in them."""
    above = {os.path.join(*parts[:n]) for folder in folders if folder
             for parts in [folder.split("/")] for n in range(1, len(parts) + 1)}
    for folder in sorted(above, key=lambda name: name.count("/"), reverse=True):
        try:
            os.rmdir(os.path.join(output, folder))
        except OSError:
            continue  # not empty (or gone already)
