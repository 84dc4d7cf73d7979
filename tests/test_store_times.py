"""A CI build takes a stored page without reading it while the file keeps the modification time
and size it was kept with; any other file of the store is hashed first (incremental/store.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from sitegen.commands.build import BuildReport, build
from sitegen.commands.prepare import BuildOptions
from sitegen.incremental import store
from sitegen.incremental.reuse import RECORD
from sitegen.incremental.store import STORE
from tests.conftest import NOW, make_site, published_files

DAMAGED = ("1 file(s) in .sitegen-cache/store did not match their digest (damaged, or edited in the "
           "published folder); what they held was made again")


def build_now(site: Path) -> BuildReport:
    return build(BuildOptions(site_dir=site, now=NOW))


def ci_checkout(site: Path) -> Path:
    """The site as CI has it: the cache restored with its files' times (copy2, as tar keeps them), no public/."""
    copy = site.parent / "ci"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", ".public*"))
    return copy


def stored_home(site: Path) -> Path:
    digest = json.loads((site / RECORD).read_text(encoding="utf-8"))["pages"]["index.html"][3]
    return site / STORE / digest[:2] / digest


def test_stored_pages_with_their_recorded_times_are_not_read_again(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    build_now(site)
    ci = ci_checkout(site)
    read: list[str] = []
    digest_of = store.digest_of
    monkeypatch.setattr(store, "digest_of", lambda file: read.append(str(file)) or digest_of(file))
    report = build_now(ci)
    assert report.rendered == 0
    assert [name for name in read if name.endswith(stored_home(ci).name)] == []
    assert published_files(ci / "public") == published_files(site / "public")


def test_a_stored_page_rewritten_with_as_many_bytes_is_noticed(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    expected = published_files(site / "public")
    ci = ci_checkout(site)
    home = stored_home(ci)
    data = home.read_bytes()
    home.write_bytes(data.replace(b"<html", b"<HTML", 1))  # the same size; writing gives it a new time
    assert len(home.read_bytes()) == len(data)
    report = build_now(ci)
    assert report.rendered == 1
    assert report.notices == (DAMAGED,)
    assert published_files(ci / "public") == expected


def test_a_stored_page_with_another_time_but_its_bytes_is_read_and_taken(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    ci = ci_checkout(site)
    home = stored_home(ci)
    os.utime(home, ns=(home.stat().st_atime_ns, home.stat().st_mtime_ns + 5_000_000_000))  # a cache without times
    report = build_now(ci)
    assert (report.rendered, report.notices) == (0, ())
    assert published_files(ci / "public") == published_files(site / "public")
