"""schema.org structured data (JSON-LD) for search engines: NewsArticle, Organization, breadcrumbs.

Built as Python values and serialized once, with `<`, `>` and `&` escaped, so no title or
summary can close the `<script>` block it stands in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from sitegen.markdown.figures import DatasetView
from sitegen.model.site import Page, Site
from sitegen.pages.social import SocialImage
from sitegen.source.config import Config

SCHEMA = "https://schema.org"
Absolute = Callable[[str], str]


def to_script(data: list[dict[str, Any]]) -> Markup:
    """JSON that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data if len(data) != 1 else data[0], ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def organization(config: Config, absolute: Absolute, lang: str) -> dict[str, Any]:
    office = config.publisher
    data: dict[str, Any] = {
        "@type": "Organization",
        "@id": absolute("/") + "#organization",
        "name": office.name,
        "url": absolute(f"{config.prefix(lang)}/"),
        "logo": {"@type": "ImageObject", "url": absolute(office.logo)},
    }
    optional = {"legalName": office.legal_name, "email": office.email, "telephone": office.phone,
                "address": office.address, "sameAs": list(office.social.values()) or None}
    return data | {key: value for key, value in optional.items() if value}


def home(config: Config, absolute: Absolute, lang: str) -> list[dict[str, Any]]:
    website = {"@context": SCHEMA, "@type": "WebSite", "name": config.languages[lang].title,
               "url": absolute(f"{config.prefix(lang)}/"), "inLanguage": lang,
               "publisher": {"@id": absolute("/") + "#organization"}}
    return [website, {"@context": SCHEMA, **organization(config, absolute, lang)}]


def news_article(site: Site, page: Page, image: SocialImage | None, absolute: Absolute) -> dict[str, Any]:
    config = site.config
    # Name, address and logo only: the office's full record is on the home page, not in every release.
    office = {key: value for key, value in organization(config, absolute, page.lang).items()
              if key in ("@type", "@id", "name", "url", "logo")}
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.description,
        "url": absolute(page.path),
        "mainEntityOfPage": absolute(page.path),
        "inLanguage": page.lang,
        "datePublished": page.date.isoformat(),
        "dateModified": (page.lastmod or page.date).isoformat(),
        "author": {"@type": "Person", "name": page.author} if page.author else office,
        "publisher": office,
    }
    if image is not None:
        data["image"] = [image.path if "://" in image.path else absolute(image.path)]
    if page.categories:
        data["articleSection"] = list(page.categories)
    if page.tags:
        data["keywords"] = list(page.tags)
    if page.dateline:
        data["locationCreated"] = {"@type": "Place", "name": page.dateline}
    if page.datasets:
        data["isBasedOn"] = [_dataset_reference(site, name, page.lang, absolute) for name in page.datasets]
    return data | _translation_links(site, page, absolute)


def _translation_links(site: Site, page: Page, absolute: Absolute) -> dict[str, Any]:
    """The original (the default language's version) lists its translations; each names its original."""
    versions = site.translations_of(page)
    original = versions.get(site.config.default_language) or next(iter(versions.values()))
    if page is original:
        others = [{"@type": "NewsArticle", "@id": absolute(p.path), "inLanguage": p.lang}
                  for p in versions.values() if p is not page]
        return {"workTranslation": others} if others else {}
    return {"translationOfWork": {"@type": "NewsArticle", "@id": absolute(original.path),
                                  "inLanguage": original.lang}}


def _dataset_reference(site: Site, name: str, lang: str, absolute: Absolute) -> dict[str, Any]:
    url = absolute(site.config.dataset_path(lang, name))
    dataset = site.datasets[name]
    return {"@type": "Dataset", "@id": url + "#dataset", "name": dataset.text(dataset.meta.title, lang), "url": url}


def dataset(site: Site, view: DatasetView, absolute: Absolute) -> dict[str, Any]:
    """schema.org Dataset, as Google's dataset search reads it."""
    config, meta = site.config, view.dataset.meta
    url = absolute(view.path)
    office = {key: value for key, value in organization(config, absolute, view.lang).items()
              if key in ("@type", "@id", "name", "url")}
    formats = {"csv": "text/csv", "json": "application/json", "datapackage": "application/json"}
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Dataset",
        "@id": url + "#dataset",
        "name": view.title,
        "description": view.description or view.title,
        "url": url,
        "inLanguage": view.lang,
        "license": view.dataset.license_link or meta.license,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": view.source},
        "publisher": office,
        "dateModified": meta.updated.isoformat(),
        "variableMeasured": list(view.columns),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": formats[kind], "contentUrl": absolute(path)}
            for kind, path in view.files.items()
        ],
    }
    if meta.temporal_coverage:
        data["temporalCoverage"] = meta.temporal_coverage
    if meta.source_url:
        data["isBasedOn"] = meta.source_url
    return data


def breadcrumbs(trail: list[tuple[str, str]], absolute: Absolute) -> dict[str, Any]:
    """(name, site path) from the home page down to the page itself."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": absolute(path)}
            for number, (name, path) in enumerate(trail, start=1)
        ],
    }
