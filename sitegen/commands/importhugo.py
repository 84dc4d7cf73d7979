"""`sitegen import hugo.toml`: a sitegen.toml from a Hugo site's configuration.

Reads hugo.toml, hugo.yaml or hugo.json (or Hugo's older config.*), with Hugo's keys in any
case as Hugo reads them, and carries over what sitegen has an equal for: baseURL, title,
defaultContentLanguage, timeZone, the languages (name, title, weight, locale, description,
main menu), taxonomies, permalinks, pagination, `mainSections` (as dated_sections), params and
goldmark's `unsafe`. Everything else is listed, key by key, with why: the writer decides. The
result is checked as `sitegen build` checks it before it is written, and an existing
sitegen.toml is replaced only when asked (`--force`).
"""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tomli_w
from babel import Locale, UnknownLocaleError

from sitegen.commands.hugoconfig import CONFIG_FOLDER, dated_sections, lowered, read_config, read_folder, site_root
from sitegen.core.errors import Problem, SitegenError
from sitegen.core.files import write_whole
from sitegen.core.messages import tr, tr_later
from sitegen.source.config import CONFIG_FILE, LANGUAGE_CODE, PATH_SEGMENT, parse_config
from sitegen.source.permalinks import read_permalinks

THEMES_DIR = "themes"
DEFAULT_THEME = "humas"
SHIPPED_THEME = Path(__file__).resolve().parents[2] / THEMES_DIR / DEFAULT_THEME  # beside the package, in its repo
PLACEHOLDER_URL = "https://example.org/"
# Hugo's keys sitegen reads in another way or does not need: said once, not as "not carried over".
HANDLED = {"baseurl", "title", "defaultcontentlanguage", "timezone", "languages", "taxonomies", "permalinks",
           "paginate", "pagination", "params", "menus", "menu", "languagecode", "languagename", "markup"}
WHY = {  # why: translated where it is shown (cli.py)
    "theme": tr_later("sitegen publishes with its own theme (themes/humas); a Hugo theme's templates are Go "
                      "templates"),
    "defaultcontentlanguageinsubdir": tr_later("sitegen publishes the default language at the site's root, as Hugo "
                                               "does without this setting"),
    "outputs": tr_later("sitegen publishes HTML, feeds, a sitemap and search for every language"),
    "disablekinds": tr_later("sitegen publishes every kind of page it makes"),
    "enablerobotstxt": tr_later("sitegen always writes robots.txt"),
    "summarylength": tr_later("sitegen's summary is the first paragraph, or the text before <!--more-->"),
    "enableemoji": tr_later("write emoji as characters"),
    "hasCJKLanguage".lower(): tr_later("sitegen counts words by spaces"),
    "module": tr_later("Hugo modules are Go templates and assets; sitegen does not read them"),
    "services": tr_later("sitegen makes no requests to other services (no analytics, no comments, no embeds)"),
    "privacy": tr_later("sitegen makes no requests to other services, whatever the setting"),
}


@dataclass
class Imported:
    """What `import_hugo` wrote, and what it could not carry over (key -> why)."""

    written: Path
    source: Path
    left_out: list[tuple[str, str]] = field(default_factory=list)
    to_do: list[str] = field(default_factory=list)  # what the writer still has to add
    done: list[str] = field(default_factory=list)  # what else import did for them


def import_hugo(hugo_config: Path, site_dir: Path | None = None, force: bool = False) -> Imported:
    """Write `sitegen.toml` (beside the Hugo config unless `site_dir` says where) from a Hugo config."""
    if hugo_config.is_dir() and (hugo_config / "_default").is_dir():  # config/ given for config/_default/
        hugo_config = hugo_config / "_default"
    site_dir = site_dir or site_root(hugo_config)
    target = site_dir / CONFIG_FILE
    if target.exists() and not force:
        raise SitegenError([Problem(CONFIG_FILE, None, tr(
            "already exists in {folder}; sitegen import does not replace it: move it away, or run sitegen import "
            "again with --force", folder=site_dir))])
    raw = read_folder(hugo_config) if hugo_config.is_dir() else read_config(hugo_config)
    imported = Imported(target, hugo_config)
    config = _Converter(lowered(raw), imported.left_out, {str(key).lower(): str(key) for key in raw}).config()
    if "dated_sections" not in config and (dated := dated_sections(site_root(hugo_config) / "content")) is not None:
        config["dated_sections"] = dated
        imported.to_do.append(tr("check dated_sections = [{sections}]: the sections whose every page has a date "
                                 "(Hugo dates every page; sitegen only releases, and may leave out the date "
                                 "elsewhere)", sections=", ".join(f'"{name}"' for name in dated)))
    parse_config(config)  # what sitegen build would refuse is never written
    imported.left_out.sort(key=lambda item: item[0].lower())
    theme = _bring_theme(site_dir, imported)
    for taxonomy in config.get("taxonomies", ()):
        if not _theme_names(theme, taxonomy, list(config["languages"])):
            imported.to_do.append(tr('give the taxonomy "{name}" its name in every language, in i18n/<code>.toml '
                                     "(sitegen build names each string still missing)", name=taxonomy))
    if config["base_url"] == PLACEHOLDER_URL:
        imported.to_do.append(tr("write the site's address as base_url"))
    header = tr("# Written by sitegen import from {file}. Check it, then run sitegen build and sitegen check.",
                file=CONFIG_FOLDER + "/" if hugo_config.is_dir() else hugo_config.name)
    write_whole(target, (header + "\n\n" + tomli_w.dumps(config)).encode())
    return imported


def _bring_theme(site_dir: Path, imported: Imported) -> Path:
    """sitegen's own theme copied into the new site, which has none yet: without it nothing builds."""
    theme = site_dir / THEMES_DIR / DEFAULT_THEME
    if theme.exists():
        return theme
    if SHIPPED_THEME.is_dir():
        shutil.copytree(SHIPPED_THEME, theme)
        imported.done.append(tr("Copied sitegen's theme into {folder}: its templates, styles and interface "
                                "strings in each language, yours to change.", folder=f"{THEMES_DIR}/{DEFAULT_THEME}"))
    else:
        imported.to_do.append(tr("copy sitegen's theme (themes/humas in sitegen's repository) into {folder}",
                                 folder=f"{THEMES_DIR}/{DEFAULT_THEME}"))
    return theme


def _theme_names(theme: Path, taxonomy: str, languages: list[str]) -> bool:
    """Whether the theme has the taxonomy's name (`taxonomy_<name>`) in every language."""
    for code in languages:
        try:
            strings = tomllib.loads((theme / "i18n" / f"{code}.toml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return False
        if f"taxonomy_{taxonomy}" not in strings:
            return False
    return True


class _Converter:
    """Hugo's settings (keys lower-cased) as sitegen's; `left_out` gets (key, why) for the rest."""

    def __init__(self, hugo: dict[str, Any], left_out: list[tuple[str, str]], names: dict[str, str]) -> None:
        self.hugo = hugo
        self.left_out = left_out
        self.names = names  # the top-level keys as the Hugo config spells them, for the list

    def skip(self, key: str, why: str) -> None:
        self.left_out.append((key, why))

    @property
    def default_language(self) -> str:
        """Hugo's defaultContentLanguage, whose own default is English."""
        return str(self.hugo.get("defaultcontentlanguage") or "en").lower()

    def config(self) -> dict[str, Any]:
        hugo = self.hugo
        config: dict[str, Any] = {"base_url": self.base_url()}
        languages = self.languages()
        default = str(hugo.get("defaultcontentlanguage", "")).lower() or next(iter(languages))
        if default not in languages:
            default = next(iter(languages))
        config["default_language"] = default
        if zone := self.timezone():
            config["timezone"] = zone
        config.update(self.pagination(languages))
        config.update(self.taxonomies(languages))
        if permalinks := self.permalinks():
            config["permalinks"] = permalinks
        params = dict(hugo.get("params") or {})
        main_sections = next((params.pop(k) for k in list(params) if k.lower() == "mainsections"), None)
        if isinstance(main_sections, list) and all(isinstance(s, str) for s in main_sections):
            config["dated_sections"] = main_sections
        if _deep(hugo, "markup", "goldmark", "renderer", "unsafe") is True:
            config["unsafe_html"] = True
        for key in sorted(set(hugo) - HANDLED):
            if key == "defaultcontentlanguageinsubdir" and not hugo[key]:
                continue  # false: the default language at the root, as in sitegen
            self.skip(self.names.get(key, key), WHY.get(key, tr("sitegen has no such setting")))
        self._markup_left_out()
        config["params"] = _tomlable(params, "params", self)
        config["languages"] = languages
        return {key: value for key, value in config.items() if key == "taxonomies" or value not in ({}, [], None)}

    def base_url(self) -> str:
        url = str(self.hugo.get("baseurl", "")).strip()
        if re.match(r"^https?://[^/\s]+(/\S*)?$", url):
            return url if url.endswith("/") else url + "/"
        self.skip("baseURL", tr("{value} is not a full address; base_url is {placeholder} until you write the "
                                "site's own", value=repr(url), placeholder=PLACEHOLDER_URL))
        return PLACEHOLDER_URL

    def timezone(self) -> str | None:
        zone = self.hugo.get("timezone")
        if zone is None:
            return None
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            self.skip("timeZone", tr("{value} is not a time zone sitegen knows (like Asia/Jakarta)", value=repr(zone)))
            return None
        return str(zone)

    def languages(self) -> dict[str, Any]:
        hugo = self.hugo
        declared = hugo.get("languages") or {}
        if not isinstance(declared, dict) or not declared:
            code = str(hugo.get("defaultcontentlanguage") or hugo.get("languagecode") or "en").lower()
            declared = {code.split("-")[0]: {"languagecode": hugo.get("languagecode", code)}}
        languages: dict[str, Any] = {}
        for code, settings in sorted(declared.items(), key=lambda item: (_weight(item[1]), item[0])):
            if not LANGUAGE_CODE.match(code):
                self.skip(f"languages.{code}", tr("{code} is not a language code sitegen takes (like id, en, "
                                                  "zh-hant)", code=repr(code)))
                continue
            languages[code] = self.language(code, settings if isinstance(settings, dict) else {})
        if not languages:
            languages["en"] = self.language("en", {})
        return languages

    def language(self, code: str, settings: dict[str, Any]) -> dict[str, Any]:
        where = f"languages.{code}"
        params = settings.get("params") or {}
        title = settings.get("title") or self.hugo.get("title") or code
        # `label` is Hugo's name for it since 0.158 (before: languageName)
        name = settings.get("label") or settings.get("languagename") or _language_name(code)
        language: dict[str, Any] = {"name": str(name),
                                    "title": str(title)}
        description = next((v for k, v in params.items() if k.lower() == "description"), None)
        if description is None and code == self.default_language:
            # The site-wide description is written in the default language: another language gets none
            # (the theme then says nothing) rather than a description its readers cannot read.
            description = next((v for k, v in (self.hugo.get("params") or {}).items() if k.lower() == "description"),
                               None)
        if isinstance(description, str):
            language["description"] = description
        if "weight" in settings and isinstance(settings["weight"], int):
            language["weight"] = settings["weight"]
        site_code = str(self.hugo.get("languagecode") or "")
        own = settings.get("languagecode") or settings.get("locale") or \
            (site_code if site_code.lower().split("-")[0] == code else "")
        if locale := _babel_locale(str(own)):
            language["locale"] = locale
        menu = self.menu(settings.get("menus") or settings.get("menu") or self.hugo.get("menus")
                         or self.hugo.get("menu") or {}, where)
        if menu:
            language["menu"] = menu
        for key in sorted(set(settings) - {"title", "languagename", "weight", "languagecode", "locale", "params",
                                           "menus", "menu", "languagedirection", "label"}):
            self.skip(f"{where}.{key}", tr("sitegen has no such setting per language"))
        for key in sorted(set(params) - {"description"}, key=str):
            if str(key).lower() != "description":
                self.skip(f"{where}.params.{key}", tr("sitegen's params are for the whole site; move it to "
                                                      "[params] if the theme needs it"))
        return language

    def menu(self, menus: Any, where: str) -> list[dict[str, Any]]:
        """Hugo's main menu; its other menus are listed as left out."""
        if not isinstance(menus, dict):
            return []
        for name in sorted(set(menus) - {"main"}):
            self.skip(f"{where}.menus.{name}", tr("sitegen's theme has one menu, the main one"))
        items = []
        for entry in menus.get("main") or []:
            if not isinstance(entry, dict):
                continue
            url = entry.get("url") or (f"/{str(entry['pageref']).strip('/')}/" if entry.get("pageref") else None)
            if not isinstance(url, str) or not url.startswith("/") or url.startswith("//"):
                self.skip(f"{where}.menus.main.{entry.get('name', '?')}", tr(
                    "{url} is not a path on this site; menu entries are paths like /berita/", url=repr(url)))
                continue
            url = url.replace("//", "/")
            item = {"name": str(entry.get("name") or entry.get("identifier") or url), "url": url}
            if isinstance(entry.get("weight"), int):
                item["weight"] = entry["weight"]
            items.append(item)
        return items

    def pagination(self, languages: dict[str, Any]) -> dict[str, Any]:
        hugo = self.hugo
        pagination = hugo.get("pagination") if isinstance(hugo.get("pagination"), dict) else {}
        size = pagination.get("pagersize", hugo.get("paginate"))
        path = pagination.get("path", hugo.get("paginatepath"))
        if isinstance(path, str) and path != "page":
            if PATH_SEGMENT.match(path):
                for language in languages.values():
                    language["pagination"] = path
            else:
                self.skip("pagination.path", tr("{value} is not one URL segment of a-z, 0-9 and -", value=repr(path)))
        if isinstance(size, int) and 1 <= size <= 1000:
            return {"paginate": size}
        if size is not None:
            self.skip("pagination.pagerSize", tr("{value} is not a number of pages from 1 to 1000", value=repr(size)))
        return {}

    def taxonomies(self, languages: dict[str, Any]) -> dict[str, Any]:
        taxonomies = self.hugo.get("taxonomies")
        if not isinstance(taxonomies, dict):
            return {}
        plurals = [str(plural) for plural in taxonomies.values() if isinstance(plural, str) and plural]
        for plural in plurals:
            if not PATH_SEGMENT.match(plural):
                self.skip(f"taxonomies.{plural}", tr(
                    "{value} is not a URL segment of a-z, 0-9 and -; name its URL in [languages.<code>.taxonomies]",
                    value=repr(plural)))
        kept = [p for p in plurals if PATH_SEGMENT.match(p)]
        return {"taxonomies": kept} if kept or not taxonomies else {"taxonomies": []}

    def permalinks(self) -> dict[str, Any]:
        permalinks = self.hugo.get("permalinks")
        if not isinstance(permalinks, dict):
            return {}
        kept: dict[str, Any] = {}
        for key, value in permalinks.items():
            try:
                read_permalinks({key: value})
            except ValueError as error:
                self.skip(f"permalinks.{key}", str(error))
                continue
            kept[key] = value
        return kept

    def _markup_left_out(self) -> None:
        markup = self.hugo.get("markup")
        if not isinstance(markup, dict):
            return
        for key in sorted(markup):
            if key != "goldmark":
                self.skip(f"markup.{key}", tr("sitegen's Markdown is Python-Markdown, set up as Hugo's defaults"))


def _deep(values: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(values, dict):
            return None
        values = values.get(key)
    return values


def _weight(settings: Any) -> int:
    weight = settings.get("weight", 0) if isinstance(settings, dict) else 0
    return weight if isinstance(weight, int) else 0


def _language_name(code: str) -> str:
    """A language's name in itself ("Bahasa Indonesia", "English"), from Babel."""
    try:
        name = Locale.parse(code.replace("-", "_")).display_name
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code


def _babel_locale(code: str) -> str | None:
    """Hugo's languageCode ("id-ID", "en-us") as Babel's locale ("id_ID", "en_US"), if Babel knows it."""
    if not code:
        return None
    try:
        return str(Locale.parse(code.replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        return None


def _tomlable(value: Any, key: str, converter: _Converter) -> Any:
    """Params as TOML can hold them: a value TOML has no type for (null) is left out, and listed."""
    if isinstance(value, dict):
        kept = {}
        for name, item in value.items():
            if item is None:
                converter.skip(f"{key}.{name}", tr("has no value (null), which TOML cannot write"))
            else:
                kept[str(name)] = _tomlable(item, f"{key}.{name}", converter)
        return kept
    if isinstance(value, list):
        return [_tomlable(item, key, converter) for item in value if item is not None]
    return value
