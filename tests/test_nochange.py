"""A `sitegen build` with nothing changed ends at once, leaving the published folder as it is
(incremental/nochange.py); anything changed since, even with its old size and modification time
given back, a changed option, clock, cache or published file, means a full build, byte for byte a
cold one."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from sitegen.commands.build import BuildReport, build
from sitegen.commands.prepare import BuildOptions
from sitegen.incremental import nochange
from tests.conftest import NOW, make_site, published_files


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests write files moments before building: only the times decide, as on a file system with fine clocks."""
    monkeypatch.setattr(nochange, "RACY_SECONDS", 0.0)
    monkeypatch.setattr(nochange, "COARSE_RACY_SECONDS", 0.0)


def build_now(site: Path, **options: object) -> BuildReport:
    return build(BuildOptions(site_dir=site, now=NOW, **options))  # type: ignore[arg-type]


def published_inode(site: Path) -> tuple[int, int]:
    """What tells a full build: it writes the reuse record anew (a new file, in place or swapping
    in a new folder, outputs/inplace.py); one that ended at once does not."""
    record = (site / ".sitegen-cache/outputs.json").stat()
    return record.st_ino, record.st_mtime_ns


def cold_files(site: Path, **options: object) -> dict[str, bytes]:
    cold = site.parent / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(site, cold, ignore=shutil.ignore_patterns("public", ".public*", ".sitegen-cache"))
    build_now(cold, **options)
    return published_files(cold / "public")


def test_a_build_with_nothing_changed_ends_at_once_and_reports_the_same(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    first = build_now(site)
    folder = published_inode(site)
    again = build_now(site)
    assert published_inode(site) == folder
    assert (again.pages, again.files, again.rendered, again.warnings) == (first.pages, first.files, 0, first.warnings)


def test_files_the_build_does_not_read_do_not_count(tmp_path: Path) -> None:
    """The example site is the repository's root, beside .venv, node_modules and the tests: a
    change there is none of the build's business (and walking them took a second)."""
    site = make_site(tmp_path)
    build_now(site)
    folder = published_inode(site)
    (site / "node_modules/pkg").mkdir(parents=True)
    (site / "node_modules/pkg/index.js").write_text("x", encoding="utf-8")
    (site / "notes.txt").write_text("rapat", encoding="utf-8")
    build_now(site)
    assert published_inode(site) == folder
    (site / "static").mkdir(exist_ok=True)
    (site / "static/robots-extra.txt").write_text("x", encoding="utf-8")  # a static file is published
    build_now(site)
    assert published_inode(site) != folder
    assert (site / "public/robots-extra.txt").read_text(encoding="utf-8") == "x"


def test_a_file_edited_with_its_old_size_and_time_given_back_is_still_noticed(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    release = site / "content/news/hanya-indonesia.md"
    status = release.stat()
    text = release.read_text(encoding="utf-8")
    assert "Pengumuman Khusus Indonesia" in text
    release.write_text(text.replace("Pengumuman Khusus Indonesia", "Pengumuman Khusus Indonesiq"), encoding="utf-8")
    os.utime(release, ns=(status.st_atime_ns, status.st_mtime_ns))  # `cp -p`, `touch -r`: the change time moves
    assert (release.stat().st_size, release.stat().st_mtime_ns) == (status.st_size, status.st_mtime_ns)
    folder = published_inode(site)
    report = build_now(site)
    assert published_inode(site) != folder
    assert report.rendered > 0
    assert "Pengumuman Khusus Indonesiq" in (site / "public/berita/hanya-indonesia/index.html").read_text("utf-8")
    assert published_files(site / "public") == cold_files(site)


@pytest.mark.parametrize("change", ["added", "deleted", "theme", "config"])
def test_any_input_added_deleted_or_changed_means_a_full_build(tmp_path: Path, change: str) -> None:
    site = make_site(tmp_path)
    build_now(site)
    if change == "added":
        (site / "content/news/baru.id.md").write_text('---\ntitle: "Rilis Baru"\ndate: 2025-08-25\n---\nIsi.\n',
                                                      encoding="utf-8")
    elif change == "deleted":
        (site / "content/news/hanya-indonesia.md").unlink()
    elif change == "theme":  # a copy of the theme: the sample site's themes/ links to the repository's
        linked = site / "themes"
        shared = linked.resolve()
        linked.unlink()
        shutil.copytree(shared, linked)
        base = next(linked.rglob("base.html"))
        base.write_text(base.read_text(encoding="utf-8") + "<!-- -->", encoding="utf-8")
    else:
        config = site / "sitegen.toml"
        config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    folder = published_inode(site)
    build_now(site)
    assert published_inode(site) != folder
    assert published_files(site / "public") == cold_files(site)


def test_an_option_that_changes_the_site_means_a_full_build(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    folder = published_inode(site)
    build_now(site, drafts=True)
    assert published_inode(site) != folder
    assert published_files(site / "public") == cold_files(site, drafts=True)


def test_a_release_that_falls_due_is_published_by_the_next_build(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "content/news/embargo.id.md").write_text(
        '---\ntitle: "Rilis Berembargo"\ndate: 2025-09-01T15:00:00+07:00\n---\nIsi.\n', encoding="utf-8")
    build_now(site)
    assert not (site / "public/berita/embargo").exists()
    build(BuildOptions(site_dir=site, now=NOW + timedelta(hours=2)))  # 14:00: still under embargo
    assert not (site / "public/berita/embargo").exists()
    build(BuildOptions(site_dir=site, now=NOW + timedelta(hours=3)))  # 15:00: due
    assert (site / "public/berita/embargo/index.html").is_file()


def test_a_published_file_changed_or_deleted_by_hand_is_made_again(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    expected = published_files(site / "public")
    (site / "public/profil/index.html").unlink()
    build_now(site)
    assert published_files(site / "public") == expected
    feed = site / "public/index.xml"
    feed.unlink()  # not edited in place: that would change the store's copy, a hard link of it
    feed.write_bytes(b"changed on the server")
    build_now(site)
    assert published_files(site / "public") == expected


def test_a_damaged_or_deleted_cache_file_means_a_full_build(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    (site / ".sitegen-cache/outputs.json").write_text("{", encoding="utf-8")
    folder = published_inode(site)
    report = build_now(site)
    assert published_inode(site) != folder
    assert report.rendered == report.pages
    assert report.notices == (".sitegen-cache/outputs.json could not be read (damaged, or from another sitegen): "
                              "every page is rendered again",)


def test_a_racy_record_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    monkeypatch.setattr(nochange, "RACY_SECONDS", 3600.0)  # every file "just changed"
    monkeypatch.setattr(nochange, "COARSE_RACY_SECONDS", 3600.0)
    build_now(site)
    folder = published_inode(site)
    build_now(site)
    assert published_inode(site) != folder
