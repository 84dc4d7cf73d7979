"""sitegen's code as a digest, for the keys of its caches: a cache written by other code is never used.

The version number is not enough: the office's CI installs sitegen from the repository itself,
whose version changes only at a release while its code changes with any push, and a Markdown
cache or a build record from the code before would publish what that code made.
"""

from __future__ import annotations

import functools
import hashlib
import re
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

# Packages that shape the output though sitegen does not name them among its requirements.
ALSO_SHAPING = ("markupsafe", "tzdata")


@functools.cache
def code_digest() -> str:
    """sitegen's own code and messages, and the version of every package it runs on (Jinja and
    Markdown render, Pygments highlights, tzdata says what time it is in Jakarta, text-unidecode
    makes URLs...): a change to any of them means nothing built before is reused."""
    digest = hashlib.blake2b(digest_size=16)
    for package in sorted({*_requirements(), *ALSO_SHAPING}):
        digest.update(f"{package} {_version(package)}\0".encode())
    package = Path(__file__).resolve().parent.parent  # all of sitegen, not only this stage
    for file in sorted([*package.rglob("*.py"), *package.rglob("*.mo")]):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _requirements() -> list[str]:
    """The packages sitegen requires to run (its extras, for tests, aside)."""
    try:
        listed = requires("sitegen") or []
    except PackageNotFoundError:  # run from a checkout that was never installed
        return []
    return [re.split(r"[\s<>=!~;\[]", line, maxsplit=1)[0].lower() for line in listed if "extra ==" not in line]


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "-"
