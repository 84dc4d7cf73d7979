"""Publishing a build into the folder it replaces, file by file: only what changed is moved in.

A build after one edit would otherwise link every file of the last build into a new staging
folder and swap it in (7,800 files at 1,000 releases: most of the one-edit build's time on a
disk slow at making files), then delete the old folder. Instead, the writer (writer.py) leaves
each file it would write unchanged where it is (`kept`: a page whose record says it is as the
last build left it, reuse.py; or a file whose bytes it compared), stages the others as before,
and only when every page succeeded:

0. makes every folder the staged files go into (a full disk is found here, not halfway through);
1. writes `INCOMPLETE` into the published folder, so that a build killed in what follows
   leaves a folder no later build takes for whole (`can_publish_in_place` is then False and that
   build stages the whole site and swaps it in); the reuse record is already gone (reuse.py);
2. deletes every file the build did not write (pages that are gone, files added by hand) and
   the folders that leaves empty, as the swap of a whole new folder would;
3. renames each staged file over the published one (the same file system: each rename is whole);
4. deletes `INCOMPLETE`.

A failed build (a mistake in a page, a full disk while staging or making folders) fails before
step 1: the published folder is as it was, but for empty new folders. A failure during steps 2
and 3 (a disk failing, a build killed) leaves the mark. This is not one atomic step as the swap
of a whole folder is (writer.py): a reader of a server serving the folder meanwhile may, for the
fraction of a second the renames take, find a removed page gone before the lists no longer link
it. Files of the search index are Pagefind's, not the writer's: a bundle taken over keeps the files
the last build recorded for it (strays there are deleted), a bundle indexed again is staged and
moved in like the rest. Files renamed only in case on a disk that ignores case are staged
again, under their new name.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from stat import S_ISREG

from sitegen.core.files import named

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


def publish_in_place(output: str, staging: str, kept: set[str], mirrored: set[str]) -> int:
    """Move the staged files in and delete those no longer written (see the module's notes); the
    number of files the published folder then holds. `kept`: the files the build writes that are
    there already (search bundles' files included); `mirrored`: files in staging only for Pagefind."""
    in_staging = _files_below(staging)[0]
    published, empty = _files_below(output)
    # Kept under a name the folder does not list: renamed in case only on a disk that ignores case
    # (`Logo.PNG` -> `logo.png`), or reached through a link put there by hand. The listed name goes
    # below, so the file is moved in again under its own name.
    renamed = kept - published
    _stage_from_output(output, staging, renamed - in_staging)
    staged = (in_staging - mirrored) | renamed
    wanted = kept | staged
    gone = published - wanted
    needed = _folders_of(staged)
    try:  # before the mark: a full disk here leaves the published folder as it was (and empty folders)
        for folder in sorted(needed):
            os.makedirs(os.path.join(output, folder), exist_ok=True)
    except OSError as error:
        raise named(error, Path(error.filename or output)) from None
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
        # Gone first: on a disk that ignores case, a file moved in over `Logo.PNG` as `logo.png`
        # would be deleted by deleting `Logo.PNG` after it.
        for file in sorted(gone):
            os.unlink(target := os.path.join(output, file))
        _remove_empty_folders(output, ({os.path.dirname(file) for file in gone} | empty) - needed)
        made: set[str] = set()
        for file in sorted(staged):
            folder = os.path.dirname(target := os.path.join(output, file))
            if folder not in made:  # made above, unless it was a link put there by hand, deleted since
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            os.replace(os.path.join(staging, file), target)
        os.unlink(target := marker)
    except OSError as error:
        raise named(error, Path(error.filename or target)) from None
    return len(wanted)


def _folders_of(files: set[str]) -> set[str]:
    """The folders (relative) these files are in, and every folder above those."""
    return {"/".join(parts[:n]) for file in files for parts in [file.split("/")[:-1]]
            for n in range(1, len(parts) + 1)}


def _stage_from_output(output: str, staging: str, files: set[str]) -> None:
    """Published files linked (or copied) into staging, to be moved in again under these names."""
    for file in files:
        target = os.path.join(staging, file)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(os.path.join(output, file), target)
        except OSError:
            shutil.copyfile(os.path.join(output, file), target)


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
