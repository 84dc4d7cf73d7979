"""Where each page is published, as Hugo places it.

In order: `url:` in front matter (the whole path: from the site's root when it starts with `/`,
else below the language's prefix); else a `[permalinks]` pattern for the page's top-level
section; else the page's folder below content/ and its slug (`content/docs/guide/x.md` ->
`/docs/guide/x/`). Two places differ from Hugo on purpose, as sitegen always had them:
`content/pages/<name>` is published at `/<name>/`, and a language may rename a top-level section
(`sections = { news = "berita" }`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.source.config import Config
from sitegen.source.content import SourceFile
from sitegen.source.frontmatter import FrontMatter
from sitegen.source.pageoptions import page_path_from_url
from sitegen.source.permalinks import PermalinkValues, fill, url_segment

STANDALONE_SECTIONS = ("pages", "")  # content/pages/ and content/ itself: /<slug>/ pages
NO_DATE = datetime(1970, 1, 1, tzinfo=UTC)  # what `:year` is in a section's pattern without an _index


def page_kind(config: Config, source: SourceFile) -> str:
    """"section" (an _index), "article" (a dated release) or "page" (undated, or standalone)."""
    if source.is_section_index:
        return "section"
    return "article" if config.is_dated(source.section) else "page"


def page_slug(source: SourceFile, meta: FrontMatter) -> str:
    """The last part of the URL: `slug:`, else the folder or file name, as Hugo keeps it."""
    slug = url_segment(meta.slug or source.name)
    if not slug:
        raise SitegenError([Problem(source.path, None, tr("cannot make a URL from this name; set 'slug:'"))])
    return slug


def page_path(config: Config, source: SourceFile, meta: FrontMatter, kind: str) -> str:
    """The page's path from the site's root: "/berita/slug/", "/en/docs/guide/x/"."""
    prefix = config.prefix(source.lang)
    if meta.url:  # as Hugo: "/x/" from the site's root, whatever the language; "x/" below the language's
        return page_path_from_url(meta.url) if meta.url.startswith("/") else prefix + page_path_from_url(meta.url)
    if kind == "section":
        return section_path(config, source.lang, source.section, meta)
    slug = page_slug(source, meta)
    pattern = config.permalink_patterns[source.lang]["page"].get(source.section.partition("/")[0])
    if pattern:
        return prefix + fill(pattern, _values(source, meta))
    folder = source.folder
    if folder.partition("/")[0] == "pages":  # sitegen's standalone pages, at the site's root
        folder = folder.partition("/")[2]
    if not folder:
        return f"{prefix}/{slug}/"
    return f"{prefix}/{section_url_path(config, source.lang, folder)}{slug}/"


def normalize_alias(alias: str) -> str:
    """An alias is a site path; `berita/lama` and `/berita/lama/` mean the same page."""
    alias = "/" + alias.strip().lstrip("/")
    return alias if alias.endswith((".html", "/")) else alias + "/"


def alias_path(config: Config, lang: str, alias: str) -> str:
    """Where an old URL of a page is, as Hugo serves it: below the page's language ("/en/lama/"
    for an English page's `/lama/`), unless it is written there already."""
    path, prefix = normalize_alias(alias), config.prefix(lang)
    return path if not prefix or path.startswith(prefix + "/") else prefix + path


def section_path(config: Config, lang: str, section: str, meta: FrontMatter | None = None) -> str:
    """Where a section's list is published: its `[permalinks.section]` pattern (a top-level
    section's only, as in Hugo), else its folder: "/berita/", "/en/archives/2011/08/"."""
    prefix = config.prefix(lang)
    if not section:
        return f"{prefix}/"
    pattern = config.permalink_patterns[lang]["section"].get(section)
    if pattern:
        name = section.rpartition("/")[2]
        values = PermalinkValues(date=meta.date if meta else NO_DATE, section=section,
                                 title=meta.title if meta else name, slug=meta.slug if meta else None, base_name=name)
        return prefix + fill(pattern, values)
    path = section_url_path(config, lang, section)
    if meta is not None and meta.slug:  # Hugo moves a section's list by its _index's slug too
        parent = path.rstrip("/").rpartition("/")[0]
        path = f"{parent}/" if parent else ""
        path += f"{url_segment(meta.slug) or section.rpartition('/')[2]}/"
    return f"{prefix}/{path}"


def section_url_path(config: Config, lang: str, section: str) -> str:
    """A section's (or folder's) path below the language's prefix, with a trailing slash:
    "berita/", "archives/2011/08/"; folder names kept as Hugo keeps them (underscores stay)."""
    if not section:
        return ""
    named = config.section_path(lang, section)
    top, _, rest = named.partition("/")
    segments = [url_segment(part) or part for part in (top, *rest.split("/")) if part]
    return "/".join(segments) + "/"


def _values(source: SourceFile, meta: FrontMatter) -> PermalinkValues:
    # The date as written, in its own offset (Hugo's :day of 2025-09-10T23:15+07:00 is the 10th, in any zone).
    return PermalinkValues(date=meta.date, section=source.section, title=meta.title,
                           slug=meta.slug, base_name=source.name)
