"""The Markdown cache in pack files (core/packs.py, markdown/mdcache.py): a damaged, cut short, deleted or
foreign pack, or the layout of earlier versions, means converting again and never a wrong page; the
packs do not grow with every edit; only the main process writes them, once per build."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from sitegen.core import packs
from sitegen.core.packs import TRAILER, Shelf
from sitegen.markdown.mdcache import CACHE_DIR
from tests.conftest import NOW, make_site
from tests.test_ci_cache import assert_is_cold, checkout

CONVERTED = re.compile(r"(\d+) pages converted from Markdown, (\d+) taken from the cache")
PAGES = 10  # the minimal site's published pages
RELEASE = "content/news/2025-08-22-rakornis/index.id.md"


def build_counting(site: Path) -> tuple[int, int]:
    """Build; (pages converted from Markdown, pages taken from the cache)."""
    said: list[str] = []
    build(BuildOptions(site_dir=site, now=NOW), log=said.append)
    found = next(m for m in map(CONVERTED.search, said) if m)
    return int(found[1]), int(found[2])


def pack_files(site: Path) -> list[Path]:
    return sorted((site / CACHE_DIR).glob("*.pack"))


def in_the_folder(site: Path) -> list[str]:
    return sorted(p.name for p in (site / CACHE_DIR).iterdir())


def edit(site: Path, number: int) -> None:
    release = site / RELEASE
    release.write_text(release.read_text(encoding="utf-8").replace("\n---\n", f"\n---\nSuntingan {number}.\n\n", 1),
                       encoding="utf-8")


def corrupt_an_entry(pack: Path) -> None:
    data = bytearray(pack.read_bytes())
    data[len(packs.MAGIC) + 40] ^= 1  # a byte of the first entry: its length and the index unchanged
    pack.write_bytes(bytes(data))


def from_another_context(pack: Path) -> None:
    """The pack as another context's code would have written it, under this context's name: its index
    and trailer whole, naming the other context."""
    data = pack.read_bytes()
    offset, length, _ = TRAILER.unpack(data[-TRAILER.size:])
    index = json.loads(data[offset:offset + length])
    index["context"] = "0" * 24
    written = json.dumps(index).encode()
    pack.write_bytes(data[:offset] + written + TRAILER.pack(offset, len(written), hashlib.sha256(written).digest()))


def corrupt_the_index(pack: Path) -> None:
    data = pack.read_bytes()
    at = data.rindex(b'"entries"')
    pack.write_bytes(data[:at] + b'"entriez"' + data[at + 9:])


DAMAGES = {
    "an entry corrupted": (corrupt_an_entry, (1, PAGES - 1)),
    "the index corrupted": (corrupt_the_index, (PAGES, 0)),
    "the trailer cut off": (lambda p: p.write_bytes(p.read_bytes()[: -TRAILER.size // 2]), (PAGES, 0)),
    "cut in half": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), (PAGES, 0)),
    "emptied": (lambda p: p.write_bytes(b""), (PAGES, 0)),
    "deleted": (lambda p: p.unlink(), (PAGES, 0)),
    "another context's": (from_another_context, (PAGES, 0)),
    "renamed to another context": (lambda p: p.rename(p.with_name("0" * 24 + p.name[24:])), (PAGES, 0)),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_pack_is_converted_again_and_builds_what_a_cold_build_does(tmp_path: Path, damage: str) -> None:
    site = make_site(tmp_path)
    assert build_counting(site) == (PAGES, 0)
    [pack] = pack_files(site)  # one pack for the whole build, written by the main process
    ci = checkout(site, "ci")
    change, counts = DAMAGES[damage]
    change(ci / CACHE_DIR / pack.name)
    assert build_counting(ci) == counts
    assert_is_cold(ci)
    assert build_counting(checkout(ci, "again")) == (0, PAGES)  # and the cache is whole again
    assert len(pack_files(ci)) <= 2


def test_the_cache_does_not_grow_with_every_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packs, "SLACK", 0)  # the minimal site's entries are a few kB: no slack for them
    site = make_site(tmp_path)
    build_counting(site)
    first = sum(p.stat().st_size for p in pack_files(site))
    sizes = []
    for number in range(1, 13):
        edit(site, number)
        assert build_counting(site) == (1, PAGES - 1)
        sizes.append(sum(p.stat().st_size for p in pack_files(site)))
        assert len(pack_files(site)) <= packs.MOST_PACKS + 1
    assert max(sizes) <= 2 * first + 2 * 4096  # the edited entry is about 3 kB
    assert_is_cold(site)


def test_the_one_file_per_page_layout_of_earlier_versions_is_removed(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    old = site / CACHE_DIR / "0123456789abcdef01234567"
    old.mkdir(parents=True)
    (old / "0042e8302141543cdb26fdad7529ae4bda4a7c6b.json").write_text('{"content": "<p>lama</p>"}', encoding="utf-8")
    left = site / CACHE_DIR / ".abc.1.1.pack.tmp"
    left.write_bytes(b"left by a build stopped an hour ago")
    stale = left.stat().st_mtime - packs.LEFT_BEHIND - 1
    os.utime(left, (stale, stale))
    assert build_counting(site) == (PAGES, 0)
    assert in_the_folder(site) == [p.name for p in pack_files(site)] and len(pack_files(site)) == 1
    assert_is_cold(site)


def test_sitegen_check_reads_the_packs_and_writes_none(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_counting(site)
    before = {p.name: p.read_bytes() for p in pack_files(site)}
    edit(site, 1)
    said: list[str] = []
    build(BuildOptions(site_dir=site, now=NOW, write_cache=False), log=said.append)
    assert {p.name: p.read_bytes() for p in pack_files(site)} == before


def test_the_newest_pack_wins_and_a_complete_rewrite_keeps_only_what_was_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packs, "SLACK", 0)
    folder = tmp_path / "packs"
    first = Shelf(folder, "abc")
    first.put("a", b"a" * 100)
    first.put("b", b"b" * 10)
    first.save(complete=True)
    second = Shelf(folder, "abc")
    assert (second.get("a"), second.get("b"), second.get("c")) == (b"a" * 100, b"b" * 10, None)
    second.put("a", b"A" * 100)
    second.save(complete=True)  # 210 bytes, 110 of them used: kept as they are
    assert len(list(folder.glob("*.pack"))) == 2
    third = Shelf(folder, "abc")
    assert third.get("a") == b"A" * 100
    third.save(complete=False)  # some pages came from memory: "b" may still be used
    assert len(list(folder.glob("*.pack"))) == 2
    fourth = Shelf(folder, "abc")
    fourth.get("a")
    fourth.save(complete=True)  # 210 bytes, 100 used: rewritten
    assert len(list(folder.glob("*.pack"))) == 1
    last = Shelf(folder, "abc")
    assert (last.get("a"), last.get("b")) == (b"A" * 100, None)


def test_too_many_packs_are_merged_without_losing_an_entry(tmp_path: Path) -> None:
    folder = tmp_path / "packs"
    for number in range(packs.MOST_PACKS + 3):
        shelf = Shelf(folder, "abc")
        shelf.put(f"key{number}", f"entry {number}".encode())
        shelf.save(complete=False)
        assert len(list(folder.glob("*.pack"))) <= packs.MOST_PACKS + 1
    reader = Shelf(folder, "abc")
    assert [reader.get(f"key{n}") for n in range(packs.MOST_PACKS + 3)] == [
        f"entry {n}".encode() for n in range(packs.MOST_PACKS + 3)]
    assert list(folder.glob("*.tmp")) == []


def test_pages_converted_in_workers_are_written_by_the_main_process_into_one_pack(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitegen.core import workers

    monkeypatch.setattr(workers, "WORTH_IT", 1)  # the minimal site's 10 pages are shared among 2 workers
    site = make_site(tmp_path)
    said: list[str] = []
    build(BuildOptions(site_dir=site, now=NOW, workers=2), log=said.append)
    assert f"{PAGES} pages converted from Markdown, 0 taken from the cache" in said
    assert len(pack_files(site)) == 1 and list((site / CACHE_DIR).glob("*.tmp")) == []
    assert_is_cold(site)  # the pages made from the workers' entries are the pages converted here
    assert build_counting(checkout(site, "ci")) == (0, PAGES)
