"""Each kind of bad input: one exact message naming the file and line or key, exit status 1,
no traceback, and the site published before left exactly as it was."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from tests.conftest import SITES, build_site, make_site

CASES = sorted(p.name for p in (SITES / "invalid").iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in folder.rglob("*") if f.is_file()}


def test_every_kind_of_bad_input_named_in_the_issue_has_a_fixture() -> None:
    named = {"broken-yaml", "missing-title", "missing-date", "impossible-date", "wrong-type",
             "undeclared-language", "duplicate-url", "not-utf8", "missing-link", "unknown-config-key",
             "template-syntax-error", "missing-interface-string", "missing-image"}
    assert named <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_clear_message_and_the_published_site_is_untouched(
    tmp_path: Path, case: str
) -> None:
    site = make_site(tmp_path)
    published = build_site(site)
    before = snapshot(published)
    overlay = SITES / "invalid" / case
    shutil.copytree(overlay, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))

    result = CliRunner().invoke(main, ["build", "--source", str(site)])

    assert result.exit_code == 1
    assert result.stderr == (overlay / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.output
    assert snapshot(published) == before
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".public")) == []  # no staging left


def test_the_installed_command_reports_without_a_traceback(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "invalid" / "impossible-date")
    result = subprocess.run([sys.executable, "-m", "sitegen", "build"], cwd=site,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stderr == (SITES / "invalid/impossible-date/expected.txt").read_text(encoding="utf-8")
    assert not (site / "public").exists()


def test_several_mistakes_are_reported_together(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "invalid" / "missing-title")
    shutil.copytree(SITES / "invalid" / "wrong-type", site, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("expected.txt"))
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'Error: content/news/tanpa-judul.id.md: front matter has no "title": add a line such as '
        '"title: The release\'s headline"',
        'Error: content/news/tipe-salah.id.md:4: front matter "tags": must be a list of text, '
        "like [Penempatan, Pelindungan], got 5",
        "2 errors; nothing was published.",
    ]
