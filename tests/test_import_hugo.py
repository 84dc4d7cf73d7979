"""Issue 18, point 9: `sitegen import hugo.toml` writes a sitegen.toml from a Hugo config and lists
what it could not carry over."""

from __future__ import annotations

import json
import shutil
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner, Result

from sitegen.cli import main
from sitegen.source.config import load_config
from tests.conftest import build_site, make_site, page

HUGO_TOML = """\
baseURL = "https://blog.example.id/"
languageCode = "id-ID"
title = "Blog Contoh"
defaultContentLanguage = "id"
timeZone = "Asia/Makassar"
theme = "PaperMod"
summaryLength = 30

[pagination]
pagerSize = 5
path = "halaman"

[taxonomies]
category = "categories"
tag = "tags"
author = "authors"

[permalinks]
posts = "/:year/:month/:slug/"
notes = "/:weekday/:slug/"

[params]
description = "Catatan dari Jakarta"
mainSections = ["posts"]
[params.social]
x = "redaksi"

[markup.goldmark.renderer]
unsafe = true

[languages.id]
languageName = "Bahasa Indonesia"
weight = 1
[[languages.id.menus.main]]
name = "Tulisan"
url = "/posts/"
weight = 1
[[languages.id.menus.main]]
name = "Tentang"
pageRef = "about"
weight = 2
[[languages.id.menus.footer]]
name = "Kontak"
url = "/kontak/"

[languages.en]
languageName = "English"
title = "Example Blog"
weight = 2
languageCode = "en-US"
[languages.en.params]
description = "Notes from Jakarta"
"""

EXPECTED = {
    "base_url": "https://blog.example.id/",
    "default_language": "id",
    "timezone": "Asia/Makassar",
    "paginate": 5,
    "taxonomies": ["categories", "tags", "authors"],
    "permalinks": {"posts": "/:year/:month/:slug/"},
    "dated_sections": ["posts"],
    "unsafe_html": True,
    "params": {"description": "Catatan dari Jakarta", "social": {"x": "redaksi"}},
    "languages": {
        "id": {"name": "Bahasa Indonesia", "title": "Blog Contoh", "description": "Catatan dari Jakarta",
               "weight": 1, "locale": "id_ID", "pagination": "halaman",
               "menu": [{"name": "Tulisan", "url": "/posts/", "weight": 1},
                        {"name": "Tentang", "url": "/about/", "weight": 2}]},
        "en": {"name": "English", "title": "Example Blog", "description": "Notes from Jakarta", "weight": 2,
               "locale": "en_US", "pagination": "halaman"},
    },
}


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_a_hugo_toml_becomes_a_sitegen_toml_and_what_is_left_out_is_listed(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    result = cli("import", str(tmp_path / "hugo.toml"))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "sitegen.toml").read_text(encoding="utf-8")
    assert tomllib.loads(written) == EXPECTED
    assert written.startswith("# Written by sitegen import from hugo.toml. Check it, then run sitegen build and "
                              "sitegen check.\n")
    assert result.output.splitlines()[1:] == [
        "Not carried over:",
        "  languages.id.menus.footer: sitegen's theme has one menu, the main one",
        '  permalinks.notes: permalinks.notes = "/:weekday/:slug/": ":weekday" is not a permalink token; did you '
        'mean ":day"?',
        "  summaryLength: sitegen's summary is the first paragraph, or the text before <!--more-->",
        "  theme: sitegen publishes with its own theme (themes/humas); a Hugo theme's templates are Go templates",
        "Copied sitegen's theme into themes/humas: its templates, styles and interface strings in each language, "
        "yours to change.",
        f"Next: sitegen build -s {tmp_path}, then sitegen check -s {tmp_path}.",
    ]  # no "To do" for the taxonomy "authors": the copied theme names it in both languages
    assert load_config(tmp_path).language_codes == ["id", "en"]  # what sitegen build reads
    assert (tmp_path / "themes/humas/templates/single.html").is_file()


def test_a_taxonomy_the_theme_does_not_name_is_a_to_do_and_a_theme_of_the_sites_own_is_kept(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(HUGO_TOML.replace('author = "authors"', 'topic = "topics"'), encoding="utf-8")
    (tmp_path / "themes/humas").mkdir(parents=True)
    result = cli("import", str(tmp_path / "hugo.toml"))
    assert result.exit_code == 0, result.output
    assert 'To do: give the taxonomy "topics" its name in every language, in i18n/<code>.toml (sitegen build ' \
           "names each string still missing)" in result.output.splitlines()
    assert "Copied sitegen's theme" not in result.output
    assert list((tmp_path / "themes/humas").iterdir()) == []



def test_the_sites_description_goes_to_its_default_language_only(tmp_path: Path) -> None:
    """An English page must not carry an Indonesian meta description because Hugo's params had one."""
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://blog.example.id/"\ndefaultContentLanguage = "id"\n[params]\n'
        'description = "Blog humas dua bahasa"\n[languages.id]\nweight = 1\n[languages.en]\nweight = 2\n',
        encoding="utf-8")
    assert cli("import", str(tmp_path / "hugo.toml")).exit_code == 0
    languages = tomllib.loads((tmp_path / "sitegen.toml").read_text(encoding="utf-8"))["languages"]
    assert languages["id"]["description"] == "Blog humas dua bahasa"
    assert "description" not in languages["en"]

@pytest.mark.parametrize("name, dump", [("hugo.yaml", lambda d: yaml.safe_dump(d, sort_keys=False)),
                                        ("hugo.json", json.dumps),
                                        ("config.toml", None)])
def test_yaml_json_and_the_older_config_name_give_the_same_sitegen_toml(tmp_path: Path, name: str,
                                                                        dump: object) -> None:
    text = HUGO_TOML if dump is None else dump(tomllib.loads(HUGO_TOML))  # type: ignore[operator]
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("import", "-s", str(tmp_path))  # found in the folder, without naming it
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {tmp_path.as_posix()}/sitegen.toml from {tmp_path.as_posix()}/{name}.")
    assert tomllib.loads((tmp_path / "sitegen.toml").read_text(encoding="utf-8")) == EXPECTED


def test_an_existing_sitegen_toml_is_replaced_only_with_force(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    (tmp_path / "sitegen.toml").write_text("# mine\n", encoding="utf-8")
    result = cli("import", str(tmp_path / "hugo.toml"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: sitegen.toml: already exists in {tmp_path}; sitegen import does not replace it: move it away, or "
        "run sitegen import again with --force",
        "Nothing was written."]
    assert (tmp_path / "sitegen.toml").read_text(encoding="utf-8") == "# mine\n"
    assert cli("import", str(tmp_path / "hugo.toml"), "--force").exit_code == 0
    assert tomllib.loads((tmp_path / "sitegen.toml").read_text(encoding="utf-8")) == EXPECTED


def test_a_site_of_one_language_without_an_address(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text('baseURL = "/"\ntitle = "My Blog"\nlanguageCode = "en-us"\n',
                                        encoding="utf-8")
    result = cli("import", str(tmp_path / "hugo.toml"))
    assert result.exit_code == 0, result.output
    assert tomllib.loads((tmp_path / "sitegen.toml").read_text(encoding="utf-8")) == {
        "base_url": "https://example.org/", "default_language": "en",
        "languages": {"en": {"name": "English", "title": "My Blog", "locale": "en_US"}}}
    assert result.output.splitlines()[1:] == [
        "Not carried over:",
        "  baseURL: '/' is not a full address; base_url is https://example.org/ until you write the site's own",
        "Copied sitegen's theme into themes/humas: its templates, styles and interface strings in each language, "
        "yours to change.",
        "To do: write the site's address as base_url",
        f"Next: sitegen build -s {tmp_path}, then sitegen check -s {tmp_path}."]


@pytest.mark.parametrize("name, text, message", [
    ("hugo.toml", 'baseURL = "https://x.org/\n', "hugo.toml: cannot be read as TOML: "),
    ("hugo.json", "[1, 2]", "hugo.json: holds no settings (a table of keys was expected)"),
    ("hugo.yaml", "title: [unclosed\n", "hugo.yaml:1: is not valid YAML"),
    ("hugo.ini", "x = 1\n", "hugo.ini: is not a Hugo config sitegen import reads: give hugo.toml, hugo.yaml or "
                            "hugo.json"),
])
def test_a_config_that_cannot_be_read_is_named_and_nothing_is_written(tmp_path: Path, name: str, text: str,
                                                                       message: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("import", str(tmp_path / name))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith(f"Error: {message}")
    assert result.output.endswith("Nothing was written.\n")
    assert not (tmp_path / "sitegen.toml").exists()


def test_a_folder_that_cannot_be_made_is_an_error_not_a_bug(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    (tmp_path / "situs").write_text("a file, not a folder", encoding="utf-8")
    result = cli("import", str(tmp_path / "hugo.toml"), "-s", str(tmp_path / "situs" / "baru"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {tmp_path / 'situs' / 'baru'}: Not a directory; a file there has the name a folder needs: rename "
        "it, or choose another folder",
        "The import stopped there; run it again once that is put right."]


def test_without_a_hugo_config_it_says_how_to_name_one(tmp_path: Path) -> None:
    result = cli("import", "-s", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == (f"Error: hugo.toml: no Hugo config in {tmp_path.resolve()} (looked for hugo.toml, "
                             "hugo.yaml, hugo.json, config.toml and config/_default/); give its path, like sitegen "
                             "import mysite/hugo.toml\n")


def test_the_imported_config_builds_the_site(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "sitegen.toml").unlink()
    (site / "hugo.toml").write_text("""\
baseURL = "https://example.org/"
defaultContentLanguage = "id"
[taxonomies]
category = "categories"
tag = "tags"
[languages.id]
languageName = "Bahasa Indonesia"
title = "Situs Uji"
weight = 1
[languages.en]
languageName = "English"
title = "Test Site"
weight = 2
""", encoding="utf-8")
    assert cli("import", str(site / "hugo.toml")).exit_code == 0
    public = build_site(site)
    assert page(public, "/").title.get_text().startswith("Situs Uji")
    assert page(public, "/en/").title.get_text().startswith("Test Site")


def _pages(public: Path, site: Path) -> set[str]:
    """The site's HTML pages, but for the archive and search pages whose URL sitegen.toml names
    (Hugo has neither, so a Hugo config does not name them)."""
    config = load_config(site)
    own = {(config.prefix(code) + f"/{language.archive}/").lstrip("/") for code, language in config.languages.items()}
    own |= {(config.prefix(code) + f"/{language.search}/").lstrip("/") for code, language in config.languages.items()}
    pages = {file.relative_to(public).as_posix() for file in public.rglob("*.html")}
    return {name for name in pages if not name.startswith(tuple(own))}


def test_the_hugo_compat_fixture_imported_builds_the_pages_of_its_own_sitegen_toml(tmp_path: Path) -> None:
    """tests/sites/hugo-compat (issue 18's fixture) has a hand-written sitegen.toml beside its hugo.toml:
    the imported one publishes the same pages, and finds the same dated sections."""
    written = make_site(tmp_path / "written", "hugo-compat")
    imported = make_site(tmp_path / "imported", "hugo-compat")
    (imported / "sitegen.toml").unlink()
    result = cli("import", str(imported / "hugo.toml"))
    assert result.exit_code == 0, result.output
    ours, theirs = load_config(imported), load_config(written)
    assert sorted(ours.dated_sections or ()) == sorted(theirs.dated_sections or ())
    assert (ours.permalinks, ours.taxonomies, ours.timezone, ours.base_url) == \
        (theirs.permalinks, theirs.taxonomies, theirs.timezone, theirs.base_url)
    later = datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Makassar"))  # its releases of September are published
    assert _pages(build_site(imported, now=later), imported) == _pages(build_site(written, now=later), written)


def test_a_config_folder_is_read_as_hugo_merges_it(tmp_path: Path) -> None:
    """Hugo's config/_default/: hugo.toml, params.toml, languages.toml, menus.<lang>.toml, one key per file."""
    whole = tomllib.loads(HUGO_TOML)
    folder = tmp_path / "config/_default"
    folder.mkdir(parents=True)
    languages = whole.pop("languages")
    menus = languages["id"].pop("menus")
    (folder / "params.yaml").write_text(yaml.safe_dump(whole.pop("params"), sort_keys=False), encoding="utf-8")
    (folder / "languages.json").write_text(json.dumps(languages), encoding="utf-8")
    (folder / "menus.id.toml").write_text("".join(
        f'[[{menu}]]\n' + "".join(f"{key} = {json.dumps(value)}\n" for key, value in entry.items())
        for menu, entries in menus.items() for entry in entries), encoding="utf-8")
    (folder / "hugo.toml").write_text(HUGO_TOML.split("[pagination]")[0], encoding="utf-8")
    for key in ("pagination", "taxonomies", "permalinks", "markup"):
        (folder / f"{key}.json").write_text(json.dumps(whole[key]), encoding="utf-8")
    result = cli("import", "-s", str(tmp_path))  # found in the site's folder
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {tmp_path.as_posix()}/sitegen.toml from "
                                    f"{tmp_path.as_posix()}/config/_default.")
    written = (tmp_path / "sitegen.toml").read_text(encoding="utf-8")
    assert written.startswith("# Written by sitegen import from config/_default/.")
    assert tomllib.loads(written) == EXPECTED


def test_a_site_without_the_default_theme_is_told_where_to_get_it(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "themes").unlink() if (site / "themes").is_symlink() else shutil.rmtree(site / "themes")
    result = cli("build", "--source", str(site))
    assert result.exit_code == 1
    assert result.output == ('Error: sitegen.toml: key "theme": no theme "humas" in themes/ (found: none); copy the '
                             "folder themes/humas of sitegen's repository into this site (sitegen import does it "
                             "for a Hugo site)\nNothing was published.\n")
