"""sitemap.xml (an index with one sitemap per language), robots.txt and the optional _redirects.

Each URL lists its translations as `xhtml:link` alternates, with `x-default`, as search engines
ask for multilingual sites.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
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

ET.register_namespace("", SITEMAP)
ET.register_namespace("xhtml", XHTML)


def sitemap_path(lang: str) -> str:
    return f"/sitemap-{lang}.xml"


def sitemaps(config: Config, outputs: list[Output], absolute: Absolute) -> dict[str, bytes]:
    """Site path -> bytes: the index at /sitemap.xml and a sitemap for each language."""
    files = {sitemap_path(lang): _urlset(config, [o for o in outputs if o.lang == lang and o.indexable], absolute)
             for lang in config.language_codes}
    index = ET.Element(f"{{{SITEMAP}}}sitemapindex")
    for lang in config.language_codes:
        entry = ET.SubElement(index, f"{{{SITEMAP}}}sitemap")
        ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = absolute(sitemap_path(lang))
        newest = max((o.lastmod for o in outputs if o.lang == lang and o.lastmod), default=None)
        if newest:
            ET.SubElement(entry, f"{{{SITEMAP}}}lastmod").text = newest.isoformat()
    return {"/sitemap.xml": _serialize(index), **files}


def _urlset(config: Config, outputs: list[Output], absolute: Absolute) -> bytes:
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for output in outputs:
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = absolute(output.path)
        if output.lastmod:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = output.lastmod.isoformat()
        if len(output.translations) > 1:
            for lang, path in output.translations.items():
                _alternate(url, lang, absolute(path))
            default = output.translations.get(config.default_language, output.path)
            _alternate(url, "x-default", absolute(default))
    return _serialize(urlset)


def _alternate(url: ET.Element, lang: str, href: str) -> None:
    ET.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": lang, "href": href})


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


def _serialize(root: ET.Element) -> bytes:
    # ElementTree writes any character; one XML forbids would make the whole sitemap unreadable.
    return clean_xml(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"
