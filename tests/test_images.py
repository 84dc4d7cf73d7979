"""Photos are published upright and without the metadata a phone writes into them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from sitegen import images
from tests.conftest import REPO, build_site, make_site, page

BUNDLE = "content/news/2025-08-22-rakornis"
GPS_IFD = 0x8825


def phone_photo(path: Path) -> None:
    """A 40 × 20 JPEG stored sideways (orientation 6), with a GPS position, a camera and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "S", 2: (6.0, 12.0, 30.0), 3: "E", 4: (106.0, 49.0, 0.0)}
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    image.save(path, "JPEG", exif=exif, comment=b"taken at home")


@pytest.fixture
def site_with_phone_photo(tmp_path: Path) -> Path:
    site = make_site(tmp_path)
    phone_photo(site / BUNDLE / "foto.jpg")
    (site / BUNDLE / "laporan.pdf").write_bytes(b"%PDF-1.4 not a photo")
    (site / "static/images").mkdir(parents=True, exist_ok=True)
    phone_photo(site / "static/images/kantor.jpg")
    return site


def test_a_published_photo_has_no_metadata_and_stands_upright(site_with_phone_photo: Path) -> None:
    public = build_site(site_with_phone_photo)
    for path in ("berita/2025-08-22-rakornis/foto.jpg", "en/news/coordination-meeting/foto.jpg", "images/kantor.jpg"):
        with Image.open(public / path) as photo:
            assert photo.size == (20, 40), path  # turned as the phone meant it
            assert dict(photo.getexif()) == {}, path
            assert "comment" not in photo.info and "exif" not in photo.info, path
    source = (site_with_phone_photo / BUNDLE / "foto.jpg").read_bytes()
    published = (public / "berita/2025-08-22-rakornis/foto.jpg").read_bytes()
    assert b"PhoneMaker" in source and b"PhoneMaker" not in published


def test_the_lead_photo_and_its_share_tags_have_its_upright_size(site_with_phone_photo: Path) -> None:
    public = build_site(site_with_phone_photo)
    doc = page(public, "/berita/2025-08-22-rakornis/")
    photo = doc.select_one(".lead-photo img")
    assert (photo["width"], photo["height"]) == ("20", "40")
    assert doc.select_one('meta[property="og:image:width"]')["content"] == "20"
    assert doc.select_one('meta[property="og:image:height"]')["content"] == "40"


def test_other_files_and_the_themes_images_are_copied_as_they_are(site_with_phone_photo: Path) -> None:
    public = build_site(site_with_phone_photo)
    assert (public / "berita/2025-08-22-rakornis/laporan.pdf").read_bytes() == b"%PDF-1.4 not a photo"
    assert (public / "images/logo.png").read_bytes() == (REPO / "themes/humas/static/images/logo.png").read_bytes()


def test_an_unchanged_photo_is_not_processed_again(site_with_phone_photo: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    first = build_site(site_with_phone_photo)
    before = (first / "berita/2025-08-22-rakornis/foto.jpg").read_bytes()

    def refuse(data: bytes, shown: str) -> bytes:
        raise AssertionError(f"{shown} processed again")

    monkeypatch.setattr(images, "clean", refuse)
    again = build_site(site_with_phone_photo)
    assert (again / "berita/2025-08-22-rakornis/foto.jpg").read_bytes() == before


def test_a_photo_sitegen_cannot_read_is_named(tmp_path: Path) -> None:
    with pytest.raises(Exception) as error:
        images.clean(b"not a picture", "content/news/x/foto.jpg")
    assert str(error.value).startswith("content/news/x/foto.jpg: is not a picture sitegen can read (")
    assert str(error.value).endswith("); save it as JPEG, PNG or WebP")


def test_png_and_webp_keep_their_format() -> None:
    for kind in ("PNG", "WEBP"):
        out = io.BytesIO()
        Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, kind)
        with Image.open(io.BytesIO(images.clean(out.getvalue(), "x"))) as result:
            assert result.format == kind and result.mode == "RGBA"
