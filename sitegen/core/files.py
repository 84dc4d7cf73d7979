"""Cache files written whole, and errors of the file system that name their file.

Every stage keeps work in `.sitegen-cache/` (converted Markdown, photos, charts, share cards);
two builds may write the same cache file at once, and a reader must never see half of one.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path


def named(error: OSError, file: Path) -> OSError:
    """The same error, naming the file it is about: a full disk's error names none."""
    return OSError(error.errno, error.strerror or str(error), str(file))


def write_whole(file: Path, data: bytes) -> None:
    """A cache file written whole or not at all, even when two builds write it at once."""
    name = os.fspath(file)
    temporary = f"{name}.{os.getpid()}.tmp"
    try:
        try:
            write_new(temporary, data)
        except FileNotFoundError:  # its folder is made when it is missing, not asked for before every file
            os.makedirs(os.path.dirname(name), exist_ok=True)
            write_new(temporary, data)
        os.replace(temporary, name)
    except OSError as error:  # a full disk names no file: name the one that was being written
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise named(error, file) from None


def write_new(file: str, data: bytes) -> None:
    """A file's bytes in one open and (most often) one write: no buffered file object around them,
    which costs more than the writing for the thousands of small files of a build."""
    descriptor = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            if not written:  # never seen for a file; an error rather than a loop without end
                raise OSError(errno.EIO, "the system wrote nothing", file)
            view = view[written:]
    finally:
        os.close(descriptor)
