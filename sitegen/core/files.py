"""Cache files written whole, and errors of the file system that name their file.

Every stage keeps work in `.sitegen-cache/` (converted Markdown, photos, charts, share cards);
two builds may write the same cache file at once, and a reader must never see half of one.
"""

from __future__ import annotations

import os
from pathlib import Path


def named(error: OSError, file: Path) -> OSError:
    """The same error, naming the file it is about: a full disk's error names none."""
    return OSError(error.errno, error.strerror or str(error), str(file))


def write_whole(file: Path, data: bytes) -> None:
    """A cache file written whole or not at all, even when two builds write it at once."""
    temporary = file.with_name(f"{file.name}.{os.getpid()}.tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(file)
    except OSError as error:  # a full disk names no file: name the one that was being written
        temporary.unlink(missing_ok=True)
        raise named(error, file) from None
