"""`sitegen new dataset <table>`: the descriptor written from a table's cells, and what it refuses."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from sitegen.cli import main
from tests.conftest import build_site, make_site, page

ENGLISH = {"SITEGEN_LANG": "en"}  # sitegen's messages in English, whatever the site's language


def run(site: Path, *args: str) -> Result:
    return CliRunner(env=ENGLISH).invoke(main, ["new", "dataset", *args, "--source", str(site)])


def write_table(site: Path, name: str, text: str) -> Path:
    (site / "data").mkdir(exist_ok=True)
    file = site / "data" / name
    file.write_text(text, encoding="utf-8")
    return file


def described(site: Path, name: str) -> dict:
    return yaml.safe_load((site / "data" / f"{name}.resource.yaml").read_text(encoding="utf-8"))


def fields(descriptor: dict) -> dict[str, dict]:
    return {f["name"]: {k: v for k, v in f.items() if k in ("type", "groupChar", "decimalChar")}
            for f in descriptor["schema"]["fields"]}


def test_indonesian_numbers_missing_cells_and_a_bar_chart_are_inferred(site: Path) -> None:
    write_table(site, "penempatan-negara.csv",
                'negara,jumlah,persen\nArab Saudi,"1.407.494","12,5"\nMalaysia,"20.191","3,25"\nTaiwan,-,n/a\n')
    result = run(site, "data/penempatan-negara.csv")
    assert result.exit_code == 0, result.output
    descriptor = described(site, "penempatan-negara")
    assert fields(descriptor) == {"negara": {"type": "string"}, "jumlah": {"type": "integer", "groupChar": "."},
                                  "persen": {"type": "number", "decimalChar": ","}}
    assert descriptor["schema"]["missingValues"] == ["", "-", "n/a"]
    assert descriptor["title"] == {"id": "Penempatan negara", "en": "TODO: translate Penempatan negara"}
    assert descriptor["schema"]["fields"][1]["title"] == {"id": "Jumlah", "en": "TODO: translate Jumlah"}
    assert descriptor["charts"] == {"jumlah-per-negara": {"type": "bar", "x": "negara", "y": "jumlah"}}
    assert result.output.splitlines() == [
        "Created data/penempatan-negara.resource.yaml for data/penempatan-negara.csv (3 rows, numbers written "
        "like 1.234,5 (Indonesian)). Inferred:",
        "  negara: string",
        '  jumlah: integer, groupChar "."',
        '  persen: number, decimalChar ","',
        "  missing values: '', '-', 'n/a'",
        "  chart jumlah-per-negara: bar, x negara, y jumlah",
        "Still to fill in, in data/penempatan-negara.resource.yaml (sitegen check lists each until it is done):",
        "  title.en", "  source", "  unit.id", "  unit.en", "  license", "  updated",
        '  title.en of field "negara"', '  title.en of field "jumlah"', '  title.en of field "persen"',
    ]


def test_english_numbers_are_inferred(site: Path) -> None:
    write_table(site, "wages.csv", 'country,workers,share\nSaudi Arabia,"1,407,494",12.5\nMalaysia,"20,191",3.25\n')
    assert run(site, "data/wages.csv").exit_code == 0
    assert fields(described(site, "wages")) == {"country": {"type": "string"},
                                                "workers": {"type": "integer", "groupChar": ","},
                                                "share": {"type": "number"}}


def test_a_table_that_does_not_show_its_marks_is_read_the_default_languages_way(site: Path) -> None:
    write_table(site, "kecil.csv", "wilayah,jumlah\nJakarta Barat,1.407\nJakarta Timur,2.050\n")
    assert run(site, "data/kecil.csv").exit_code == 0
    assert fields(described(site, "kecil"))["jumlah"] == {"type": "integer", "groupChar": "."}


def test_years_months_and_dates_and_a_line_chart(site: Path) -> None:
    write_table(site, "waktu.csv", "tahun,bulan,tanggal,jumlah,aktif,terverifikasi\n"
                                   "2024,2024-01,2024-01-15,10,true,ya\n2025,2025-02,2025-02-28,12,false,Tidak\n")
    assert run(site, "data/waktu.csv").exit_code == 0
    descriptor = described(site, "waktu")
    assert fields(descriptor) == {"tahun": {"type": "year"}, "bulan": {"type": "yearmonth"},
                                  "tanggal": {"type": "date"}, "jumlah": {"type": "integer"},
                                  "aktif": {"type": "boolean"}, "terverifikasi": {"type": "boolean"}}
    assert descriptor["schema"]["fields"][5]["trueValues"] == ["ya", "Ya", "YA"]
    assert descriptor["charts"] == {"jumlah-per-tahun": {"type": "line", "x": "tahun", "y": "jumlah"}}


def test_an_xlsx_workbook_is_described_from_its_typed_cells(site: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Bulan", "Tanggal lapor", "Negara tujuan", "Penempatan", "Rata-rata"])
    sheet.append([datetime(2025, 1, 1), datetime(2025, 2, 3), "Taiwan", 3912, 12.5])
    sheet.append([datetime(2025, 2, 1), datetime(2025, 3, 9), "Hongkong", 20191, None])
    (site / "data").mkdir()
    book.save(site / "data" / "Penempatan 2025.xlsx")
    result = run(site, "data/Penempatan 2025.xlsx")
    assert result.exit_code == 0, result.output
    descriptor = described(site, "Penempatan 2025")
    assert descriptor["name"] == "penempatan-2025"
    assert fields(descriptor) == {"Bulan": {"type": "yearmonth"}, "Tanggal lapor": {"type": "date"},
                                  "Negara tujuan": {"type": "string"}, "Penempatan": {"type": "integer"},
                                  "Rata-rata": {"type": "number"}}
    assert descriptor["charts"]["penempatan-per-bulan"] == {"type": "line", "x": "Bulan", "y": "Penempatan"}


def test_a_column_of_numbers_and_words_is_text_with_a_notice(site: Path) -> None:
    write_table(site, "campur.csv", "negara,jumlah\nA,10\nB,tidak ada\nC,12\nD,±300\nE,14\n")
    result = run(site, "data/campur.csv")
    assert result.exit_code == 0
    assert fields(described(site, "campur"))["jumlah"] == {"type": "string"}
    assert ('Notice: column "jumlah" has numbers and cells that are not numbers: "tidak ada" (line 3), '
            '"±300" (line 5); described as text. Correct those cells (leave a cell empty for no value) and run '
            "sitegen new dataset again for a number column") in result.output.splitlines()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("kosong.csv", "negara,jumlah\n",
     "Error: data/kosong.csv: is empty: it has a header row but no rows of data below it"),
    ("tanpa-judul.csv", "2024,120\n2025,130\n",
     'Error: data/tanpa-judul.csv:1: has no header row: its first row holds values ("2024", "120"), not column '
     "names; add a first row naming the columns, like tahun,jumlah"),
    ("hampa.csv", "",
     "Error: data/hampa.csv:1: has no header line: the first line must name the columns"),
    ("latin1.csv", "negara,jumlah\nM\xe9xico,3\n",
     "Error: data/latin1.csv: is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)"),
    ("rusak.xlsx", "bukan buku kerja",
     "Error: data/rusak.xlsx: is not an Excel .xlsx workbook (File is not a zip file)"),
    ("kosong.json", "[]",
     "Error: data/kosong.json: is empty: it holds no rows of data"),
])
def test_bad_tables_get_one_message_and_nothing_is_written(site: Path, name: str, content: str,
                                                           message: str) -> None:
    (site / "data").mkdir()
    (site / "data" / name).write_bytes(content.encode("latin-1" if name == "latin1.csv" else "utf-8"))
    result = run(site, f"data/{name}")
    assert result.exit_code == 1
    assert result.output.splitlines() == [message, "Nothing was written."]
    assert sorted(p.name for p in (site / "data").iterdir()) == [name]


def test_a_missing_file_and_an_existing_descriptor_are_refused(site: Path) -> None:
    result = run(site, "data/tidak-ada.csv")
    assert result.output.splitlines()[0] == ("Error: data/tidak-ada.csv: no such file: name the table from the "
                                             "site's folder, like data/penempatan-2025.csv")
    write_table(site, "ada.csv", "a,b\nx,1\n")
    (site / "data" / "ada.resource.yaml").write_text("# mine\n", encoding="utf-8")
    result = run(site, "data/ada.csv")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == ("Error: data/ada.resource.yaml: exists already, and is never "
                                             "overwritten: edit it, or delete it to have it written again")
    assert (site / "data" / "ada.resource.yaml").read_text(encoding="utf-8") == "# mine\n"


def test_check_reports_each_placeholder_until_it_is_filled(site: Path) -> None:
    write_table(site, "penempatan-negara.csv", 'negara,jumlah\nArab Saudi,"1.407.494"\nTaiwan,"20.191"\n')
    run(site, "data/penempatan-negara.csv")
    result = CliRunner(env=ENGLISH).invoke(main, ["check", "--source", str(site), "--format", "json"])
    assert result.exit_code == 1
    messages = [(f["line"], f["message"]) for f in json.loads(result.output)["findings"]
                if f["file"] == "data/penempatan-negara.resource.yaml"]
    assert messages[:2] == [(5, 'title.en is still a placeholder ("TODO: translate Penempatan negara"): '
                                'replace it with the real value'),
                            (6, 'source is still a placeholder ("TODO: who published these figures, like BP3MI DKI '
                                'Jakarta"): replace it with the real value')]
    assert (25, 'title.en of field "jumlah" is still a placeholder ("TODO: translate Jumlah"): replace it with the '
                "real value") in messages
    assert len(messages) == 8


FILLED = {
    '"TODO: translate Penempatan negara"': '"Placements by country"',
    '"TODO: who published these figures, like BP3MI DKI Jakarta"': '"BP3MI DKI Jakarta"',
    'id: "TODO: what is counted, like orang / people"': 'id: "orang"',
    'en: "TODO: what is counted, like orang / people"': 'en: "people"',
    '"TODO: an SPDX id, like CC-BY-4.0"': '"CC-BY-4.0"',
    '"TODO: the date of these figures, like 2025-08-22"': "2025-08-22",
    '"TODO: translate Negara"': '"Country"',
    '"TODO: translate Jumlah"': '"Placements"',
}


def test_a_filled_in_descriptor_publishes_the_dataset_and_its_suggested_chart(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    write_table(site, "penempatan-negara.csv",
                'negara,jumlah\nArab Saudi,"1.407.494"\nMalaysia,"20.191"\nTaiwan,-\n')
    assert run(site, "data/penempatan-negara.csv").exit_code == 0
    descriptor = site / "data" / "penempatan-negara.resource.yaml"
    text = descriptor.read_text(encoding="utf-8")
    for placeholder, value in FILLED.items():
        text = text.replace(placeholder, value)
    descriptor.write_text(text, encoding="utf-8")
    public = build_site(site)
    doc = page(public, "/statistics/penempatan-negara/")
    assert doc.h1.get_text(strip=True) == "Penempatan negara"
    chart = doc.select_one("figure.chart img")
    svg = (public / chart["src"].lstrip("/")).read_text(encoding="utf-8")
    assert "Arab Saudi" in svg and "1.407.494" in svg
    assert "Placements by country" in page(public, "/en/statistics/penempatan-negara/").h1.get_text()
    csv = (public / "data/penempatan-negara/penempatan-negara.csv").read_text(encoding="utf-8")
    assert csv.splitlines() == ["negara,jumlah", "Arab Saudi,1407494", "Malaysia,20191", "Taiwan,"]


def test_json_and_yaml_tables_are_described_from_their_typed_values(site: Path) -> None:
    write_table(site, "tahunan.json", '[{"tahun": 2023, "penempatan": 273747, "target": 270000.5},'
                                      ' {"tahun": 2024, "penempatan": 295439, "target": null}]')
    assert run(site, "data/tahunan.json").exit_code == 0
    assert fields(described(site, "tahunan")) == {"tahun": {"type": "year"}, "penempatan": {"type": "integer"},
                                                  "target": {"type": "number"}}
    write_table(site, "bulanan.yaml", "- {bulan: 2025-01, jumlah: 3912}\n- {bulan: 2025-02, jumlah: 3100}\n")
    assert run(site, "data/bulanan.yaml").exit_code == 0
    assert fields(described(site, "bulanan")) == {"bulan": {"type": "yearmonth"}, "jumlah": {"type": "integer"}}


def test_a_table_in_a_releases_folder_gets_its_descriptor_beside_it(site: Path) -> None:
    bundle = site / "content/news/2025-08-22-rakornis"
    (bundle / "capaian.csv").write_text("indikator,jumlah\nKeberangkatan,\"20.191\"\n", encoding="utf-8")
    result = run(site, str(bundle / "capaian.csv"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created content/news/2025-08-22-rakornis/capaian.resource.yaml for "
                                    "content/news/2025-08-22-rakornis/capaian.csv (1 rows")
    assert (bundle / "capaian.resource.yaml").is_file()


def test_a_table_outside_data_and_content_is_refused(site: Path) -> None:
    (site / "static/angka.csv").write_text("a,b\nx,1\n", encoding="utf-8")
    result = run(site, "static/angka.csv")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: static/angka.csv: is not in the site's data/ or in a release's folder in content/: move it there first",
        "Nothing was written."]
    assert not (site / "static/angka.resource.yaml").exists()


def test_counts_that_look_like_years_are_not_years_and_day_month_dates_get_a_notice(site: Path) -> None:
    write_table(site, "hitungan.csv", "periode,tanggal,jumlah\nQ1,01/02/2025,1950\nQ2,15/05/2025,2010\n")
    result = run(site, "data/hitungan.csv")
    assert fields(described(site, "hitungan")) == {"periode": {"type": "string"}, "tanggal": {"type": "string"},
                                                   "jumlah": {"type": "integer"}}
    assert ('Notice: column "tanggal" holds dates written like "01/02/2025"; described as text. Write them as '
            "YYYY-MM-DD (like 2025-08-22) for a date column, then run sitegen new dataset again"
            ) in result.output.splitlines()


def test_a_folder_or_a_pipe_is_not_a_table(site: Path) -> None:
    (site / "data/folder.csv").mkdir(parents=True)
    os.mkfifo(site / "data/pipa.csv")
    for name in ("folder.csv", "pipa.csv"):
        result = run(site, f"data/{name}")
        assert result.exit_code == 1
        assert result.output.splitlines() == [
            f"Error: data/{name}: is not a table: name a .csv, .xlsx, .json or .yaml file", "Nothing was written."]
