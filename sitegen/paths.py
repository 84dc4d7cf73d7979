"""The one place that decides which files sitegen may read and write.

Every path that comes from content, data or config (a bundle's photo, a descriptor's `path:`,
an alias, the theme, the output folder) goes through here, as Hugo's security policy puts
every file access behind one gate. Reading stays inside the site folder: a symbolic link that
leaves it is refused with a message naming the link, so a pull request cannot publish
`/etc/passwd`. Writing stays inside the output folder: a path with `..`, a backslash, a
control character or an absolute start never becomes a file name.
"""

from __future__ import annotations

import os
from pathlib import Path

from sitegen.errors import Problem, SitegenError

# Characters no path written by a person contains: C0 controls, DEL and the C1 controls.
_CONTROL = frozenset(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))


def has_control(text: str) -> bool:
    """Whether text holds a control character (a newline, a tab, NUL, DEL, U+0080-U+009F)."""
    return any(char in _CONTROL for char in text)


def unsafe_part(path: str) -> str | None:
    """Why a relative path written in a site's files may not name a file, or None if it may.

    The path may start with "/" (a site path); what follows must not climb out with "..",
    and must hold no backslash, whitespace other than a plain space, or control character.
    """
    if has_control(path):
        return "holds a control character (a line break, a tab or an invisible character)"
    if "\\" in path:
        return 'holds a backslash; write folders with "/"'
    if any(part in ("..", ".") for part in path.strip("/").split("/")):
        return 'climbs out of its folder with ".."; write the path from the site\'s own folders'
    return None


def within(root: Path, candidate: Path) -> bool:
    """Whether candidate, with every symbolic link followed, is root itself or inside it."""
    return _real(candidate).is_relative_to(_real(root))


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def outside_link(site_dir: Path, file: Path) -> str | None:
    """Where a file leads if a symbolic link takes it out of the site folder, else None."""
    if within(site_dir, file):
        return None
    return os.path.realpath(file)


def check_readable(site_dir: Path, file: Path, shown: str) -> None:
    """Refuse a file (or folder) that a symbolic link takes out of the site folder."""
    target = outside_link(site_dir, file)
    if target is not None:
        raise SitegenError([link_problem(shown, target)])


def link_problem(shown: str, target: str) -> Problem:
    """The message for a link that leads out of the site."""
    return Problem(shown, None, f"is a link to {target}, outside the site's folder; sitegen reads only "
                                "files inside the site: copy the file in instead of linking to it")


def output_target(root: Path, relative: str) -> Path:
    """The file a relative output path names below root; ValueError if it would leave root.

    This is the last guard before a file is written: the checks where the path comes from
    give the user's message, this one makes sure nothing slips past them.
    """
    reason = unsafe_part(relative)
    if reason is not None or relative.startswith("/") or not relative:
        raise ValueError(f"refusing to write {relative!r} outside the output folder")
    return root / relative
