"""Full-text search with Pagefind: one bundle per language, indexed while the build goes on.

Each language gets its own Pagefind bundle (`/pagefind/`, `/en/pagefind/`), so a reader's
search page downloads the index of its language only. A language is indexed by Pagefind's own
binary in a separate process, started as soon as that language's releases and pages are written
to the staging folder: Pagefind then works on the second core while Python renders the rest
(lists, archives, the other language, feeds), and the build waits for it only at the end.

Pagefind's command line is used rather than its Python API: the API is async only, writes its
files again when its `async with` block ends, and resolves `output_path` from the current
folder instead of the site. Its messages go to a temporary file, not a pipe, so a chatty run
can never fill a pipe nobody reads and stall the build.

A `sitegen build` splits each language's index into parts, one per year of releases and one for
the other pages (`parts`): the newest part is the language's bundle itself, the others are
bundles of their own in `part-<key>/` inside it, listed in its `parts.json`; the search page
loads the first and merges the others with Pagefind's `mergeIndex`. Pagefind cannot update an
index in place, so an edited release re-indexes its year only (the others are taken from the last
build, incremental/reuse.py). `sitegen serve` indexes each language whole, as before.

A part is indexed again only when what Pagefind reads of its pages changed (`indexed_digest`):
a release whose list of related releases, or language switcher, changed is rendered again but
indexes the same, so one edited title re-indexes one part, not those of the releases that show it.

Pagefind's output is not wholly byte-stable (upstream issue 638, still so in 1.5.2): it writes
each filter's values (year, category) in the order of a Rust hash map, which is seeded at random
in every run. So `filter/*.pf_filter`, the `pagefind.*.pf_meta` that names them and
`pagefind-entry.json` that names that differ between two builds of the same site, holding the
same values in another order; Pagefind has no option to fix the order, and rewriting its binary
files would tie sitegen to one Pagefind version. Everything else it writes is byte-stable.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr

BUNDLE_DIR = "pagefind"
# Pagefind would take every core; with one it leaves the other to the render it runs beside, which
# costs the build less (measured with bench.run --against "search = false").
ONE_THREAD = "1"
INDEXED_TEMPLATES = ("single.html", "page.html")  # the templates that mark content data-pagefind-body


def bundle_path(prefix: str) -> str:
    """A language's bundle, as a site path: "/pagefind/", "/en/pagefind/"."""
    return f"{prefix}/{BUNDLE_DIR}/"


PARTS_FILE = "parts.json"  # in a language's bundle: the keys of its other parts
PART_PREFIX = "part-"  # a part's folder inside the language's bundle
PART_SIZE = 1500  # files per part at most: a part's glob names each one (an argument is at most 128 KiB)
# A year with more releases than this (in one language) is indexed in quarters: one edit then
# re-indexes a quarter (Pagefind: about 2 ms of CPU a page; 500 pages, 0.9 s) while the search
# page merges few parts for a smaller site (each part is a few requests more when it loads).
YEAR_PART = 250


@dataclass(frozen=True)
class Part:
    """One Pagefind bundle of a language's index: the files it covers, and where it goes."""

    lang: str
    key: str  # a year, a quarter of a large year ("2024-q3"), "pages", a number added when very large
    bundle: str  # below the output folder: "pagefind", "en/pagefind/part-2024"
    files: tuple[str, ...]  # below the output folder: "berita/x/index.html"

    @property
    def glob(self) -> str:
        return "{" + ",".join(self.files) + "}" if len(self.files) > 1 else self.files[0]


def parts(lang: str, prefix: str, pages: Iterable[tuple[str, tuple[int, int] | None]]) -> list[Part]:
    """A language's index in parts: (output file, (year, month) of the release or None) -> parts,
    newest first: a part per year, or per quarter of a year with more than `YEAR_PART` releases.

    The first part is the language's bundle itself; each other is a folder inside it. A part's key
    depends on its releases' dates and their year's count, so an edit or a new release leaves the
    other parts as they were, except the new release that takes a year past `YEAR_PART`: that year
    is then indexed again in quarters.
    """
    pages = sorted(pages, key=lambda page: page[0])
    per_year: dict[int, int] = {}
    for _, when in pages:
        if when is not None:
            per_year[when[0]] = per_year.get(when[0], 0) + 1
    by_key: dict[str, list[str]] = {}
    for file, when in pages:
        by_key.setdefault(_key(when, per_year), []).append(file)
    keys = sorted((k for k in by_key if k != "pages"), reverse=True) + (["pages"] if "pages" in by_key else [])
    root = bundle_path(prefix).strip("/")
    found: list[Part] = []
    for key in keys:
        files = by_key[key]
        for number, start in enumerate(range(0, len(files), PART_SIZE), 1):
            name = key if number == 1 else f"{key}-{number}"
            bundle = root if not found else f"{root}/{PART_PREFIX}{name}"
            found.append(Part(lang, name, bundle, tuple(files[start:start + PART_SIZE])))
    return found


def _key(when: tuple[int, int] | None, per_year: dict[int, int]) -> str:
    if when is None:
        return "pages"
    year, month = when
    return f"{year}-q{(month - 1) // 3 + 1}" if per_year[year] > YEAR_PART else str(year)


def parts_file(found: list[Part]) -> tuple[str, bytes]:
    """The language's `parts.json`, below the output folder, and its bytes: the keys of the parts
    the search page merges into the first."""
    return f"{found[0].bundle}/{PARTS_FILE}", json.dumps([part.key for part in found[1:]]).encode()


# The attribute in a tag, not the words in a title or a text about Pagefind.
_BODY_MARK = re.compile(r"<[A-Za-z][^<>]*?\sdata-pagefind-body(?=[\s=/>])")
_TAG_NAME = re.compile(r"<([A-Za-z][\w-]*)")
_READ_ANYWHERE = (re.compile(r"<html\b[^>]*>"),  # the page's language
                  re.compile(r"<h1\b.*?</h1>", re.DOTALL),  # the default title and image
                  re.compile(r"<img\b[^>]*>"))
_ATTRIBUTES = re.compile(r"<[^>]*\bdata-pagefind-[^>]*>[^<]*")  # metadata, filters, sort keys, where they are


def indexed_digest(html: str) -> str:
    """A digest of what Pagefind reads of a page: the element marked `data-pagefind-body`, every
    element with a `data-pagefind-*` attribute and the text after it, the language, the first h1 and
    the first image (its default metadata); the whole page if none is marked. Written here: Pagefind
    has no way to say what it would index short of indexing it."""
    digest = hashlib.blake2b(digest_size=16)
    found = _BODY_MARK.search(html)
    if found is None:
        digest.update(html.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
    start = found.start()
    end = _element_end(html, start)
    pieces = [html[start:end]]
    pieces += [match.group() for pattern in _READ_ANYWHERE if (match := pattern.search(html))]
    pieces += _ATTRIBUTES.findall(html, 0, start) + _ATTRIBUTES.findall(html, end)
    digest.update("\0".join(pieces).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _element_end(html: str, start: int) -> int:
    """Where the element opened at `start` ends (after its closing tag; the page's end if none)."""
    name = _TAG_NAME.match(html, start)
    if name is None:
        return len(html)
    depth = 0
    for tag in _open_or_close(name[1].lower()).finditer(html, start):
        depth += -1 if tag[1] else 1
        if depth == 0:
            close = html.find(">", tag.end())
            return len(html) if close < 0 else close + 1
    return len(html)


@functools.cache
def _open_or_close(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])", re.IGNORECASE)


def own_files(bundle: Path) -> list[Path]:
    """A bundle's files without those of the parts inside it (os.walk: 20,000 files at 5,000 releases),
    and without the list of parts, which the writer writes (a bundle taken over must not bring back
    the list of its last build)."""
    found = []
    for folder, folders, files in os.walk(bundle):
        if folder == str(bundle):
            folders[:] = [name for name in folders if not name.startswith(PART_PREFIX)]
            files = [name for name in files if name != PARTS_FILE]
        found.extend(Path(folder, name) for name in files)
    return sorted(found)


def glob_for(prefix: str, paths: Iterable[str]) -> str | None:
    """A Pagefind glob covering exactly the folders of these site paths, below the language's prefix."""
    folders = sorted({path.removeprefix(prefix).strip("/").split("/")[0] for path in paths} - {""})
    if not folders:
        return None
    alternatives = folders[0] if len(folders) == 1 else "{" + ",".join(folders) + "}"
    return f"{prefix.strip('/')}/{alternatives}/**/*.html".lstrip("/")


@dataclass
class _Run:
    lang: str
    process: subprocess.Popen[bytes]
    messages: IO[bytes]


class Indexer:
    """Starts one Pagefind process per language; `wait` collects them and reports failures."""

    def __init__(self, staging: Path, bundles_in: Path | None = None, low_priority: bool = False) -> None:
        self.staging = staging
        self.bundles_in = bundles_in  # another folder for the bundles than the site's (sitegen serve)
        self.low_priority = low_priority  # below the rebuilds of sitegen serve, for the processor
        self.runs: list[_Run] = []

    def start(self, lang: str, prefix: str, glob: str, bundle: str | None = None) -> None:
        """Index the files `glob` matches into the language's bundle (or into `bundle`, a part of it)."""
        messages = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait or stop, after the run)
        bundle = bundle or bundle_path(prefix).strip("/")
        output = ["--output-subdir", bundle] if self.bundles_in is None else ["--output-path",
                                                                              str(self.bundles_in / bundle)]
        command = [*_command(), "--site", str(self.staging), "--glob", glob, *output, "--silent"]
        try:
            process = subprocess.Popen(command, stdout=messages, stderr=subprocess.STDOUT,
                                       env={**os.environ, "RAYON_NUM_THREADS": ONE_THREAD},
                                       preexec_fn=_nice if self.low_priority else None)
        except OSError as error:
            messages.close()
            raise SitegenError([Problem("sitegen.toml", None, tr("cannot run Pagefind ({error}); install it with "
                                                                 "pip install 'pagefind[bin]', or set search = false",
                                                                 error=error))]) from None
        self.runs.append(_Run(lang, process, messages))

    def wait(self) -> None:
        problems = []
        for run in self.runs:
            status = run.process.wait()
            run.messages.seek(0)
            detail = run.messages.read().decode("utf-8", "replace").strip().splitlines()
            run.messages.close()
            if status != 0:
                reason = detail[-1] if detail else tr("Pagefind exited with {status}", status=status)
                problems.append(Problem("sitegen.toml", None, tr('the search index of "{lang}" could not be built: '
                                                                 "{reason}; set search = false to build without "
                                                                 "search", lang=run.lang, reason=reason)))
        self.runs = []
        if problems:
            raise SitegenError(problems)

    def stop(self) -> None:
        """End any run still going (the build failed elsewhere)."""
        for run in self.runs:
            if run.process.poll() is None:
                run.process.kill()
                run.process.wait()
            run.messages.close()
        self.runs = []


def _nice() -> None:
    os.nice(10)


def _command() -> list[str]:
    """The binary that pagefind[bin] ships, run directly (no Python start-up); else the module."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind"]
