"""Find the site's content files and read them: the only stage that touches `content/`.

Hugo's layout: `content/<section>/<bundle>/index.<lang>.md` (a page bundle, whose other files
are the page's resources), `content/<section>/<name>.<lang>.md`, and `_index.<lang>.md` for a
section's own title and introduction. A file without a language suffix is in the default
language.

Sections nest as in Hugo: every folder directly in content/ is a section, and a folder deeper
down is one when it has an `_index` file (`content/archives/2011/08/_index.md`); a page belongs
to the nearest of them. A leaf bundle directly in content/ (`content/about/index.md`) is a page
of the home section, not a section of its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr
from sitegen.core.paths import cannot_read, check_readable, list_files
from sitegen.source.config import Config

CONTENT_DIR = "content"
# The last dotted part of a name before `.md` counts as a language suffix when it looks like
# a language code; one that is not configured is then a mistake, not part of the name.
_SUFFIX = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$")


@dataclass(frozen=True)
class SourceFile:
    """One Markdown file, read and placed: which section, which name, which language."""

    path: str  # relative to the site root, with forward slashes
    section: str  # "news", "archives/2011/08" (nested); "" for files directly in content/
    name: str  # bundle folder or file name without language and extension
    lang: str
    is_section_index: bool  # an `_index` file: a section's own page
    bundle_dir: str | None  # the leaf bundle's folder, for its resources
    resources: tuple[str, ...]  # bundle files other than Markdown, relative to bundle_dir
    text: str
    folder: str = ""  # the folder the page is in, below content/ ("news/2024"); a bundle's parent


def read_sources(site_dir: Path, config: Config) -> list[SourceFile]:
    """Every Markdown file under content/, in a stable order; raise on files that can't be read."""
    root = site_dir / CONTENT_DIR
    if not root.is_dir():
        return []
    check_readable(site_dir, root, CONTENT_DIR)
    listing = list_files(root, site_dir)
    problems: list[Problem] = list(listing.problems)
    sources: list[SourceFile] = []
    markdown = [f for f in listing.files if f.name.endswith(".md")]
    contents = _bundle_contents(root, markdown, listing.files)
    indexed = {f.parent for f in markdown if f.name.startswith("_index.")}
    for file in markdown:
        try:
            sources.append(_read(site_dir, file, config, contents, indexed.__contains__))
        except SitegenError as error:
            problems.extend(error.problems)
    raise_if_any(problems)
    return sources


def reread_sources(site_dir: Path, config: Config, known: dict[str, SourceFile], changed: Iterable[Path]
                   ) -> dict[str, SourceFile]:
    """The content files as `read_sources` would find them, reading again only what changed.

    A changed Markdown file is read again (or dropped, if deleted). Any other change, a photo
    in a bundle or a folder made or removed, reads again the Markdown of its bundle or folder,
    since a bundle's page lists its resources.
    """
    root = site_dir / CONTENT_DIR
    sources = dict(known)
    problems: list[Problem] = []
    for folder in sorted({_affected(root, Path(f)) for f in changed}, key=lambda f: len(f.parts)):
        if folder.name.startswith("_index") and folder.suffix == ".md":
            folder = folder.parent  # a section made or removed: its pages change section
        below = folder.relative_to(site_dir).as_posix()
        for path in [p for p in sources if p == below or p.startswith(below + "/")]:
            del sources[path]
        for file in _markdown_in(site_dir, folder, problems):
            try:
                source = _read(site_dir, file, config)
                sources[source.path] = source
            except SitegenError as error:
                problems.extend(error.problems)
    raise_if_any(problems)
    return sources


def _markdown_in(site_dir: Path, folder: Path, problems: list[Problem]) -> list[Path]:
    """The Markdown files to read again for a change: the file itself, or those below a folder."""
    if folder.suffix == ".md" and not folder.is_dir():
        if not (folder.is_file() or folder.is_symlink()):
            return []  # deleted
        try:
            check_readable(site_dir, folder, folder.relative_to(site_dir).as_posix())
        except SitegenError as error:
            problems.extend(error.problems)
            return []
        return [folder]
    listing = list_files(folder, site_dir) if folder.is_dir() else None
    if listing is None:
        return []
    problems.extend(listing.problems)
    return [f for f in listing.files if f.name.endswith(".md")]


def _affected(root: Path, changed: Path) -> Path:
    """What to read again for a change: the Markdown file itself, else its bundle or folder."""
    if changed.suffix == ".md" and not changed.is_dir():
        return changed
    folder = changed if changed.is_dir() or (not changed.exists() and not changed.suffix) else changed.parent
    for candidate in (folder, *folder.parents):
        if candidate == root or root not in candidate.parents:
            break
        if any(candidate.glob("index*.md")):
            return candidate
    return folder if folder != root else root


def _bundle_contents(root: Path, markdown: list[Path], files: list[Path]) -> dict[Path, list[Path]]:
    """Every file below each folder that may be a bundle: taken from one listing of content/,
    rather than listing each bundle again for each of its languages. (Folders as text: Path's
    `parents` cost a tenth of reading all of content/.)"""
    bundles = {f.parent.as_posix(): f.parent for f in markdown if f.name.startswith("index.")}
    found: dict[str, list[Path]] = {folder: [] for folder in bundles}
    top = root.as_posix()
    for file in files:
        folder = file.as_posix()
        while folder and folder != top:
            folder = folder.rpartition("/")[0]
            if folder in found:
                found[folder].append(file)
    return {bundles[folder]: below for folder, below in found.items()}


def _read(site_dir: Path, file: Path, config: Config, contents: dict[Path, list[Path]] | None = None,
          is_indexed: Callable[[Path], bool] | None = None) -> SourceFile:
    path = _below(site_dir, file)
    stem, lang = split_language(path, file.name.removesuffix(".md"), config)
    root = site_dir / CONTENT_DIR
    is_bundle = stem == "index"
    bundle_dir = file.parent if is_bundle else None
    name = file.parent.name if is_bundle else stem
    folder = file.parent.parent if is_bundle and file.parent != root else file.parent
    return SourceFile(
        path=path,
        section=_section_of(root, folder, is_indexed or _has_index),
        folder=_below(root, folder) if folder != root else "",
        name=name,
        lang=lang,
        is_section_index=stem == "_index",
        bundle_dir=_below(site_dir, bundle_dir) if bundle_dir else None,
        resources=_resources(site_dir, bundle_dir, contents) if bundle_dir else (),
        text=decode(path, _read_bytes(file, path)),
    )


def _has_index(folder: Path) -> bool:
    return any(folder.glob("_index*.md"))


def _below(base: Path, path: Path) -> str:
    """`path.relative_to(base).as_posix()`, by slicing text where it can (as fast, without Paths)."""
    top, here = base.as_posix(), path.as_posix()
    if here.startswith(top + "/") and top != "/":
        return here[len(top) + 1:]
    return path.relative_to(base).as_posix()


def _section_of(root: Path, folder: Path, is_indexed: Callable[[Path], bool]) -> str:
    """The nearest section holding a folder: a folder with an `_index` file, else the top one."""
    top, here = root.as_posix(), folder.as_posix()
    if not here.startswith(top + "/"):  # root itself, or a folder outside it
        return ""
    parts = here[len(top) + 1:].split("/")
    for depth in range(len(parts), 0, -1):  # the folder, then the folders holding it
        if depth == 1 or is_indexed(root.joinpath(*parts[:depth])):
            return "/".join(parts[:depth])
    return ""


def _read_bytes(file: Path, path: str) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise SitegenError([Problem(path, None, cannot_read(error))]) from None


def split_language(path: str, name: str, config: Config) -> tuple[str, str]:
    """`index.en` -> ("index", "en"); `profil` -> ("profil", default language)."""
    match = _SUFFIX.match(name)
    if not match:
        return name, config.default_language
    lang = match["lang"]
    if lang not in config.languages:
        declared = ", ".join(config.language_codes)
        raise SitegenError(
            [Problem(path, None, tr('language "{lang}" is not declared in sitegen.toml (declared: {declared}); '
                                    "rename the file or add [languages.{lang}]", lang=lang, declared=declared))]
        )
    return match["stem"], lang


def decode(path: str, data: bytes) -> str:
    """UTF-8 text, with a message pointing at the first byte that is not."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise SitegenError(
            [Problem(path, line, tr("is not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", byte=byte))]
        ) from None


def _resources(site_dir: Path, bundle: Path, contents: dict[Path, list[Path]] | None) -> tuple[str, ...]:
    """A leaf bundle's own files (photos, PDFs): everything but its Markdown; links out refused."""
    files = contents[bundle] if contents is not None else list_files(bundle, site_dir).raise_if_any()
    return tuple(sorted(f.relative_to(bundle).as_posix() for f in files
                        if f.suffix != ".md" and not f.name.startswith(".")
                        and not f.name.endswith(".resource.yaml")))  # a dataset's descriptor: not published
