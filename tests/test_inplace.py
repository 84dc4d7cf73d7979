"""A build after a few changes publishes into the last build's folder, file by file, only what
changed (outputs/inplace.py), and the result is byte for byte a cold build's; a failed build
leaves the folder as it was, and one killed while moving files in is never taken for whole."""

from __future__ import annotations

import errno
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from sitegen.commands.build import BuildReport, build
from sitegen.commands.prepare import BuildOptions
from sitegen.core.errors import SitegenError
from sitegen.outputs import inplace
from sitegen.outputs.inplace import INCOMPLETE
from tests.conftest import NOW, make_site, published_files
from tests.test_reuse import edit as replace_in


def build_now(site: Path) -> BuildReport:
    return build(BuildOptions(site_dir=site, now=NOW))


def cold_files(site: Path) -> dict[str, bytes]:
    cold = site.parent / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(site, cold, symlinks=True, ignore=shutil.ignore_patterns("public", ".public*", ".sitegen-cache"))
    build_now(cold)
    return published_files(cold / "public")


def inodes(folder: Path) -> dict[str, int]:
    """Every file below a folder (the search index too) -> its inode: a file moved in has a new one."""
    return {f.relative_to(folder).as_posix(): f.stat().st_ino for f in folder.rglob("*") if f.is_file()}


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {f.relative_to(folder).as_posix(): (f.stat().st_ino, f.read_bytes())
            for f in sorted(folder.rglob("*")) if f.is_file()}


def assert_in_place_is_cold(site: Path) -> dict[str, int]:
    """Build in place (the published folder itself stays), compare with a cold build; the files that
    were moved in (new inodes) or deleted, by name."""
    public = site / "public"
    folder, before = public.stat().st_ino, inodes(public)
    build_now(site)
    assert public.stat().st_ino == folder  # not a new folder swapped in
    warm, cold = published_files(public), cold_files(site)
    assert sorted(warm) == sorted(cold)
    assert [name for name in cold if warm[name] != cold[name]] == []
    assert not (public / INCOMPLETE).exists()
    assert_no_staging_left(site)
    after = inodes(public)
    return {name: after.get(name, 0) for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def assert_no_staging_left(site: Path) -> None:
    """The staging folder is gone (what is left in it after publishing is deleted in the background)."""
    deadline = time.monotonic() + 10
    while list(site.glob(".public.*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in site.glob(".public.*")] == []


def test_every_kind_of_edit_is_published_in_place_as_a_cold_build(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    news = site / "content/news"
    build_now(site)
    # a page edited: its file is moved in; a release it does not show stays the very same file
    replace_in(news / "hanya-indonesia.md", "Hanya dalam Bahasa Indonesia.", "Hanya dalam Bahasa Indonesia, diubah.")
    changed = assert_in_place_is_cold(site)
    assert "berita/hanya-indonesia/index.html" in changed
    assert "berita/2025-08-22-rakornis/index.html" not in changed
    assert ".sitegen-output" not in changed
    # a page added, and the lists that show it
    (news / "baru.id.md").write_text("---\ntitle: Rilis Baru\ndate: 2025-08-25T10:00:00+07:00\n"
                                     "categories: [Kegiatan]\n---\nSebuah rilis baru.\n", encoding="utf-8")
    changed = assert_in_place_is_cold(site)
    assert {"berita/baru/index.html", "berita/index.html"} <= changed.keys()
    # a translation added
    (news / "baru.en.md").write_text("---\ntitle: A New Release\ndate: 2025-08-25T10:00:00+07:00\n"
                                     "slug: a-new-release\n---\nA new release.\n", encoding="utf-8")
    changed = assert_in_place_is_cold(site)
    assert "en/news/a-new-release/index.html" in changed
    # a page removed: its file (and its folder) are gone, as in a cold build
    (news / "baru.id.md").unlink()
    changed = assert_in_place_is_cold(site)
    assert changed["berita/baru/index.html"] == 0
    assert not (site / "public/berita/baru").exists()
    # a static file changed
    (site / "static/images/extra.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    assert assert_in_place_is_cold(site).keys() == {"images/extra.svg"}


def test_files_changed_by_hand_in_the_published_folder_are_put_right(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    public = site / "public"
    (public / "berita/hanya-indonesia/index.html").write_text("diubah tangan", encoding="utf-8")
    (public / "images/extra.svg").write_text("<svg/>", encoding="utf-8")
    (public / "sitemap.xml").unlink()
    (public / "berita/catatan.txt").write_text("ditambah tangan", encoding="utf-8")
    (public / "kosong").mkdir()
    changed = assert_in_place_is_cold(site)
    assert changed.keys() == {"berita/hanya-indonesia/index.html", "images/extra.svg", "sitemap.xml",
                              "berita/catatan.txt"}
    assert not (public / "kosong").exists()


def test_a_failed_build_leaves_the_published_folder_exactly_as_it_was(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    before = snapshot(site / "public")
    replace_in(site / "content/news/hanya-indonesia.md", "Hanya dalam", "Hanya {{< tidak-ada >}} dalam")
    (site / "content/news/baru.id.md").write_text("---\ntitle: Baru\ndate: 2025-08-25\n---\nBaru.\n", encoding="utf-8")
    with pytest.raises(SitegenError):
        build_now(site)
    assert snapshot(site / "public") == before
    assert_no_staging_left(site)


def test_a_build_killed_while_moving_files_in_is_made_whole_by_the_next(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    build_now(site)
    replace_in(site / "content/news/hanya-indonesia.md", "Pengumuman Khusus", "Pengumuman Baru")
    moved, replace = [], os.replace

    def killed_after_one(source: str, target: str) -> None:
        if ".public.staging-" in str(source):
            if moved:
                raise KeyboardInterrupt  # as a kill between two moves: nothing after this runs
            moved.append(target)
        replace(source, target)

    monkeypatch.setattr(os, "replace", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        build_now(site)
    monkeypatch.undo()
    public = site / "public"
    assert len(moved) == 1 and (public / INCOMPLETE).is_file()
    folder = public.stat().st_ino
    report = build_now(site)  # nothing changed since: still not taken for whole, nor ended at once
    assert report.rendered == report.pages  # its record was gone: every page made anew ...
    assert public.stat().st_ino != folder  # ... and a whole folder swapped in
    assert not (public / INCOMPLETE).exists()
    warm, cold = published_files(public), cold_files(site)
    assert sorted(warm) == sorted(cold)
    assert [name for name in cold if warm[name] != cold[name]] == []


def test_a_search_bundle_changed_by_hand_is_not_left_as_it_is(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    public = site / "public"
    script, entry = public / "pagefind/part-2024/pagefind.js", public / "pagefind/part-pages/pagefind-entry.json"
    original = script.read_bytes()
    script.write_bytes(b"// changed by hand\n")  # the same file: its link in the store changes too
    entry.unlink()
    stray = public / "pagefind/part-2024/extra.js"
    stray.write_text("added by hand", encoding="utf-8")
    build_now(site)
    assert script.read_bytes() == original
    assert json.loads(entry.read_text(encoding="utf-8"))["version"]
    assert not stray.exists()
    kept = public / "pagefind/pagefind.js"  # the bundle no one touched stays the very same file
    inode = kept.stat().st_ino
    replace_in(site / "content/pages/profil.id.md", "---\n", "---\nsummary: Diubah.\n")
    build_now(site)
    assert kept.stat().st_ino == inode


def test_a_full_disk_when_publishing_in_place_leaves_the_folder_as_it_was(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path)
    build_now(site)
    before = snapshot(site / "public")
    replace_in(site / "content/news/hanya-indonesia.md", "Pengumuman Khusus", "Pengumuman Baru")

    def full(file: str, mode: str = "r") -> object:
        if str(file).endswith(INCOMPLETE):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return open(file, mode)

    monkeypatch.setattr(inplace, "open", full, raising=False)
    with pytest.raises(OSError) as caught:
        build_now(site)
    assert (caught.value.errno, caught.value.filename) == (errno.ENOSPC, str(site / "public" / INCOMPLETE))
    assert snapshot(site / "public") == before


def test_a_page_folder_replaced_by_hand_with_a_link_is_published_again_as_a_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    public = site / "public"
    page = public / "berita/hanya-indonesia"
    shutil.copytree(page, tmp_path / "elsewhere")
    shutil.rmtree(page)
    page.symlink_to(tmp_path / "elsewhere", target_is_directory=True)  # the same bytes, through a link
    replace_in(site / "content/pages/profil.id.md", "---\n", "---\nsummary: Diubah.\n")
    assert "berita/hanya-indonesia/index.html" in assert_in_place_is_cold(site)
    assert page.is_dir() and not page.is_symlink()


def test_the_list_of_search_parts_a_build_changed_is_not_brought_back_by_the_next(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    parts = site / "public/pagefind/parts.json"
    # A release of a year the site had none of: a new part, listed in parts.json; the newest
    # year's part (the bundle parts.json is in) indexes the same and is kept.
    (site / "content/news/lama.id.md").write_text("---\ntitle: Rilis Lama\ndate: 2019-05-02\n---\nRilis lama.\n",
                                                  encoding="utf-8")
    assert_in_place_is_cold(site)
    assert "2019" in json.loads(parts.read_text(encoding="utf-8"))
    # Any later edit elsewhere: the list stays the one this site needs.
    replace_in(site / "content/news/hanya-indonesia.md", "Pengumuman Khusus", "Pengumuman Baru")
    assert_in_place_is_cold(site)
    assert "2019" in json.loads(parts.read_text(encoding="utf-8"))
