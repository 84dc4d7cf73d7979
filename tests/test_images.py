"""Photos are published upright and without the metadata a phone writes into them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from sitegen.source import images
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


def large_photo(path: Path, size: tuple[int, int] = (2000, 1000)) -> None:
    Image.new("RGB", size, (30, 90, 160)).save(path, "JPEG")


def test_a_photo_is_published_in_smaller_sizes_and_as_webp(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    large_photo(site / BUNDLE / "foto.jpg")
    public = build_site(site)
    folder = public / "berita/2025-08-22-rakornis"
    expected = {"foto-480.webp": (480, 240), "foto-960.webp": (960, 480), "foto-1600.webp": (1600, 800),
                "foto-2000.webp": (2000, 1000), "foto-480.jpg": (480, 240), "foto-960.jpg": (960, 480),
                "foto-1600.jpg": (1600, 800), "foto.jpg": (2000, 1000)}
    for name, size in expected.items():
        with Image.open(folder / name) as photo:
            assert (photo.size, photo.format) == (size, "WEBP" if name.endswith(".webp") else "JPEG"), name
    assert (public / "en/news/coordination-meeting/foto-480.webp").is_file()  # beside each language's page


def test_the_lead_photo_and_photos_in_the_text_are_pictures_with_sizes(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    large_photo(site / BUNDLE / "foto.jpg")
    public = build_site(site)
    doc = page(public, "/berita/2025-08-22-rakornis/")
    lead = doc.select_one(".lead-photo picture")
    base = "/berita/2025-08-22-rakornis/foto"
    assert lead.source["type"] == "image/webp"
    assert lead.source["srcset"] == f"{base}-480.webp 480w, {base}-960.webp 960w, {base}-1600.webp 1600w, " \
                                    f"{base}-2000.webp 2000w"
    image = lead.img
    assert image["src"] == f"{base}.jpg"
    assert image["srcset"] == f"{base}-480.jpg 480w, {base}-960.jpg 960w, {base}-1600.jpg 1600w, {base}.jpg 2000w"
    assert (image["width"], image["height"], image["sizes"]) == ("2000", "1000", "(min-width: 44rem) 42rem, 100vw")
    assert not image.has_attr("loading")  # the lead photo is at the top: not lazy
    figure = doc.select_one(".body figure picture")  # the figure shortcode in the text
    assert figure.img["loading"] == "lazy" and figure.img["alt"] == "Suasana rapat"
    english = page(public, "/en/news/coordination-meeting/").select_one(".lead-photo img")
    assert english["src"] == "/en/news/coordination-meeting/foto.jpg"


def test_a_markdown_photo_becomes_a_picture(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    large_photo(site / BUNDLE / "foto.jpg", (800, 600))
    post = site / BUNDLE / "index.en.md"
    post.write_text(post.read_text() + "\n![Participants at the meeting](foto.jpg)\n")
    public = build_site(site)
    picture = page(public, "/en/news/coordination-meeting/").select(".body > p > picture")[-1]
    assert picture.source["srcset"] == "foto-480.webp 480w, foto-800.webp 800w"  # beside the page, as written
    assert picture.img["srcset"] == "foto-480.jpg 480w, foto.jpg 800w"
    assert (picture.img["width"], picture.img["height"], picture.img["loading"]) == ("800", "600", "lazy")
