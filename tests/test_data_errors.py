"""Mistakes in data/ and in the charts and figures that use it: one exact message naming the
file and line (or row and column), exit status 1, and the published site left as it was."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen.cli import main
from tests.conftest import SITES, build_site, make_site
from tests.test_bad_input import snapshot

CSV = "data/penempatan-2025.csv"
DESCRIPTOR = "data/penempatan-2025.resource.yaml"
POST = "content/news/2025-08-22-rakornis/index.id.md"
ROW_14 = "2025-05,Hongkong,1.750"
STAT = 'stat data="penempatan-2025" field="jumlah" >}}'
Change = Callable[[Path], None]


def edit(path: str, old: str, new: str) -> Change:
    def change(site: Path) -> None:
        text = (site / path).read_text(encoding="utf-8")
        assert old in text, f"the fixture no longer has {old!r}"
        (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")
    return change


def add(path: str, text: str) -> Change:
    return lambda site: (site / path).write_text(text, encoding="utf-8")


def duplicate_name(site: Path) -> None:
    (site / "data/lain.csv").write_text((site / CSV).read_text())
    (site / "data/lain.resource.yaml").write_text("name: penempatan-2025\n" + (site / DESCRIPTOR).read_text())


def excel_with_a_bad_cell(site: Path) -> None:
    import openpyxl

    (site / "data/skema.resource.yaml").write_text(
        "title: Skema\nsource: Uji\nunit: orang\nlicense: CC0-1.0\nupdated: 2025-12-23\n"
        "schema:\n  fields:\n    - {name: skema}\n    - {name: jumlah, type: integer}\n")
    book = openpyxl.Workbook()
    book.active.title = "Data"
    for row in (["skema", "jumlah"], ["P to P", 38424], ["UKPS", "lima ratus"]):
        book.active.append(row)
    book.save(site / "data/skema.xlsx")


CASES: dict[str, tuple[Change, str]] = {
    "bad-cell": (edit(CSV, ROW_14, '2025-05,Hongkong,"1.234,5"'),
                 'data/penempatan-2025.csv:14: column "jumlah": "1.234,5" is not an integer'),
    "coverage-not-a-period": (edit(DESCRIPTOR, "temporal_coverage: 2025-01/2025-06",
                                   "temporal_coverage: Januari sampai Juni 2025"),
                              'data/penempatan-2025.resource.yaml:15: key "temporal_coverage": "Januari sampai Juni '
                              '2025" is not a year, month, date or period in ISO 8601; write it like 2025, 2025-06, '
                              "2025-06-30 or 2020/2025"),
    "short-row": (edit(CSV, ROW_14, "2025-05,Hongkong"),
                  "data/penempatan-2025.csv:14: has 2 cells, but the header names 3 columns (bulan, negara, jumlah)"),
    "below-minimum": (edit(CSV, ROW_14, "2025-05,Hongkong,-5"),
                      'data/penempatan-2025.csv:14: column "jumlah": -5 is below the minimum 0'),
    "required-empty": (edit(CSV, ROW_14, "2025-05,Hongkong,"),
                       'data/penempatan-2025.csv:14: column "jumlah": is empty, but a value is required'),
    "impossible-month": (edit(CSV, ROW_14, "2025-13,Hongkong,1.750"),
                         'data/penempatan-2025.csv:14: column "bulan": "2025-13" is not a year and month; '
                         "write YYYY-MM, like 2025-08"),
    "misspelt-column": (edit(CSV, "bulan,negara,jumlah", "bulan,negara,jumlh"),
                        'data/penempatan-2025.csv:1: column "jumlh" is not a field of the descriptor; '
                        'did you mean "jumlah"?'),
    "excel-bad-cell": (excel_with_a_bad_cell,
                       'data/skema.xlsx: sheet "Data", row 3: column "jumlah": "lima ratus" is not an integer'),
    "missing-descriptor": (add("data/lain.csv", "a,b\n1,2\n"),
                           'data/lain.csv: has no descriptor: create data/lain.resource.yaml with its title, '
                           'source, unit, licence and fields (see README, "Datasets")'),
    "duplicate-dataset-name": (duplicate_name,
                               'data/penempatan-2025.resource.yaml: dataset name "penempatan-2025" is also the name '
                               "of data/lain.resource.yaml; give one of them another name"),
    "descriptor-not-utf8": (lambda site: (site / DESCRIPTOR).write_bytes("title: Penempatan\xa0".encode("latin-1")),
                            f"{DESCRIPTOR}: is not UTF-8 text; save it as UTF-8"),
    "vega-lite-file-missing": (edit(POST, "chart: penempatan-2025/per-bulan", "data: penempatan-2025\n"
                                                                              "vega-lite: tidak-ada.vl.json"),
                               f"{POST}:40: chart: vega-lite: no file data/tidak-ada.vl.json"),
    "misspelt-descriptor-key": (edit(DESCRIPTOR, "license: CC-BY-4.0", "licence: CC-BY-4.0"),
                                f'{DESCRIPTOR}:13: unknown key "licence"; did you mean "license"?'),
    "text-missing-a-language": (edit(DESCRIPTOR, "  en: Test Office\n", ""),
                                f'{DESCRIPTOR}:7: source has no text for language "en": add en: ...'),
    "text-in-an-undeclared-language": (
        edit(DESCRIPTOR, "  en: Test Office\n", "  en: Test Office\n  fr: Bureau\n"),
        f'{DESCRIPTOR}:10: source has text for "fr", which is not a language of the site (id, en)'),
    "broken-descriptor-yaml": (edit(DESCRIPTOR, "license: CC-BY-4.0", "license: [CC-BY-4.0"),
                               "data/penempatan-2025.resource.yaml:13: is not valid YAML: while parsing a flow "
                               "sequence, expected ',' or ']', but got ':'\n"
                               "  14 | updated: 2025-07-15\n"
                               "     |        ^"),
    "colon-in-a-descriptor-text": (edit(DESCRIPTOR, "license: CC-BY-4.0", "license: Lisensi: CC-BY-4.0"),
                                   "data/penempatan-2025.resource.yaml:13: is not valid YAML: mapping values are "
                                   "not allowed here\n"
                                   "  13 | license: Lisensi: CC-BY-4.0\n"
                                   "     |                 ^\n"
                                   '  write it as: license: "Lisensi: CC-BY-4.0"'),
    "unknown-field-type": (edit(DESCRIPTOR, "      type: integer", "      type: int"),
                           'data/penempatan-2025.resource.yaml:32: key "schema.fields.2.type": must be one of '
                           "'integer', 'number', 'string', 'date', 'year', 'yearmonth', or 'boolean' (got 'int')"),
    "unknown-field-in-a-named-chart": (edit(DESCRIPTOR, "    color: negara", "    color: negra"),
                                       'data/penempatan-2025.resource.yaml:48: chart: color: field "negra" is not in '
                                       'dataset "penempatan-2025"; did you mean "negara"?'),
    "unknown-field-in-a-post-chart": (edit(POST, "x: negara", "x: negra"),
                                      f'{POST}:45: chart: x: field "negra" is not in dataset "penempatan-2025"; '
                                      'did you mean "negara"?'),
    "unknown-dataset-in-a-chart": (edit(POST, "data: penempatan-2025\ntype", "data: penempatan-2024\ntype"),
                                   f'{POST}:43: chart: no dataset "penempatan-2024" (datasets: keberangkatan, '
                                   "penempatan-2025)"),
    "unknown-named-chart": (edit(POST, "chart: penempatan-2025/per-bulan", "chart: penempatan-2025/per-tahun"),
                            f'{POST}:39: chart: dataset "penempatan-2025" has no chart "per-tahun" (named charts: '
                            "penempatan-2025/per-bulan, penempatan-2025/per-negara)"),
    "unknown-chart-type": (edit(POST, "type: horizontal bar", "type: pie"),
                           f"{POST}:44: chart: key \"type\": must be one of 'bar', 'horizontal bar', 'stacked bar', "
                           "'line', 'area', 'point', or 'donut' (got 'pie')"),
    "chart-filter-matching-nothing": (edit(POST, "filter: {bulan: 2025-03}", "filter: {bulan: 2025-09}"),
                                      f'{POST}:47: chart: filter: no row of dataset "penempatan-2025" has '
                                      "bulan = 2025-09 (bulan runs from 2025-01 to 2025-06)"),
    "chart-not-yaml": (edit(POST, "chart: penempatan-2025/per-bulan", "chart: [penempatan-2025/per-bulan"),
                       f"{POST}:39: chart is not valid YAML: expected ',' or ']', but got '<stream end>'"),
    "unknown-dataset-in-stat": (edit(POST, STAT, 'stat data="penempatan" field="jumlah" >}}'),
                                f'{POST}:36: shortcode stat: no dataset "penempatan" (datasets: keberangkatan, '
                                "penempatan-2025)"),
    "unknown-field-in-stat": (edit(POST, STAT, 'stat data="penempatan-2025" field="total" >}}'),
                              f'{POST}:36: shortcode stat: field "total" is not in dataset "penempatan-2025" '
                              "(fields: bulan, negara, jumlah)"),
    "stat-filter-matching-nothing": (
        edit(POST, STAT, 'stat data="penempatan-2025" field="jumlah" filter="negara=Jepang" >}}'),
        f'{POST}:36: shortcode stat: filter: no row of dataset "penempatan-2025" has negara = Jepang (negara has: '
        "Arab Saudi, Hongkong, Taiwan)"),
    "stat-filter-with-a-typo": (
        edit(POST, STAT, 'stat data="penempatan-2025" field="jumlah" filter="negara=Hongkon" >}}'),
        f'{POST}:36: shortcode stat: filter: no row of dataset "penempatan-2025" has negara = Hongkon; did you mean '
        '"Hongkong"?'),
    "unknown-aggregate": (edit(POST, STAT, 'stat data="penempatan-2025" field="jumlah" agg="total" >}}'),
                          f'{POST}:36: shortcode stat: agg="total" is not one of sum, mean, min, max, count, latest'),
}


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with data, built once (charts cached); each case starts from a copy of it."""
    site = make_site(tmp_path_factory.mktemp("published"), overlay=SITES / "with-data")
    build_site(site)
    return site


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_data_mistake_is_one_clear_message_and_nothing_is_published(
    tmp_path: Path, built_site: Path, case: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site, symlinks=True)
    published = site / "public"
    before = snapshot(published)
    change, message = CASES[case]
    change(site)

    result = CliRunner().invoke(main, ["build", "--source", str(site)])

    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\nNothing was published.\n"
    assert snapshot(published) == before


def test_every_data_mistake_named_in_the_issue_has_a_case() -> None:
    assert {"bad-cell", "missing-descriptor", "unknown-field-in-a-post-chart", "unknown-field-in-a-named-chart",
            "duplicate-dataset-name", "unknown-dataset-in-stat", "unknown-field-in-stat",
            "stat-filter-matching-nothing"} <= set(CASES)


def test_a_comma_or_colon_in_an_inline_text_is_read_as_the_officer_meant() -> None:
    from sitegen.data.descriptors import parse_descriptor

    text = ("title: {id: Penempatan, per negara, en: Placements, by country}\n"
            "source: {id: 'Kantor Uji, Jakarta', en: \"Test Office: Jakarta\"}\n"
            "unit: {id: orang, en: people}  # per tahun\n"
            "license: CC-BY-4.0\nupdated: 2025-08-30\n"
            "key_figure: {field: jumlah, filter: {tahun: 2024},\n"
            "             label: {id: Jumlah: semester I, en: Total: first half}}\n"
            "schema:\n  fields:\n    - name: jumlah\n      type: integer\n"
            "      title: {id: Jumlah, per orang, en: Total}\n"
            "      values:\n        Arab Saudi: {en: Saudi Arabia, the Kingdom of}\n"
            'description: "Ditulis {id: a, b} dalam teks; #1"\n')
    meta, lines = parse_descriptor(text, "d.resource.yaml", ["id", "en"])
    assert meta.title == {"id": "Penempatan, per negara", "en": "Placements, by country"}
    assert meta.source == {"id": "Kantor Uji, Jakarta", "en": "Test Office: Jakarta"}
    assert meta.unit == {"id": "orang", "en": "people"}
    assert meta.key_figure.label == {"id": "Jumlah: semester I", "en": "Total: first half"}
    assert meta.key_figure.filter == {"tahun": 2024}
    assert meta.schema_.fields[0].title == {"id": "Jumlah, per orang", "en": "Total"}
    assert meta.schema_.fields[0].values == {"Arab Saudi": {"en": "Saudi Arabia, the Kingdom of"}}
    assert meta.description == "Ditulis {id: a, b} dalam teks; #1"  # inside quotes: text, left as it is
    assert lines[("schema", "fields", 0, "title")] == 12
