"""sitemap.xml (an index with one sitemap per language), robots.txt and the optional _redirects.

Each URL lists its translations as `xhtml:link` alternates, with `x-default`, as search engines
ask for multilingual sites.
"""

from __future__ import annotations

from collections.abc import Callable

from sitegen.core.characters import clean_xml
from sitegen.core.errors import Problem, raise_if_any
from sitegen.core.messages import tr
from sitegen.core.paths import alias_problem
from sitegen.model.site import Site, normalize_alias
from sitegen.pages.plan import Output
from sitegen.source.config import Config

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
Absolute = Callable[[str], str]


def sitemap_path(lang: str) -> str:
    return f"/sitemap-{lang}.xml"


def sitemaps(config: Config, outputs: list[Output], absolute: Absolute) -> dict[str, bytes]:
    """Site path -> bytes: the index at /sitemap.xml and a sitemap for each language."""
    by_lang: dict[str, list[Output]] = {lang: [] for lang in config.language_codes}
    for output in outputs:  # one pass, not one per language
        if output.lang in by_lang:
            by_lang[output.lang].append(output)
    files = {sitemap_path(lang): _urlset(config, [o for o in found if o.indexable], absolute)
             for lang, found in by_lang.items()}
    entries = []
    for lang, found in by_lang.items():
        newest = max((o.lastmod for o in found if o.lastmod), default=None)
        entries.append(_element("loc", absolute(sitemap_path(lang)))
                       + (_element("lastmod", newest.isoformat()) if newest else ""))
    index = "".join(f"<sitemap>{entry}</sitemap>" for entry in entries)
    return {"/sitemap.xml": _document("sitemapindex", index, xhtml=False), **files}


def _urlset(config: Config, outputs: list[Output], absolute: Absolute) -> bytes:
    parts, xhtml = [], False
    for output in outputs:
        parts.append("<url>" + _element("loc", absolute(output.path)))
        if output.lastmod:
            parts.append(_element("lastmod", output.lastmod.isoformat()))
        if len(output.translations) > 1:
            xhtml = True
            parts += [_alternate(lang, absolute(path)) for lang, path in output.translations.items()]
            default = output.translations.get(config.default_language, output.path)
            parts.append(_alternate("x-default", absolute(default)))
        parts.append("</url>")
    return _document("urlset", "".join(parts), xhtml)


# The XML is written as text rather than through ElementTree (ten times the cost for 3,000 URLs),
# byte for byte as ElementTree writes it (tests/test_sitemap_text.py compares the two).
def _document(root: str, inner: str, xhtml: bool) -> bytes:
    """The XML declaration and the root element with its namespaces (xhtml's only when used)."""
    spaces = f' xmlns="{SITEMAP}"' + (f' xmlns:xhtml="{XHTML}"' if xhtml else "")
    element = f"<{root}{spaces}>{inner}</{root}>" if inner else f"<{root}{spaces} />"
    text = "<?xml version='1.0' encoding='utf-8'?>\n" + element
    # Any character may come in; one XML forbids would make the whole sitemap unreadable.
    return clean_xml(text.encode("utf-8", "xmlcharrefreplace")) + b"\n"


def _element(name: str, text: str) -> str:
    return f"<{name}>{_escape_text(text)}</{name}>" if text else f"<{name} />"


def _alternate(lang: str, href: str) -> str:
    return f'<xhtml:link rel="alternate" hreflang="{_escape_attribute(lang)}" href="{_escape_attribute(href)}" />'


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                                    "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})


def _escape_text(text: str) -> str:
    return text.translate(_TEXT_ESCAPES)


def _escape_attribute(text: str) -> str:
    return text.translate(_ATTRIBUTE_ESCAPES)


def robots(absolute: Absolute) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute('/sitemap.xml')}\n".encode()


def redirects(site: Site, relative: Callable[[str], str]) -> bytes:
    """Netlify and Cloudflare Pages' _redirects: each old URL, moved for good to its release.

    A line is "from to status": a space or line break inside a path would start a rule of its own,
    so each path is checked here again (front matter refuses them with the file's line first).
    """
    lines, problems = [], []
    for page in site.pages:
        for alias in page.aliases:
            line = [relative(normalize_alias(alias)), relative(page.path)]
            wrong = [path for path in line if alias_problem(path) is not None]
            if wrong:
                problems.append(Problem(page.source, page.key_lines.get("aliases"),
                                        tr("{wrong} cannot be a line of _redirects: {reason}", wrong=repr(wrong[0]),
                                           reason=alias_problem(wrong[0]))))
            lines.append(f"{line[0]} {line[1]} 301")
    raise_if_any(problems)
    return ("\n".join(sorted(lines)) + "\n").encode() if lines else b""
