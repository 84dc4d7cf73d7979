"""Load and validate `sitegen.toml`, once, into typed and frozen settings.

Every other stage trusts what comes out of here. Errors name the key (``languages.en.title``)
and what is allowed; an unknown key is an error, with a "did you mean" where one is close,
because a misspelt key silently ignored is a setting the user thinks they made.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.core.paths import is_plain_name
from sitegen.source.frontmatter import FIELDS, canonical_key
from sitegen.source.permalinks import read_permalinks
from sitegen.source.schema_messages import key_message, missing_key_message, unknown_key_message, value_message
from sitegen.source.tomllines import key_lines, line_of

CONFIG_FILE = "sitegen.toml"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
PATH_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TAXONOMY_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


class Strict(BaseModel):
    # defer_build: each model's validator is made when first used, not at import (start-up)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class MenuItem(Strict):
    """One entry of a language's main navigation."""

    name: str
    url: str = Field(description="A site path such as /berita/ (the base URL is added).")
    weight: int = 0

    @field_validator("url")
    @classmethod
    def _site_path(cls, value: str) -> str:
        if not value.startswith("/") or value.startswith("//"):
            raise ValueError(tr("{value} must be a path on this site starting with /, like /berita/",
                                value=repr(value)))
        return value


class Organization(Strict):
    """The office that publishes the site: the publisher in structured data, the footer's contact."""

    name: str
    legal_name: str | None = None
    logo: str = Field("/images/logo.png", description="A static file: a square PNG or JPEG, at least 112 px.")
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    social: dict[str, str] = Field(default_factory=dict, description="name -> profile URL")

    @field_validator("logo")
    @classmethod
    def _static_path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError(tr("{value} must be a path of a static file, like /images/logo.png", value=repr(value)))
        return value


class LanguageConfig(Strict):
    """Everything that differs between the languages of the site."""

    name: str = Field(description="The language's own name, shown in the switcher.")
    title: str = Field(description="The site's title in this language.")
    description: str = ""
    locale: str | None = Field(None, description="Babel locale for dates and numbers.")
    weight: int = 0
    menu: tuple[MenuItem, ...] = ()
    sections: dict[str, str] = Field(default_factory=dict, description="section -> URL path")
    taxonomies: dict[str, str] = Field(default_factory=dict, description="taxonomy -> URL path")
    archive: str = "archive"
    pagination: str = "page"
    search: str = "search"
    statistics: str = Field("statistics", description="URL path of the statistics section")
    permalinks: dict[str, Any] = Field(default_factory=dict, description="This language's own [permalinks], "
                                       "over the site's, as Hugo's [languages.<code>.permalinks].")

    @field_validator("permalinks")
    @classmethod
    def _known_tokens(cls, value: dict[str, Any]) -> dict[str, Any]:
        read_permalinks(value)  # raises ValueError naming the key of a pattern with a token that does not exist
        return value

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                Locale.parse(value)
            except (ValueError, UnknownLocaleError):
                raise ValueError(tr("unknown locale {value} (for example: id, en, en_GB)", value=repr(value))) from None
        return value

    @field_validator("archive", "pagination", "search", "statistics")
    @classmethod
    def _segment(cls, value: str) -> str:
        return _check_segment(value)

    @field_validator("sections", "taxonomies")
    @classmethod
    def _segments(cls, value: dict[str, str]) -> dict[str, str]:
        for segment in value.values():
            _check_segment(segment)
        return value


class CheckConfig(Strict):
    """Where `sitegen check` starts to warn."""

    title_length: int = Field(70, ge=10, description="Search results cut titles after about 70 characters.")
    summary_length: int = Field(200, ge=20, description="Share previews cut summaries after about 200.")
    future_days: int = Field(365, ge=1, description="A date further ahead than this is probably a typo.")


class NewConfig(Strict):
    """What `sitegen new` writes into a new release's front matter."""

    dateline: str | None = Field(None, description='Where releases are written: "Jakarta".')
    credit: str | None = Field(None, description='The credit line: "Humas/BP3MI DKI Jakarta".')


class Config(Strict):
    """The whole of `sitegen.toml`."""

    base_url: str = Field(description="Where the site is published, e.g. https://example.org/")
    default_language: str = "id"
    timezone: str = "Asia/Jakarta"
    theme: str = "humas"
    paginate: int = Field(10, ge=1, le=1000)
    home_latest: int = Field(6, ge=0, le=100)
    taxonomies: tuple[str, ...] = ("categories", "tags")
    dated_sections: tuple[str, ...] | None = Field(None, description="The top-level sections whose pages are "
                                                   "dated releases, in feeds, archives and the home page; "
                                                   "elsewhere `date` is optional. Default: every section but "
                                                   "`pages`.")
    permalinks: dict[str, Any] = Field(default_factory=dict, description="Hugo's URL patterns per section: "
                                       'news = "/:year/:month/:slug/", or [permalinks.page] and [permalinks.section].')
    feed_limit: int = Field(20, ge=1, le=1000, description="Releases in each feed, newest first.")
    search: bool = Field(True, description="Index the site with Pagefind and publish a search page.")
    share_cards: bool = Field(True, description="Draw a share image for releases without a photo.")
    redirects_file: bool = Field(False, description="Also write _redirects for hosts that read one.")
    unsafe_html: bool = Field(False, description="Publish raw HTML written in Markdown (<script> too) as it is, "
                                                 "as Hugo's markup.goldmark.renderer.unsafe; only for sites whose "
                                                 "every author is trusted. Off: it is left out.")
    front_matter_keys: tuple[str, ...] = Field((), description="The site's own front matter keys (beside "
                                               "sitegen's): `sitegen check` does not ask if they are typos.")
    organization: Organization | None = None
    check: CheckConfig = CheckConfig()
    new: NewConfig = NewConfig()
    languages: dict[str, LanguageConfig]
    params: dict[str, Any] = Field(default_factory=dict, description="Free values for themes.")

    @field_validator("base_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(tr("must be an absolute http(s) URL such as https://example.org/, not {value}",
                                value=repr(value)))
        return value if value.endswith("/") else value + "/"

    @field_validator("taxonomies")
    @classmethod
    def _taxonomy_names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """A taxonomy is a front matter key, a folder of content/ and (unless renamed) a URL segment."""
        for name in value:
            if not TAXONOMY_NAME.match(name):
                raise ValueError(tr("{value} must be a taxonomy's name of a-z, 0-9, _ and -, like 'authors'",
                                    value=repr(name)))
            if name not in ("categories", "tags") and canonical_key(name) in FIELDS:
                raise ValueError(tr('"{name}" is a front matter key of its own (not a list of terms); '
                                    "name the taxonomy otherwise", name=name))
        if len(set(value)) < len(value):
            raise ValueError(tr("names a taxonomy twice; keep one"))
        return value

    @field_validator("permalinks")
    @classmethod
    def _known_tokens(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        patterns = read_permalinks(value)  # raises ValueError naming the key of a token that does not exist
        # Hugo's flat form also moves a taxonomy's term pages; sitegen would apply it to a section of
        # that name, which does not exist, and every term URL would stay where it was, silently.
        for taxonomy in sorted(set(patterns["page"]) & set(info.data.get("taxonomies") or ())):
            raise ValueError(tr('permalinks.{taxonomy}: sitegen does not move term pages with a pattern; name their '
                                'folder per language instead, like [languages.id] taxonomies = {{ {taxonomy} = '
                                '"topik" }}', taxonomy=taxonomy))
        return value

    @field_validator("theme")
    @classmethod
    def _theme_folder_name(cls, value: str) -> str:
        # The theme is read from themes/<name>: a path here would read templates from anywhere.
        if not is_plain_name(value):
            raise ValueError(tr("{value} must be the name of a folder in themes/, like \"humas\", not a path",
                                value=repr(value)))
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(tr("unknown time zone {value} (for example: Asia/Jakarta)", value=repr(value))) from None
        return value

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: dict[str, LanguageConfig]) -> dict[str, LanguageConfig]:
        if not value:
            raise ValueError(tr("declare at least one language, e.g. [languages.id]"))
        for code in value:
            if not LANGUAGE_CODE.match(code):
                raise ValueError(tr("{code} is not a language code (for example: id, en, zh-Hant)", code=repr(code)))
        return value

    @model_validator(mode="after")
    def _default_is_declared(self) -> Config:
        if self.default_language not in self.languages:
            declared = ", ".join(self.languages)
            raise ValueError(tr('default_language "{code}" is not among the languages ({declared}); '
                                "add [languages.{code}] or choose one of them",
                                code=self.default_language, declared=declared))
        return self

    # Derived views, so templates and stages never re-derive them differently.

    @cached_property  # asked for on every link of every page
    def language_codes(self) -> list[str]:
        """Languages in display order: the default first, then by weight and code."""
        others = sorted(
            (c for c in self.languages if c != self.default_language),
            key=lambda c: (self.languages[c].weight, c),
        )
        return [self.default_language, *others]

    @cached_property  # asked for on every link of every page
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property  # asked for on every link of every page
    def origin(self) -> str:
        """Scheme and host of base_url: "https://example.org"."""
        scheme, rest = self.base_url.split("://", 1)
        return f"{scheme}://{rest.partition('/')[0]}"

    @cached_property  # asked for on every link of every page
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/" or "/site/"."""
        return "/" + self.base_url.split("://", 1)[1].partition("/")[2]

    def locale(self, lang: str) -> str:
        return self.languages[lang].locale or lang.replace("-", "_")

    def og_locale(self, lang: str) -> str:
        """Open Graph's form, language_TERRITORY: "id_ID", "en_US" (CLDR's likely territory)."""
        locale = Locale.parse(self.locale(lang))
        likely = get_global("likely_subtags").get(locale.language, "")  # e.g. "id_Latn_ID"
        territory = locale.territory or likely.rpartition("_")[2]
        return f"{locale.language}_{territory}" if territory else locale.language

    @property
    def publisher(self) -> Organization:
        """The organization, or one named after the site when the config has none."""
        return self.organization or Organization(name=self.languages[self.default_language].title)

    def prefix(self, lang: str) -> str:
        """URL prefix of a language: the default is served at the root, others under /<code>."""
        return "" if lang == self.default_language else f"/{lang}"

    def section_path(self, lang: str, section: str) -> str:
        """A section's URL path: its top-level folder as the language names it ("berita/2024")."""
        top, _, rest = section.partition("/")
        top = self.languages[lang].sections.get(top, top)
        return f"{top}/{rest}" if rest else top

    def is_dated(self, section: str) -> bool:
        """Whether a section's pages are dated releases (in feeds and archives)."""
        top = section.partition("/")[0]
        if self.dated_sections is None:
            return top not in ("pages", "")
        return top in self.dated_sections

    @cached_property
    def permalink_patterns(self) -> dict[str, dict[str, dict[str, str]]]:
        """language -> kind ("page", "section") -> top-level section -> pattern: the site's
        `[permalinks]`, with a language's own over them."""
        shared = read_permalinks(self.permalinks)
        return {code: {kind: {**shared[kind], **own[kind]} for kind in shared}
                for code, own in ((code, read_permalinks(language.permalinks))
                                  for code, language in self.languages.items())}

    def statistics_path(self, lang: str) -> str:
        """The statistics catalogue: "/statistik/"."""
        return f"{self.prefix(lang)}/{self.languages[lang].statistics}/"

    def dataset_path(self, lang: str, name: str) -> str:
        """One dataset's page: "/statistik/penempatan-nasional/"."""
        return f"{self.statistics_path(lang)}{name}/"

    def taxonomy_path(self, lang: str, taxonomy: str) -> str:
        return self.languages[lang].taxonomies.get(taxonomy, taxonomy)


def _check_segment(value: str) -> str:
    if not PATH_SEGMENT.match(value):
        raise ValueError(tr("{value} must be one URL path segment of a-z, 0-9 and -, like 'berita'", value=repr(value)))
    return value


def load_config(site_dir: Path, base_url: str | None = None) -> Config:
    """Read `sitegen.toml` from the site's root and validate it; raise SitegenError on mistakes."""
    path = site_dir / CONFIG_FILE
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except FileNotFoundError:
        raise SitegenError(
            [Problem(CONFIG_FILE, None, tr("no {file} in {folder} (is this the site's folder?)",
                                           file=CONFIG_FILE, folder=site_dir))]
        ) from None
    except tomllib.TOMLDecodeError as error:
        # tomllib says where in its message: "(at line 5, column 3)" or "(at end of document)"
        where = re.search(r" \(at (?:line (\d+), column \d+|end of document)\)$", str(error))
        reason = str(error)[:where.start()] if where else str(error)
        line = (int(where[1]) if where[1] else len(text.splitlines())) if where else None
        raise SitegenError([Problem(CONFIG_FILE, line, tr("not valid TOML: {error}", error=reason))]) from None
    except UnicodeDecodeError:
        raise SitegenError([Problem(CONFIG_FILE, None, tr("is not UTF-8 text; save it as UTF-8"))]) from None
    if base_url is not None:
        raw["base_url"] = base_url
    lines = key_lines(text)
    return parse_config(raw, lambda loc: line_of(lines, loc))


def parse_config(raw: dict[str, Any], line: Callable[[tuple[Any, ...]], int | None] = lambda _: None) -> Config:
    """Validate a parsed TOML document (pure, so tests can feed dicts); `line` finds a key's line."""
    try:
        return Config.model_validate(raw)
    except ValidationError as error:
        raise SitegenError(validation_problems(error, CONFIG_FILE, Config, line)) from None


def validation_problems(error: ValidationError, file: str, root: type[BaseModel],
                        line_of: Callable[[tuple[Any, ...]], int | None] = lambda _: None) -> list[Problem]:
    """One sentence per pydantic error, naming the key; `line_of` finds a key's line if it can."""
    errors = _without_misspelt_missing(error.errors(), root)
    return [Problem(file, line_of(tuple(item["loc"])), _describe(item, root)) for item in errors]


def _without_misspelt_missing(errors: list[Any], root: type[BaseModel]) -> list[Any]:
    """A misspelt key also shows as the right key missing; say it once, as the misspelling."""
    misspelt = {
        (tuple(e["loc"][:-1]), close)
        for e in errors if e["type"] == "extra_forbidden"
        for close in difflib.get_close_matches(str(e["loc"][-1]), _allowed_keys(
            [str(p) for p in e["loc"][:-1]], root), n=1)
    }
    return [e for e in errors
            if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in misspelt)]


def _describe(error: Any, root: type[BaseModel]) -> str:
    """Turn one pydantic error into a sentence naming the key and what is allowed."""
    location = [str(part) for part in error["loc"]]
    key = ".".join(location)
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(location[:-1], root)
        close = difflib.get_close_matches(location[-1], allowed, n=1)
        return unknown_key_message(key, close[0] if close else None, allowed)
    if kind == "missing":
        example = getattr(root, "key_examples", {}).get(key)
        return missing_key_message(key) + (tr("; write it like {example}", example=example) if example else "")
    return key_message(key, value_message(error))


def _allowed_keys(location: list[str], root: type[BaseModel]) -> list[str]:
    """The keys of the schema table at a location such as ['languages', 'en']."""
    model = root
    for part in location:
        fields = {field.alias or name: field for name, field in model.model_fields.items()}
        if part in fields:
            annotation = fields[part].annotation
            nested = _model_in(annotation)
            if nested is not None:
                model = nested
        # dict keys and list indexes (language codes, menu positions) keep the same model
    return sorted(field.alias or name for name, field in model.model_fields.items())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None

