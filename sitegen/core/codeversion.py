"""sitegen's code as a digest, for the keys of its caches: a cache written by other code is never used.

The version number is not enough: the office's CI installs sitegen from the repository itself,
whose version changes only at a release while its code changes with any push, and a Markdown
cache or a build record from the code before would publish what that code made.

The versions of the packages sitegen runs on are read from the names of their `.dist-info`
folders (`jinja2-3.1.6.dist-info`), found as importlib.metadata finds them (the first on
sys.path wins), in one listing of each folder of sys.path: asking importlib.metadata for each of
twenty packages searched every folder twenty times, a twentieth of an empty site's build
(start-up). Anything else (an `.egg-info` folder, a name without its version) is asked of
importlib.metadata as before.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import sys
from pathlib import Path

# Packages that shape the output though sitegen does not name them among its requirements.
ALSO_SHAPING = ("markupsafe", "tzdata")
DIST_INFO = ".dist-info"


@functools.cache
def code_digest() -> str:
    """sitegen's own code and messages, and the version of every package it runs on (Jinja and
    Markdown render, Pygments highlights, tzdata says what time it is in Jakarta, text-unidecode
    makes URLs...): a change to any of them means nothing built before is reused."""
    digest = hashlib.blake2b(digest_size=16)
    installed = _installed()
    for package in sorted({*_requirements(installed), *ALSO_SHAPING}):
        digest.update(f"{package} {_version(package, installed)}\0".encode())
    package = Path(__file__).resolve().parent.parent  # all of sitegen, not only this stage
    for file in sorted([*package.rglob("*.py"), *package.rglob("*.mo")]):
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _normalized(name: str) -> str:
    """A distribution's name as its folder and a requirement may both write it (PEP 503, with `_`)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed() -> dict[str, Path]:
    """Normalized name -> the metadata folder (`.dist-info`, `.egg-info`) of each distribution on
    sys.path, the first found winning, as importlib.metadata finds them."""
    found: dict[str, Path] = {}
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except OSError:  # not a folder (a zip file, a path hook), or gone
            continue
        for name in names:
            if name.endswith((DIST_INFO, ".egg-info")):
                found.setdefault(_normalized(name.rsplit(".", 1)[0].split("-", 1)[0]), Path(folder, name))
    return found


def _requirements(installed: dict[str, Path]) -> list[str]:
    """The packages sitegen requires to run (its extras, for tests, aside)."""
    metadata = installed.get("sitegen")
    if metadata is None or metadata.suffix != DIST_INFO:
        return _requirements_asked()
    try:
        text = (metadata / "METADATA").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return _requirements_asked()
    listed = re.findall(r"^Requires-Dist: *(.+)$", text.partition("\n\n")[0], re.MULTILINE)
    return _names(listed)


def _requirements_asked() -> list[str]:
    from importlib.metadata import PackageNotFoundError, requires  # here: a tenth of a start-up to import

    try:
        listed = requires("sitegen") or []
    except PackageNotFoundError:  # run from a checkout that was never installed
        return []
    return _names(listed)


def _names(listed: list[str]) -> list[str]:
    return [re.split(r"[\s<>=!~;\[]", line, maxsplit=1)[0].lower() for line in listed if "extra ==" not in line]


def _version(package: str, installed: dict[str, Path]) -> str:
    metadata = installed.get(_normalized(package))
    if metadata is not None and metadata.suffix == DIST_INFO:
        found = metadata.name.removesuffix(DIST_INFO).partition("-")[2]
        if found and "-" not in found:
            return found
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "-"
