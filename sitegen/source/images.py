"""Photos as published: turned upright and stripped of their metadata.

A phone photo carries EXIF metadata: the camera, the time, and often the GPS position where it
was taken, which a migrant worker's family photographed at home would not want published. Every
photo in a release bundle or the site's `static/` is re-encoded with Pillow, upright (its EXIF
orientation applied) and without EXIF, XMP or comments; its ICC colour profile is kept. Results
are cached in `.sitegen-cache/images/` by the hash of the original, so an unchanged photo is not
processed again.

Every photo is opened here (`opened`), and only as JPEG, PNG or WebP. Its size is checked as
soon as Pillow has read the header, before a pixel is decoded, so a 100 KB PNG that claims
30000 × 30000 pixels (3.6 GB once decoded) is refused with its name and size instead of
exhausting memory; a photo sitegen may not read, or that is damaged, is named too.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from PIL import Image, ImageOps, UnidentifiedImageError

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.files import write_whole
from sitegen.core.limits import IMAGE_PIXELS
from sitegen.core.messages import tr

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
CACHE_DIR = ".sitegen-cache/images"
RECIPE = "1"  # change it when the processing changes, so cached photos are made again
JPEG_QUALITY = 85
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


def is_photo(name: str) -> bool:
    return name.lower().endswith(PHOTO_SUFFIXES)


# --- opening a photo ----------------------------------------------------------------------------

# The only decoders a photo reaches: a file named foto.jpg that holds an EPS (which Pillow hands
# to Ghostscript), a TIFF or an icon is refused like any other file that is not a photo.
FORMATS = ("JPEG", "PNG", "WEBP")
# Pillow's own guard, set to sitegen's limit so that it also covers any picture opened elsewhere.
# Pillow warns above it (sitegen then checks the size itself, naming it) and refuses above twice
# it before handing the picture over (sitegen then takes the count from Pillow's message).
Image.MAX_IMAGE_PIXELS = IMAGE_PIXELS
# What Pillow raises for a file that is not what its header promised: truncated data, a broken
# chunk, impossible EXIF values.
BROKEN = (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, struct.error)


def read_photo(file: Path, shown: str) -> bytes:
    """The bytes of a photo file; a SitegenError naming it when it cannot be read."""
    try:
        return file.read_bytes()
    except OSError as error:
        raise SitegenError([unreadable(shown, error)]) from None


def unreadable(shown: str, error: OSError) -> Problem:
    """A photo the file system does not let sitegen read (not a broken picture: its content is unknown)."""
    if isinstance(error, PermissionError):
        return Problem(shown, None, tr("cannot be read: permission denied; let the user who runs sitegen read it "
                                       "(chmod a+r), or save the photo again"))
    return Problem(shown, None, tr("cannot be read ({reason}); save the photo again", reason=error.strerror or error))


@contextmanager
def opened(source: Path | bytes, shown: str) -> Iterator[Image.Image]:
    """A photo (a file or its bytes) with its header read and its size checked, nothing decoded yet.

    Every mistake becomes a SitegenError naming `shown`: a file that cannot be read, that is not
    JPEG, PNG or WebP, that is damaged (also while the caller decodes it), or that is too large.
    """
    stream: IO[bytes]
    if isinstance(source, bytes):
        stream = io.BytesIO(source)
    else:
        try:
            stream = source.open("rb")
        except OSError as error:
            raise SitegenError([unreadable(shown, error)]) from None
    with stream:
        try:
            with _header_read(stream, shown) as image:
                yield image
        except Image.DecompressionBombError as error:  # over twice the limit, refused by Pillow itself
            raise SitegenError([too_large(shown, _pixels_in(error), None)]) from None
        except UnidentifiedImageError:
            raise SitegenError([not_a_picture(shown, tr("it is not a JPEG, PNG or WebP file"))]) from None
        except BROKEN as error:
            damage = tr("it is damaged: {error}", error=_without_objects(error, shown))
            raise SitegenError([not_a_picture(shown, damage)]) from None


@contextmanager
def _header_read(stream: IO[bytes], shown: str) -> Iterator[Image.Image]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked just below, with the size
        image = Image.open(stream, formats=FORMATS)
    with image:
        if image.width * image.height > IMAGE_PIXELS:
            raise SitegenError([too_large(shown, image.width * image.height, image.size)])
        yield image


def too_large(shown: str, pixels: int | None, size: tuple[int, int] | None) -> Problem:
    """A photo with more pixels than sitegen decodes: its pixel count, and its size when Pillow gave it."""
    count = tr("{count:,} pixels", count=pixels) if pixels else tr("more than {count:,} pixels", count=2 * IMAGE_PIXELS)
    shape = f" ({size[0]} × {size[1]})" if size else ""
    return Problem(shown, None, tr("has {count}{shape}; sitegen takes photos of up to {limit:,} pixels "
                                   "(width × height): make it smaller than that and save it again (pages show "
                                   "photos at most {widths} pixels wide)", count=count, shape=shape,
                                   limit=IMAGE_PIXELS, widths=WIDTHS[-1]))


def _pixels_in(error: Exception) -> int | None:
    """The pixel count in Pillow's "Image size (900000000 pixels) exceeds limit ..." message, if it has one."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return int(found.group(1)) if found else None


def not_a_picture(shown: str, reason: str) -> Problem:
    return Problem(shown, None, tr("is not a picture sitegen can read ({reason}); save it as JPEG, PNG or WebP",
                                   reason=reason))


def _without_objects(error: Exception, shown: str) -> str:
    """Pillow's message with any `<_io.BytesIO object at 0x…>` replaced by the file's name."""
    return re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>|<_io\.[^<>]*>", shown, str(error)) or type(error).__name__


# --- a photo as published -----------------------------------------------------------------------

def cleaned(file: Path, site_dir: Path, shown: str) -> bytes:
    """The photo upright and without metadata, from the cache when it was made before."""
    data = read_photo(file, shown)
    cached = site_dir / CACHE_DIR / f"{hashlib.sha256(RECIPE.encode() + data).hexdigest()}{file.suffix.lower()}"
    if cached.is_file():
        return cached.read_bytes()
    result = clean(data, shown)
    write_whole(cached, result)
    return result


def clean(data: bytes, shown: str) -> bytes:
    """Re-encode a photo in its own format, upright, keeping only its pixels and colour profile."""
    with opened(data, shown) as original:
        kind = "JPEG" if original.format == "MPO" else original.format  # MPO: a camera's JPEG with a preview
        profile = original.info.get("icc_profile")
        upright = ImageOps.exif_transpose(original)  # decodes: a damaged file is named by opened()
    upright.info.clear()  # no EXIF, XMP or comments carried into the new file
    options: dict[str, object] = {"icc_profile": profile} if profile else {}
    out = io.BytesIO()
    if kind == "JPEG":
        upright.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options)
    elif kind == "WEBP":
        upright.save(out, "WEBP", quality=JPEG_QUALITY, **options)
    else:
        upright.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


def upright_size(file: Path | bytes, shown: str) -> tuple[int, int]:
    """Width and height as the photo is shown: a portrait shot stored sideways counts as portrait.

    Reads the header only; a SitegenError names the file when it is not a photo sitegen takes.
    """
    with opened(file, shown) as image:
        width, height = image.size
        if image.getexif().get(ORIENTATION) in TURNED:
            return height, width
    return width, height


# --- sizes for phones and desktops ----------------------------------------------------------
# Each photo is also published at a few smaller widths, in WebP and in its own format, so a
# phone downloads a 480-pixel WebP instead of a 4,000-pixel JPEG.

WIDTHS = (480, 960, 1600)
SIZES = "(min-width: 44rem) 42rem, 100vw"  # the theme's text column, or the whole phone screen
WEBP_QUALITY = 75


@dataclass(frozen=True)
class Picture:
    """A photo's URLs and size: what `<picture>` needs."""

    src: str  # the full-size photo, in its own format
    width: int
    height: int
    webp: tuple[tuple[int, str], ...]  # (width, URL), smallest first, up to the full size
    fallback: tuple[tuple[int, str], ...]  # the same widths in the photo's own format

    @property
    def sizes(self) -> str:
        return SIZES

    def srcset(self, kind: str = "fallback") -> str:
        """`srcset` of the WebP ("webp") or the photo's own format ("fallback")."""
        return ", ".join(f"{url} {width}w" for width, url in getattr(self, kind))


def widths_for(width: int) -> list[int]:
    """The smaller widths a photo gets, then its own."""
    return [w for w in WIDTHS if w < width] + [width]


def variant_name(name: str, width: int, suffix: str) -> str:
    """foto.jpg at 480 pixels, as WebP: foto-480.webp."""
    stem = name.rsplit(".", 1)[0]
    return f"{stem}-{width}{suffix}"


def picture(file: Path, url: str, shown: str) -> Picture:
    """The Picture of a photo file published at `url` (its variants beside it)."""
    width, height = upright_size(file, shown)
    suffix = "." + url.rsplit(".", 1)[-1].lower()
    widths = widths_for(width)
    webp = tuple((w, variant_name(url, w, ".webp")) for w in widths)
    fallback = tuple((w, url if w == width else variant_name(url, w, suffix)) for w in widths)
    return Picture(url, width, height, webp, fallback)


def variants(file: Path, site_dir: Path, shown: str) -> dict[str, bytes]:
    """File name -> bytes of every smaller size and every WebP of a photo (cached)."""
    data = read_photo(file, shown)
    digest = hashlib.sha256(RECIPE.encode() + data).hexdigest()
    folder = site_dir / CACHE_DIR / f"{digest}-sizes"
    width, _ = upright_size(data, shown)
    suffix = file.suffix.lower()
    names = [variant_name(file.name, w, ".webp") for w in widths_for(width)]
    names += [variant_name(file.name, w, suffix) for w in widths_for(width)[:-1]]
    if not all((folder / name).is_file() for name in names):
        for name, content in make_variants(data, file.name, shown).items():
            write_whole(folder / name, content)
    return {name: (folder / name).read_bytes() for name in names}


def make_variants(data: bytes, name: str, shown: str) -> dict[str, bytes]:
    with opened(clean(data, shown), shown) as upright:
        upright.load()
        kind = upright.format
        suffix = "." + name.rsplit(".", 1)[-1].lower()
        out: dict[str, bytes] = {}
        for width in widths_for(upright.width):
            height = max(1, round(upright.height * width / upright.width))
            sized = upright if width == upright.width else upright.resize((width, height), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            sized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
            out[variant_name(name, width, ".webp")] = buffer.getvalue()
            if width != upright.width:
                buffer = io.BytesIO()
                if kind == "JPEG":
                    sized.convert("RGB").save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
                else:
                    sized.save(buffer, kind or "PNG")
                out[variant_name(name, width, suffix)] = buffer.getvalue()
    return out


# Finds the Picture of a photo a page shows: (page, what the page wrote, the URL it resolved to).
PictureOf = Callable[[Any, str, str], "Picture | None"]


def picture_finder(site_dir: Path, static: dict[str, Path]) -> PictureOf:
    """Pictures of the bundle's and the site's photos; None for anything else (an SVG, another host)."""
    def find(page: Any, written: str, url: str) -> Picture | None:
        if "://" in written or not is_photo(written):
            return None
        if written.startswith("/"):
            file = static.get(written.lstrip("/"))
        else:
            file = site_dir / (page.bundle_dir or "") / written if page.bundle_dir else None
        if file is None or not file.is_file():
            return None
        try:
            return picture(file, url, written)
        except SitegenError:
            return None  # copying it names the file
    return find
