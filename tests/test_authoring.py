"""`sitegen new` and `sitegen check`, on fixture sites, with their exact output."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from sitegen.cli import main
from sitegen.commands.new import new_content
from tests.conftest import JAKARTA, REPO

MOMENT = datetime(2025, 9, 1, 10, 30, 15, tzinfo=JAKARTA)
RAKORNIS_ID = "content/news/2025-08-22-rakornis/index.id.md"
SOSIALISASI = "content/news/2025-08-20-sosialisasi"


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def edit(site: Path, path: str, old: str, new: str) -> None:
    text = (site / path).read_text(encoding="utf-8")
    assert old in text
    (site / path).write_text(text.replace(old, new, 1), encoding="utf-8")


# --- sitegen new ---------------------------------------------------------------------------


def test_new_creates_a_draft_release_in_every_language_from_the_themes_archetype(site: Path) -> None:
    created = new_content(site, "news", "Sosialisasi: Migrasi Aman di Jakarta", now=MOMENT)
    folder = "content/news/2025-09-01-sosialisasi-migrasi-aman-di-jakarta"
    assert created.files == [f"{folder}/index.id.md", f"{folder}/index.en.md"]
    assert (site / folder / "index.id.md").read_text(encoding="utf-8") == (
        '---\ntitle: "Sosialisasi: Migrasi Aman di Jakarta"\ndate: 2025-09-01T10:30:15+07:00\ndraft: true\n'
        'summary: ""\ncategories: []\ntags: []\n'
        "# image: foto.jpg          (a photo in this folder)\n"
        '# image_alt: "what the photo shows, for readers who cannot see it"\n---\n'
        "Tulis paragraf pembuka di sini: siapa, apa, kapan, di mana.\n\n## Subjudul\n\n")
    english = (site / folder / "index.en.md").read_text(encoding="utf-8")
    assert 'slug: "sosialisasi-migrasi-aman-di-jakarta"' in english
    assert "Write the opening paragraph here" in english


def test_new_fills_in_dateline_and_credit_from_the_config(site: Path) -> None:
    config = site / "sitegen.toml"
    config.write_text(config.read_text() + '\n[new]\ndateline = "Jakarta"\ncredit = "Humas/Uji"\n')
    created = new_content(site, "news", "Rapat", now=MOMENT)
    text = (site / created.files[0]).read_text(encoding="utf-8")
    assert 'dateline: "Jakarta"\ncredit: "Humas/Uji"\n' in text


def test_the_new_release_is_a_draft_that_builds_only_with_drafts(site: Path) -> None:
    new_content(site, "news", "Rapat Baru", now=MOMENT)
    assert run("build", "-s", str(site), "-q").exit_code == 0
    assert not (site / "public/berita/2025-09-01-rapat-baru").exists()
    assert run("build", "-s", str(site), "-q", "--drafts").exit_code == 0
    assert (site / "public/berita/2025-09-01-rapat-baru/index.html").is_file()
    assert (site / "public/en/news/rapat-baru/index.html").is_file()


def test_a_new_page_has_no_date_in_its_folder_name(site: Path) -> None:
    created = new_content(site, "page", "Layanan Kami", now=MOMENT)
    assert created.files == ["content/pages/layanan-kami/index.id.md", "content/pages/layanan-kami/index.en.md"]
    assert "categories" not in (site / created.files[0]).read_text(encoding="utf-8")


def test_a_sites_archetype_wins_over_the_themes(site: Path) -> None:
    (site / "archetypes").mkdir()
    (site / "archetypes/news.md").write_text("---\ntitle: {{ title | quote }}\ndate: {{ date }}\n"
                                              "draft: true\n---\n{{ language }}\n")
    created = new_content(site, "news", "Rapat", now=MOMENT)
    assert (site / created.files[1]).read_text() == (
        '---\ntitle: "Rapat"\ndate: 2025-09-01T10:30:15+07:00\ndraft: true\n---\nEnglish\n')


def test_new_on_the_command_line_says_what_it_created_and_never_overwrites(site: Path) -> None:
    first = run("new", "news", "Rapat Koordinasi", "-s", str(site))
    today = datetime.now(JAKARTA).date().isoformat()
    assert first.exit_code == 0
    assert first.stdout == (
        f"Created content/news/{today}-rapat-koordinasi/index.id.md\n"
        f"Created content/news/{today}-rapat-koordinasi/index.en.md\n"
        "They are drafts: see them as you write with sitegen serve, and remove draft: true to publish.\n")
    before = (site / f"content/news/{today}-rapat-koordinasi/index.id.md").read_text()
    second = run("new", "news", "Rapat Koordinasi", "-s", str(site))
    assert second.exit_code == 1
    assert second.stderr == (f"Error: content/news/{today}-rapat-koordinasi: exists already: choose another "
                             "title, or edit the files in it\nNothing was created.\n")
    assert (site / f"content/news/{today}-rapat-koordinasi/index.id.md").read_text() == before


# --- sitegen check -------------------------------------------------------------------------


@pytest.fixture
def flawed(site: Path) -> Path:
    """The minimal site with one of each thing check warns of."""
    edit(site, RAKORNIS_ID, "index.id.md#hasil)", "index.id.md#hasil-akhir)")
    edit(site, RAKORNIS_ID, "summary: Ringkasan rakornis.", "summary: " + "Ringkasan yang terlalu panjang. " * 8)
    edit(site, f"{SOSIALISASI}/index.id.md", "date: 2025-08-20\n", "date: 2025-08-20\nlastmod: 2025-08-25\n")
    edit(site, f"{SOSIALISASI}/index.en.md", "title: ", "title: A Very Long Title " + "That Goes On " * 5)
    return site


CHECK_TEXT = """\
content/news/2025-08-20-sosialisasi/index.en.md
  2: warning: title is 106 characters; search results show about 70: shorten it (or raise check.title_length in \
sitegen.toml)
  4: warning: is older than its original content/news/2025-08-20-sosialisasi/index.id.md (changed 2025-08-25): \
bring it up to date and set lastmod
content/news/2025-08-22-rakornis/index.id.md
  4: warning: summary is 255 characters; share previews show about 200: shorten it (or raise check.summary_length)
  24: warning: links to "#hasil-akhir", which is not a heading or anchor of /berita/2025-08-20-sosialisasi/; link \
to one of its headings, or to the page itself
content/news/hanya-indonesia.md
  notice: has no "en" version: add content/news/hanya-indonesia.en.md when it is translated
content/news/masa-depan.id.md
  notice: has no "en" version: add content/news/masa-depan.en.md when it is translated
  3: warning: date 2099-01-01 is more than 365 days ahead: is the year right?

0 errors, 5 warnings, 2 notices.
"""


def test_check_reports_for_people_grouped_by_file(flawed: Path) -> None:
    result = run("check", "-s", str(flawed))
    assert result.stdout == CHECK_TEXT
    assert result.exit_code == 0  # warnings alone do not fail, unless --strict
    assert not (flawed / "public").exists()  # check writes nothing: no site, no cache
    assert not (flawed / ".sitegen-cache").exists()


def test_strict_turns_warnings_into_a_failure(flawed: Path) -> None:
    assert run("check", "-s", str(flawed), "--strict").exit_code == 1
    build = run("build", "-s", str(flawed), "--strict")
    assert build.exit_code == 1
    # the far-future date is not in a build: future releases are left out unless --future
    assert build.stderr.splitlines()[-1] == "4 errors; nothing was published."
    assert not (flawed / "public").exists()


def test_notices_never_fail_a_strict_check(site: Path) -> None:
    edit(site, "content/news/masa-depan.id.md", "2099-01-01", "2026-01-01")
    result = run("check", "-s", str(site), "--strict")
    assert result.exit_code == 0
    assert result.stdout.endswith("0 errors, 0 warnings, 2 notices.\n")


def test_check_reports_for_programs_as_json(flawed: Path) -> None:
    data = json.loads(run("check", "-s", str(flawed), "--format", "json").stdout)
    assert data["counts"] == {"error": 0, "warning": 5, "notice": 2}
    assert data["findings"][0] == {
        "file": "content/news/2025-08-20-sosialisasi/index.en.md", "line": 2, "severity": "warning",
        "message": "title is 106 characters; search results show about 70: shorten it (or raise check.title_length "
                   "in sitegen.toml)"}


def test_check_annotates_files_for_github_actions(flawed: Path) -> None:
    lines = run("check", "-s", str(flawed), "--format", "github").stdout.splitlines()
    assert lines[3] == ("::warning file=content/news/2025-08-22-rakornis/index.id.md,line=24::links to "
                        '"#hasil-akhir", which is not a heading or anchor of /berita/2025-08-20-sosialisasi/; '
                        "link to one of its headings, or to the page itself")
    assert lines[4] == ("::notice file=content/news/hanya-indonesia.md::has no \"en\" version: add "
                        "content/news/hanya-indonesia.en.md when it is translated")
    assert len(lines) == 7


def test_check_reports_what_stops_a_build_and_a_template_error(site: Path) -> None:
    edit(site, RAKORNIS_ID, "date: 2025-08-22T16:30:00", "date: 2025-02-30")
    result = run("check", "-s", str(site))
    assert result.exit_code == 1
    assert result.stdout == (
        "content/news/2025-08-22-rakornis/index.id.md\n"
        "  3: error: front matter \"date\": '2025-02-30' is not a real date (that month has no such day); "
        "write it as 2025-08-22 or 2025-08-22T09:30:00+07:00\n"
        # The other files are checked all the same: one run reports everything.
        "content/news/masa-depan.id.md\n"
        "  3: warning: date 2099-01-01 is more than 365 days ahead: is the year right?\n\n"
        "1 error, 1 warning, 0 notices.\n")
    edit(site, RAKORNIS_ID, "date: 2025-02-30", "date: 2025-08-22T16:30:00")
    (site / "templates").mkdir()
    (site / "templates/single.html").write_text("{% extends 'base.html' %}{% block main %}{{ page.no_such_field.x }}"
                                                "{% endblock %}")
    result = run("check", "-s", str(site))
    assert result.exit_code == 1
    assert "templates/single.html:1: error: template error: " in result.stdout.replace("\n  ", ":")


def test_the_translation_report_counts_what_is_translated(flawed: Path) -> None:
    result = run("check", "-s", str(flawed), "--translations")
    assert result.exit_code == 0
    assert result.stdout == """\
release                                          id           en
content/news/2025-08-20-sosialisasi/index.id.md  original     out of date
content/news/2025-08-22-rakornis/index.id.md     original     translated
content/news/dengan-kunci/index.id.md            original     translated
content/news/hanya-indonesia.md                  original     missing
content/news/masa-depan.id.md                    original     missing
content/pages/profil.id.md                       original     translated

3 of 6 in every language; 2 missing, 1 out of date.
"""


# --- continuous publishing -----------------------------------------------------------------


def test_the_publishing_workflow_checks_strictly_builds_and_deploys_public() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "pip install ." in commands
    assert "sitegen check --strict --format github" in commands
    build = next(c for c in commands if c.startswith("sitegen build"))
    assert "--strict" in build and "--base-url" in build
    assert commands.index("sitegen check --strict --format github") < commands.index(build)
    assert any(step.get("with", {}).get("path") == "public" for step in steps
               if "upload-pages-artifact" in step.get("uses", ""))
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_the_workflow_publishes_hourly_and_checks_pull_requests_without_deploying() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["schedule"] == [{"cron": "7 * * * *"}] and "pull_request" in triggers
    not_on_pulls = "github.event_name != 'pull_request'"
    assert workflow["jobs"]["deploy"]["if"] == not_on_pulls
    steps = workflow["jobs"]["build"]["steps"]
    on_pulls = [step.get("run") for step in steps if step.get("if") == "github.event_name == 'pull_request'"]
    assert on_pulls == ["sitegen build --strict"]
    assert all(step.get("if") == not_on_pulls for step in steps
               if "pages" in step.get("uses", "") or "--base-url" in step.get("run", ""))
    check = next(step for step in steps if step.get("run", "").startswith("sitegen check"))
    assert "if" not in check  # every run is checked, with annotations


def test_the_example_site_passes_a_strict_check() -> None:
    result = run("check", "-s", str(REPO), "--strict")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("0 errors, 0 warnings, 1 notice.\n")
