"""One build of a site at a time.

Two `sitegen build`s of one site at once (a CI job started twice, a build by hand while another
runs) would both write `.sitegen-cache` and publish into one output folder, and could leave a
mix of both. So a build holds an exclusive lock on `.sitegen-cache/build.lock` from its start to
its end, and a second build waits for the first, as Hugo's `.hugo_build.lock` makes it wait.

The lock is the kernel's, not the file's existence: a build that is killed releases it with its
process, so there is never a stale lock to delete by hand. It is a POSIX record lock (`lockf`),
which belongs to the process, rather than `flock`, which belongs to the open file and so would
stay held by every process the build forks (rendering workers, the background removal of the
replaced folder) after the build itself has ended. The file holds the process
number of the build holding it, which the waiting build names. Written by hand rather than with
the `filelock` library: importing that costs about 0.1 s, a third of an empty site's build.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no lockf; builds there are not locked (see the README)
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "build.lock"


@contextlib.contextmanager
def one_build_at_a_time(cache_dir: Path, waiting: Callable[[int | None], None]) -> Iterator[None]:
    """Hold the site's build lock meanwhile; `waiting(pid)` is called once if another build holds it
    (pid: that build's process, None if unknown) before waiting for it to end."""
    descriptor = _open(cache_dir)
    if descriptor is None:  # a read-only site folder, or no lockf: building without a lock is no worse than before
        yield
        return
    try:
        if not _lock(descriptor, wait=False):
            waiting(_holder(descriptor))
            _lock(descriptor, wait=True)
        _write_pid(descriptor)
        yield
    finally:
        os.close(descriptor)  # closing the file releases the lock


def _open(cache_dir: Path) -> int | None:
    if fcntl is None:
        return None
    try:  # the site's folder must exist: a mistyped --source gets its message, not a new folder
        cache_dir.mkdir(exist_ok=True)
        return os.open(cache_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None


def _lock(descriptor: int, wait: bool) -> bool:
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:  # EAGAIN or EACCES, as the system says it
        if wait or error.errno not in (errno.EAGAIN, errno.EACCES):
            raise
        return False
    return True


def _holder(descriptor: int) -> int | None:
    """The process number the holding build wrote, if it wrote one."""
    text = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _write_pid(descriptor: int) -> None:
    with contextlib.suppress(OSError):  # only the waiting message needs it
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, str(os.getpid()).encode("ascii"), 0)
