"""The one way output leaves sitegen: files go to a staging folder, published all at once.

A build writes beside the output folder and swaps the finished folder in only when every
page succeeded, so a failed build leaves the last good site untouched and files of pages that
no longer exist do not linger. Each file records what produced it, so two outputs claiming
one file are reported by name.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sitegen.errors import Problem, SitegenError


def output_file(path: str) -> str:
    """A site path as a file below the output folder: "/berita/x/" -> "berita/x/index.html"."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative


class Writer:
    """Writes one build into a staging folder, then publishes it in place of the output."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.staging = self.output.with_name(f".{self.output.name}.staging-{os.getpid()}")
        self.origins: dict[str, str] = {}
        self._folders: set[str] = set()  # folders made so far: tens of thousands of files share a few

    def __enter__(self) -> Writer:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        return self

    def __exit__(self, kind: object, error: object, tb: object) -> None:
        if error is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    def write(self, relative: str, data: str | bytes | Path, origin: str) -> None:
        """A file's bytes, or a file to take as it is (a cached share card), hard-linked where it can be."""
        if isinstance(data, Path):
            self.link(relative, data, origin)
            return
        self.claim(relative, origin)
        self.put(relative, data)

    def copy(self, relative: str, source: Path, origin: str) -> None:
        self.claim(relative, origin)
        shutil.copyfile(source, self._target(relative))

    def link(self, relative: str, source: Path, origin: str) -> None:
        """A file that is already whole elsewhere (the last build's, the cache's): hard-linked, or copied
        where links cannot be made."""
        self.claim(relative, origin)
        target = self._target(relative)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def put(self, relative: str, data: str | bytes) -> None:
        """A file written without a claim: for worker processes, whose files the build claims after."""
        with open(self._target(relative), "wb") as file:
            file.write(data.encode("utf-8") if isinstance(data, str) else data)

    def claim(self, relative: str, origin: str) -> None:
        """Record who writes a file; two outputs claiming one file is a mistake, reported by name."""
        first = self.origins.setdefault(relative, origin)
        if first != origin:
            raise SitegenError([Problem(origin, None, f"would write {relative}, which {first} "
                                                      "writes too; change one of their URLs")])

    def _target(self, relative: str) -> str:
        target = os.path.join(self.staging, relative)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return target

    def count(self) -> int:
        """Files in the staging folder, with those tools other than the writer added (the search index)."""
        return sum(len(files) for _, _, files in os.walk(self.staging))

    def publish(self) -> None:
        """Swap the staging folder in for the output folder."""
        retired = self.output.with_name(f".{self.output.name}.old-{os.getpid()}")
        if self.output.exists():
            self.output.rename(retired)
        self.staging.rename(self.output)
        remove_in_background(retired)


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


def write_whole(file: Path, data: bytes) -> None:
    """A cache file written whole or not at all, even when two builds write it at once."""
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(file)


def check_output_folder(output: Path, site_dir: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site's sources."""
    output, site_dir = output.resolve(), site_dir.resolve()
    if output == site_dir or output in site_dir.parents or output == Path.home():
        raise SitegenError([Problem(str(output), None, "cannot be the output folder: it holds the "
                                                       "site's sources, and a build replaces it")])
    if output.exists() and not output.is_dir():
        raise SitegenError([Problem(str(output), None, "is a file; the output must be a folder")])
