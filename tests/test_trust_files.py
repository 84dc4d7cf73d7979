"""Nothing outside the site is read, nothing outside the output folder is written (issue 13).

Aliases that climb out or break `_redirects` lines, output folders that hold the sources or
someone else's files, symbolic links out of the site or the theme, unreadable bundles, a full
disk, the publish swap and share cards hard-linked into the cache: each is refused with one
message naming the file (exit status 1), and the site published before, the sources and
anything outside the output folder are left exactly as they were.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitegen.cli import main
from sitegen.commands.prepare import BuildOptions
from sitegen.commands.session import Job, Session, _remove
from sitegen.core.errors import SitegenError
from sitegen.outputs import writer as writer_module
from sitegen.outputs.sitemap import redirects
from sitegen.outputs.writer import STAMP, STAMP_TEXT, Writer, exchange
from tests.conftest import REPO, build_site, make_site

RELEASE = "content/news/2025-08-22-rakornis/index.id.md"
BUNDLE = "content/news/2025-08-22-rakornis"
ALIAS_LINE = 12  # where "aliases:" stands in the release's front matter
CLIMB = 'climbs out of its folder with ".."; write the path from the site\'s own folders'


def run(site: Path, *arguments: str) -> Result:
    return CliRunner().invoke(main, ["build", "-s", str(site), *arguments])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder, hidden ones too, by its path."""
    if not folder.exists():
        return {}
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


def sources(site: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(site).items()
            if not name.startswith(("public/", ".sitegen-cache/", "themes/"))}


def set_aliases(site: Path, value: str) -> None:
    release = site / RELEASE
    text = release.read_text(encoding="utf-8")
    assert text.splitlines()[ALIAS_LINE - 1] == "aliases: [/2025/08/rakornis-lama/]"
    release.write_text(text.replace("aliases: [/2025/08/rakornis-lama/]", f"aliases: {value}"), encoding="utf-8")


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """The minimal site, built once: its folder and what it published."""
    site = make_site(tmp_path)
    return site, snapshot(build_site(site))


def refused(result: Result, *lines: str) -> None:
    """Exit status 1, exactly these error lines, then the outcome line."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    expected = [f"Error: {line}" for line in lines]
    expected.append("Nothing was published." if len(lines) == 1 else f"{len(lines)} errors; nothing was published.")
    assert result.stderr.splitlines() == expected


def staging_left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


# --- 1 and 6: aliases ---------------------------------------------------------------------------


def test_an_alias_into_the_theme_is_refused_and_the_template_is_untouched(
        published: tuple[Path, dict[str, bytes]]) -> None:
    site, before = published
    template = REPO / "themes/humas/templates/404.html"
    original = template.read_bytes()
    set_aliases(site, '["/../themes/humas/templates/404.html"]')
    refused(run(site), f"{RELEASE}:{ALIAS_LINE}: front matter \"aliases\": '/../themes/humas/templates/404.html' "
                       + CLIMB)
    assert template.read_bytes() == original
    assert snapshot(site / "public") == before
    assert staging_left(site / "public") == []


def test_an_alias_out_of_the_site_is_refused_and_the_file_there_is_untouched(
        published: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    site, before = published
    victim = tmp_path / "x/victim.html"
    victim.parent.mkdir()
    victim.write_text("mine")
    alias = "/" + "../" * 12 + victim.as_posix().lstrip("/")
    set_aliases(site, f'["{alias}"]')
    refused(run(site), f"{RELEASE}:{ALIAS_LINE}: front matter \"aliases\": {alias!r} " + CLIMB)
    assert victim.read_text() == "mine"
    assert snapshot(site / "public") == before


def test_an_alias_that_would_add_a_redirect_rule_is_refused(published: tuple[Path, dict[str, bytes]]) -> None:
    site, before = published
    set_aliases(site, '["/promo\\n/*  //evil.example/  302!"]')
    refused(run(site), f"{RELEASE}:{ALIAS_LINE}: front matter \"aliases\": '/promo\\n/*  //evil.example/  302!' "
                       "holds a control character (a line break, a tab or an invisible character)")
    assert snapshot(site / "public") == before
    assert b"evil" not in before["_redirects"]


@pytest.mark.parametrize(("alias", "reason"), [
    ("/promo lama/", "holds a space; an old URL is one path without spaces (write - or %20 instead)"),
    ("/promo\\tlama/", "holds a control character (a line break, a tab or an invisible character)"),
    ("/lama\\\\berita/", 'holds a backslash; write folders with "/"'),
])
def test_an_alias_must_be_a_path_only(published: tuple[Path, dict[str, bytes]], alias: str, reason: str) -> None:
    site, before = published
    set_aliases(site, f'["{alias}"]')
    written = alias.replace("\\t", "\t").replace("\\\\", "\\")
    refused(run(site), f"{RELEASE}:{ALIAS_LINE}: front matter \"aliases\": {written!r} {reason}")
    assert snapshot(site / "public") == before


def test_redirects_are_built_only_from_checked_paths() -> None:
    """The last guard behind front matter: a path that would break a line is refused, not written."""
    page = SimpleNamespace(source=RELEASE, key_lines={"aliases": ALIAS_LINE}, path="/berita/x/",
                           aliases=("/a b/",))
    with pytest.raises(SitegenError) as caught:
        redirects(SimpleNamespace(pages=[page]), lambda path: path)  # type: ignore[arg-type]
    assert str(caught.value) == (f"{RELEASE}:{ALIAS_LINE}: '/a b/' cannot be a line of _redirects: holds a space; "
                                 "an old URL is one path without spaces (write - or %20 instead)")
    page.aliases = ("/lama/",)
    assert redirects(SimpleNamespace(pages=[page]), lambda path: path) == b"/lama/ /berita/x/ 301\n"  # type: ignore


@pytest.mark.parametrize("relative", ["../x.html", "a/../../x.html", "/etc/x.html", "a\\..\\x.html", "a\nb.html", ""])
def test_the_writer_writes_nothing_outside_its_folder(tmp_path: Path, relative: str) -> None:
    output = tmp_path / "out" / "public"
    with pytest.raises(SitegenError) as caught, Writer(output) as writer:
        writer.put(relative, "x")
    assert caught.value.problems[0].message.startswith("would be written outside the output folder")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == []
    assert not output.exists()


def test_the_preview_writes_and_deletes_nothing_outside_its_folder(site: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.html"
    victim.write_text("mine")
    session = Session(BuildOptions(site_dir=site, output=tmp_path / "preview"))
    with pytest.raises(SitegenError, match=r"would write '\.\./victim\.html' outside the output folder"):
        session._write(Job("alias", None, RELEASE, dict), {"../victim.html": b"replaced"})
    _remove(tmp_path / "preview", "../victim.html")
    assert victim.read_text() == "mine"


# --- 2: the output folder ------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "what"), [
    ("content", "the site's content/ folder"),
    ("static", "the site's static/ folder"),
    ("i18n", "the site's i18n/ folder"),
    ("data", "the site's data/ folder"),
    ("content/news", "inside the site's content/ folder"),
    ("link-to-content", "the site's content/ folder"),
    (".", "the site's folder, which holds its sources"),
    ("..", "a folder above the site, which holds its sources"),
])
def test_the_output_may_not_be_a_source_folder(site: Path, given: str, what: str) -> None:
    (site / "link-to-content").symlink_to(site / "content", target_is_directory=True)
    before = sources(site)
    result = run(site, "--output", str(site / given))
    refused(result, f"{(site / given).resolve()}: cannot be the output folder: it is {what}, and a build replaces "
                    "it; choose a new folder, such as public/ in the site's folder")
    assert sources(site) == before


def test_the_output_may_not_be_the_theme_or_the_home_folder(site: Path) -> None:
    themes = REPO / "themes"
    before = snapshot(themes)
    for given, what in ((site / "themes", "the site's themes/ folder"), (Path.home(), "your home folder"),
                        (Path("/"), "a folder above your home folder")):
        refused(run(site, "--output", str(given)), f"{given.resolve()}: cannot be the output folder: it is {what}, "
                "and a build replaces it; choose a new folder, such as public/ in the site's folder")
    assert snapshot(themes) == before


def test_a_folder_sitegen_did_not_write_is_not_replaced(site: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    refused(run(site, "--output", str(mine)), f"{mine}: is not empty and was not written by sitegen (it has no "
            ".sitegen-output file); choose an empty or new folder, or delete it first")
    assert snapshot(mine) == {"notes.txt": b"keep"}
    assert staging_left(mine) == []


def test_a_folder_sitegen_wrote_carries_a_stamp_and_is_replaced(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()  # an empty folder may be the output
    assert run(site, "--output", str(out)).exit_code == 0
    assert (out / STAMP).read_bytes() == STAMP_TEXT
    (out / "left-over.txt").write_text("from an earlier build")
    assert run(site, "--output", str(out)).exit_code == 0
    assert not (out / "left-over.txt").exists()


def test_a_public_folder_from_before_the_stamp_is_still_sitegens(site: Path, tmp_path: Path) -> None:
    """Migration: folders published by the version without stamps are recognised."""
    record = site / ".sitegen-cache/outputs.json"
    (build_site(site) / STAMP).unlink()
    record.unlink()  # the default public/, with a home page and a sitemap: sitegen's
    assert run(site).exit_code == 0
    out = tmp_path / "elsewhere"
    assert run(site, "--output", str(out)).exit_code == 0
    (out / STAMP).unlink()  # another folder, which the last build's record names: sitegen's
    assert run(site, "--output", str(out)).exit_code == 0
    (out / STAMP).unlink()
    record.unlink()  # nothing says sitegen wrote it
    assert run(site, "--output", str(out)).exit_code == 1


# --- 3 and 21: symbolic links and the theme ------------------------------------------------------


def leads_out(target: Path | str, where: str = "the site's folder") -> str:
    return (f"is a link to {target}, outside {where}; sitegen reads only files inside the site: copy the file in "
            "instead of linking to it")


def test_a_link_in_a_bundle_to_a_system_file_is_refused(published: tuple[Path, dict[str, bytes]]) -> None:
    site, before = published
    (site / BUNDLE / "passwd.txt").symlink_to("/etc/passwd")
    refused(run(site), f"{BUNDLE}/passwd.txt: {leads_out('/etc/passwd')}")
    assert snapshot(site / "public") == before


def test_a_linked_markdown_file_from_outside_is_refused(
        published: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    site, before = published
    outside = tmp_path / "outside.id.md"
    outside.write_text("---\ntitle: Dari luar\ndate: 2025-08-01\n---\nTeks.\n")
    (site / "content/news/luar.id.md").symlink_to(outside)
    refused(run(site), f"content/news/luar.id.md: {leads_out(outside)}")
    assert snapshot(site / "public") == before


def test_a_linked_static_file_from_outside_is_refused_and_one_inside_is_published(
        site: Path, tmp_path: Path) -> None:
    (site / "static/hostname.txt").symlink_to("/etc/hostname")
    refused(run(site), f"static/hostname.txt: {leads_out(os.path.realpath('/etc/hostname'))}")
    (site / "static/hostname.txt").unlink()
    (site / "shared").mkdir()
    (site / "shared/extra.css").write_text("p { margin: 0 }")
    (site / "static/extra.css").symlink_to("../shared/extra.css")
    assert (build_site(site) / "extra.css").read_text() == "p { margin: 0 }"


def test_a_link_to_nowhere_and_a_pipe_are_refused(site: Path) -> None:
    (site / "static/gone.css").symlink_to(site / "static/never-made.css")
    os.mkfifo(site / "content/news/pipa.id.md")  # reading it would wait forever
    refused(run(site), "content/news/pipa.id.md: is not an ordinary file (a pipe, socket or device); remove it "
                       "from the site")
    (site / "content/news/pipa.id.md").unlink()
    refused(run(site), f"static/gone.css: is a link to {site / 'static/never-made.css'}, which does not exist; "
                       "remove the link or copy the file in")


def test_a_shared_theme_may_be_a_link_but_may_not_lead_out_of_itself(site: Path, tmp_path: Path) -> None:
    shared = tmp_path / "shared-themes/humas"
    shutil.copytree(REPO / "themes/humas", shared)
    (site / "themes").unlink()
    (site / "themes").mkdir()
    (site / "themes/humas").symlink_to(shared, target_is_directory=True)
    assert build_site(site).is_dir()  # the link themes/humas itself is allowed
    (shared / "static/secret.txt").symlink_to("/etc/hostname")
    where = "the theme's folder"
    refused(run(site), f"themes/humas/static/secret.txt: {leads_out(os.path.realpath('/etc/hostname'), where)}")


@pytest.mark.parametrize("theme", ["../../x", "/etc", "humas/../../x", ".."])
def test_the_theme_is_a_folder_name_only(site: Path, theme: str) -> None:
    config = site / "sitegen.toml"
    config.write_text(f'theme = "{theme}"\n' + config.read_text())  # a top-level key: before the tables
    refused(run(site), f'sitegen.toml:1: key "theme": {theme!r} must be the name of a folder in themes/, like '
                       '"humas", not a path')


# --- 15: what cannot be read, and a full disk ----------------------------------------------------


def test_an_unreadable_bundle_is_named_not_dropped(
        published: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, chmod 000 stops nothing: listing the folder fails as it would for anyone else."""
    site, before = published
    real_scandir, bundle = os.scandir, str(site / BUNDLE)

    def scandir(path: Any = ".") -> Any:
        if str(path) == bundle:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    refused(run(site), f"{BUNDLE}: cannot be read (permission denied); make it readable (chmod -R a+rX) or move "
                       "it out of the site")
    assert snapshot(site / "public") == before


def test_an_unreadable_markdown_file_is_named(
        published: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    site, before = published
    real_access, release = os.access, str(site / RELEASE)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: str(path) != release and real_access(path, mode, **kw))
    refused(run(site), f"{RELEASE}: cannot be read (permission denied); make it readable (chmod -R a+rX) or move "
                       "it out of the site")
    assert snapshot(site / "public") == before


def _without_root_powers() -> list[str] | None:
    """A command prefix that runs as root without the power to read any file (CAP_DAC_*), if there is one."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        return None
    prefix = [setpriv, "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    return prefix if probe.returncode == 0 else None


@pytest.mark.parametrize("unreadable", [BUNDLE, RELEASE])
def test_a_chmod_000_file_or_bundle_stops_the_build_for_real(
        published: tuple[Path, dict[str, bytes]], unreadable: str) -> None:
    """The same, with the permission really missing: root without the capabilities that bypass it."""
    prefix = _without_root_powers()
    if prefix is None:
        pytest.skip("needs root and setpriv to run without the power to read every file")
    site, before = published
    (site / unreadable).chmod(0)
    try:
        result = subprocess.run([*prefix, sys.executable, "-m", "sitegen", "build"], cwd=site, capture_output=True,
                                text=True, check=False)
    finally:
        (site / unreadable).chmod(0o755)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Error: {unreadable}: cannot be read (permission denied); make it readable (chmod -R a+rX) or move it "
        "out of the site", "Nothing was published."]
    assert snapshot(site / "public") == before


def test_a_full_disk_names_the_file(published: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    site, before = published
    (site / ".sitegen-cache/outputs.json").unlink()  # every page is written anew
    real_write, page = writer_module.write_new, "berita/2025-08-22-rakornis/index.html"

    def full_write(file: str, data: bytes) -> None:
        """The writer's one way to write a file's bytes (core/files.py): the disk is full for one page."""
        if file.endswith(page):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(file, data)

    monkeypatch.setattr(writer_module, "write_new", full_write)
    refused(run(site), f"{site}/public/{page}: No space left on device; free some space on that disk, then build "
                       "again")
    assert snapshot(site / "public") == before
    assert staging_left(site / "public") == []


# --- 14: publishing in one step ------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_two_folders_are_exchanged_in_one_step(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / "name.txt").write_text(folder.name)
    assert exchange(first, second)
    assert ((first / "name.txt").read_text(), (second / "name.txt").read_text()) == ("second", "first")


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_publishing_over_a_site_is_one_exchange_not_two_renames(
        published: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    site, _ = published
    inode = (site / "public").stat().st_ino
    renamed, rename = [], Path.rename

    def recorded(self: Path, target: Any) -> Any:
        renamed.append((self.name, Path(target).name))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", recorded)
    (site / ".sitegen-cache/outputs.json").unlink()  # every page made anew: a whole folder swapped in (not in place)
    (site / "content/news/hanya-indonesia.md").write_text(
        (site / "content/news/hanya-indonesia.md").read_text().replace("Pengumuman Khusus", "Pengumuman Baru"))
    assert run(site).exit_code == 0
    public = site / "public"
    assert public.is_dir() and not public.is_symlink() and public.stat().st_ino != inode
    assert "Pengumuman Baru" in (public / "berita/hanya-indonesia/index.html").read_text()
    # public/ itself never moved (a kill between two renames would leave none): the old site, exchanged
    # into the staging folder's place, is renamed for deletion
    assert renamed == [(f".public.staging-{os.getpid()}", f".public.old-{os.getpid()}")]


def test_without_an_exchange_two_renames_still_publish(
        published: tuple[Path, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch) -> None:
    site, _ = published
    monkeypatch.setattr(writer_module, "exchange", lambda first, second: False)
    (site / ".sitegen-cache/outputs.json").unlink()  # every page made anew: a whole folder swapped in (not in place)
    (site / "content/news/hanya-indonesia.md").write_text(
        (site / "content/news/hanya-indonesia.md").read_text().replace("Pengumuman Khusus", "Pengumuman Baru"))
    assert run(site).exit_code == 0
    assert "Pengumuman Baru" in (site / "public/berita/hanya-indonesia/index.html").read_text()


def test_a_build_does_not_wait_for_the_last_ones_folder_to_be_deleted(
        published: tuple[Path, dict[str, bytes]]) -> None:
    site, before = published
    still_deleted = site / f".public.old-{os.getpid()}"  # the last build's, in this process, not yet gone
    (still_deleted / "berita").mkdir(parents=True)
    build_site(site)
    assert snapshot(site / "public") == before


def test_folders_left_by_killed_builds_are_removed_at_the_next(site: Path) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()  # a process that no longer runs, as a killed build
    left = [site / f".public.staging-{ended.pid}", site / f".public.old-{ended.pid}"]
    running = site / ".public.staging-1"  # pid 1 runs: a build in progress keeps its folder
    for folder in (*left, running):
        (folder / "berita").mkdir(parents=True)
        (folder / "berita/index.html").write_text("half a site")
    assert run(site).exit_code == 0
    deadline = time.monotonic() + 10  # they are deleted in the background
    while any(folder.exists() for folder in left) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [folder.name for folder in left if folder.exists()] == []
    assert running.is_dir()


# --- 16: share cards are copies, not the cache's own files ---------------------------------------


def test_editing_a_published_share_card_changes_neither_the_cache_nor_the_next_build(
        published: tuple[Path, dict[str, bytes]]) -> None:
    site, before = published
    card = site / "public/berita/2025-08-20-sosialisasi/share.png"
    cached = {f.stat().st_ino: f.read_bytes() for f in (site / ".sitegen-cache/cards").iterdir()}
    # Not the card cache's file (trusted by name): at most the store's, which is checked by digest (store.py)
    store = {f.stat().st_ino for f in (site / ".sitegen-cache/store").rglob("*") if f.is_file()}
    assert card.stat().st_ino not in cached and card.stat().st_nlink - (card.stat().st_ino in store) == 1
    card.write_bytes(b"edited on the server")
    assert run(site).exit_code == 0
    assert {f.stat().st_ino: f.read_bytes() for f in (site / ".sitegen-cache/cards").iterdir()} == cached
    assert card.read_bytes() == before["berita/2025-08-20-sosialisasi/share.png"]
