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
import os
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from sitegen.errors import Problem, SitegenError

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
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(result)
    temporary.replace(cached)
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
