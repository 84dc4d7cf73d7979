"""Photos as published: turned upright and stripped of their metadata.

A phone photo carries EXIF metadata: the camera, the time, and often the GPS position where it
was taken, which a migrant worker's family photographed at home would not want published. Every
photo in a release bundle or the site's `static/` is re-encoded with Pillow, upright (its EXIF
orientation applied) and without EXIF, XMP or comments; its ICC colour profile is kept. Results
are cached in `.sitegen-cache/images/` by the hash of the original, so an unchanged photo is not
processed again.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from sitegen.errors import Problem, SitegenError
from sitegen.writer import write_whole

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
CACHE_DIR = ".sitegen-cache/images"
RECIPE = "1"  # change it when the processing changes, so cached photos are made again
JPEG_QUALITY = 85
ORIENTATION = 0x0112
TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


def is_photo(name: str) -> bool:
    return name.lower().endswith(PHOTO_SUFFIXES)


def cleaned(file: Path, site_dir: Path, shown: str) -> bytes:
    """The photo upright and without metadata, from the cache when it was made before."""
    data = file.read_bytes()
    cached = site_dir / CACHE_DIR / f"{hashlib.sha256(RECIPE.encode() + data).hexdigest()}{file.suffix.lower()}"
    if cached.is_file():
        return cached.read_bytes()
    result = clean(data, shown)
    write_whole(cached, result)
    return result


def clean(data: bytes, shown: str) -> bytes:
    """Re-encode a photo in its own format, upright, keeping only its pixels and colour profile."""
    try:
        with Image.open(io.BytesIO(data)) as original:
            kind = original.format
            profile = original.info.get("icc_profile")
            upright = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError) as error:
        raise SitegenError([Problem(shown, None, f"is not a picture sitegen can read ({error}); "
                                                 "save it as JPEG, PNG or WebP")]) from None
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


def upright_size(file: Path) -> tuple[int, int]:
    """Width and height as the photo is shown: a portrait shot stored sideways counts as portrait."""
    with Image.open(file) as image:
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


def picture(file: Path, url: str) -> Picture:
    """The Picture of a photo file published at `url` (its variants beside it)."""
    width, height = upright_size(file)
    suffix = "." + url.rsplit(".", 1)[-1].lower()
    widths = widths_for(width)
    webp = tuple((w, variant_name(url, w, ".webp")) for w in widths)
    fallback = tuple((w, url if w == width else variant_name(url, w, suffix)) for w in widths)
    return Picture(url, width, height, webp, fallback)


def variants(file: Path, site_dir: Path, shown: str) -> dict[str, bytes]:
    """File name -> bytes of every smaller size and every WebP of a photo (cached)."""
    data = file.read_bytes()
    digest = hashlib.sha256(RECIPE.encode() + data).hexdigest()
    folder = site_dir / CACHE_DIR / f"{digest}-sizes"
    width, _ = upright_size(file)
    suffix = file.suffix.lower()
    names = [variant_name(file.name, w, ".webp") for w in widths_for(width)]
    names += [variant_name(file.name, w, suffix) for w in widths_for(width)[:-1]]
    if not all((folder / name).is_file() for name in names):
        for name, content in make_variants(data, file.name, shown).items():
            write_whole(folder / name, content)
    return {name: (folder / name).read_bytes() for name in names}


def make_variants(data: bytes, name: str, shown: str) -> dict[str, bytes]:
    with Image.open(io.BytesIO(clean(data, shown))) as upright:
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
            return picture(file, url)
        except (UnidentifiedImageError, OSError):
            return None  # copying it names the file
    return find
