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
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr

# What a build reads from a site's folder (besides .sitegen-cache): `sitegen serve` watches these,
# and a build ends at once when none of them changed (nochange.py). Anything else there (.venv,
# node_modules, a Hugo site's public/) is none of the build's business.
SITE_INPUTS = ("sitegen.toml", "content", "data", "themes", "templates", "static", "i18n", "archetypes")
# Characters no path written by a person contains: C0 controls, DEL and the C1 controls.
# A regular expression, since the writer asks this of every file it writes.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A folder name a theme may have: no "/", no "..", nothing that leads out of themes/.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")


def has_control(text: str) -> bool:
    """Whether text holds a control character (a newline, a tab, NUL, DEL, U+0080-U+009F)."""
    return _CONTROL.search(text) is not None


def is_plain_name(name: str) -> bool:
    """Whether name is one folder name (as a theme's must be), not a path."""
    return _PLAIN_NAME.fullmatch(name) is not None and ".." not in name


def unsafe_part(path: str) -> str | None:
    """Why a relative path written in a site's files may not name a file, or None if it may.

    The path may start with "/" (a site path); what follows must not climb out with "..",
    and must hold no backslash, whitespace other than a plain space, or control character.
    """
    if has_control(path):
        return tr("holds a control character (a line break, a tab or an invisible character)")
    if "\\" in path:
        return tr('holds a backslash; write folders with "/"')
    if any(part in ("..", ".") for part in path.strip("/").split("/")):
        return tr('climbs out of its folder with ".."; write the path from the site\'s own folders')
    return None


def alias_problem(alias: str) -> str | None:
    """Why an alias (an old URL of a page) is not a plain site path, or None if it is.

    An alias becomes a file name and a line of `_redirects`, where a space or a line break
    would start a rule of its own (a catch-all redirect of the whole site): only a path will do.
    """
    reason = unsafe_part(alias)
    if reason is not None:
        return reason
    if any(char.isspace() for char in alias):
        return tr("holds a space; an old URL is one path without spaces (write - or %20 instead)")
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
    return Problem(shown, None, leads_out(target))


def leads_out(target: str, where: str | None = None) -> str:
    return (tr("is a link to {target}, outside {where}; sitegen reads only files inside the site: copy the file in "
               "instead of linking to it", target=target, where=where or tr("the site's folder")))


def output_target(root: Path, relative: str) -> Path:
    """The file a relative output path names below root; ValueError if it would leave root.

    This is the last guard before a file is written: the checks where the path comes from
    give the user's message, this one makes sure nothing slips past them.
    """
    return Path(output_name(str(root), relative))


def output_name(root: str, relative: str) -> str:
    """output_target() for a folder and file given as strings: the same guard, without the cost of a
    Path (the writer names every file a build writes with it)."""
    reason = unsafe_part(relative)
    if reason is not None or relative.startswith("/") or not relative:
        raise ValueError(tr("refusing to write {relative} outside the output folder", relative=repr(relative)))
    return os.path.join(root, relative)


@dataclass
class Listing:
    """The files found below a folder, and what was refused on the way (unreadable, links out)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def raise_if_any(self) -> list[Path]:
        """The files, if nothing was refused."""
        if self.problems:
            raise SitegenError(self.problems)
        return self.files


def list_files(folder: Path, site_dir: Path, theme: Path | None = None) -> Listing:
    """Every regular file below folder, sorted; each one sitegen may read, or a problem naming it.

    Unlike `Path.rglob`, nothing is dropped in silence: a folder that cannot be listed (a
    `chmod 000` bundle), a file that cannot be read, a symbolic link that leads out of the site's
    folder (out of the theme's real folder, for a theme's files) or nowhere, a pipe or a device (which would
    block the build) each become a problem naming it. A link that stays inside is followed, once.
    Paths are shown relative to site_dir, as the user sees them.
    """
    listing = Listing()
    where = tr("the theme's folder") if theme else tr("the site's folder")
    _walk(folder, _Walk(_real(theme or site_dir), where, site_dir, listing, {_real(folder)}))
    listing.files.sort()
    return listing


@dataclass
class _Walk:
    trusted: Path  # real path that links may lead into
    where: str  # what it is, for messages
    site_dir: Path
    listing: Listing
    seen: set[Path]  # real folders walked already: a link back up must not loop

    def refuse(self, path: Path, message: str) -> None:
        self.listing.problems.append(Problem(shown(path, self.site_dir), None, message))


def _walk(folder: Path, walk: _Walk) -> None:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except FileNotFoundError:  # removed while the site was being read (sitegen serve)
        return
    except OSError as error:
        walk.refuse(folder, cannot_read(error))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                _linked(path, walk)
            elif entry.is_dir(follow_symlinks=False):
                _walk(path, walk)
            else:
                _regular(path, entry.stat(follow_symlinks=False).st_mode, walk)
        except FileNotFoundError:
            continue


def _linked(link: Path, walk: _Walk) -> None:
    """A symbolic link: followed if it stays inside the trusted folder, else refused by name."""
    target = _real(link)
    if not target.is_relative_to(walk.trusted):
        walk.refuse(link, leads_out(str(target), walk.where))
    elif not target.exists():
        walk.refuse(link, tr("is a link to {target}, which does not exist; remove the link or copy the file in",
                             target=target))
    elif target.is_dir():
        if target not in walk.seen:
            walk.seen.add(target)
            _walk(link, walk)
    else:
        _regular(link, target.stat().st_mode, walk)


def _regular(file: Path, mode: int, walk: _Walk) -> None:
    """A file, if it is an ordinary one with a name sitegen can write and it may be read."""
    if not stat.S_ISREG(mode):
        walk.refuse(file, tr("is not an ordinary file (a pipe, socket or device); remove it from the site"))
    elif has_control(file.name) or "\\" in file.name:
        walk.refuse(file, tr("has a control character (a line break, a tab or an invisible character) or a "
                             "backslash in its name; rename it"))
    elif not os.access(file, os.R_OK):
        walk.refuse(file, cannot_read(PermissionError(13, "Permission denied")))
    else:
        walk.listing.files.append(file)


def cannot_read(error: OSError) -> str:
    """The message for a file or folder that cannot be read, saying what to do."""
    if isinstance(error, PermissionError):
        return tr("cannot be read (permission denied); make it readable (chmod -R a+rX) or move it out of the site")
    return tr("cannot be read ({reason}); check the file, or move it out of the site",
              reason=(error.strerror or str(error)).lower())


def shown(path: Path, site_dir: Path) -> str:
    """A path as the user knows it: relative to the site, with any control character made visible."""
    try:
        text = path.relative_to(site_dir).as_posix()
    except ValueError:
        text = str(path)
    return repr(text)[1:-1] if has_control(text) else text
