"""The one way output leaves sitegen: files go to a staging folder, published when all succeeded.

A build writes beside the output folder and swaps the finished folder in only when every
page succeeded, so a failed build leaves the last good site untouched and files of pages that
no longer exist do not linger. Each file records what produced it, so two outputs claiming
one file are reported by name. Every file name goes through `paths.output_target`, so nothing
is written outside the staging folder; the published folder carries a stamp (`.sitegen-output`)
that tells a later build the folder is sitegen's to replace (`check_output_folder`).

A build that changes a few files of a site it published before (`in_place`) stages only what
differs from the published folder and then moves it in file by file (inplace.py): the files it
would write unchanged stay where they are, instead of tens of thousands being linked anew.
That is not one atomic step, as the swap is; inplace.py says what it guarantees instead.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import platform
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.files import named, write_new
from sitegen.core.messages import tr
from sitegen.core.paths import cannot_read, output_name, output_target
from sitegen.outputs import inplace

STAMP = ".sitegen-output"  # in every folder sitegen publishes: a later build may replace that folder
STAMP_TEXT = (b"This folder was written by sitegen (sitegen build). Each build replaces all of it:\n"
              b"keep nothing else here. sitegen replaces only folders that hold this file.\n")
# The folders the site is made from, by name in the site's folder: never an output folder.
SOURCE_FOLDERS = ("content", "data", "themes", "static", "i18n", "templates", "archetypes", ".sitegen-cache",
                  "sitegen.toml")


def output_file(path: str) -> str:
    """A site path as a file below the output folder: "/berita/x/" -> "berita/x/index.html"."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative


@dataclass(frozen=True)
class Linked:
    """A file the last build published, unchanged: hard-linked into the new one rather than made again
    (from the last published folder, or from the store, incremental/store.py, checked there)."""

    source: Path


class Writer:
    """Writes one build into a staging folder, then publishes it in place of the output."""

    def __init__(self, output: Path, in_place: bool = False) -> None:
        """`in_place`: the caller knows the published folder is whole and what the last build left
        (incremental/reuse.py); it is published into in place if it also is a folder of sitegen's."""
        self.output = output.resolve()
        self.staging = self.output.with_name(f".{self.output.name}.staging-{os.getpid()}")
        self._staging_name = str(self.staging)  # files are named as strings: a Path per file costs more
        self.origins: dict[str, str] = {}
        self._folders: set[str] = set()  # folders made so far: tens of thousands of files share a few
        self.in_place = in_place and inplace.can_publish_in_place(self.output, STAMP)
        self.kept: set[str] = set()  # files this build writes that the published folder holds already
        self.mirrored: set[str] = set()  # kept files linked into staging for Pagefind to read, not published

    def __enter__(self) -> Writer:
        remove_stale(self.output)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        if self.in_place and inplace.same_bytes(self.output / STAMP, STAMP_TEXT):
            self.kept.add(STAMP)  # claimed by no output: the published folder's stays
        else:
            self.put(STAMP, STAMP_TEXT)
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if error is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, relative: str, data: str | bytes | Path | Linked, origin: str) -> None:
        """A file's bytes, or a file to take as it is (a cached share card), copied: never a hard link into
        a cache, which an edit in the published folder would change for every later build; or a file of
        the last build, `Linked`."""
        if isinstance(data, Linked):
            self.link(relative, data.source, origin)
            return
        if isinstance(data, Path):
            self.copy(relative, data, origin)
            return
        self.claim(relative, origin)
        if self.in_place and inplace.same_bytes(self._published(relative), data):
            self.kept.add(relative)
            return
        self.put(relative, data)

    def copy(self, relative: str, source: Path, origin: str) -> None:
        self.claim(relative, origin)
        if self.in_place and inplace.same_file(source, self._published(relative)):
            self.kept.add(relative)
            return
        self._transfer(relative, source, origin, shutil.copyfile)

    def link(self, relative: str, source: Path, origin: str) -> None:
        """A file of the last published folder: hard-linked (both are published folders, and neither
        is a cache), or copied where links cannot be made; left where it is when publishing in place
        (the caller checked it is as the last build left it, reuse.py)."""
        self.claim(relative, origin)
        if self.in_place and str(source) == str(self.output / relative):
            self.kept.add(relative)
            return
        self._transfer(relative, source, origin, _link_or_copy)

    def mirror(self, relative: str) -> None:
        """A kept file linked into staging too, for Pagefind to read there; never moved back in."""
        if relative in self.kept and relative not in self.mirrored:
            self._transfer(relative, self.output / relative, relative, _link_or_copy)
            self.mirrored.add(relative)

    def keep_bundle(self, bundle: str, names: Iterable[str]) -> None:
        """A search bundle's own files (not the parts inside it), as the last build recorded them, left
        as the published folder has them; any other file there is deleted as a stray."""
        self.kept.update(f"{bundle}/{name}" for name in names)

    def _published(self, relative: str) -> Path:
        """The published file of a relative output path; refused, as in staging, if it would leave."""
        return self._inside(self.output, relative)

    def put(self, relative: str, data: str | bytes) -> None:
        """A file written without a claim: for worker processes, whose files the build claims after."""
        target = self._target(relative)
        try:
            write_new(target, data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as error:  # a full disk names no file: name the one that was being written
            raise named(error, self.output / relative) from None

    def claim(self, relative: str, origin: str) -> None:
        """Record who writes a file; two outputs claiming one file is a mistake, reported by name."""
        first = self.origins.setdefault(relative, origin)
        if first != origin:
            raise SitegenError([Problem(origin, None, tr("would write {relative}, which {first} writes too; change "
                                                         "one of their URLs", relative=relative, first=first))])

    def _transfer(self, relative: str, source: Path, origin: str, how: Callable[[Path, str], object]) -> None:
        target = self._target(relative)
        try:
            how(source, target)
        except OSError as error:
            # shutil names the source for a full disk too; otherwise a source named is the site's to fix
            if error.filename == str(source) and error.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise SitegenError([Problem(origin, None, cannot_read(error))]) from None
            raise named(error, self.output / relative) from None

    def _target(self, relative: str) -> str:
        """The staging file for a relative output path, its folder made; refused if it would leave."""
        try:
            target = output_name(self._staging_name, relative)
        except ValueError:
            raise _outside(relative) from None
        folder = os.path.dirname(target)
        if folder not in self._folders:
            try:
                _make_folder(folder)
            except OSError as error:
                raise named(error, self.output / os.path.dirname(relative)) from None
            self._folders.add(folder)
        return target

    @staticmethod
    def _inside(folder: Path, relative: str) -> Path:
        """A relative output path below a folder; refused if it would leave it."""
        try:
            return output_target(folder, relative)
        except ValueError:
            raise _outside(relative) from None

    def count(self) -> int:
        """Files in the staging folder, with those tools other than the writer added (the search index)."""
        return sum(len(files) for _, _, files in os.walk(self.staging))

    def publish(self) -> int:
        """Publish the build; the number of files the published folder then holds.

        In place (inplace.py), or else the staging folder swapped in whole (`swap`)."""
        if self.in_place:
            count = inplace.publish_in_place(str(self.output), str(self.staging), self.kept, self.mirrored)
            # What is left (Pagefind's links, folders), under a name of its own: a next build of this
            # process makes a staging folder of the same name while this one is still being deleted.
            retired = self._retired()
            self.staging.rename(retired)
            remove_in_background(retired)
            return count
        count = self.count()
        self.swap()
        return count

    def swap(self) -> None:
        """Put the staging folder in the output folder's place, in one step where the system can.

        Linux exchanges the two folders at once (renameat2 with RENAME_EXCHANGE): at every moment
        the output folder is either the old site or the new, even if the build is killed. Elsewhere
        two renames do it, with a moment without the folder between them.
        """
        retired = self._retired()
        if self.output.is_dir() and exchange(self.staging, self.output):
            self.staging.rename(retired)  # the last site, under the name that says what it is
            remove_in_background(retired)
            return
        if self.output.exists():
            self.output.rename(retired)
        self.staging.rename(self.output)
        remove_in_background(retired)

    def _retired(self) -> Path:
        """A free name for the replaced folder: the last one of this process may still be being deleted."""
        first = self.output.with_name(f".{self.output.name}.old-{os.getpid()}")
        candidates = (first.with_name(f"{first.name}-{n}") if n else first for n in range(1000))
        return next((c for c in candidates if not c.exists()), first)


def _outside(relative: str) -> SitegenError:
    """The checks where an output path came from should have refused it: still, it is not written."""
    return SitegenError([Problem(relative, None, tr("would be written outside the output folder; an output path "
                                                    'may not hold "..", a backslash or a control character'))])


def _make_folder(folder: str) -> None:
    """A folder whose parent is most often there already: one call instead of makedirs' two or more
    (a page's own folder, thousands of times a build)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        if not os.path.isdir(folder):
            raise
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def _link_or_copy(source: Path, target: str) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        shutil.copyfile(source, target)


# --- exchanging two folders in one step ---------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# renameat2's number, for a C library too old to name it (glibc before 2.28).
_SYSCALL_RENAMEAT2 = {"x86_64": 316, "aarch64": 276, "armv7l": 382, "ppc64le": 357, "s390x": 347}


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False where the system cannot (then nothing has moved)."""
    call = _renameat2()
    if call is None:
        return False
    if call(os.fsencode(first), os.fsencode(second)) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # an old kernel, or a file system without exchange (some network ones)
    raise OSError(code, os.strerror(code), str(second))


@functools.cache
def _renameat2() -> Callable[[bytes, bytes], int] | None:
    """renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) from the C library, or None."""
    if sys.platform != "linux":
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    named_call = getattr(libc, "renameat2", None)
    if named_call is not None:
        named_call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        named_call.restype = ctypes.c_int
        return lambda a, b: int(named_call(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE))
    number = _SYSCALL_RENAMEAT2.get(platform.machine())
    if number is None:
        return None
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    return lambda a, b: int(syscall(ctypes.c_long(number), ctypes.c_int(_AT_FDCWD), ctypes.c_char_p(a),
                                    ctypes.c_int(_AT_FDCWD), ctypes.c_char_p(b), ctypes.c_uint(_RENAME_EXCHANGE)))


# --- folders left behind ------------------------------------------------------------------------


def remove_stale(output: Path) -> None:
    """Delete what killed builds left beside the output folder: `.public.staging-<pid>` and
    `.public.old-<pid>` of processes that no longer run (a running build's are its own)."""
    pattern = re.compile(rf"\.{re.escape(output.name)}\.(?:staging|old|search)-(\d+)(?:-\d+)?")
    try:
        with os.scandir(output.parent) as entries:
            stale = [Path(e.path) for e in entries if (m := pattern.fullmatch(e.name)) and not _running(int(m[1]))]
    except OSError:  # no parent folder yet: nothing was left there
        return
    for folder in stale:
        remove_in_background(folder)


def _running(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return pid > 0  # our own folders are handled by the writer itself
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_in_background(folder: Path) -> None:
    """Delete a folder in a process of its own, so the build is done without waiting for it.

    Deleting the last build's tens of thousands of files takes seconds of disk work (2 s at
    5,000 releases). A grandchild process does it and is adopted by the system, so nothing
    waits for it or is left as a zombie; where there is no fork, the folder is deleted here.
    """
    if not folder.exists():
        return
    if not hasattr(os, "fork"):
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        child = os.fork()
    except OSError:  # no process to spare: the build is published, so delete it here
        shutil.rmtree(folder, ignore_errors=True)
        return
    if child == 0:  # the child: start the grandchild, and end at once
        try:
            if os.fork() == 0:
                os.setsid()  # not stopped by a Ctrl-C meant for the terminal's next command
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(child, 0)


# --- which folder may be the output -------------------------------------------------------------


def check_output_folder(output: Path, site_dir: Path, recorded: str | None = None) -> None:
    """Refuse an output folder whose replacement would destroy something: the site's sources, a
    folder above them, the home folder, or a folder sitegen did not write (`recorded`: the folder
    the last build's reuse record names, which sitegen wrote before it stamped its folders)."""
    output, site_dir = output.resolve(), site_dir.resolve()
    held = _what_it_holds(output, site_dir)
    if held is not None:
        raise SitegenError([Problem(str(output), None, tr("cannot be the output folder: it is {held}, and a build "
                                                          "replaces it; choose a new folder, such as public/ in the "
                                                          "site's folder", held=held))])
    if output.exists() and not output.is_dir():
        raise SitegenError([Problem(str(output), None, tr("is a file; the output must be a folder"))])
    if _foreign(output, site_dir, recorded):
        raise SitegenError([Problem(str(output), None, tr("is not empty and was not written by sitegen (it has no "
                                                          "{stamp} file); choose an empty or new folder, or delete "
                                                          "it first", stamp=STAMP))])


def _what_it_holds(output: Path, site_dir: Path) -> str | None:
    """What a build would replace with the site, if it is something of the user's (both paths resolved)."""
    home = Path.home().resolve()
    if output == home or output in home.parents:
        return tr("your home folder") if output == home else tr("a folder above your home folder")
    if output == site_dir or output in site_dir.parents:
        return tr("the site's folder, which holds its sources") if output == site_dir else \
            tr("a folder above the site, which holds its sources")
    for name in SOURCE_FOLDERS:  # through any link: `public -> content` is content
        source, label = (site_dir / name).resolve(), name if "." in name[1:] else tr("{name}/ folder", name=name)
        if output == source:
            return tr("the site's {label}", label=label)
        if output.is_relative_to(source):
            return tr("inside the site's {label}", label=label)
        if source.is_relative_to(output):
            return tr("a folder that holds the site's {label}", label=label)
    return None


def _foreign(output: Path, site_dir: Path, recorded: str | None) -> bool:
    """Whether a folder holds files and nothing says sitegen wrote it.

    Folders published before sitegen stamped them still count as its own: the site's public/
    with a home page and a sitemap, or the folder the last build's record names.
    """
    try:
        if not output.is_dir() or (output / STAMP).is_file() or not any(output.iterdir()):
            return False
    except OSError:
        return False  # cannot be listed: the build's own write says why
    if recorded == str(output):
        return False
    return not (output == site_dir / "public" and (output / "index.html").is_file()
                and (output / "sitemap.xml").is_file())
