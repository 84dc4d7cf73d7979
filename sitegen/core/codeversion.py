"""sitegen's code as a digest, for the keys of its caches: a cache written by other code is never used.

The version number is not enough: the office's CI installs sitegen from the repository itself,
whose version changes only at a release while its code changes with any push, and a Markdown
cache or a build record from the code before would publish what that code made.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

# What renders and indexes pages besides sitegen's own code.
RENDERING_PACKAGES = ("jinja2", "markupsafe", "babel", "markdown", "pymdown-extensions", "pagefind")


@functools.cache
def code_digest() -> str:
    """sitegen's own code and the versions of what renders and indexes pages: a change renders all again."""
    digest = hashlib.blake2b(digest_size=16)
    for package in RENDERING_PACKAGES:
        digest.update(f"{package} {version(package)}\0".encode())
    package = Path(__file__).resolve().parent.parent  # all of sitegen, not only this stage
    for file in sorted(package.rglob("*.py")):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()
