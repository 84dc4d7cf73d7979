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
        if typo := _address_typo(href):
            raise problem_at(page, href, typo)
        if parts.path.endswith(".md") or self._is_bundle(page, parts.path) or _names_a_folder(parts.path):
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
            raise problem_at(page, src, tr("image {src} is not on this site: a picture must be a file in the "
                                           "release's folder or a path on this site like /images/x.jpg; sitegen "
                                           "does not load pictures from other sites (they would tell that site who "
                                           "reads the release)", src=src))
        if parts.path.startswith("/"):
            if parts.path not in self.static_files:
                raise problem_at(page, src, tr("image {name} does not exist: {fix}", name=src, fix=_other_case(
                    parts.path, self.static_files, tr("put it in {folder}", folder=f"static{parts.path}"))))
            return self.url(parts.path)
        self._check_resource(page, src, parts.path, "image")
        return src

    def ref(self, page: Page, target: str, lang: str | None = None) -> str:
        """Hugo's `ref`/`relref`: the site path (with its #anchor) of the page `target` names, in
        `lang` or the linking page's language. `target` is a content path with or without `.md`,
        the language suffix or `index`: relative to the page's folder, from `content/` (also with a
        leading /), or a unique file or folder name, as Hugo looks for it."""
        path, _, anchor = target.partition("#")
        suffix = f"#{anchor}" if anchor else ""
        lang = lang or page.lang
        if not path.strip():
            return page.path + suffix
        found = self._ref_pages(page, path)
        if found is None and (unpublished := self._unpublished(path)):
            raise problem_at(page, target, tr("links to {file}, which is not published (a draft, future-dated or "
                                              "expired); publish it or remove the link", file=unpublished))
        if found is None:
            raise problem_at(page, target, tr('no page "{path}" in content/; write the path of a published page '
                                              'from content/, like "news/2025-08-22-rakornis" or "pages/profil.md"',
                                              path=path))
        if lang not in found:
            raise problem_at(page, target, tr('"{target}" ({file}) has no version in "{lang}" (only in {langs}); '
                                              'translate it, or write lang="{other}" to link to that one',
                                              target=target, file=next(iter(found.values())).source, lang=lang,
                                              langs=", ".join(sorted(found)), other=sorted(found)[0]))
        return found[lang].path + suffix

    def _ref_pages(self, page: Page, path: str) -> dict[str, Page] | None:
        """The pages (language -> page) that a ref's path names, or None."""
        pages = self._by_content_key
        wanted = _content_key(path.strip(), {p.lang for p in self.published.values()})
        folder = _content_key(page.source.removeprefix("content/"), {page.lang})
        folder = folder if page.bundle_dir else posixpath.dirname(folder)
        tries = [wanted.lstrip("/")] if path.startswith("/") else [
            posixpath.normpath(posixpath.join(folder, wanted)).lstrip("./"),
            posixpath.normpath(posixpath.join(posixpath.dirname(folder), wanted)).lstrip("./"), wanted]
        for key in tries:
            if key in pages:
                return pages[key]
        named = [key for key in pages if posixpath.basename(key) == posixpath.basename(wanted)]
        return pages[named[0]] if len(named) == 1 else None

    def _unpublished(self, path: str) -> str | None:
        """The content file a ref names that exists but is not published (a draft, future-dated), if any."""
        langs = {p.lang for p in self.published.values()}
        wanted = _content_key(path.strip(), langs).lstrip("/")
        for source in sorted(self.all_sources - self.published.keys()):
            key = _content_key(source.removeprefix("content/"), langs)
            if key == wanted or posixpath.basename(key) == posixpath.basename(wanted):
                return source
        return None

    @property
    def _by_content_key(self) -> dict[str, dict[str, Page]]:
        """Published pages by their path in content/ without .md, language or index: "news/a"."""
        cached = self.__dict__.get("_content_keys")
        if cached is None:
            cached = {}
            for source, linked in self.published.items():
                key = _content_key(source.removeprefix("content/"), {linked.lang})
                cached.setdefault(key, {})[linked.lang] = linked
            object.__setattr__(self, "_content_keys", cached)
        return cached

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
                                        fix=self._moved(target, page) or tr("check the file name")))

    def _moved(self, target: str, page: Page) -> str | None:
        """Where a renamed release probably went: a folder of the same name after its date, or one that
        kept the old folder's translationKey (news/<old folder>, the default) to stay paired."""
        old_folder = posixpath.dirname(target) if target.endswith(".md") else target
        old_name = posixpath.basename(old_folder)
        old_key = f"{posixpath.basename(posixpath.dirname(old_folder))}/{old_name}"  # its translationKey by default
        for source, moved in sorted(self.published.items()):
            folder = posixpath.dirname(source)
            same_name = _undated(posixpath.basename(folder)) == _undated(old_name) or moved.translation_key == old_key
            if moved.lang == page.lang and folder != old_folder and same_name:
                linked = f"{folder}/{posixpath.basename(target)}" if target.endswith(".md") else folder
                # Written as the link is read: from the folder of the page that links.
                file = posixpath.relpath(linked, posixpath.dirname(page.source))
                if posixpath.basename(moved.path.rstrip("/")) != posixpath.basename(folder):
                    return tr("was it renamed to {folder}/? Link to {file} instead (its address, set by slug:, "
                              "did not change)", folder=folder, file=file)
                old_url = f"{posixpath.dirname(moved.path.rstrip('/'))}/{old_name}/"
                return tr('was it renamed to {folder}/? Link to {file} instead, and add the line "aliases: [{old}]" '
                          "to the front matter of {source} so the old address keeps working", folder=folder,
                          file=file, old=old_url, source=source)
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
                raise problem_at(page, ref, tr("image {ref} is not beside this page: make the page a bundle (a "
                                               "folder with index.<lang>.md) or use a /static path", ref=ref))
            return
        resource = posixpath.normpath(path)
        if resource not in page.resources:
            fix = _other_case(resource, page.resources, tr("put the file in {folder}", folder=f"{page.bundle_dir}/"))
            message = (tr("image {name} does not exist: {fix}", name=ref, fix=fix) if what == "image"
                       else tr("link to {name} does not exist: {fix}", name=ref, fix=fix))
            raise problem_at(page, ref, message)


def _names_a_folder(path: str) -> bool:
    """`../2025-08-20-rilis/` or `../2025-08-20-rilis`: another release's folder, never a file of this one."""
    return path.endswith("/") or (path.startswith("../") and not posixpath.splitext(path)[1])


_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s\[\]()<>\"']+", re.I)


def _address_typo(href: str) -> str | None:
    """The fix for a web address that lost its way: `[x]([http://a](http://a))` (a link pasted from an
    editor into a link) or `[x](www.a.go.id)` (no https://), which would be a link to a missing file."""
    found = _ADDRESS.search(href)
    if found is None or ("://" not in href and not href.lstrip("[(<\"' ").lower().startswith("www.")):
        return None
    url = found[0] if "://" in found[0] else f"https://{found[0]}"
    return tr('link "{href}" is a web address with extra characters around it, not a file of the site; '
              "write the link as [text]({url})", href=href, url=url)


def _content_key(path: str, langs: set[str]) -> str:
    """"news/a/index.id.md", "news/a/", "/news/a.md" -> "news/a"; "_index.md" -> "" (the home page)."""
    key = path.strip().rstrip("/").removesuffix(".md")
    stem, dot, suffix = key.rpartition(".")
    if dot and suffix in langs and "/" not in suffix:
        key = stem
    for name in ("index", "_index"):
        if key == name or key.endswith("/" + name):
            key = key.removesuffix(name).rstrip("/")
    return key


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
