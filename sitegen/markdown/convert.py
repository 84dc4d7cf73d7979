"""Render a page's Markdown body to HTML with Python-Markdown.

One `Markdown` instance is built per build and reset between pages, because building the
extensions costs more than converting a release. Extensions: tables, footnotes, heading ids
and a table of contents, attribute lists, fenced code (pymdownx.superfences, which the charts
stage will extend), Hugo-style shortcodes, and link rewriting (see links.py).

Raw HTML in a body is left out, as Hugo does by default (`<!-- raw HTML omitted -->`), unless
sitegen.toml says `unsafe_html = true`: a release is text, and a `<script>` pasted into one
would run in every reader's browser. Whatever the setting, no `javascript:` (or `vbscript:`, or
non-picture `data:`) link is published, and without it no `on...` attribute either.

Converting is most of a cold build's CPU, so Python-Markdown is spared work whose result is known,
the HTML unchanged byte for byte: inline patterns and block tests are not tried on text without a
character their matches need (inline.py, blocktests.py), the raw-HTML reader does not read text
without `<` or `&`, the `[TOC]` marker is looked for only where an element's text is the marker.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element, SubElement

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from markdown.treeprocessors import Treeprocessor

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr
from sitegen.core.workers import forks, in_workers
from sitegen.markdown.blocktests import use_quick_block_tests
from sitegen.markdown.inline import use_skipping_inline
from sitegen.markdown.links import LinkResolver, problem_at, unsafe_scheme
from sitegen.markdown.mdcache import ChartData, Lookup, MarkdownCache
from sitegen.markdown.shortcodes import Handler, expand, without_fragment
from sitegen.markdown.writing import (
    EXTENSION_CONFIGS,
    EXTENSIONS,
    NamedExtensionsMarkdown,
    WritersExtension,
    split_summary,
)
from sitegen.model.site import Page
from sitegen.source.images import PictureOf

FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")
CITED = re.compile(r'data-dataset="([a-z0-9-]+)"')  # on every figure and chart from data/ (figures.py)
DESCRIPTION_LIMIT = 300

OMITTED = "<!-- raw HTML omitted -->"  # Hugo's words, in place of raw HTML the site does not publish
# Attributes whose value a browser follows as a URL (where a javascript: link would run).
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "cite", "data", "background",
                            "xlink:href"})

# A page converted (with the links and photos it looked up, the charts it showed and its cache
# entry; from a worker, the entry alone when it has one), or the mistakes that stopped it.
Converted = tuple[Page | None, list[Lookup], ChartData, bytes | None] | list[Problem]

# A fenced block's HTML from its text, its page and the line of its opening fence.
FenceHandler = Callable[[str, Page, int], str]


@dataclass
class _Current:
    """The page being converted, for the extensions (Markdown's API gives them no argument)."""

    page: Page | None = None
    problems: list[Problem] = field(default_factory=list)  # from fences, which may not raise


class _ShortcodePreprocessor(Preprocessor):
    def __init__(self, md: markdown.Markdown, current: _Current, handlers: dict[str, Handler]):
        super().__init__(md)
        self.current = current
        self.handlers = handlers

    def run(self, lines: list[str]) -> list[str]:
        page = self.current.page
        assert page is not None
        text = "\n".join(lines)
        if "{{<" not in text and "{{%" not in text:
            return lines
        return expand(text, page, page.body_line, self.handlers, self.md.htmlStash.store).split("\n")


class _LinkTreeprocessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, current: _Current, resolver: LinkResolver,
                 pictures: PictureOf | None):
        super().__init__(md)
        self.current = current
        self.resolver = resolver
        self.pictures = pictures

    def run(self, root: Element) -> None:
        page = self.current.page
        assert page is not None
        for element in root.iter("a"):
            href = element.get("href")
            if href:
                element.set("href", self.resolver.link(page, href))
        if next(root.iter("img"), None) is None:  # most releases: no parent to look through for one
            return
        for parent in list(root.iter()):
            for position, element in enumerate(list(parent)):
                if element.tag == "img":
                    parent[position] = self._image(page, element)

    def _image(self, page: Page, element: Element) -> Element:
        """A checked image; a photo becomes a <picture> with its WebP and smaller sizes."""
        src = element.get("src") or ""
        if not element.get("alt"):
            raise problem_at(page, f"]({src}", tr("image {name} has no alt text: write ![what the photo shows]({name})",
                                                   name=src))
        url = self.resolver.image(page, src) if src else src
        element.set("src", url)
        element.set("loading", "lazy")
        found = self.pictures(page, *without_fragment(src, url)) if self.pictures and src else None
        if found is None:
            return element
        element.set("srcset", found.srcset())
        element.set("sizes", found.sizes)
        element.set("width", str(found.width))
        element.set("height", str(found.height))
        wrapper = Element("picture")
        SubElement(wrapper, "source", {"type": "image/webp", "srcset": found.srcset("webp"), "sizes": found.sizes})
        wrapper.append(element)
        wrapper.tail, element.tail = element.tail, None
        return wrapper


class _OmittedHtmlBlocks(HtmlBlockPreprocessor):
    """Python-Markdown's reader of raw HTML blocks, storing Hugo's comment in place of each block."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("<" in line or "&" in line for line in lines):
            # No tag, comment or reference: Python-Markdown's HTML parser would give the lines back as
            # they are, at a cost like the block parser's ("&" is for it too: "&#169 x" becomes "&#169; x").
            return lines
        stash = self.md.htmlStash
        store = stash.store
        # The block reader stores every raw block through stash.store; for this run, store the
        # comment instead (only raw HTML passes through it here; shortcodes were stored before).
        stash.store = lambda _raw: store(OMITTED)  # type: ignore[method-assign]
        try:
            return super().run(lines)
        finally:
            del stash.store


class _OmittedHtmlInline(HtmlInlineProcessor):
    """Inline raw HTML (`<u>`, `<script>`, `<!-- -->`): Hugo's comment instead."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802 (Markdown's API)
        return self.md.htmlStash.store(OMITTED), m.start(0), m.end(0)


class _SafetyTreeprocessor(Treeprocessor):
    """The last look at the page's elements: no link that runs code, no script attribute.

    Runs after every other step (attribute lists set attributes late, backslash escapes are
    undone last), and records problems instead of stopping at the first.
    """

    def __init__(self, md: markdown.Markdown, current: _Current, unsafe_html: bool):
        super().__init__(md)
        self.current = current
        self.unsafe_html = unsafe_html

    def run(self, root: Element) -> None:
        page = self.current.page
        assert page is not None
        for element in root.iter():
            for name, value in element.items():
                self.current.problems += attribute_problems(page, name, value, self.unsafe_html)


def attribute_problems(page: Page, name: str, value: str, unsafe_html: bool) -> list[Problem]:
    """What is wrong with one attribute of the page's HTML: a link that runs code, or a script."""
    name = name.lower()
    scheme = unsafe_scheme(value) if name in URL_ATTRIBUTES else None
    if scheme is not None:
        shown = value if len(value) <= 60 else value[:57] + "..."
        return [Problem(page.source, _line_of(page, value, f"{scheme}:"),
                        tr("links to {shown}, which would run code in a reader's browser; sitegen never publishes "
                           "{scheme}: links: link to a page or a file instead", shown=repr(shown), scheme=scheme))]
    if name.startswith("on") and not unsafe_html:
        return [Problem(page.source, _line_of(page, name), tr("sets the attribute {name}, which runs a script in a "
                                                              "reader's browser; sitegen publishes no scripts from "
                                                              "a release (unsafe_html = true in sitegen.toml allows "
                                                              "them, for sites whose every author is trusted)",
                                                              name=name))]
    return []


class _RawLinks(HTMLParser):
    """The attributes of the tags in raw HTML, as a browser reads them (references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(name, value) for name, value in attrs if value]


def raw_html_problems(page: Page, blocks: list[str]) -> list[Problem]:
    """javascript: links in the raw HTML a site with unsafe_html publishes: never published either."""
    parser = _RawLinks()
    for block in blocks:
        parser.feed(block)
    parser.close()
    return [problem for name, value in parser.attributes
            for problem in attribute_problems(page, name, value, unsafe_html=True)]


def _line_of(page: Page, *needles: str) -> int | None:
    """The body's line where the first of the needles is written (in any case), if one is."""
    body = page.body.casefold()
    for needle in needles:
        position = body.find(needle.casefold())
        if position >= 0:
            return page.body_line + body.count("\n", 0, position)
    return None


class _QuickMarkerToc(TocTreeprocessor):
    """Python-Markdown's table of contents, looking for its `[TOC]` marker only in a page that has it."""

    def replace_marker(self, root: Element, elem: Element) -> None:
        # Markdown's search joins the text below every element of the page, a tenth of converting a
        # release; it replaces only an element whose own text is the marker, so where none is, skip it.
        if any(c.text and c.text.strip() == self.marker and len(c) == 0 for c in root.iter()):
            super().replace_marker(root, elem)


class _TocExtension(TocExtension):
    TreeProcessorClass = _QuickMarkerToc


class _SitegenExtension(Extension):
    def __init__(self, current: _Current, resolver: LinkResolver, handlers: dict[str, Handler],
                 pictures: PictureOf | None):
        super().__init__()
        self.current = current
        self.resolver = resolver
        self.handlers = handlers
        self.pictures = pictures

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After whitespace normalisation (30), before fenced code (25) and raw HTML (20).
        md.preprocessors.register(_ShortcodePreprocessor(md, self.current, self.handlers), "shortcodes", 29)
        # After inline parsing (20) has made the <a> and <img> elements.
        md.treeprocessors.register(_LinkTreeprocessor(md, self.current, self.resolver, self.pictures), "links", 15)
        # After everything, backslash escapes (0) included: what is checked is what is published.
        md.treeprocessors.register(_SafetyTreeprocessor(md, self.current, self.resolver.unsafe_html), "safety", -1)
        if not self.resolver.unsafe_html:  # in place of Markdown's own readers of raw HTML
            md.preprocessors.register(_OmittedHtmlBlocks(md), "html_block", 20)
            md.inlinePatterns.register(_OmittedHtmlInline(HTML_RE, md), "html", 90)
        # Registered last, so smarty's inline processor is there to be replaced too (inline.py).
        use_skipping_inline(md)
        use_quick_block_tests(md)


class MarkdownRenderer:
    """Turns pages' bodies into HTML, a table of contents and a plain-text description."""

    def __init__(self, resolver: LinkResolver, handlers: dict[str, Handler],
                 fences: dict[str, FenceHandler] | None = None, pictures: PictureOf | None = None) -> None:
        self._current = _Current()
        self._unsafe_html = resolver.unsafe_html
        writers = WritersExtension()
        custom_fences = [{"name": name, "class": name, "format": self._fence_formatter(handler)}
                         for name, handler in (fences or {}).items()]
        self._md = NamedExtensionsMarkdown(
            extensions=[
                "tables",
                "footnotes",
                "attr_list",
                "sane_lists",
                "pymdownx.superfences",
                _TocExtension(slugify=writers.ids, toc_depth="2-3"),
                *EXTENSIONS,
                writers,
                _SitegenExtension(self._current, resolver, handlers, pictures),
            ],
            extension_configs={
                **EXTENSION_CONFIGS,
                "footnotes": {"BACKLINK_TITLE": ""},
                "pymdownx.superfences": {"custom_fences": custom_fences},
            },
            output_format="html",
        )

    def render(self, page: Page) -> Page:
        """The page with `content`, `toc` and `description` filled in."""
        self._current.page = page
        self._current.problems = []
        self._md.reset()
        try:
            content = self._md.convert(page.body)
        finally:
            self._current.page = None
        if self._unsafe_html:
            raw = [block for block in self._md.htmlStash.rawHtmlBlocks if isinstance(block, str)]
            self._current.problems += raw_html_problems(page, raw)
        raise_if_any(self._current.problems)
        toc = self._md.toc if getattr(self._md, "toc_tokens", None) else ""  # type: ignore[attr-defined]
        content, summary = split_summary(content)
        return replace(page, content=content, toc=toc, description=describe(page, content, summary),
                       datasets=cited_datasets(content))


    def _fence_formatter(self, handler: FenceHandler) -> Callable[..., str]:
        """Superfences swallows a formatter's exceptions; keep ours as problems instead."""
        def format_fence(source: str, *_: Any, **__: Any) -> str:
            page = self._current.page
            assert page is not None
            line = fence_line(page, source)
            try:
                return handler(source, page, line)
            except SitegenError as error:
                self._current.problems += [Problem(p.path, p.line or line, p.message) for p in error.problems]
                return ""
        return format_fence


def fence_line(page: Page, source: str) -> int:
    """The line of a fenced block's opening fence, found by its text in the page's body."""
    text = source.strip("\n")
    position = page.body.find(text) if text.strip() else -1
    if position < 0:
        return page.body_line
    return page.body_line + page.body.count("\n", 0, position) - 1


def cited_datasets(html: str) -> tuple[str, ...]:
    """The datasets a page's HTML shows figures or charts of, in order of first use."""
    return tuple(dict.fromkeys(CITED.findall(html)))


def describe(page: Page, content: str, before_more: str | None = None) -> str:
    """The summary if the author wrote one, else what is before <!--more-->, else the first paragraph,
    as plain text."""
    if page.summary:
        return page.summary
    chosen = FIRST_PARAGRAPH.findall(before_more) if before_more is not None else FIRST_PARAGRAPH.findall(content)[:1]
    text = " ".join(html.unescape(TAG.sub("", " ".join(chosen))).split())
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[:DESCRIPTION_LIMIT].rsplit(" ", 1)[0] + "…"


def render_pages(pages: list[Page], resolver: LinkResolver, handlers: dict[str, Handler],
                 fences: dict[str, FenceHandler] | None = None, cache: MarkdownCache | None = None,
                 pictures: PictureOf | None = None, workers: int = 1) -> list[Page]:
    """Every page's body as HTML, links and photos checked; all problems at once.

    With a cache, give it `cache.resolver` and `cache.recording(pictures)` (for the handlers too):
    unchanged pages come from it.
    Pages not in it are converted in `workers` processes when they are many (workers.py); a worker
    sends back the charts each page registered, and they are registered here, in the build's book
    (the cache's: without one, every page is converted in this process).
    """
    if cache is None:
        return _render(pages, {}, resolver, handlers, fences, None, pictures, workers)
    try:
        found = {page: cache.lookup(page) for page in pages}
        return _render(pages, found, resolver, handlers, fences, cache, pictures, workers)
    finally:
        cache.close()


def _render(pages: list[Page], found: dict[Page, Page | None], resolver: LinkResolver, handlers: dict[str, Handler],
            fences: dict[str, FenceHandler] | None, cache: MarkdownCache | None, pictures: PictureOf | None,
            workers: int) -> list[Page]:
    """render_pages, once the cache (if any) has given the pages it has (`found`)."""
    missing = [page for page in pages if found.get(page) is None]
    if not missing:  # all from the cache, or no page at all: no Markdown (and its extensions) to load
        if cache is not None:
            cache.save()
        return [found[page] for page in pages]  # type: ignore[misc]  # none is None
    renderer = MarkdownRenderer(cache.resolver if cache else resolver, handlers, fences, pictures)
    workers = workers if cache is not None and cache.book is not None else 1
    away = forks(len(missing), workers)  # then what a worker registered is lost with it, but for what it sends

    def convert(page: Page) -> Converted:
        if cache is not None:
            cache.start()
        try:
            _check_lead_photo(cache.resolver if cache else resolver, page)
            result = renderer.render(page)
        except SitegenError as error:
            return error.problems
        if cache is None:
            return result, [], [], None
        lookups, charts, entry = cache.finish(page, result)
        # A worker sends the entry alone: the page made from it here shares the parsed page's fields, where the
        # page sent back would come with a copy of each (60 MB more at 5,000 releases).
        return None if away and entry is not None else result, lookups, charts, entry

    problems: list[Problem] = []
    for page, outcome in zip(missing, in_workers(convert, missing, workers), strict=True):
        if isinstance(outcome, list):
            problems.extend(outcome)
            continue
        converted, lookups, charts, entry = outcome
        if converted is None:
            assert cache is not None and entry is not None
            converted = cache.from_entry(page, entry)
        found[page] = converted
        if cache is not None:
            cache.store(page, converted, lookups, entry)
            if away:
                cache.register(charts)
    if cache is not None:
        cache.save()  # the pages converted are kept even when others have mistakes
    raise_if_any(problems)
    return [found[page] for page in pages]  # type: ignore[misc]  # each found or converted


def _check_lead_photo(resolver: LinkResolver, page: Page) -> None:
    """The front matter's photo must exist and be described, as a figure's must."""
    if page.image is None:
        return
    line = page.key_lines.get("image")
    try:
        resolver.image(page, page.image)
    except SitegenError as error:
        raise SitegenError([Problem(page.source, line, p.message) for p in error.problems]) from None
    if not page.image_alt:
        raise SitegenError([Problem(page.source, line, tr("image has no image_alt: describe the photo "
                                                          "for readers who cannot see it"))])
