"""RSS 2.0 and Atom feeds per language, for all releases and for each category.

Each item carries the full release with absolute links and image URLs (a feed reader has no
page to resolve them against), and a GUID that stays the same when a slug or title changes:
a tag URI made of the site's host, the release's date and its translation key.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import urljoin, urlsplit

from sitegen.core.characters import clean_xml
from sitegen.model.site import Page, Site

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
RSS_FILE, ATOM_FILE = "index.xml", "atom.xml"
URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
Absolute = Callable[[str], str]

ET.register_namespace("atom", ATOM)
ET.register_namespace("content", CONTENT)


@dataclass(frozen=True)
class Feed:
    """One list of releases, published as RSS at `base + index.xml` and Atom at `base + atom.xml`."""

    lang: str
    title: str
    base: str  # the site path of the list the feed follows: "/", "/kategori/penempatan/"
    pages: tuple[Page, ...]

    @property
    def rss_path(self) -> str:
        return self.base + RSS_FILE

    @property
    def atom_path(self) -> str:
        return self.base + ATOM_FILE


def plan_feeds(site: Site) -> list[Feed]:
    """A feed of each language's releases, and, as in Hugo, one for each section with dated releases
    (`/berita/index.xml`) and each term of every taxonomy."""
    feeds = []
    limit = site.config.feed_limit
    for lang in site.config.language_codes:
        title = site.config.languages[lang].title
        feeds.append(Feed(lang, title, site.home_path(lang), tuple(site.articles(lang)[:limit])))
        for section in site.section_tree(lang):
            dated = tuple(p for p in site.listed(lang, section) if p.is_article)[:limit]
            if dated:
                intro = site.section_indexes.get((lang, section))
                name = intro.title if intro is not None else section.rsplit("/", 1)[-1].capitalize()
                feeds.append(Feed(lang, f"{title}: {name}", site.section_url(lang, section), dated))
        for taxonomy in site.config.taxonomies:
            for term in site.terms(lang, taxonomy):
                feeds.append(Feed(lang, f"{title}: {term.title}", term.path, term.pages[:limit]))
    return feeds


def render_feed(feed: Feed, site: Site, absolute: Absolute) -> Iterator[tuple[str, bytes]]:
    """(site path, bytes) of the feed's RSS and Atom files."""
    yield feed.rss_path, _serialize(_rss(feed, site, absolute))
    yield feed.atom_path, _serialize(_atom(feed, site, absolute))


def _rss(feed: Feed, site: Site, absolute: Absolute) -> ET.Element:
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", absolute(feed.base))
    _text(channel, "description", site.config.languages[feed.lang].description or feed.title)
    _text(channel, "language", feed.lang)
    if feed.pages:
        _text(channel, "lastBuildDate", format_datetime(_updated(feed)))
    ET.SubElement(channel, f"{{{ATOM}}}link", {"href": absolute(feed.rss_path), "rel": "self",
                                               "type": "application/rss+xml"})
    for page in feed.pages:
        item = ET.SubElement(channel, "item")
        _text(item, "title", page.title)
        _text(item, "link", absolute(page.path))
        ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = guid(page, site)
        _text(item, "pubDate", format_datetime(page.date))
        _text(item, "description", page.description)
        _text(item, f"{{{CONTENT}}}encoded", absolute_urls(page.content, absolute(page.path)))
        for category in page.categories:
            _text(item, "category", category)
    return rss


def _atom(feed: Feed, site: Site, absolute: Absolute) -> ET.Element:
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": feed.lang})
    _text(root, f"{{{ATOM}}}title", feed.title)
    _text(root, f"{{{ATOM}}}id", absolute(feed.atom_path))
    _text(root, f"{{{ATOM}}}updated", (_updated(feed) if feed.pages else site_epoch(site)).isoformat())
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": absolute(feed.atom_path),
                                             "type": "application/atom+xml"})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "alternate", "href": absolute(feed.base), "type": "text/html"})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, f"{{{ATOM}}}name", site.config.publisher.name)
    for page in feed.pages:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(entry, f"{{{ATOM}}}title", page.title)
        _text(entry, f"{{{ATOM}}}id", guid(page, site))
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": absolute(page.path),
                                                  "type": "text/html"})
        _text(entry, f"{{{ATOM}}}published", page.date.isoformat())
        _text(entry, f"{{{ATOM}}}updated", (page.lastmod or page.date).isoformat())
        _text(entry, f"{{{ATOM}}}summary", page.description)
        content = ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"})
        content.text = absolute_urls(page.content, absolute(page.path))
        for category in page.categories:
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": category})
    return root


def guid(page: Page, site: Site) -> str:
    """A tag URI (RFC 4151): the same for a release as long as its date and translation key are."""
    host = urlsplit(site.config.base_url).hostname or "localhost"
    return f"tag:{host},{page.date:%Y-%m-%d}:{page.translation_key}/{page.lang}"


def absolute_urls(html: str, page_url: str) -> str:
    """Every href and src in `html` made absolute against the page's own URL."""
    return URL_ATTRIBUTE.sub(lambda m: f'{m[1]}="{urljoin(page_url, m[2])}"', html)


def _updated(feed: Feed) -> datetime:
    return max(p.lastmod or p.date for p in feed.pages)


def site_epoch(site: Site) -> datetime:
    """For an empty feed: the newest change on the site (not the clock), so builds stay byte-identical."""
    return max((p.lastmod or p.date for p in site.pages), default=datetime(1970, 1, 1, tzinfo=UTC))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _serialize(root: ET.Element) -> bytes:
    # ElementTree writes any character; one XML forbids would make the whole feed unreadable.
    return clean_xml(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"
