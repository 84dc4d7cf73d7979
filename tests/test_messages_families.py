"""One message of each family, exactly, in Indonesian and in English: sitegen.toml and its
pydantic checks, a table cell, a chart, a template, a limit, a content file's language, the
output of `sitegen new dataset`, and `--help` (Click's own words included)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Literal

import pytest
import yaml
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sitegen.cli import main
from sitegen.commands import progress
from sitegen.commands.progress import TerminalProgress
from sitegen.core.messages import set_language, tr_later
from sitegen.source.config import validation_problems
from tests.conftest import SITES, make_site
from tests.test_data_errors import edit
from tests.test_progress import Terminal

POST = "content/news/2025-08-22-rakornis/index.id.md"
# PyYAML says "here", LibYAML (used when PyYAML was built with it) "in this context".
LIBYAML_WHERE = "in this context" if hasattr(yaml, "CSafeLoader") else "here"
Change = Callable[[Path], None]


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    set_language("en")


def add(path: str, text: str) -> Change:
    def change(site: Path) -> None:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    return change


def build(site: Path, lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "-s", str(site), "--lang", lang, "-q"])
    return result.exit_code, result.output


# family -> (sample site, the mistake, its message in Indonesian, in English)
FAMILIES: dict[str, tuple[str, Change, str, str]] = {
    "config-type": (
        "minimal", edit("sitegen.toml", "paginate = ", 'paginate = "dua"\n# '),
        "Kesalahan: sitegen.toml:3: kunci \"paginate\": harus berupa bilangan bulat (tertulis 'dua')\n"
        "Tidak ada yang diterbitkan.\n",
        "Error: sitegen.toml:3: key \"paginate\": must be a whole number (got 'dua')\nNothing was published.\n"),
    "config-range": (
        "minimal", edit("sitegen.toml", "paginate = ", "paginate = 0\n# "),
        'Kesalahan: sitegen.toml:3: kunci "paginate": harus 1 atau lebih (tertulis 0)\nTidak ada yang diterbitkan.\n',
        'Error: sitegen.toml:3: key "paginate": must be 1 or more (got 0)\nNothing was published.\n'),
    "config-unknown-key": (
        "minimal", edit("sitegen.toml", "paginate = ", "paginat = "),
        'Kesalahan: sitegen.toml:3: kunci "paginat" tidak dikenal; maksudnya "paginate"?\n'
        "Tidak ada yang diterbitkan.\n",
        'Error: sitegen.toml:3: unknown key "paginat"; did you mean "paginate"?\nNothing was published.\n'),
    "data-cell": (
        "with-data", edit("data/penempatan-2025.csv", "2025-01,Taiwan,1.200", "2025-01,Taiwan,n/a"),
        'Kesalahan: data/penempatan-2025.csv:3: kolom "jumlah": "n/a" bukan bilangan bulat: kosongkan selnya, '
        'atau tambahkan "n/a" ke "missingValues" di deskriptor, jika artinya nilainya tidak diketahui\n'
        "Tidak ada yang diterbitkan.\n",
        'Error: data/penempatan-2025.csv:3: column "jumlah": "n/a" is not an integer: leave the cell empty, or add '
        '"n/a" to "missingValues" in the descriptor, if it means that the value is not known\n'
        "Nothing was published.\n"),
    "chart": (
        "with-data", edit(POST, "type: horizontal bar", "type: pie"),
        f"Kesalahan: {POST}:44: grafik: kunci \"type\": harus salah satu dari 'bar', 'horizontal bar', "
        "'stacked bar', 'line', 'area', 'point', atau 'donut' (tertulis 'pie')\nTidak ada yang diterbitkan.\n",
        f"Error: {POST}:44: chart: key \"type\": must be one of 'bar', 'horizontal bar', 'stacked bar', 'line', "
        "'area', 'point', or 'donut' (got 'pie')\nNothing was published.\n"),
    "template": (
        "minimal", add("templates/single.html", "{% extends 'base.html' %}{% block main %}"
                                                "{% include 'tidak-ada.html' %}{% endblock %}"),
        "Kesalahan: templates/single.html: templat tidak-ada.html tidak ditemukan di templates atau "
        "themes/humas/templates\nTidak ada yang diterbitkan.\n",
        "Error: templates/single.html: template tidak-ada.html not found in templates or themes/humas/templates\n"
        "Nothing was published.\n"),
    "template-string": (
        "minimal", add("templates/single.html", "{% extends 'base.html' %}{% block main %}{{ t('tidak_ada') }}"
                                                "{% endblock %}"),
        'Kesalahan: templates/single.html:1: teks antarmuka "tidak_ada" belum ada untuk bahasa "id": tambahkan '
        'tidak_ada = "…" ke i18n/id.toml\nTidak ada yang diterbitkan.\n',
        'Error: templates/single.html:1: interface string "tidak_ada" is missing for language "id": add tidak_ada = '
        '"…" to i18n/id.toml\nNothing was published.\n'),
    "template-runtime": (
        "minimal", add("templates/single.html", "{% extends 'base.html' %}{% block main %}{{ page.titel.upper() }}"
                                                "{% endblock %}"),
        "Kesalahan: templates/single.html:1: kesalahan templat: 'Page object' has no attribute 'titel'\n"
        "Tidak ada yang diterbitkan.\n",
        "Error: templates/single.html:1: template error: 'Page object' has no attribute 'titel'\n"
        "Nothing was published.\n"),
    "limit": (
        "minimal", add("content/news/panjang.id.md", "---\ntitle: Panjang\ndate: 2025-08-01\n---\n"
                       + "kata " * 200_000),
        "Kesalahan: content/news/panjang.id.md: berukuran 1.000.040 byte; berkas konten paling besar 1.000.000 "
        "(rilis yang panjang sekitar 20.000): pecah menjadi beberapa halaman\nTidak ada yang diterbitkan.\n",
        "Error: content/news/panjang.id.md: is 1,000,040 bytes; a content file may be up to 1,000,000 (a long "
        "release is about 20,000): split it into several pages\nNothing was published.\n"),
    "yaml": (  # PyYAML's own words, for the mistakes writers make most, are translated too
        "minimal", add("content/news/kolon.id.md", "---\ntitle: Judul: baru\ndate: 2025-08-01\n---\nTeks.\n"),
        'Kesalahan: content/news/kolon.id.md:2: front matter bukan YAML yang sah: di sini tidak boleh ada "kunci: '
        'nilai" (beri tanda kutip pada teks yang berisi titik dua)\nTidak ada yang diterbitkan.\n',
        "Error: content/news/kolon.id.md:2: front matter is not valid YAML: mapping values are not allowed "
        f"{LIBYAML_WHERE}\nNothing was published.\n"),
    "interface-string": (
        "minimal", add("i18n/en.toml", 'sapaan = "Hello"\n'),
        'Kesalahan: i18n/id.toml: teks antarmuka "sapaan" belum ada untuk bahasa "id" (i18n/en.toml sudah punya): '
        'tambahkan sapaan = "…"\nTidak ada yang diterbitkan.\n',
        'Error: i18n/id.toml: interface string "sapaan" is missing for language "id" (i18n/en.toml has it): add '
        'sapaan = "…"\nNothing was published.\n'),
    "content-language": (
        "minimal", add("content/news/rilis.fr.md", "---\ntitle: Communiqué\ndate: 2025-08-01\n---\nTexte.\n"),
        'Kesalahan: content/news/rilis.fr.md: bahasa "fr" tidak dinyatakan di sitegen.toml (yang dinyatakan: id, '
        'en); ganti nama berkasnya atau tambahkan [languages.fr]\nTidak ada yang diterbitkan.\n',
        'Error: content/news/rilis.fr.md: language "fr" is not declared in sitegen.toml (declared: id, en); '
        "rename the file or add [languages.fr]\nNothing was published.\n"),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_a_mistake_of_each_family_is_told_in_indonesian_and_english(tmp_path: Path, family: str) -> None:
    sample, change, indonesian, english = FAMILIES[family]
    site = make_site(tmp_path, overlay=SITES / sample) if sample != "minimal" else make_site(tmp_path)
    change(site)
    assert build(site, "id") == (1, indonesian)
    assert build(site, "en") == (1, english)
    assert not (site / "public").exists()


def test_sitegen_new_dataset_speaks_indonesian_and_english(site: Path) -> None:
    (site / "data").mkdir()
    (site / "data/skema.csv").write_text('skema,jumlah\nP to P,"38.424"\nUKPS,"1.207"\nMandiri,-\n',
                                         encoding="utf-8")

    def new_dataset(lang: str) -> list[str]:
        (site / "data/skema.resource.yaml").unlink(missing_ok=True)
        result = CliRunner().invoke(main, ["new", "dataset", "data/skema.csv", "-s", str(site), "--lang", lang])
        assert result.exit_code == 0, result.output
        return result.output.splitlines()

    assert new_dataset("id")[:5] == [
        "data/skema.resource.yaml dibuat untuk data/skema.csv (3 baris, angka ditulis seperti 1.234,5 (Indonesia)). "
        "Hasil pembacaan:",
        "  skema: string",
        '  jumlah: integer, groupChar "."',
        "  nilai kosong: '', '-'",
        "  grafik jumlah-per-skema: bar, x skema, y jumlah"]
    assert "  title.en dari kolom \"skema\"" in new_dataset("id")
    descriptor = (site / "data/skema.resource.yaml").read_text(encoding="utf-8")
    assert descriptor.startswith("# Ditulis oleh `sitegen new dataset` dari skema.csv (3 baris).\n")
    assert new_dataset("en")[:5] == [
        "Created data/skema.resource.yaml for data/skema.csv (3 rows, numbers written like 1.234,5 (Indonesian)). "
        "Inferred:",
        "  skema: string",
        '  jumlah: integer, groupChar "."',
        "  missing values: '', '-'",
        "  chart jumlah-per-skema: bar, x skema, y jumlah"]


def help_text(*args: str, env: dict[str, str] | None = None) -> list[str]:
    result = CliRunner().invoke(main, list(args), env=env, prog_name="sitegen")
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_help_speaks_the_language_of_lang_or_sitegen_lang(site: Path) -> None:
    indonesian = help_text("new", "--lang", "id", "--help")
    assert indonesian == [
        "Cara pakai: sitegen new [OPTIONS] KIND TITLE",
        "",
        "  Mulai rilis (KIND news) atau halaman (KIND page) berjudul TITLE, dalam setiap",
        "  bahasa, sebagai draf; atau jelaskan sebuah tabel (KIND dataset, TITLE berkas",
        "  tabelnya) dalam <nama>.resource.yaml baru di sebelahnya.",
        "",
        "Opsi:",
        "  -s, --source DIRECTORY  Folder situs (yang berisi sitegen.toml).  [bawaan: .]",
        "  --lang [id|en]          Bahasa pesan [bawaan: SITEGEN_LANG, jika tidak ada:",
        "                          bahasa utama situs].",
        "  -h, --help              Tampilkan pesan ini lalu keluar."]
    assert help_text("new", "--help", "--lang", "id") == indonesian  # --help is eager: --lang after it counts too
    assert help_text("new", "--help", env={"SITEGEN_LANG": "id"}) == indonesian
    assert help_text("--lang", "id", "new", "--help", env={"SITEGEN_LANG": "en"}) == indonesian  # sitegen's own
    assert help_text("new", "--help", "--lang", "en") == [
        "Usage: sitegen new [OPTIONS] KIND TITLE",
        "",
        "  Start a release (KIND news) or a page (KIND page) titled TITLE, in every",
        "  language, as a draft; or describe a table (KIND dataset, TITLE the table file)",
        "  in a new <name>.resource.yaml beside it.",
        "",
        "Options:",
        "  -s, --source DIRECTORY  The site's folder (with sitegen.toml).  [default: .]",
        "  --lang [id|en]          The language of messages [default: SITEGEN_LANG, else",
        "                          the site's default language].",
        "  -h, --help              Show this message and exit."]
    top = help_text("--help", env={"SITEGEN_LANG": "id"})
    assert top[:2] == ["Cara pakai: sitegen [OPTIONS] COMMAND [ARGS]...", ""]
    assert "  build   Buat situs ke dalam folder yang siap diunggah" in top
    assert "Perintah:" in top
    # Without --lang or SITEGEN_LANG, the site's default language (-s names the site).
    assert help_text("build", "-s", str(site), "--help", env={"SITEGEN_LANG": ""})[0] == \
        "Cara pakai: sitegen build [OPTIONS]"


class Sample(BaseModel):
    """A schema with one field of each kind of value the sites' files hold."""

    model_config = ConfigDict(extra="forbid")
    count: int = Field(1, ge=1, le=100)
    share: float = 0.0
    name: str = Field("", min_length=3)
    shown: bool = True
    day: date = date(2025, 8, 22)
    kind: Literal["bar", "line"] = "bar"
    tags: list[str] = Field(default_factory=list, max_length=1)


# A wrong value -> what pydantic's error becomes, in Indonesian and in English.
SCHEMA_CASES = {
    "count": ({"count": "dua"}, 'kunci "count": harus berupa bilangan bulat (tertulis \'dua\')',
              'key "count": must be a whole number (got \'dua\')'),
    "count-range": ({"count": 0}, 'kunci "count": harus 1 atau lebih (tertulis 0)',
                    'key "count": must be 1 or more (got 0)'),
    "count-above": ({"count": 101}, 'kunci "count": harus 100 atau kurang (tertulis 101)',
                    'key "count": must be 100 or less (got 101)'),
    "share": ({"share": "x"}, "kunci \"share\": harus berupa angka (tertulis 'x')",
              "key \"share\": must be a number (got 'x')"),
    "name": ({"name": "ab"}, "kunci \"name\": harus berisi setidaknya 3 karakter (tertulis 'ab')",
             "key \"name\": must be at least 3 characters long (got 'ab')"),
    "shown": ({"shown": "ya"}, "kunci \"shown\": harus true atau false (tertulis 'ya')",
              "key \"shown\": must be true or false (got 'ya')"),
    "day": ({"day": "22/08/2025"}, "kunci \"day\": harus berupa tanggal yang ditulis seperti 2025-08-22 (tertulis "
            "'22/08/2025')", "key \"day\": must be a date written as 2025-08-22 (got '22/08/2025')"),
    "kind": ({"kind": "pie"}, "kunci \"kind\": harus salah satu dari 'bar' atau 'line' (tertulis 'pie')",
             "key \"kind\": must be one of 'bar' or 'line' (got 'pie')"),
    "tags": ({"tags": ["a", "b"]}, "kunci \"tags\": paling banyak berisi 1 butir (tertulis ['a', 'b'])",
             "key \"tags\": must have at most 1 item (got ['a', 'b'])"),
    "tags-type": ({"tags": "a"}, 'kunci "tags": harus berupa daftar, seperti ["a", "b"] (tertulis \'a\')',
                  'key "tags": must be a list, like ["a", "b"] (got \'a\')'),
    "unknown": ({"nmae": "x"}, 'kunci "nmae" tidak dikenal; maksudnya "name"?',
                'unknown key "nmae"; did you mean "name"?'),
}


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_pydantics_errors_become_sitegens_sentences_in_both_languages(case: str) -> None:
    raw, indonesian, english = SCHEMA_CASES[case]
    for lang, expected in (("id", indonesian), ("en", english)):
        set_language(lang)
        with pytest.raises(ValidationError) as caught:
            Sample.model_validate(raw)
        assert [p.message for p in validation_problems(caught.value, "x.yaml", Sample)] == [expected]


def test_the_progress_line_speaks_the_language_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "REDRAW", 0)  # the same step drawn twice in a row
    terminal = Terminal()
    line = TerminalProgress(terminal, started=time.perf_counter() - 10)
    set_language("id")
    line.step(tr_later("Static files and photos"), 1_200, 3_400)
    set_language("en")
    line.step(tr_later("Static files and photos"), 1_200, 3_400)
    assert terminal.getvalue() == ("\r\033[KBerkas statis dan foto 1.200 dari 3.400 (10 s)"
                                   "\r\033[KStatic files and photos 1,200 of 3,400 (10 s)")


def test_a_mistyped_command_line_is_told_in_the_language_chosen(site: Path) -> None:
    def run(*args: str) -> tuple[int, list[str]]:
        result = CliRunner().invoke(main, list(args), prog_name="sitegen", env={"SITEGEN_LANG": ""})
        return result.exit_code, result.output.splitlines()

    assert run("build", "-s", str(site), "--drafs") == (2, [  # the site's default language: Indonesian
        "Cara pakai: sitegen build [OPTIONS]", "Coba 'sitegen build --help' untuk bantuan.", "",
        "Kesalahan: Tidak ada opsi '--drafs'. Maksudnya --drafts?"])
    assert run("build", "--lang", "en", "--drafs") == (2, [
        "Usage: sitegen build [OPTIONS]", "Try 'sitegen build --help' for help.", "",
        "Error: No such option '--drafs'. Did you mean --drafts?"])
    assert run("new", "--lang", "id", "news")[1][-1] == "Kesalahan: Argumen 'TITLE' belum diberikan."
    assert run("--lang", "id", "bangun")[1][-1] == "Kesalahan: Tidak ada perintah 'bangun'."
    assert run("--lang", "id", "biuld")[1][-1] == "Kesalahan: Tidak ada perintah 'biuld'. Maksudnya sitegen build?"
    assert run("--lang", "en", "serv")[1][-1] == "Error: No such command 'serv'. Did you mean sitegen serve?"
