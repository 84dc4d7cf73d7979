"""sitegen.toml's mistakes name their line: the key's own, or its table's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.source.tomllines import key_lines, line_of
from tests.conftest import make_site

CONFIG = '''\
# a comment = not a key
base_url = "https://example.org/"
menu = [
  { name = "x = y", url = "/a/" },
]
"quoted key" = 1
site.title = "dotted"

[languages.id]
name = "Indonesia"
note = """
several = lines
"""

[[languages.id.menu]]
name = "Berita"

[[languages.id.menu]]
nmae = "Statistik"
[check]
title_length = 100  # [not a header]
'''


def test_every_key_is_found_at_its_line() -> None:
    lines = key_lines(CONFIG)
    assert lines == {
        ("base_url",): 2, ("menu",): 3, ("quoted key",): 6, ("site", "title"): 7,
        ("languages", "id"): 9, ("languages", "id", "name"): 10, ("languages", "id", "note"): 11,
        ("languages", "id", "menu", 0): 15, ("languages", "id", "menu", 0, "name"): 16,
        ("languages", "id", "menu", 1): 18, ("languages", "id", "menu", 1, "nmae"): 19,
        ("check",): 20, ("check", "title_length"): 21,
    }


@pytest.mark.parametrize(("loc", "line"), [
    (("languages", "id", "menu", 1, "nmae"), 19),
    (("languages", "id", "sections", "news"), 9),  # not written: its table's line
    (("menu", 0, "url"), 3),  # inside a multi-line array: where the array starts
    (("paginate",), None),  # missing altogether
])
def test_a_key_not_written_is_found_at_the_nearest_key_above_it(loc: tuple, line: int | None) -> None:
    assert line_of(key_lines(CONFIG), loc) == line


def build(site: Path) -> str:
    result = CliRunner().invoke(main, ["build", "-s", str(site), "--lang", "en"])
    assert result.exit_code == 1
    return result.stderr


def test_a_config_mistake_and_a_toml_syntax_error_name_the_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, "minimal")
    config = site / "sitegen.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + 'locale = "xx_YY"\n', encoding="utf-8")  # in the last table, [languages.en]
    line = len(text.splitlines()) + 1
    assert build(site).startswith(f'Error: sitegen.toml:{line}: key "languages.en.locale": unknown locale')
    config.write_text(text + 'title_length = [1,\n', encoding="utf-8")
    assert build(site) == (f"Error: sitegen.toml:{line}: not valid TOML: Invalid value\n"
                           "Nothing was published.\n")
