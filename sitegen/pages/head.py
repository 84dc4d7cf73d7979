"""What each page says about itself in its <head>: feeds, share image, Open Graph, JSON-LD.

Pure: reads the site model and the page's plan, returns values for the theme's templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from sitegen.model.site import Site
from sitegen.model.urls import STANDALONE_SECTIONS
from sitegen.pages import structured
from sitegen.pages.feeds import Feed
from sitegen.pages.plan import Output
from sitegen.pages.social import SocialImage
from sitegen.source.images import Picture

Absolute = Callable[[str], str]
Label = Callable[[str, str], str]  # interface string of the page's language, or a fallback


@dataclass(frozen=True)
class FeedLink:
    type: str
    title: str
    path: str


@dataclass(frozen=True)
class Extras:
    """What the build prepared beside the model: share images and feeds."""

    images: dict[str, SocialImage]  # site path of a page -> its share image
    feeds: dict[tuple[str, str], Feed]  # (lang, base path) -> feed
    preview_now: datetime | None = None  # set by `sitegen serve`: drafts and future pages get marked
    lead_pictures: dict[str, Picture] = field(default_factory=dict)  # site path of a page -> its photo


def head_values(site: Site, output: Output, extras: Extras, label: Label, absolute: Absolute) -> dict[str, Any]:
    page = output.context.get("page")
    image = extras.images.get(output.path) or extras.images.get(site.home_path(output.lang))
    return {
        "feeds": _feed_links(site, output, extras),
        "social_image": image,
        "og_type": "article" if page is not None and page.is_article else "website",
        "og_locale": site.config.og_locale(output.lang),
        "og_locale_alternates": [site.config.og_locale(code) for code in output.translations if code != output.lang],
        "json_ld": _json_ld(site, output, image, label, absolute),
    }


def _feed_links(site: Site, output: Output, extras: Extras) -> list[FeedLink]:
    """The language's feed on every page; a term's or a section's own feed on its list too."""
    term, section = output.context.get("term"), output.context.get("section")
    own = term.path if term is not None else site.section_url(output.lang, section) if section else None
    bases = ([own] if own is not None else []) + [site.home_path(output.lang)]
    links = []
    for feed in (extras.feeds.get((output.lang, base)) for base in bases):
        if feed is not None:
            links += [FeedLink("application/rss+xml", f"{feed.title} (RSS)", feed.rss_path),
                      FeedLink("application/atom+xml", f"{feed.title} (Atom)", feed.atom_path)]
    return links


def _json_ld(site: Site, output: Output, image: SocialImage | None, label: Label, absolute: Absolute) -> Markup:
    config = site.config
    page = output.context.get("page")
    data: list[dict[str, Any]] = []
    if output.template == "home.html":
        data += structured.home(config, absolute, output.lang)
    elif page is not None and page.is_article:
        data.append(structured.news_article(site, page, image, absolute))
    elif output.template == "dataset.html":
        data.append(structured.dataset(site, output.context["dataset"], absolute))
    trail = breadcrumb_trail(site, output, label)
    if len(trail) > 1:
        data.append(structured.breadcrumbs(trail, absolute))
    return structured.to_script(data) if data else Markup("")


def breadcrumb_trail(site: Site, output: Output, label: Label) -> list[tuple[str, str]]:
    """(name, path) from the language's home page down to this page."""
    config, lang, values = site.config, output.lang, output.context
    home = [(config.languages[lang].title, site.home_path(lang))]
    prefix = config.prefix(lang)
    page = values.get("page")
    if output.template in ("list.html", "single.html", "page.html"):
        section = values["section"] if page is None else page.section
        trail = home + [(section_title(site, label, lang, s), site.section_url(lang, s))
                        for s in (*site.parents(lang, section), section) if s not in STANDALONE_SECTIONS]
        return trail + ([(page.title, page.path)] if page is not None else [])
    if output.template in ("terms.html", "term.html"):
        taxonomy = values["taxonomy"]
        overview = [(label(f"taxonomy_{taxonomy}", taxonomy), f"{prefix}/{config.taxonomy_path(lang, taxonomy)}/")]
        term = values.get("term")
        return home + overview + ([(term.title, term.path)] if term is not None else [])
    if output.template in ("archive.html", "archive_year.html"):
        archive = [(label("archive", "Archive"), f"{prefix}/{config.languages[lang].archive}/")]
        year = values.get("year")
        return home + archive + ([(str(year.year), year.path)] if year is not None else [])
    if output.template == "search.html":
        return home + [(label("search_title", "Search"), output.path)]
    if output.template in ("statistics.html", "dataset.html"):
        catalogue = [(label("statistics_title", "Statistics"), config.statistics_path(lang))]
        view = values.get("dataset")
        return home + catalogue + ([(view.title, view.path)] if view is not None else [])
    return home


def section_title(site: Site, label: Label, lang: str, section: str) -> str:
    """A section's title: from its _index file, else the theme's string, else its name."""
    index = site.section_indexes.get((lang, section))
    # As Hugo titles a section without an _index: its folder's name, capitalised ("sponsors" -> "Sponsors").
    return index.title if index is not None else label(f"section_{section}", section.rpartition("/")[2].title())
