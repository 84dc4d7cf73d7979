"""Helpers shared by the tests: copy a sample site into a temp dir, build it, parse its pages."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from tests.browser import chromium

REPO = Path(__file__).resolve().parents[1]
# sitegen speaks the site's default language (Indonesian for the sample sites) unless told otherwise;
# the tests read its messages in English, but for those that ask for Indonesian (test_messages.py).
os.environ["SITEGEN_LANG"] = "en"
SITES = Path(__file__).resolve().parent / "sites"
JAKARTA = ZoneInfo("Asia/Jakarta")
# The build's "now": fixed, so that what counts as future or expired does not move with the clock.
NOW = datetime(2025, 9, 1, 12, 0, tzinfo=JAKARTA)


def _theme_digest() -> str:
    digest = hashlib.sha256()
    for file in sorted((REPO / "themes").rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(REPO).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session", autouse=True)
def the_repositorys_theme_is_left_as_it_was() -> Iterator[None]:
    """Sample sites link to the repository's themes/: a test that edits a theme must copy it first
    (one appended to the published theme's base.html through the link, unnoticed, until this)."""
    before = _theme_digest()
    yield
    assert _theme_digest() == before, "a test changed the repository's themes/ through a sample site's link"


def make_site(tmp_path: Path, name: str = "minimal", overlay: Path | None = None) -> Path:
    """A copy of a sample site (plus an overlay of changed files) that uses the repo's themes."""
    site = tmp_path / "site"
    shutil.copytree(SITES / name, site)
    if overlay is not None:
        shutil.copytree(overlay, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    if not (site / "themes").exists():
        (site / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    return site


def build_site(site: Path, **options: object) -> Path:
    options.setdefault("now", NOW)
    build(BuildOptions(site_dir=site, **options))  # type: ignore[arg-type]
    return site / "public"


def published_files(folder: Path) -> dict[str, bytes]:
    """Every file below a folder but the search index (Pagefind's own, not byte-stable) and the stamp
    `sitegen build` marks its folder with (which `sitegen serve`'s preview has no need of)."""
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*"))
            if f.is_file() and "pagefind" not in f.relative_to(folder).parts and f.name != ".sitegen-output"}


def page(public: Path, path: str) -> BeautifulSoup:
    """The parsed HTML of a site path such as "/berita/" or "/404.html"."""
    file = public / path.lstrip("/")
    if path.endswith("/"):
        file = file / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, started once for every browser test."""
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal sample site, built once for a module's read-only assertions."""
    site = make_site(tmp_path_factory.mktemp("built"))
    return build_site(site)
