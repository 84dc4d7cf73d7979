"""Resolve what a page's Markdown points at: other content files, bundle resources, static files.

A link to another release's source file (`../2025-08-20-lain/index.id.md`) becomes that
release's URL in the linking page's language when a translation exists, so a body copied from
Indonesian to English keeps working links. A link to a file that does not exist is a mistake
naming both files. A picture must be a file of the site: one from another site would tell that
site who reads the release. A `javascript:`, `vbscript:` or `data:` link would run code in a
reader's browser and is never published (`unsafe_scheme`).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.model.site import Page

# What a browser removes from a URL before it reads the scheme (the URL Standard): tabs and line
# breaks anywhere, control characters and spaces around it. "java\tscript:" is "javascript:".
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_SCRIPT_SCHEMES = ("javascript", "vbscript")


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a URL that would run code when followed (javascript:, vbscript:, a data:
    URL other than a picture), or None. Character references count as the browser reads them,
    so "&#106;avascript:" is caught too."""
    text = _IGNORED_IN_URL.sub("", html.unescape(url)).strip(_C0_OR_SPACE)
    match = _SCHEME.match(text)
    if match is None:
        return None
    scheme = match[1].lower()
    if scheme in _SCRIPT_SCHEMES or (scheme == "data" and not text[match.end():].lstrip().lower().startswith("image/")):
        return scheme
    return None


@dataclass(frozen=True)
class LinkResolver:
    published: dict[str, Page]  # source path -> page
    translations: dict[str, dict[str, Page]]
    all_sources: frozenset[str]  # every content file, published or not
    static_files: frozenset[str]  # site paths served from static/, e.g. "/images/logo.svg"
    base_path: str  # "/" or "/site/"
    unsafe_html: bool = False  # sitegen.toml's unsafe_html: raw HTML in Markdown is published as written

    def url(self, path: str) -> str:
        """A site path as it is linked: below the base URL's path."""
        return self.base_path.rstrip("/") + path

    def link(self, page: Page, href: str) -> str:
        """The URL for an `<a href>` in `page`; external and plain links pass through."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            return href
        if parts.path.startswith("/"):
            return self.url(parts.path) + _suffix(parts.query, parts.fragment)
        if parts.path.endswith(".md") or self._is_bundle(page, parts.path):
            target = self._content_target(page, href, parts.path)
            return self.url(target.path) + _suffix(parts.query, parts.fragment)
        self._check_resource(page, href, parts.path, "link to")
        return href

    def image(self, page: Page, src: str) -> str:
        """The URL for an `<img src>` in `page`, after checking the file exists."""
        parts = urlsplit(src)
        if parts.scheme == "data" and unsafe_scheme(src) is None:  # a picture in the text itself
            return src
        if parts.scheme or parts.netloc:
            raise problem_at(page, src, f"image {src} is not on this site: a picture must be a file in the "
                                        "release's folder or a path on this site like /images/x.jpg; sitegen "
                                        "does not load pictures from other sites (they would tell that site "
                                        "who reads the release)")
        if parts.path.startswith("/"):
            if parts.path not in self.static_files:
                raise problem_at(page, src, tr("image {name} does not exist: {fix}", name=src, fix=_other_case(
                    parts.path, self.static_files, tr("put it in {folder}", folder=f"static{parts.path}"))))
            return self.url(parts.path)
        self._check_resource(page, src, parts.path, "image")
        return src

    def _content_target(self, page: Page, href: str, path: str) -> Page:
        folder = posixpath.dirname(page.source)
        target = posixpath.normpath(posixpath.join(folder, path))
        candidates = [target] if target.endswith(".md") else self._bundle_files(target, page.lang)
        for candidate in candidates:
            if candidate in self.published:
                linked = self.published[candidate]
                return self.translations.get(linked.translation_key, {}).get(page.lang, linked)
        shown = candidates[0] if candidates else target
        if any(c in self.all_sources for c in candidates):
            raise problem_at(page, href, tr("links to {file}, which is not published (a draft, future-dated or "
                                            "expired); publish it or remove the link", file=shown))
        raise problem_at(page, href, tr("links to {link}, but {file} does not exist; {fix}", link=href, file=shown,
                                        fix=self._moved(target, page.lang) or tr("check the file name")))

    def _moved(self, target: str, lang: str) -> str | None:
        """Where a renamed release probably went: a folder of the same name after its date, or one that
        kept the old folder's translationKey (news/<old folder>, the default) to stay paired."""
        old_folder = posixpath.dirname(target) if target.endswith(".md") else target
        old_name = posixpath.basename(old_folder)
        old_key = f"{posixpath.basename(posixpath.dirname(old_folder))}/{old_name}"  # its translationKey by default
        for source, moved in sorted(self.published.items()):
            folder = posixpath.dirname(source)
            same_name = _undated(posixpath.basename(folder)) == _undated(old_name) or moved.translation_key == old_key
            if moved.lang == lang and folder != old_folder and same_name:
                old_url = f"{posixpath.dirname(moved.path.rstrip('/'))}/{old_name}/"
                linked = f"{folder}/{posixpath.basename(target)}" if target.endswith(".md") else folder
                return tr('was it renamed to {folder}/? Link to {file} instead, and add the line "aliases: [{old}]" '
                          "to its front matter so the old address keeps working", folder=folder, file=linked,
                          old=old_url)
        return None

    def _bundle_files(self, folder: str, lang: str) -> list[str]:
        names = [f"index.{lang}.md", "index.md", f"_index.{lang}.md", "_index.md"]
        found = [f"{folder}/{n}" for n in names if f"{folder}/{n}" in self.all_sources]
        others = sorted(s for s in self.all_sources if posixpath.dirname(s) == folder
                        and posixpath.basename(s).startswith(("index.", "_index.")))
        return found + others or [f"{folder}/index.{lang}.md"]

    def _is_bundle(self, page: Page, path: str) -> bool:
        folder = posixpath.normpath(posixpath.join(posixpath.dirname(page.source), path))
        return any(s.startswith(folder + "/index.") for s in self.all_sources)

    @staticmethod
    def _check_resource(page: Page, ref: str, path: str, what: str) -> None:
        if page.bundle_dir is None:
            if what == "image":
                raise problem_at(page, ref, f"image {ref} is not beside this page: make the page a "
                                          "bundle (a folder with index.<lang>.md) or use a /static path")
            return
        resource = posixpath.normpath(path)
        if resource not in page.resources:
            fix = _other_case(resource, page.resources, tr("put the file in {folder}", folder=f"{page.bundle_dir}/"))
            message = (tr("image {name} does not exist: {fix}", name=ref, fix=fix) if what == "image"
                       else tr("link to {name} does not exist: {fix}", name=ref, fix=fix))
            raise problem_at(page, ref, message)


def _undated(name: str) -> str:
    """A release folder's name without its date: 2025-08-22-rakornis -> rakornis."""
    return re.sub(r"^\d{4}-\d{2}-\d{2}-", "", name)


def _other_case(name: str, files: frozenset[str] | tuple[str, ...], otherwise: str) -> str:
    """The fix when a file of another case is there (the web server tells the cases apart)."""
    same = sorted(f for f in files if f.casefold() == name.casefold())
    if not same:
        return otherwise
    return tr("{file} is there: write its name as it is, in the same upper and lower case",
              file=posixpath.basename(same[0]))


def _suffix(query: str, fragment: str) -> str:
    return (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def problem_at(page: Page, ref: str, message: str) -> SitegenError:
    """Point at the line of the body where `ref` is written."""
    index = page.body.find(ref)
    line = page.body_line + page.body.count("\n", 0, index) if index >= 0 else None
    return SitegenError([Problem(page.source, line, message)])
