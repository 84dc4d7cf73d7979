"""Start-up, continued (issue 17): what an empty site's build no longer does, and that what it
does instead gives the same answers.

- sitegen's code digest reads the versions of the packages it runs on from the names of their
  `.dist-info` folders (core/codeversion.py), which must be the versions importlib.metadata gives;
- the data stage's models (pydantic's chart specs and descriptors), the cells' checks and the chart
  drawing (vega.py) are loaded by the first dataset or chart, and PyYAML by the first YAML to read,
  not by every build;
- pydantic does not look for plugins among every installed package's entry points (cli.py);
- date patterns are checked by parsing them, so a site with no dates to show loads no locale's
  CLDR data (source/i18n.py check_patterns), and Vega's locales are made for the first chart
  (data/charts.py): a pattern Babel cannot use still stops the build, up front, naming its file.

No timing (bench/startup.py measures): the modules and data a fresh process ends with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import requires, version
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.core import codeversion
from tests.conftest import REPO, SITES, make_site
from tests.test_startup import among, empty_site, loaded

# Build a site as the command line does, then write which locales' CLDR data Babel loaded.
REPORT_LOCALES = """
import json, sys
from sitegen.cli import main
report, args = sys.argv[1], sys.argv[2:]
try:
    main(args, prog_name="sitegen")
except SystemExit as end:
    assert end.code in (0, None), end.code
from babel import localedata
with open(report, "w", encoding="utf-8") as out:
    json.dump(sorted(localedata._cache), out)
"""


def locales_loaded(args: list[str], tmp_path: Path) -> list[str]:
    report = tmp_path / "locales.json"
    finished = subprocess.run([sys.executable, "-c", REPORT_LOCALES, str(report), *args], cwd=REPO,
                              env={**os.environ, "SITEGEN_LANG": "en"}, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    return json.loads(report.read_text(encoding="utf-8"))


def test_the_code_digest_names_the_versions_importlib_metadata_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    # sys.path as the `sitegen` script has it: the installed packages, not this checkout's egg-info
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p.endswith("site-packages")])
    installed = codeversion._installed()
    assert installed["sitegen"].suffix == ".dist-info"  # read from its folder, not asked of importlib.metadata
    required = codeversion._requirements(installed)
    assert required == codeversion._requirements_asked()
    assert {"jinja2", "pydantic", "markdown", "babel"} <= set(required)
    assert len(required) == len([r for r in requires("sitegen") or [] if "extra ==" not in r])
    for package in [*required, *codeversion.ALSO_SHAPING]:
        assert codeversion._version(package, installed) == version(package), package


def test_a_package_without_a_dist_info_folder_is_asked_of_importlib_metadata() -> None:
    assert codeversion._version("jinja2", {}) == version("jinja2")
    assert codeversion._version("no-such-package-anywhere", {}) == "-"


def test_the_code_digest_loads_no_importlib_metadata(tmp_path: Path) -> None:
    """A build with nothing changed computes the digest (nochange.py) and ends: importlib.metadata was a
    tenth of it. Run outside the checkout, as a user runs it (the checkout's own sitegen.egg-info,
    first on sys.path there, is asked of importlib.metadata)."""
    script = "import sys; from sitegen.core.codeversion import code_digest; code_digest(); print(sorted(sys.modules))"
    finished = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert "'importlib.metadata'" not in finished.stdout and "'sitegen.core.codeversion'" in finished.stdout


def test_an_empty_site_loads_no_locale_data(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    assert locales_loaded(["build", "-q", "-s", str(site)], tmp_path) == []
    assert (site / "public" / "en" / "index.html").is_file()


def test_a_site_with_releases_loads_the_locale_data_its_dates_need(tmp_path: Path) -> None:
    """The check above would see locale data loaded: the minimal site's releases show their dates."""
    site = make_site(tmp_path)
    assert {"en", "id"} <= set(locales_loaded(["build", "-q", "-s", str(site)], tmp_path))


def build_with_strings(tmp_path: Path, strings: dict[str, str]) -> tuple[int, str, Path]:
    """The minimal site with some of the English interface strings of its own."""
    site = make_site(tmp_path)
    lines = [f'{key} = "{value}"' for key, value in strings.items()]
    with (site / "i18n" / "en.toml").open("a", encoding="utf-8") as file:
        file.write("\n" + "\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["build", "--source", str(site)])
    return result.exit_code, result.stderr, site


@pytest.mark.parametrize(("pattern", "field"), [("EEEEEEE, d MMMM y", "EEEEEEE"), ("d MMMMMM y", "MMMMMM"),
                                              ("HH:mm zzzzz", "zzzzz")])
def test_a_date_pattern_babel_cannot_parse_stops_the_build_naming_its_file(tmp_path: Path, pattern: str,
                                                                           field: str) -> None:
    status, stderr, site = build_with_strings(tmp_path, {"date_format": pattern})
    assert status == 1
    assert stderr == (f'Error: i18n/en.toml: "date_format" is not a Babel date pattern (Invalid length for field: '
                      f"'{field}'); for example \"EEEE, d MMMM y\"\nNothing was published.\n")
    assert not (site / "public").exists()


def test_every_pattern_babel_cannot_use_is_named_at_once(tmp_path: Path) -> None:
    status, stderr, _ = build_with_strings(tmp_path, {"date_format_short": "d/MMMMMM/y", "time_format": "HH:mmm"})
    assert status == 1
    assert stderr == ('Error: i18n/en.toml: "date_format_short" is not a Babel date pattern (Invalid length for '
                      "field: 'MMMMMM'); for example \"EEEE, d MMMM y\"\n"
                      'Error: i18n/en.toml: "time_format" is not a Babel date pattern (Invalid length for field: '
                      "'mmm'); for example \"EEEE, d MMMM y\"\n2 errors; nothing was published.\n")


@pytest.mark.parametrize("pattern", ["h:mm B", "HH:mm zzzz", "HH.mm 'WIB'", "HH:mm z"])
def test_a_pattern_with_day_periods_or_long_zone_names_is_formatted_and_published(tmp_path: Path,
                                                                                  pattern: str) -> None:
    status, stderr, site = build_with_strings(tmp_path, {"time_format": pattern})
    assert (status, stderr) == (0, "")
    assert (site / "public" / "en" / "index.html").is_file()


# What only a site with datasets or charts needs: their pydantic models, the cells' checks, the drawing,
# and PyYAML (descriptors, front matter and YAML tables are read with it).
ONLY_FOR_DATA = ("sitegen.data.chartspec", "sitegen.data.descriptors", "sitegen.data.cells", "sitegen.data.vega",
                 "sitegen.data.vegalite", "sitegen.data.forgive", "sitegen.data.patterns", "yaml")


def test_an_empty_site_loads_neither_the_data_models_nor_the_chart_drawing(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    modules = loaded(["build", "-q", "-s", str(site)], tmp_path)
    assert (site / "public" / "index.html").is_file()
    assert among(modules, ONLY_FOR_DATA) == []


def test_a_site_with_datasets_loads_what_checking_and_drawing_them_needs(tmp_path: Path) -> None:
    """The check above would see them: a site with datasets, and releases that chart them, loads them."""
    site = make_site(tmp_path, overlay=SITES / "with-data")
    modules = loaded(["build", "-q", "-s", str(site)], tmp_path)
    assert list((site / "public" / "charts").glob("*.svg"))
    assert among(modules, ONLY_FOR_DATA) == sorted(ONLY_FOR_DATA)


def test_the_command_line_keeps_pydantic_from_looking_for_plugins(tmp_path: Path) -> None:
    site = empty_site(tmp_path)
    script = ("import sys; from sitegen.cli import main\n"
              "try:\n    main(sys.argv[1:], prog_name='sitegen')\nexcept SystemExit as end:\n    assert not end.code\n"
              "from pydantic.plugin import _loader; print(_loader._plugins)")
    environment = {name: value for name, value in os.environ.items() if name != "PYDANTIC_DISABLE_PLUGINS"}
    finished = subprocess.run([sys.executable, "-c", script, "build", "-q", "-s", str(site)], cwd=tmp_path,
                              env=environment, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "None\n"  # never searched: with plugins looked for, {} (none installed)
