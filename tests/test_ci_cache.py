"""A CI build (a fresh checkout with `.sitegen-cache` restored and no `public/`) takes unchanged
pages and search bundles from the cache alone (incremental/store.py), byte for byte what a cold
build makes, and never uses a damaged or foreign cache file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sitegen.commands.build import BuildReport, build
from sitegen.commands.prepare import BuildOptions
from sitegen.incremental.reuse import RECORD
from sitegen.incremental.store import STORE
from tests.conftest import NOW, SITES, make_site, published_files

DAMAGED = ("{} file(s) in .sitegen-cache/store did not match their digest (damaged, or edited in the "
           "published folder); what they held was made again")


def build_now(site: Path) -> BuildReport:
    return build(BuildOptions(site_dir=site, now=NOW))


def checkout(site: Path, name: str, cache: bool = True) -> Path:
    """A copy of the site as CI has it: the sources, with the cache restored (or not), no public/."""
    copy = site.parent / name
    shutil.rmtree(copy, ignore_errors=True)
    ignored = ["public", ".public*"] + ([] if cache else [".sitegen-cache"])
    shutil.copytree(site, copy, symlinks=True, ignore=shutil.ignore_patterns(*ignored))
    return copy


def assert_is_cold(site: Path) -> None:
    cold = checkout(site, "cold", cache=False)
    build_now(cold)
    ours, theirs = published_files(site / "public"), published_files(cold / "public")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in theirs if ours[name] != theirs[name]] == []


def store_files(site: Path) -> list[Path]:
    return sorted(f for f in (site / STORE).rglob("*") if f.is_file())


def record(site: Path) -> dict:
    return json.loads((site / RECORD).read_text(encoding="utf-8"))


def test_a_ci_build_with_nothing_changed_renders_nothing_and_takes_the_search_index(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    index_before = {f.relative_to(site / "public").as_posix(): f.read_bytes()
                    for f in (site / "public/pagefind").rglob("*") if f.is_file()}
    ci = checkout(site, "ci")
    report = build_now(ci)
    assert (report.rendered, report.notices) == (0, ())
    assert_is_cold(ci)
    index_after = {f.relative_to(ci / "public").as_posix(): f.read_bytes()
                   for f in (ci / "public/pagefind").rglob("*") if f.is_file()}
    assert index_after == index_before  # the very bundle of the last build, from the store


def test_a_ci_build_after_one_edit_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    ci = checkout(site, "ci")
    release = ci / "content/news/hanya-indonesia.md"
    release.write_text(release.read_text(encoding="utf-8").replace(
        "title: Pengumuman Khusus Indonesia", "title: Pengumuman Baru"), encoding="utf-8")
    report = build_now(ci)
    assert report.rendered == 8  # as test_reuse.py's build with public/ in place
    assert_is_cold(ci)


def test_damaged_store_files_are_never_published(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    pages = record(site)["pages"]
    home, profile, release = (pages[name][3] for name in
                              ("index.html", "profil/index.html", "berita/hanya-indonesia/index.html"))
    store = site / STORE
    ci = checkout(site, "ci")
    store = ci / STORE
    (store / home[:2] / home).write_bytes(b"<html>not the home page</html>")  # corrupted
    with open(store / profile[:2] / profile, "r+b") as file:  # truncated
        file.truncate(100)
    (store / release[:2] / release).unlink()  # deleted
    report = build_now(ci)
    assert report.rendered == 3
    assert report.notices == (DAMAGED.format(2),)
    assert_is_cold(ci)


def test_a_damaged_search_bundle_in_the_store_is_indexed_again(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    entry = record(site)["bundles"]["pagefind"]["pagefind-entry.json"]
    ci = checkout(site, "ci")
    (ci / STORE / entry[:2] / entry).write_bytes(b"{}")
    report = build_now(ci)
    assert report.notices == (DAMAGED.format(1),)
    assert json.loads((ci / "public/pagefind/pagefind-entry.json").read_text())["languages"]  # Pagefind's own
    assert_is_cold(ci)


def test_an_unreadable_record_means_a_clean_build_with_a_notice(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    ci = checkout(site, "ci")
    (ci / RECORD).write_text('{"format": 2, "pages": {"index.html": [1, 2]', encoding="utf-8")  # truncated
    report = build_now(ci)
    assert report.rendered == report.pages
    assert report.notices == (".sitegen-cache/outputs.json could not be read (damaged, or from another sitegen): "
                              "every page is rendered again",)
    assert_is_cold(ci)


def test_a_record_of_another_format_is_not_read(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    ci = checkout(site, "ci")
    data = record(ci)
    data["format"] = 1
    (ci / RECORD).write_text(json.dumps(data), encoding="utf-8")
    assert build_now(ci).rendered == build_now(checkout(site, "other", cache=False)).pages


def test_a_cache_from_another_config_renders_everything_with_a_notice(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    ci = checkout(site, "ci")
    report = build(BuildOptions(site_dir=ci, now=NOW, base_url="https://staging.example.org/"))
    assert report.rendered == report.pages
    assert report.notices == ("sitegen, the config, the theme or the interface strings changed since the cache "
                              "was written: every page is rendered again",)


def test_the_store_keeps_only_what_the_last_build_published(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site)
    (site / "content/news/hanya-indonesia.md").unlink()
    build_now(site)
    data = record(site)
    referenced = {entry[3] for entry in data["pages"].values()}
    referenced |= {d for files in data["bundles"].values() for d in files.values()}
    assert {f.name for f in store_files(site)} == referenced


def test_every_cache_file_damaged_still_builds_what_a_cold_build_does(tmp_path: Path) -> None:
    """Not only the store: converted Markdown, photos, share cards, the record, all cut short or
    replaced by other bytes, never reach the published site."""
    site = make_site(tmp_path, overlay=SITES / "with-data")
    build_now(site)
    ci = checkout(site, "ci")
    for number, file in enumerate(sorted(f for f in (ci / ".sitegen-cache").rglob("*") if f.is_file())):
        data = file.read_bytes()
        file.write_bytes(data[: len(data) // 2] if number % 2 else b"\0not what was kept\0" + data[:10])
    build_now(ci)
    assert_is_cold(ci)


def test_a_damaged_share_card_chart_or_photo_in_the_cache_is_made_again(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    build_now(site)
    ci = checkout(site, "ci")
    cache = ci / ".sitegen-cache"
    damaged = [next(f for f in sorted((cache / folder).rglob(pattern)) if f.is_file())
               for folder, pattern in (("cards", "*.png"), ("charts", "*.svg"), ("images", "*.webp"))]
    for file in damaged:
        file.write_bytes(file.read_bytes()[:50])
    report = build_now(ci)
    assert report.notices[0] == ("3 file(s) in .sitegen-cache did not match what was kept (damaged or changed); "
                                 "they were made again")
    assert_is_cold(ci)


def test_a_ci_build_reads_each_store_file_once_and_records_what_the_next_ci_build_needs(
        tmp_path: Path, monkeypatch) -> None:
    """A file taken from the store is checked against its digest once; the record then keeps that
    digest, so a second CI build from this one's cache takes every page again, byte for byte."""
    from sitegen.incremental import store

    site = make_site(tmp_path)
    build_now(site)
    first = checkout(site, "first")
    for file in store_files(first):  # as actions/cache restores them: new times
        file.touch()
    read: list[str] = []
    real_digest_of = store.digest_of
    monkeypatch.setattr(store, "digest_of", lambda file: read.append(str(file)) or real_digest_of(file))
    assert build_now(first).rendered == 0
    assert read and len(read) == len(set(read))  # each store file read once, none read twice
    assert all(str(first / STORE) in file for file in read)  # the published copies are not read again
    monkeypatch.undo()
    second = checkout(first, "second")
    assert (build_now(second).rendered, record(second)["pages"]) == (0, record(first)["pages"] | {
        name: [*entry[:1], *record(second)["pages"][name][1:3], entry[3]]
        for name, entry in record(first)["pages"].items()})
    assert_is_cold(second)
