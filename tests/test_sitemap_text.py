"""The sitemaps are written as text (outputs/sitemap.py), byte for byte as ElementTree wrote them.

`reference_sitemaps` is the ElementTree code they replaced; the two are compared on the sample
site's planned pages and on paths and language names holding every character XML escapes,
forbids or cannot encode.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.commands.prepare import BuildOptions, prepare
from sitegen.core.characters import clean_xml
from sitegen.outputs.sitemap import SITEMAP, XHTML, Absolute, sitemap_path, sitemaps
from sitegen.pages.plan import Output
from sitegen.source.config import Config, load_config
from tests.conftest import NOW, SITES, make_site

ET.register_namespace("", SITEMAP)
ET.register_namespace("xhtml", XHTML)


def reference_sitemaps(config: Config, outputs: list[Output], absolute: Absolute) -> dict[str, bytes]:
    """The sitemaps as ElementTree writes them (the code before they were written as text)."""
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
                ET.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": lang, "href": absolute(path)})
            default = output.translations.get(config.default_language, output.path)
            ET.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": "x-default",
                                                   "href": absolute(default)})
    return _serialize(urlset)


def _serialize(root: ET.Element) -> bytes:
    return clean_xml(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _planned(tmp_path: Path, name: str) -> tuple[Config, list[Output], Absolute]:
    ready = prepare(BuildOptions(site_dir=make_site(tmp_path, name), now=NOW, write_cache=False, workers=1))
    return ready.site.config, ready.outputs, ready.env.absurl


def test_the_sample_sites_sitemaps_are_as_elementtree_wrote_them(tmp_path: Path) -> None:
    for name in ("minimal", "taxonomies"):
        config, outputs, absolute = _planned(tmp_path / name, name)
        written = sitemaps(config, outputs, absolute)
        assert written == reference_sitemaps(config, outputs, absolute)
        assert set(written) == {"/sitemap.xml", *(sitemap_path(code) for code in config.language_codes)}


# Every character ElementTree escapes in text or attributes, some XML forbids, a lone surrogate.
AWKWARD = st.text(alphabet=st.sampled_from(list("aZ/é&<>\"'\r\n\t\x00\x0b\x0c\x1f\ufffe\ud800 ü😀")), max_size=12)


@settings(max_examples=100, deadline=None)
@given(paths=st.lists(AWKWARD, max_size=5), langs=st.lists(AWKWARD, min_size=1, max_size=3),
       lastmod=st.booleans(), empty=st.booleans())
def test_awkward_paths_and_languages_are_written_as_elementtree_wrote_them(
        paths: list[str], langs: list[str], lastmod: bool, empty: bool) -> None:
    config = load_config(SITES / "minimal")  # Indonesian and English
    stamp = datetime(2025, 8, 22, 16, 30, tzinfo=timezone(timedelta(hours=7))) if lastmod else None
    base = Output(path="/", template="home.html", lang="id", origin="home", context={})
    outputs = [] if empty else [
        replace(base, path=path, lastmod=stamp, translations={lang: path + lang for lang in [*langs, "id"]}
                if len(langs) > 1 or path else {}, lang="en" if n % 2 else "id")
        for n, path in enumerate(paths)]
    def absolute(path: str) -> str:
        return "https://example.org" + path

    assert sitemaps(config, outputs, absolute) == reference_sitemaps(config, outputs, absolute)
