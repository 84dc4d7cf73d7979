"""`sitegen build` renders only pages whose inputs changed, and takes the others from the last
published folder as hard links (reuse.py): a page taken over keeps its file's inode."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

from sitegen.commands.build import BuildReport, build
from sitegen.commands.prepare import BuildOptions
from tests.conftest import NOW, SITES, make_site, published_files


def build_now(site: Path) -> BuildReport:
    return build(BuildOptions(site_dir=site, now=NOW))


def inodes(folder: Path) -> dict[str, int]:
    return {f.relative_to(folder).as_posix(): f.stat().st_ino for f in folder.rglob("*") if f.is_file()}


def pages_made_anew(before: dict[str, int], after: dict[str, int], suffix: str = ".html") -> list[str]:
    return sorted(name for name, inode in after.items() if name.endswith(suffix) and before.get(name) != inode)


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_build_with_nothing_changed_renders_no_page(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    first = build_now(site)
    before = inodes(site / "public")
    again = build_now(site)
    assert (first.rendered, again.rendered) == (first.pages, 0)
    assert pages_made_anew(before, inodes(site / "public")) == []
    assert pages_made_anew(before, inodes(site / "public"), ".pf_fragment") == []  # the search index, taken over


def test_one_edited_release_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    before = inodes(site / "public")
    edit(site / "content/news/hanya-indonesia.md", "title: Pengumuman Khusus Indonesia", "title: Pengumuman Baru")
    report = build_now(site)
    # The release, its neighbour (previous/next), the home page, the list page, archive and
    # category pages it is on, as `sitegen serve` does (test_session.py, where drafts move it to page 3).
    assert pages_made_anew(before, inodes(site / "public")) == [
        "arsip/2024/index.html", "arsip/index.html", "berita/dengan-kunci/index.html", "berita/halaman/2/index.html",
        "berita/hanya-indonesia/index.html", "index.html", "kategori/index.html", "kategori/pengumuman/index.html"]
    assert report.rendered == 8
    assert pages_made_anew(before, inodes(site / "public"), ".pf_fragment") != []  # the index, built again


def test_a_published_page_changed_by_hand_is_rendered_again(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    expected = published_files(site / "public")
    page = site / "public/berita/hanya-indonesia/index.html"
    page.write_text("changed on the server", encoding="utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1))  # even within the same tick
    (site / "public/profil/index.html").unlink()
    report = build_now(site)
    # The edited file shares its bytes with its copy in the store (a hard link): that copy no longer
    # matches its digest, so the page is rendered again; the deleted one is taken from the store.
    assert report.rendered == 1
    assert report.notices == ("1 file(s) in .sitegen-cache/store did not match their digest (damaged, or "
                              "edited in the published folder); what they held was made again",)
    assert published_files(site / "public") == expected


def test_a_build_into_another_folder_takes_its_pages_from_the_store(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    report = build(BuildOptions(site_dir=site, now=NOW, output=tmp_path / "elsewhere"))
    assert report.rendered == 0
    assert published_files(tmp_path / "elsewhere") == published_files(site / "public")


def test_without_its_record_a_build_renders_everything(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    shutil.rmtree(site / ".sitegen-cache")  # safe to delete
    report = build_now(site)
    assert report.rendered == report.pages


def test_the_folder_a_build_replaced_is_deleted_in_the_background(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    build_now(site)
    deadline = time.monotonic() + 20
    while any(p.name.startswith(".public.old-") for p in site.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".public")) == []


def test_pages_that_show_data_are_taken_over_too(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    first = build_now(site)
    again = build_now(site)
    assert (first.rendered, again.rendered) == (first.pages, 0)
    csv = site / "data/penempatan-2025.csv"
    text = csv.read_text(encoding="utf-8")
    assert "Hongkong,1.500" in text
    csv.write_text(text.replace("Hongkong,1.500", "Hongkong,1.750"), encoding="utf-8")
    assert 0 < build_now(site).rendered < first.pages  # the pages that show that dataset


def test_one_edited_release_re_indexes_only_its_year(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    before = inodes(site / "public")
    edit(site / "content/news/hanya-indonesia.md", "title: Pengumuman Khusus Indonesia", "title: Pengumuman Baru")
    build_now(site)
    anew = {name.rsplit("/", 1)[0] for name in pages_made_anew(before, inodes(site / "public"), "")
            if name.startswith("pagefind/")}
    # Its year's part (2024) is indexed again. The release next to it (2025, the bundle itself) links to
    # it by title, outside what Pagefind reads of it (search.indexed_digest): its page is made again,
    # its part is taken over, as is the part of the other pages.
    assert "pagefind/part-2024/fragment" in anew
    assert "berita/dengan-kunci/index.html" in pages_made_anew(before, inodes(site / "public"), ".html")
    assert [folder for folder in anew if not folder.startswith("pagefind/part-2024")] == []
    assert pages_made_anew(before, inodes(site / "public"), ".pf_fragment") != []
    assert json.loads((site / "public/pagefind/parts.json").read_text()) == ["2024", "pages"]
