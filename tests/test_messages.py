"""sitegen's messages in Indonesian and English: gettext catalogs kept with Babel's tools."""

from __future__ import annotations

import io
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from playwright.sync_api import Browser

from sitegen.cli import main
from sitegen.core.messages import LOCALE_DIR, choose_language, set_language, tr
from tests.conftest import REPO, make_site
from tests.test_serve import open_live, running_preview

PO = LOCALE_DIR / "id/LC_MESSAGES/sitegen.po"
MO = LOCALE_DIR / "id/LC_MESSAGES/sitegen.mo"
BROKEN = "content/news/tanpa-judul.id.md"


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """A command run in Indonesian leaves the language set; the next test reads English."""
    yield
    set_language("en")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def messages_in_code() -> dict[str | tuple[str, str], str]:
    """Every message written as tr(...) or trn(...) in sitegen's code -> where it is."""
    found = {}
    keywords = {"tr": None, "trn": (1, 2), "tr_later": None}  # as README's pybabel extract
    for file, line, message, _, _ in extract_from_dir(REPO / "sitegen", keywords=keywords):
        found[message] = f"{file}:{line}"
    return found


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    with PO.open("rb") as file:
        catalog = read_po(file, locale="id")
    in_code = messages_in_code()
    assert len(in_code) >= 40
    for message, where in in_code.items():
        key = message[0] if isinstance(message, tuple) else message
        translated = catalog.get(key)
        assert translated is not None and translated.string, f"{where}: {key!r} has no Indonesian"
        english = message if isinstance(message, tuple) else (message,)
        indonesian = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        for text in (*english, *indonesian):
            assert placeholders(text) == placeholders(english[0]), f"{where}: {text!r}"
        assert "fuzzy" not in translated.flags, f"{where}: {key!r} is marked fuzzy"


def test_the_compiled_catalog_is_the_po_file_compiled() -> None:
    with PO.open("rb") as file:
        catalog = read_po(file, locale="id")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert MO.read_bytes() == compiled.getvalue(), "run .venv/bin/pybabel compile -d sitegen/locale -D sitegen"


def test_the_language_is_lang_then_sitegen_lang_then_the_sites_default(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    (tmp_path / "sitegen.toml").write_text('default_language = "en"\n', encoding="utf-8")
    monkeypatch.setenv("SITEGEN_LANG", "id_ID.UTF-8")
    assert choose_language("en", tmp_path) == "en"
    assert choose_language(None, tmp_path) == "id"
    monkeypatch.delenv("SITEGEN_LANG")
    assert choose_language(None, tmp_path) == "en"
    (tmp_path / "sitegen.toml").write_text('base_url = "https://x.example/"\n', encoding="utf-8")
    assert choose_language(None, tmp_path) == "id"  # sitegen.toml's default default_language
    monkeypatch.setenv("SITEGEN_LANG", "fr")  # not one sitegen speaks: the next in line decides
    assert choose_language(None, tmp_path / "nowhere") == "en"


def test_a_placeholder_is_filled_in_either_language() -> None:
    set_language("id")
    shown = tr("front matter has no \"{key}\": add a line such as \"{example}\"", key="title",
               example="title: Judul rilis")
    assert shown == 'front matter tidak punya "title": tambahkan baris seperti "title: Judul rilis"'
    set_language("en")
    assert tr("Nothing was published.") == "Nothing was published."


def build(site: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", "-s", str(site), *args], env=env)
    return result.exit_code, result.output


def test_a_build_mistake_is_told_in_indonesian_or_english(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / BROKEN).write_text("---\ndate: 2025-08-25\ntangal: x\n---\nTeks.\n", encoding="utf-8")
    (site / "content/news/tanggal.id.md").write_text("---\ntitle: A\ndate: 2025-02-30\n---\n", encoding="utf-8")
    indonesian = ("Kesalahan: content/news/tanggal.id.md:3: front matter \"date\": '2025-02-30' bukan tanggal yang "
                  "ada (bulan itu tidak punya tanggal tersebut); tulis seperti 2025-08-22 atau "
                  "2025-08-22T09:30:00+07:00\n"
                  f'Kesalahan: {BROKEN}: front matter tidak punya "title": tambahkan baris seperti '
                  '"title: Judul rilis"\n'
                  "2 kesalahan; tidak ada yang diterbitkan.\n")
    english = ("Error: content/news/tanggal.id.md:3: front matter \"date\": '2025-02-30' is not a real date (that "
               "month has no such day); write it as 2025-08-22 or 2025-08-22T09:30:00+07:00\n"
               f'Error: {BROKEN}: front matter has no "title": add a line such as "title: The release\'s headline"\n'
               "2 errors; nothing was published.\n")
    assert build(site, "--lang", "id") == (1, indonesian)
    assert build(site, "--lang", "en") == (1, english)
    assert build(site, env={"SITEGEN_LANG": "id"}) == (1, indonesian)
    monkeypatch.delenv("SITEGEN_LANG")
    assert build(site) == (1, indonesian)  # the sample site's default language is Indonesian
    assert not (site / "public").exists()


def test_check_speaks_indonesian(site: Path) -> None:
    (site / "content/news/salah.id.md").write_text("---\ntitle: A\ndate: 2025-08-25\ncategoris: [B]\n---\nTeks.\n",
                                                   encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "-s", str(site), "--lang", "id"])
    assert result.exit_code == 0
    assert ("content/news/salah.id.md\n  catatan: belum ada versi \"en\": tambahkan content/news/salah.en.md setelah "
            "diterjemahkan\n  4: peringatan: front matter \"categoris\" bukan kunci yang dikenal sitegen: "
            "maksudnya \"categories\"? (Jika itu kunci milik situs sendiri, tambahkan ke front_matter_keys di "
            "sitegen.toml.)\n") in result.output
    assert ("content/news/hanya-indonesia.md\n  catatan: belum ada versi \"en\": tambahkan "
            "content/news/hanya-indonesia.en.md setelah diterjemahkan\n") in result.output
    assert result.output.endswith("\n\n0 kesalahan, 2 peringatan, 3 catatan.\n")


@pytest.mark.browser
def test_the_preview_overlay_speaks_indonesian(tmp_path: Path, browser: Browser) -> None:
    site = make_site(tmp_path)
    with running_preview(site, tmp_path / "serve.log", "--lang", "id") as url:
        context = browser.new_context()
        try:
            tab = context.new_page()
            open_live(tab, f"{url}/berita/2025-08-22-rakornis/")
            release = site / "content/news/2025-08-22-rakornis/index.id.md"
            release.write_text(release.read_text(encoding="utf-8").replace("title: Rakornis Evaluasi Layanan\n", ""),
                               encoding="utf-8")
            overlay = tab.locator("#sitegen-error")
            overlay.wait_for(timeout=20_000)
            assert overlay.inner_text().splitlines() == [
                "Perubahan terakhir gagal dibuat. Ini versi terakhir yang berhasil; perbaiki berkasnya lalu simpan "
                "lagi.",
                'content/news/2025-08-22-rakornis/index.id.md: front matter tidak punya "title": tambahkan baris '
                'seperti "title: Judul rilis"']
        finally:
            context.close()
