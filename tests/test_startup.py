"""Start-up: `sitegen --version`, the build of an empty site and a build with nothing changed
load only what they need.

No timing here (the machine's load would make it flaky): each command runs in a fresh Python
process that reports the modules it ended with, and the libraries that only some sites need
(charts, code highlighting, Markdown's extensions, the search indexer, the preview server) must
not be among them; nor, for a build that ends at once because nothing changed (nochange.py,
commands/uptodate.py), any stage of the build. bench/startup.py measures what these imports cost.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.incremental import nochange
from tests.conftest import REPO, make_site

# Run `sitegen <args>` as the command line does, then write the names of every loaded module.
REPORT_MODULES = """
import json, sys
from sitegen.cli import main
report, args = sys.argv[1], sys.argv[2:]
try:
    main(args, prog_name="sitegen")
except SystemExit as end:
    code = end.code
else:
    code = 0
with open(report, "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""

# Only a site that has charts, highlighted code, Markdown to convert, a search index to make, or
# `sitegen serve` running needs these.
NEVER_FOR_AN_EMPTY_SITE = ("altair", "vl_convert", "pygments", "pymdownx", "pagefind_bin", "livereload",
                           "tornado", "watchfiles", "openpyxl", "tomli_w", "slugify",
                           # nor Markdown itself, RE2 (descriptors' patterns), text-unidecode (URLs of other
                           # scripts), nor what only forking, or fonts for charts, need (issue 17)
                           "markdown", "re2", "text_unidecode", "multiprocessing", "concurrent.futures", "xml.sax",
                           "urllib.request", "ssl")
# The stages of a build, and what they load.
STAGES = ("jinja2", "markdown", "pydantic", "yaml", "PIL", "re2", "sitegen.commands.build", "sitegen.commands.prepare",
          "sitegen.source", "sitegen.data", "sitegen.model", "sitegen.markdown", "sitegen.pages")
# `--version` needs Click, and no stage of the build, nor Babel.
NEVER_FOR_THE_VERSION = (*NEVER_FOR_AN_EMPTY_SITE, *STAGES, "babel")


def loaded(args: list[str], tmp_path: Path) -> set[str]:
    """The modules a fresh `sitegen <args>` has loaded when it ends (which must be a success)."""
    report = tmp_path / "modules.json"
    environment = {**os.environ, "SITEGEN_LANG": "en"}
    finished = subprocess.run([sys.executable, "-c", REPORT_MODULES, str(report), *args], cwd=REPO,
                              env=environment, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["code"] in (0, None), finished.stderr
    return set(result["modules"])


def among(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    """The `packages` (or modules of them) that are loaded."""
    return sorted(p for p in packages if any(m == p or m.startswith(p + ".") for m in modules))


def empty_site(tmp_path: Path) -> Path:
    """What bench/startup.py builds: the example site's sitegen.toml and the humas theme, no content."""
    site = tmp_path / "empty"
    site.mkdir()
    shutil.copy(REPO / "sitegen.toml", site / "sitegen.toml")
    (site / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    return site


def test_the_version_loads_no_stage_of_the_build(tmp_path: Path) -> None:
    modules = loaded(["--version"], tmp_path)
    assert "click" in modules
    assert among(modules, NEVER_FOR_THE_VERSION) == []


@pytest.mark.parametrize("build", ["cold", "warm"])
def test_an_empty_site_builds_without_the_libraries_only_some_sites_need(tmp_path: Path, build: str) -> None:
    site = empty_site(tmp_path)
    if build == "warm":  # .sitegen-cache and public/ there, as after any build, and a change to build
        loaded(["build", "-q", "-s", str(site)], tmp_path)
        with (site / "sitegen.toml").open("a", encoding="utf-8") as config:
            config.write("# changed\n")
    modules = loaded(["build", "-q", "-s", str(site)], tmp_path)
    assert (site / "public" / "index.html").is_file() and (site / "public" / "en" / "index.html").is_file()
    assert "jinja2" in modules
    assert among(modules, NEVER_FOR_AN_EMPTY_SITE) == []


def test_a_site_with_releases_loads_what_converting_them_needs(tmp_path: Path) -> None:
    """The check above sees a library when a build needs it: Markdown's extensions, and Pygments,
    which superfences loads to colour fenced code."""
    site = make_site(tmp_path)
    modules = loaded(["build", "-q", "-s", str(site)], tmp_path)
    assert among(modules, ("pymdownx", "pygments")) == ["pygments", "pymdownx"]
    assert among(modules, ("altair", "livereload")) == []


def test_a_build_with_nothing_changed_loads_no_stage_of_the_build(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    time.sleep(2 * nochange.RACY_SECONDS)  # files written just before a build are never trusted unchanged
    loaded(["build", "-q", "-s", str(site)], tmp_path)
    published = (site / "public").stat().st_ino
    modules = loaded(["build", "-s", str(site)], tmp_path)
    assert (site / "public").stat().st_ino == published  # ended at once: no new folder swapped in
    assert "sitegen.incremental.nochange" in modules
    assert among(modules, (*NEVER_FOR_AN_EMPTY_SITE, *STAGES)) == []
