"""A link checker over a built site: every internal href and src must be a file it published."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def broken_links(public: Path, base_path: str = "/") -> list[str]:
    broken = []
    for file in sorted(public.rglob("*.html")):
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        for element in doc.select("[href], [src]"):
            url = element.get("href") or element.get("src")
            target = _target(public, file, url, base_path)
            if target is not None and not target.is_file():
                broken.append(f"{file.relative_to(public)}: {url}")
    return broken


def external_resources(public: Path) -> list[str]:
    """Anything a page would load from another host: stylesheets, scripts, images, frames."""
    found = []
    for file in sorted(public.rglob("*.html")):
        doc = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        for element in doc.select("link[rel=stylesheet], link[rel=icon], script[src], img, iframe, source"):
            url = element.get("href") or element.get("src") or element.get("srcset") or ""
            if urlsplit(url).netloc:
                found.append(f"{file.relative_to(public)}: {url}")
    return found


def _target(public: Path, page: Path, url: str, base_path: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        path = public / unquote(parts.path).removeprefix(base_path.rstrip("/")).lstrip("/")
    else:
        path = page.parent / unquote(parts.path)
    return path / "index.html" if parts.path.endswith("/") else path
