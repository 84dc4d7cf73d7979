"""Issue 13, data: nothing outside data/ is published as a dataset, no descriptor or table
crashes or stalls the build, and a number is never misread.

Each refusal is one exact message naming the file (and line, row and column where there is
one), exit status 1, and the published site, the sources and the files outside the site left
as they were. The limits themselves are in sitegen/limits.py.
"""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.core import limits
from sitegen.core.errors import SitegenError
from sitegen.core.safeyaml import load_yaml
from sitegen.data.cells import CellError, convert
from sitegen.data.descriptors import FieldSpec
from sitegen.source.i18n import Formatter
from tests.conftest import JAKARTA, SITES, build_site, make_site, page
from tests.test_bad_input import snapshot
from tests.test_data_errors import CSV, DESCRIPTOR, ROW_14, edit

JSON_TABLE = "data/keberangkatan.json"
JSON_DESCRIPTOR = "data/keberangkatan.resource.yaml"
LICENSE = "license: CC-BY-4.0"  # line 13 of the descriptor; what is added after it is line 14
@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with data, built once; each case starts from a copy of it."""
    site = make_site(tmp_path_factory.mktemp("published"), overlay=SITES / "with-data")
    build_site(site)
    return site


@pytest.fixture
def site(tmp_path: Path, built_site: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, symlinks=True)
    return copy


@pytest.fixture
def outside(tmp_path: Path, site: Path) -> Path:
    """A folder beside the site with a secret table in it, which must never be published."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.csv").write_text("bulan,negara,jumlah\n2025-01,RAHASIA,1\n", encoding="utf-8")
    (folder / "secret.vl.json").write_text('{"mark": "bar"}', encoding="utf-8")
    return folder


def sources(site: Path) -> dict[str, bytes]:
    return {name: data for name, data in snapshot(site).items()
            if not name.startswith(("public/", ".sitegen-cache/"))}


def refused(site: Path, *messages: str, outside: Path | None = None) -> str:
    """Build with the CLI: exit 1, exactly these problems, nothing published or changed."""
    published, before = snapshot(site / "public"), sources(site)
    beside = snapshot(outside) if outside else {}
    started = time.monotonic()
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    assert time.monotonic() - started < 20, "a refused build must not stall"
    assert result.exit_code == 1, result.output
    ending = "Nothing was published.\n" if len(messages) == 1 else f"{len(messages)} errors; nothing was published.\n"
    assert result.stderr == "".join(f"Error: {m}\n" for m in messages) + ending
    assert snapshot(site / "public") == published
    assert sources(site) == before
    if outside:
        assert snapshot(outside) == beside
    return result.stderr


def refused_any(site: Path) -> str:
    """Build with the CLI: exit 1 and nothing published; the messages are the caller's to check."""
    published = snapshot(site / "public")
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    assert result.exit_code == 1, result.output
    assert snapshot(site / "public") == published
    return result.stderr


def quick(site: Path) -> Path:
    """Build without Pagefind (seconds that say nothing about data) and return public/."""
    config = site / "sitegen.toml"
    config.write_text("search = false\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return build_site(site)


# --- 4: nothing outside data/ becomes a dataset ------------------------------------------


def test_a_path_that_climbs_out_of_data_is_refused(site: Path, outside: Path) -> None:
    (site / CSV).unlink()
    edit(DESCRIPTOR, LICENSE, f"{LICENSE}\npath: ../../outside/secret.csv")(site)
    refused(site, f'{DESCRIPTOR}:14: path: "../../outside/secret.csv" climbs out of data/ with ".."; name the table '
                  "from the descriptor's folder, like penempatan-2025.csv", outside=outside)


def test_an_absolute_path_is_refused(site: Path, outside: Path) -> None:
    (site / CSV).unlink()
    edit(DESCRIPTOR, LICENSE, f"{LICENSE}\npath: {outside}/secret.csv")(site)
    refused(site, f'{DESCRIPTOR}:14: path: "{outside}/secret.csv" is an absolute path, and the file must be in data/; '
                  "name the table from the descriptor's folder, like penempatan-2025.csv", outside=outside)


def test_a_path_through_a_link_out_of_data_is_refused(site: Path) -> None:
    (site / CSV).rename(site / "content/penempatan.csv")  # inside the site, but not in data/
    (site / "data/lewat").symlink_to(site / "content", target_is_directory=True)
    edit(DESCRIPTOR, LICENSE, f"{LICENSE}\npath: lewat/penempatan.csv")(site)
    refused(site, "content/penempatan.csv: has no descriptor: create content/penempatan.resource.yaml with its title, "
                  'source, unit, licence and fields (see README, "Datasets")',  # listed through the link, as it is
            f'{DESCRIPTOR}:14: path: "lewat/penempatan.csv" leads to {site.resolve()}/content/penempatan.csv '
            "through a link, outside data/: copy the file in; name the table from the descriptor's folder, like "
            "penempatan-2025.csv")


def test_a_table_linked_from_outside_the_site_is_refused_by_name(site: Path, outside: Path) -> None:
    (site / CSV).unlink()
    (site / CSV).symlink_to(outside / "secret.csv")
    stderr = refused_any(site)
    assert stderr.startswith(f"Error: {CSV}: is a link to {outside / 'secret.csv'}, outside the site's folder")
    assert stderr.count("Error:") == 1  # its descriptor does not also say it has no table
    assert snapshot(outside) == {"secret.csv": b"bulan,negara,jumlah\n2025-01,RAHASIA,1\n",
                                 "secret.vl.json": b'{"mark": "bar"}'}


def test_a_raw_vega_lite_file_outside_data_is_refused(site: Path, outside: Path) -> None:
    post = "content/news/2025-08-22-rakornis/index.id.md"
    spec = "data: penempatan-2025\nvega-lite: ../../outside/secret.vl.json"
    edit(post, "chart: penempatan-2025/per-bulan", spec)(site)
    refused(site, f'{post}:40: chart: vega-lite: "../../outside/secret.vl.json" climbs out of data/ with ".."; name a '
                  "file in data/, like per-tahun.vl.json",
            outside=outside)


def test_a_raw_vega_lite_spec_may_not_fetch_data_from_elsewhere(site: Path) -> None:
    (site / "data/ambil.vl.json").write_text('{"mark": "bar", "layer": [{"data": {"url": "http://169.254.169.254/"}}]}')
    post = "content/news/2025-08-22-rakornis/index.id.md"
    edit(post, "chart: penempatan-2025/per-bulan", "data: penempatan-2025\nvega-lite: ambil.vl.json")(site)
    refused(site, f'{post}:40: chart: vega-lite: data/ambil.vl.json loads data from "http://169.254.169.254/"; '
                  "a chart draws only its dataset's rows: remove the url")


# --- 7: only web, mail and site links --------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "JavaScript:alert(1)", "data:text/html,<b>x",
                                 "//evil.example/x", "vbscript:msgbox(1)", "https:no-host"])
def test_a_source_url_that_is_not_a_web_address_is_refused(site: Path, url: str) -> None:
    edit(DESCRIPTOR, LICENSE, f"{LICENSE}\nsource_url: '{url}'")(site)
    refused(site, f'{DESCRIPTOR}:14: key "source_url": "{url}" is not a web address; write a web address like '
                  "https://example.org/data, a mailto: address, or a path on this site like /data/")


def test_a_license_url_with_a_hidden_character_is_refused(site: Path) -> None:
    edit(DESCRIPTOR, LICENSE, f'{LICENSE}\nlicense_url: "java\\tscript:alert(1)"')(site)
    refused(site, f'{DESCRIPTOR}:14: key "license_url": "java\\tscript:alert(1)" holds a line break or an invisible '
                  "character, or starts or ends with a space; write a web address like https://example.org/data, a "
                  "mailto: address, or a path on this site like /data/")


def test_web_mail_and_site_links_are_published(site: Path) -> None:
    edit(DESCRIPTOR, LICENSE, f"{LICENSE}\nsource_url: https://bp2mi.go.id/statistik\n"
                              "license_url: /lisensi/")(site)
    public = quick(site)
    doc = page(public, "/statistik/penempatan-2025/")
    assert [a["href"] for a in doc.select(".dataset-meta a")] == ["https://bp2mi.go.id/statistik", "/lisensi/"]


# --- 10: very large numbers --------------------------------------------------------------


def test_a_cell_of_five_thousand_digits_is_refused(site: Path) -> None:
    edit(CSV, ROW_14, "2025-05,Hongkong," + "1" * 5000)(site)
    refused(site, f'{CSV}:14: column "jumlah": "{"1" * 60}…" has 5,000 digits; a number may have at most 30 '
                  "(write it in a larger unit, like thousands)")


def test_two_to_the_64_in_a_charted_column_is_refused(site: Path) -> None:
    edit(CSV, ROW_14, "2025-05,Hongkong,18446744073709551616")(site)
    refused(site, f'{CSV}:14: column "jumlah": "18446744073709551616" is beyond ±9,007,199,254,740,991, the largest '
                  "whole number charts and JavaScript hold exactly; write it in a larger unit (thousands, millions)")


def test_ten_to_the_25_in_a_json_integer_column_is_refused(site: Path) -> None:
    (site / JSON_TABLE).write_text('[{"periode": "Semester I 2025", "keberangkatan": 10000000000000000000000000}]')
    refused(site, f'{JSON_TABLE}: row 1: column "keberangkatan": 10000000000000000000000000 is beyond '
                  "±9,007,199,254,740,991, the largest whole number charts and JavaScript hold exactly; write it in a "
                  "larger unit (thousands, millions)")


def test_babel_formats_numbers_past_its_default_28_digits() -> None:
    # Babel rounds in Python's decimal context (28 digits): 10^25 with three decimals used to
    # raise decimal.InvalidOperation. The formatter gives it the digits the number needs.
    formatter = Formatter("id", JAKARTA, {})
    assert formatter.number(10**25) == "10.000.000.000.000.000.000.000.000"
    assert formatter.number(1e25, compact=True) == "10000000000000 triliun"
    assert formatter.number(-(10**29) + 1) == "-99.999.999.999.999.999.999.999.999.999"


def test_a_number_column_of_ten_to_the_25_is_published(site: Path) -> None:
    (site / JSON_DESCRIPTOR).write_text((site / JSON_DESCRIPTOR).read_text().replace(
        "type: integer", "type: number") + "key_figure: {field: keberangkatan}\n")
    (site / JSON_TABLE).write_text('[{"periode": "Semester I 2025", "keberangkatan": 1e25},'
                                   ' {"periode": "Semester II 2025", "keberangkatan": 20599}]')
    public = quick(site)
    # 1e25 + 20,599 is 1e25 in floating point, as in every spreadsheet
    assert page(public, "/statistik/keberangkatan/").select_one(".key-value").get_text() == \
        "10.000.000.000.000.000.000.000.000"


def test_a_chart_of_sums_past_two_to_the_64_is_drawn(site: Path) -> None:
    # Each cell is safe, but 3,000 of them add up past what vl-convert reads as an integer.
    rows = "".join(f"Semester I 2025,{limits.SAFE_INTEGER}\n" for _ in range(3000))
    (site / JSON_TABLE).unlink()
    (site / "data/keberangkatan.csv").write_text("periode,keberangkatan\n" + rows)
    public = quick(site)
    assert page(public, "/en/statistics/keberangkatan/").select("figure.chart img")


# --- 13: nesting, aliases and unreadable characters -----------------------------------------


def test_a_json_table_nested_100000_deep_is_refused(site: Path) -> None:
    (site / JSON_TABLE).write_text("[" * 100_000 + "]" * 100_000)
    refused(site, f'{JSON_TABLE}: nests lists and objects more than 20 levels deep; a table is a list of rows like '
                  '[{"tahun": 2024}]')


def test_a_yaml_table_nested_100000_deep_is_refused(site: Path) -> None:
    (site / JSON_TABLE).unlink()
    (site / "data/keberangkatan.yaml").write_text("[" * 100_000 + "]" * 100_000)
    refused(site, "data/keberangkatan.yaml:1: nests lists and tables more than 20 levels deep; write it flatter")


def test_a_nested_cell_is_refused(site: Path) -> None:
    (site / JSON_TABLE).write_text('[{"periode": [[["Semester I"]]], "keberangkatan": 1}]')
    refused(site, f'{JSON_TABLE}: row 1: column "periode": holds a list; a cell holds one value: text, a number, true '
                  "or false, or a date")


def test_a_billion_laughs_descriptor_is_refused(site: Path) -> None:
    items = ["lol"] + [f"*a{i - 1}" for i in range(1, 9)]
    laughs = "".join(f"x{i}: &a{i} [{', '.join([item] * 9)}]\n" for i, item in enumerate(items))
    edit(DESCRIPTOR, "charts:\n", laughs + "charts:\n")(site)
    refused(site, f"{DESCRIPTOR}:41: holds more than 100,000 values (counting each value an *alias repeats); split "
                  "it, or use fewer aliases")


def test_a_descriptor_nested_too_deep_is_refused(site: Path) -> None:
    edit(DESCRIPTOR, LICENSE, f"{LICENSE}\nextra: {'[' * 30}{']' * 30}")(site)
    refused(site, f"{DESCRIPTOR}:14: nests lists and tables more than 20 levels deep; write it flatter")


def test_a_c1_control_character_in_a_descriptor_names_its_line(site: Path) -> None:
    edit(DESCRIPTOR, "  en: Test Office", "  en: Test Office\x92s")(site)  # Windows' ’ read as Latin-1
    refused(site, f"{DESCRIPTOR}:9: holds the invisible control character U+0092 (probably ’ saved in the wrong "
                  "encoding), which YAML does not allow; delete it (retype the text around it)")


def test_an_impossible_date_in_a_descriptor_names_its_line(site: Path) -> None:
    edit(DESCRIPTOR, "updated: 2025-07-15", "updated: 2025-02-30")(site)
    refused(site, f"{DESCRIPTOR}:14: holds the value '2025-02-30', which cannot be read (day is out of range for "
                  "month)")


def test_a_descriptor_over_its_size_limit_is_refused(site: Path) -> None:
    (site / DESCRIPTOR).write_text((site / DESCRIPTOR).read_text() + "#" * limits.DESCRIPTOR_BYTES)
    size = (site / DESCRIPTOR).stat().st_size
    refused(site, f"{DESCRIPTOR}: is {size:,} bytes; a descriptor may be at most 1,000,000 bytes (put the data in its "
                  "table)")


def test_yaml_that_repeats_itself_forever_is_refused() -> None:
    with pytest.raises(SitegenError) as error:
        load_yaml("a: &a [1, *a]\n", "x.yaml")
    assert str(error.value) == "x.yaml:1: the alias *a repeats the list or table it is in, which never ends; " \
                               "write the values out"


# --- 18: digit grouping and digits ------------------------------------------------------


GROUPED = {"type": "integer", "groupChar": "."}


@pytest.mark.parametrize(("raw", "expected"), [("261.328", 261328), ("1.234.567", 1234567), ("261328", 261328),
                                               ("-1.500", -1500), ("7", 7)])
def test_group_marks_between_groups_of_three_are_read(raw: str, expected: int) -> None:
    assert convert(raw, FieldSpec.model_validate({"name": "x", **GROUPED})) == expected


@pytest.mark.parametrize(("raw", "field", "message"), [
    ("1.5", GROUPED, '"1.5" is not an integer: "." separates groups of three digits in this column, like 1.234.567'),
    ("1.2.3.4", GROUPED, '"1.2.3.4" is not an integer: "." separates groups of three digits in this column, like '
                         "1.234.567"),
    ("1234.567", GROUPED, '"1234.567" is not an integer: "." separates groups of three digits in this column, like '
                          "1.234.567"),
    ("1.234,5", {"type": "number", "groupChar": ".", "decimalChar": ","}, None),
    ("1.23,5", {"type": "number", "groupChar": ".", "decimalChar": ","},
     '"1.23,5" is not a number: "." separates groups of three digits in this column, like 1.234.567'),
    ("١٢٣", {"type": "integer"}, '"١٢٣" is not an integer: write its digits as 0-9'),
    ("１２３", {"type": "number"}, '"１２３" is not a number: write its digits as 0-9'),
    ("２０２５", {"type": "year"}, '"２０２５" is not a year; write four digits, like 2025'),
    ("٢٠٢٥-٠٨", {"type": "yearmonth"}, '"٢٠٢٥-٠٨" is not a year and month; write YYYY-MM, like 2025-08'),
    ("1e400", {"type": "number"}, '"1e400" is not a number'),
    ("1e30", {"type": "number"}, '"1e30" is too large: a number may have at most 30 digits before its decimal mark; '
                                 "write it in a larger unit"),
])
def test_a_misread_number_is_refused(raw: str, field: dict, message: str | None) -> None:
    spec = FieldSpec.model_validate({"name": "x", **field})
    if message is None:
        assert convert(raw, spec) == 1234.5
        return
    with pytest.raises(CellError) as error:
        convert(raw, spec)
    assert str(error.value) == message


def test_misplaced_group_marks_and_foreign_digits_are_refused_in_a_build(site: Path) -> None:
    edit(CSV, ROW_14, "2025-05,Hongkong,1.5\n2025-05,Makau,1.2.3.4\n2025-05,Korea,١٢٣")(site)
    refused(site,
            f'{CSV}:14: column "jumlah": "1.5" is not an integer: "." separates groups of three digits in this column, '
            "like 1.234.567",
            f'{CSV}:15: column "jumlah": "1.2.3.4" is not an integer: "." separates groups of three digits in this '
            "column, like 1.234.567",
            f'{CSV}:16: column "jumlah": "١٢٣" is not an integer: write its digits as 0-9')


def test_one_mark_for_both_groups_and_decimals_is_refused(site: Path) -> None:
    edit(DESCRIPTOR, "      type: integer\n      groupChar", "      type: number\n      groupChar")(site)
    refused(site, f'{DESCRIPTOR}:31: key "schema.fields.2": groupChar and decimalChar are both ".", so "1.500" could '
                  'be fifteen hundred or one and a half; write decimalChar: "," with groupChar: "."')


# --- 19: what would take minutes or gigabytes ---------------------------------------------


@pytest.mark.parametrize("pattern", ["(a+)+$", "(a|aa)+$", "(x+x+)+y"])
def test_a_catastrophic_pattern_does_not_stall_the_build(site: Path, pattern: str) -> None:
    # Python's re took 20 s on one such cell; RE2 matches in time proportional to the cell.
    edit(DESCRIPTOR, "      type: string\n", f"      type: string\n      constraints: {{pattern: '{pattern}'}}\n")(site)
    lines = "".join(f"2025-05,{'a' * 3000}{'x' * 3000}!,1\n" for _ in range(200))
    (site / CSV).write_text("bulan,negara,jumlah\n" + lines)
    started = time.monotonic()
    stderr = refused_any(site)
    assert time.monotonic() - started < 10
    assert stderr.startswith(f'Error: {CSV}:2: column "negara": "{"a" * 60}…" does not match the pattern "{pattern}"\n')
    assert stderr.endswith(f'Error: {CSV}:102: 100 more cells from here on do not fit their fields; fix the ones '
                           "listed first\n101 errors; nothing was published.\n")


def test_a_pattern_that_would_take_gigabytes_to_compile_is_refused(site: Path) -> None:
    # The regex package unrolls this into a program of a million steps (its time limit does not help).
    bomb = "((a{1000}){1000}){1000}"
    edit(DESCRIPTOR, "      type: string\n", f"      type: string\n      constraints: {{pattern: '{bomb}'}}\n")(site)
    refused(site, f'{DESCRIPTOR}:27: key "schema.fields.1.constraints.pattern": "{bomb}" is not a regular expression '
                  "sitegen can run (invalid repetition size: {1000}); a pattern may not look ahead or behind, refer "
                  "back to a group, or repeat more than 1,000 times")


def test_a_workbook_that_unpacks_past_its_limit_is_refused_before_it_is_opened(site: Path) -> None:
    (site / "data/skema.resource.yaml").write_text(
        "title: Skema\nsource: Uji\nunit: orang\nlicense: CC0-1.0\nupdated: 2025-12-23\n"
        "schema:\n  fields:\n    - {name: skema}\n")
    with zipfile.ZipFile(site / "data/skema.xlsx", "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"\0" * (limits.XLSX_UNPACKED_BYTES + 1))
    refused(site, f"data/skema.xlsx: unpacks to {limits.XLSX_UNPACKED_BYTES + 1:,} bytes; a workbook may unpack to "
                  "at most 100,000,000: copy the table alone into a new workbook, or save it as CSV")


def crafted_workbook(site: Path, sheet: Callable[[str], str]) -> None:
    """An .xlsx whose first sheet's XML is changed by `sheet`, and its descriptor."""
    import openpyxl

    (site / "data/skema.resource.yaml").write_text(
        "title: Skema\nsource: Uji\nunit: orang\nlicense: CC0-1.0\nupdated: 2025-12-23\n"
        "schema:\n  fields:\n    - {name: skema}\n    - {name: jumlah, type: integer}\n")
    book = openpyxl.Workbook()
    book.active.append(["skema", "jumlah"])
    book.active.append(["P to P", 1])
    plain = site / "plain.xlsx"
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(site / "data/skema.xlsx", "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet(data.decode()).encode()
            out.writestr(info.filename, data)
    plain.unlink()


def test_a_workbook_cell_of_5000_digits_is_refused(site: Path) -> None:
    crafted_workbook(site, lambda xml: xml.replace("<v>1</v>", f"<v>{'1' * 5000}</v>"))
    refused(site, "data/skema.xlsx: holds a number with more than 30 digits; write it shorter, or in a larger unit")


def test_a_workbook_with_xml_entities_that_expand_a_millionfold_is_refused(site: Path) -> None:
    entities = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>"
    crafted_workbook(site, lambda xml: xml.replace("<worksheet", entities + "<worksheet", 1).replace(
        "<v>1</v>", "<v>&i;</v>"))
    stderr = refused_any(site)
    assert stderr.startswith("Error: data/skema.xlsx: cannot be read as an Excel workbook (ParseError: ")
    assert stderr.endswith("open it in Excel or LibreOffice and save it again as .xlsx, or save it as CSV\n"
                           "Nothing was published.\n")


def test_a_table_over_its_size_limit_is_refused_before_it_is_read(site: Path) -> None:
    with (site / CSV).open("a") as table:
        table.write("#" * limits.TABLE_FILE_BYTES)
    size = (site / CSV).stat().st_size
    refused(site, f"{CSV}: is {size:,} bytes; a table may be at most 10,000,000 bytes: split it into several datasets "
                  "(by year, for example)")


def test_a_table_with_too_many_cells_is_refused(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitegen.data.tables.TABLE_CELLS", 30)  # the real limit's CSV takes seconds to write
    refused(site, f"{CSV}:12: has more than 30 cells (3 columns); split it into several datasets (by year, for "
                  "example)")


def test_a_cell_over_its_character_limit_is_refused(site: Path) -> None:
    edit(CSV, ROW_14, f"2025-05,{'x' * (limits.CELL_CHARACTERS + 1)},1.750")(site)
    refused(site, f'{CSV}:14: column "negara": "{"x" * 60}…" has 10,001 characters; a cell may hold at most 10,000')


def test_a_chart_of_too_many_points_is_refused(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitegen.data.charts.CHART_POINTS", 5)
    refused(site, f"{DESCRIPTOR}:37: chart: draws 6 points, more than the 5 a chart can show readably; narrow it "
                  "with filter:, or chart a coarser field",
            f"{DESCRIPTOR}:44: chart: draws 18 points, more than the 5 a chart can show readably; narrow it with "
            "filter:, or chart a coarser field")


def test_a_dataset_page_shows_its_first_rows_and_the_downloads_hold_all(site: Path) -> None:
    shown = limits.TABLE_ROWS_SHOWN
    rows = "".join(f"Semester {i},{i}\n" for i in range(shown + 5))
    (site / JSON_TABLE).unlink()
    (site / "data/keberangkatan.csv").write_text("periode,keberangkatan\n" + rows)
    descriptor = site / JSON_DESCRIPTOR
    descriptor.write_text(descriptor.read_text().split("charts:")[0])  # 1,005 bars would be refused, rightly
    public = quick(site)
    for path, note in (("/statistik/keberangkatan/", "Menampilkan 1.000 baris pertama dari 1.005."),
                       ("/en/statistics/keberangkatan/", "Showing the first 1,000 of 1,005 rows.")):
        doc = page(public, path)
        assert len(doc.select("article.dataset .table-scroll tbody tr")) == shown
        assert doc.select_one(".table-note").get_text().startswith(note)
    download = (public / "data/keberangkatan/keberangkatan.csv").read_text().splitlines()
    assert len(download) == shown + 5 + 1


# --- 21: what a message shows of a cell -------------------------------------------------------


def test_a_cells_control_characters_are_escaped_and_a_long_cell_is_cut(site: Path) -> None:
    edit(CSV, ROW_14, '2025-05,Hongkong,"1\x1b[31m\nred\u202e' + "x" * 100 + '"')(site)
    stderr = refused(site, f'{CSV}:15: column "jumlah": "1\\x1b[31m\\nred\\u202e{"x" * 49}…" is not an integer')
    assert "\x1b" not in stderr and "\u202e" not in stderr


def test_no_file_outside_the_site_is_written(site: Path, outside: Path) -> None:
    before = snapshot(outside)
    edit(CSV, ROW_14, "2025-05,Hongkong,1.5")(site)
    refused_any(site)
    assert snapshot(outside) == before
    assert sorted(os.listdir(outside.parent)) == ["outside", "site"]
