"""The front matter cache (incremental/frontcache.py): a CI build parses only the files whose text
changed, publishes byte for byte what a cold build does, reports a file's mistakes as a build
without the cache does, and treats a damaged, truncated, foreign or deleted cache as no cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from sitegen.core.errors import SitegenError
from sitegen.incremental import frontcache
from sitegen.incremental.frontcache import CACHE_FILE, FrontMatterCache
from sitegen.source.frontmatter import parse_source
from tests.conftest import JAKARTA, NOW, make_site
from tests.test_ci_cache import assert_is_cold, checkout

RELEASE = "content/news/hanya-indonesia.md"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the cache had to parse (not found in it), in order."""
    parsed: list[str] = []

    def counting(path: str, *args: object, **kwargs: object) -> object:
        parsed.append(path)
        return parse_source(path, *args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(frontcache, "parse_source", counting)
    return parsed


def build_now(site: Path, **options: object) -> None:
    build(BuildOptions(site_dir=site, now=NOW, **options))  # type: ignore[arg-type]


def content_files(site: Path) -> list[str]:
    return sorted(f.relative_to(site).as_posix() for f in (site / "content").rglob("*.md"))


def edit_title(site: Path, title: str) -> None:
    release = site / RELEASE
    release.write_text(release.read_text(encoding="utf-8").replace(
        "title: Pengumuman Khusus Indonesia", f"title: {title}"), encoding="utf-8")


def test_a_ci_build_after_one_edit_parses_only_the_edited_file(tmp_path: Path, parses: list[str]) -> None:
    site = make_site(tmp_path)
    build_now(site)
    assert sorted(parses) == content_files(site)  # the first build parses everything
    ci = checkout(site, "ci")
    for file in (ci / "content").rglob("*"):  # a checkout gives every file a new mtime
        file.touch()
    edit_title(ci, "Pengumuman Baru")
    parses.clear()
    build_now(ci)
    assert parses == [RELEASE]
    assert_is_cold(ci)


@pytest.mark.parametrize("damage", [
    lambda file: file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2]),  # truncated
    lambda file: file.write_bytes(file.read_bytes().replace(b'"title"', b'"titel"', 1)),  # an edit: no digest
    lambda file: file.write_bytes(b"\x00\xff garbage"),
    lambda file: file.unlink(),
], ids=["truncated", "edited", "garbage", "deleted"])
def test_a_damaged_cache_file_means_parsing_again(tmp_path: Path, parses: list[str],
                                                 damage: Callable[[Path], object]) -> None:
    site = make_site(tmp_path)
    build_now(site)
    ci = checkout(site, "ci")
    damage(ci / CACHE_FILE)
    parses.clear()
    build_now(ci)
    assert sorted(parses) == content_files(ci)
    assert_is_cold(ci)
    parses.clear()
    build_now(ci)  # and the cache is whole again
    assert parses == []


def test_a_damaged_entry_with_a_good_digest_is_parsed_again(tmp_path: Path, parses: list[str]) -> None:
    """An entry that does not decode (written by a bug, or by hand with its digest) is a miss, not a page."""
    site = make_site(tmp_path)
    build_now(site)
    file = site / CACHE_FILE
    data = json.loads(file.read_bytes().partition(b"\n")[2])
    for entry in data["entries"].values():
        entry[0]["date"] = ["dt", "not a date", 0, "site"]
    payload = json.dumps(data).encode()
    file.write_bytes(frontcache.hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
    parses.clear()
    build_now(site)
    assert sorted(parses) == content_files(site)
    assert_is_cold(site)


def test_a_cache_of_other_code_or_another_time_zone_is_not_used(tmp_path: Path, parses: list[str]) -> None:
    site = make_site(tmp_path)
    build_now(site)
    cache = FrontMatterCache(site, JAKARTA)
    cache.context = "other code"  # as if sitegen had changed since the file was written
    assert cache._load() == {}
    assert FrontMatterCache(site, JAKARTA)._load() != {}
    text = (site / RELEASE).read_text(encoding="utf-8")
    parses.clear()
    FrontMatterCache(site, frontcache.ZoneInfo("Asia/Makassar")).parse(RELEASE, text, JAKARTA)
    assert parses == [RELEASE]


def test_a_file_with_a_mistake_is_reported_as_without_the_cache_on_every_build(
        tmp_path: Path, parses: list[str]) -> None:
    site = make_site(tmp_path)
    build_now(site)
    release = site / RELEASE
    release.write_text(release.read_text(encoding="utf-8").replace("categories: [Pengumuman]", "tags: 5"),
                       encoding="utf-8")
    expected = 'content/news/hanya-indonesia.md:4: front matter "tags": must be a list of text, like ' \
               "[Penempatan, Pelindungan], got 5"
    for _ in range(2):  # not kept: the second build finds the mistake again
        parses.clear()
        with pytest.raises(SitegenError) as raised:
            build_now(site)
        assert [str(problem) for problem in raised.value.problems] == [expected]
        assert parses == [RELEASE]


def test_sitegen_check_reads_the_cache_and_writes_none(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    build_now(site, write_cache=False)
    assert not (site / CACHE_FILE).exists()


TEXTS = {
    "offsets and the site's zone": "---\ntitle: A\ndate: 2025-08-22T09:00:00+07:00\nlastmod: 2025-08-23\n"
                                   "publishDate: 2025-08-22T01:00:00Z\nexpiryDate: 2030-01-01T00:00:00-03:30\n---\nX\n",
    "Hugo's options and params": "---\ntitle: ' A '\ndate: 2025-08-22\nbuild: {list: local, render: link}\n"
                                 "aliases: [/lama/]\nweight: 3\nparams: {1: [1.5, .inf, null, true], b: {c: d}}\n"
                                 "Draft: true\nfeatured: false\n---\n\nBody\r\n",
    "cleaned text": "---\ntitle: \"A\u200b\"\ndate: 2025-08-22\n---\nBody with a\u200b hidden space.\n",
    "TOML times": '+++\ntitle = "A"\ndate = 2025-08-22T09:00:00+07:00\nwhen = 09:30:00\n+++\nBody\n',
    "a set": "---\ntitle: A\ndate: 2025-08-22\nset: !!set {a, b}\n---\nBody\n",
    "a page without a date": "---\ntitle: A\n---\nBody\n",
}


@pytest.mark.parametrize("name", TEXTS)
def test_a_cached_parse_is_the_parse(tmp_path: Path, name: str) -> None:
    text = TEXTS[name]
    needs_date = name != "a page without a date"
    expected = parse_source("a.md", text, JAKARTA, needs_date=needs_date)
    first = FrontMatterCache(tmp_path, JAKARTA)
    assert repr(first.parse("a.md", text, JAKARTA, needs_date=needs_date)) == repr(expected)
    first.save()
    second = FrontMatterCache(tmp_path, JAKARTA)
    again = second.parse("b.md", text, JAKARTA, needs_date=needs_date)
    assert (repr(again), again == expected) == (repr(expected), True)
    kept = name not in ("TOML times", "a set")  # values the cache's JSON does not write: parsed each time
    assert second.hits == int(kept)
