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
    # Paths as text from here on: pathlib's parts and parents cost more than reading the files.
    files = [file.as_posix() for file in listing.files]
    markdown = [file for file in files if file.endswith(".md")]
    place = _Place(site_dir.as_posix(), root.as_posix(), _bundle_contents(root.as_posix(), markdown, files),
                   {_parent(file) for file in markdown if _name(file).startswith("_index.")}.__contains__)
    for file in markdown:
        try:
            sources.append(_source(place, file, config))
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


def _bundle_contents(top: str, markdown: list[str], files: list[str]) -> dict[str, list[str]]:
    """Every file below each folder that may be a bundle: taken from one listing of content/,
    rather than listing each bundle again for each of its languages."""
    found: dict[str, list[str]] = {_parent(file): [] for file in markdown if _name(file).startswith("index.")}
    for file in files:
        folder = file
        while folder and folder != top:
            folder = folder.rpartition("/")[0]
            if folder in found:
                found[folder].append(file)
    return found


@dataclass(frozen=True)
class _Place:
    """Where content files are, as text: the site's folder, content/, and what a listing found."""

    site: str  # the site's folder
    top: str  # its content/ folder
    contents: dict[str, list[str]] | None = None  # bundle folder -> every file below it (None: list it)
    is_indexed: Callable[[str], bool] | None = None  # whether a folder has an `_index` file (None: look)


def _read(site_dir: Path, file: Path, config: Config) -> SourceFile:
    """One content file read again (sitegen serve), its bundle listed and its section looked up."""
    return _source(_Place(site_dir.as_posix(), (site_dir / CONTENT_DIR).as_posix()), file.as_posix(), config)


def _source(place: _Place, file: str, config: Config) -> SourceFile:
    """A content file (its absolute path as text) read and placed."""
    path = _below(place.site, file)
    stem, lang = split_language(path, _name(file).removesuffix(".md"), config)
    root, parent = place.top, _parent(file)
    is_bundle = stem == "index"
    bundle_dir = parent if is_bundle else None
    name = _name(parent) if is_bundle else stem
    folder = _parent(parent) if is_bundle and parent != root else parent
    return SourceFile(
        path=path,
        section=_section_of(root, folder, place.is_indexed or _has_index),
        folder=_below(root, folder) if folder != root else "",
        name=name,
        lang=lang,
        is_section_index=stem == "_index",
        bundle_dir=_below(place.site, bundle_dir) if bundle_dir else None,
        resources=_resources(place.site, bundle_dir, place.contents) if bundle_dir else (),
        text=decode(path, _read_bytes(file, path)),
    )


def _parent(path: str) -> str:
    return path.rpartition("/")[0] or "/"


def _name(path: str) -> str:
    return path.rpartition("/")[2]


def _has_index(folder: str) -> bool:
    return any(Path(folder).glob("_index*.md"))


def _below(base: str, path: str) -> str:
    """`path` relative to the folder `base`, both absolute and as text."""
    if path.startswith(base + "/") and base != "/":
        return path[len(base) + 1:]
    return Path(path).relative_to(base).as_posix()


def _section_of(top: str, here: str, is_indexed: Callable[[str], bool]) -> str:
    """The nearest section holding a folder: a folder with an `_index` file, else the top one."""
    if not here.startswith(top + "/"):  # root itself, or a folder outside it
        return ""
    parts = here[len(top) + 1:].split("/")
    for depth in range(len(parts), 0, -1):  # the folder, then the folders holding it
        if depth == 1 or is_indexed("/".join([top, *parts[:depth]])):
            return "/".join(parts[:depth])
    return ""


def _read_bytes(file: str, path: str) -> bytes:
    try:
        with open(file, "rb") as stream:
            return stream.read()
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


def _resources(site: str, bundle: str, contents: dict[str, list[str]] | None) -> tuple[str, ...]:
    """A leaf bundle's own files (photos, PDFs): everything but its Markdown; links out refused."""
    if contents is not None:
        files = contents[bundle]
    else:
        files = [file.as_posix() for file in list_files(Path(bundle), Path(site)).raise_if_any()]
    below = [file[len(bundle) + 1:] for file in files]
    return tuple(sorted(name for name in below if not _name(name).endswith(".md") and not _name(name).startswith(".")
                        and not name.endswith(".resource.yaml")))  # a dataset's descriptor: not published
