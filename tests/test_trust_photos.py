"""Photos sitegen cannot take (issue 13): too many pixels, not a picture, damaged, not readable.

Each is refused with one message naming the photo, exit status 1, before anything is decoded or
written: the site published before, the sources and every file outside the output stay as they were.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image

from sitegen.cli import main
from sitegen.core.errors import SitegenError
from sitegen.core.limits import IMAGE_PIXELS
from sitegen.source import images
from tests.conftest import build_site, make_site

BUNDLE = "content/news/2025-08-22-rakornis"
PHOTO = f"{BUNDLE}/foto.jpg"  # the release's lead photo, and a figure in its text
HINT = "; save it as JPEG, PNG or WebP"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {f.relative_to(folder).as_posix(): f.read_bytes() for f in sorted(folder.rglob("*")) if f.is_file()}


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """The minimal site, built once successfully: the published folder every failed build must leave."""
    site = make_site(tmp_path)
    return site, snapshot(build_site(site))


def site_sources(site: Path) -> dict[str, bytes]:
    """Everything a user wrote (and the config), outside the output folder."""
    return {f"{name}/{path}": data for name in ("content", "static", "i18n")
            for path, data in snapshot(site / name).items()} | {"sitegen.toml": (site / "sitegen.toml").read_bytes()}


def build_fails(site: Path, published_before: dict[str, bytes],
                denied: tuple[pytest.MonkeyPatch, str] | None = None) -> Result:
    """Run `sitegen build`, expecting a clean failure that leaves every file where it was
    (with one file made unreadable while it runs, if `denied` says which)."""
    sources = site_sources(site)
    if denied:
        deny(denied[0], site.resolve() / denied[1])
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    if denied:
        denied[0].undo()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr.endswith("Nothing was published.\n")
    assert snapshot(site / "public") == published_before
    assert site_sources(site) == sources
    assert sorted(p.name for p in site.iterdir() if p.name.startswith(".public")) == []  # no staging left
    return result


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header says width × height (its pixel data is for 1 × 1: decoding it would fail)."""
    out = io.BytesIO()
    Image.new("1", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


# --- too many pixels ---------------------------------------------------------------------------

def test_pillow_guards_at_sitegens_limit() -> None:
    assert Image.MAX_IMAGE_PIXELS == IMAGE_PIXELS == 50_000_000


def test_a_photo_of_900_million_pixels_is_refused_by_its_header(published: tuple[Path, dict[str, bytes]]) -> None:
    site, before = published
    (site / PHOTO).write_bytes(png_claiming(30_000, 30_000))  # 106 KB as a real file; 3.6 GB decoded
    result = build_fails(site, before)
    assert result.stderr == (
        f"Error: {PHOTO}: has 900,000,000 pixels; sitegen takes photos of up to 50,000,000 pixels "
        "(width × height): make it smaller than that and save it again (pages show photos at most 1600 "
        "pixels wide)\nNothing was published.\n")


def blank_png(width: int, height: int) -> bytes:
    """A whole, valid black-and-white PNG, written a band of rows at a time (Pillow would take seconds)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte "none", then 8 pixels a byte
    rows = [packer.compress(row * min(1000, height - start)) for start in range(0, height, 1000)]
    pixels = b"".join(rows) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit, grey
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_a_real_30000_pixel_square_png_is_refused_too(tmp_path: Path) -> None:
    file = tmp_path / "besar.png"
    file.write_bytes(blank_png(30_000, 30_000))  # what the issue found: about 100 KB that crashed the build
    with Image.open(io.BytesIO(blank_png(2001, 3))) as small:  # the same writer makes pictures Pillow reads
        small.load()
        assert small.size == (2001, 3)
    with pytest.raises(SitegenError) as error:
        images.upright_size(file, "static/besar.png")
    assert str(error.value).startswith("static/besar.png: has 900,000,000 pixels; ")


def test_a_photo_just_over_the_limit_is_named_with_its_width_and_height(
    published: tuple[Path, dict[str, bytes]]
) -> None:
    site, before = published
    (site / "static/images").mkdir(parents=True, exist_ok=True)
    Image.new("1", (8000, 7000)).save(site / "static/images/panorama.png")  # under Pillow's own refusal
    result = build_fails(site, before)
    assert result.stderr == (
        "Error: static/images/panorama.png: has 56,000,000 pixels (8000 × 7000); sitegen takes photos of up "
        "to 50,000,000 pixels (width × height): make it smaller than that and save it again (pages show "
        "photos at most 1600 pixels wide)\nNothing was published.\n")


def test_a_photo_at_the_limit_is_taken(tmp_path: Path) -> None:
    file = tmp_path / "pas.png"
    Image.new("1", (10_000, 5_000)).save(file)  # exactly 50,000,000 pixels
    assert images.upright_size(file, "pas.png") == (10_000, 5_000)


# --- not a picture, or a damaged one -----------------------------------------------------------

def test_a_file_that_is_not_a_photo_is_named_without_pillows_object(
    published: tuple[Path, dict[str, bytes]]
) -> None:
    site, before = published
    (site / PHOTO).write_bytes(b"not a picture at all")
    result = build_fails(site, before)
    assert result.stderr == (f"Error: {PHOTO}: is not a picture sitegen can read (it is not a JPEG, PNG or WebP "
                             f"file){HINT}\nNothing was published.\n")
    assert "BytesIO" not in result.stderr and "0x" not in result.stderr


def test_another_kind_of_picture_named_jpg_never_reaches_its_decoder(
    published: tuple[Path, dict[str, bytes]]
) -> None:
    site, before = published
    # An EPS, which Pillow would hand to Ghostscript, and a TIFF: real pictures, but not photos.
    (site / PHOTO).write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    result = build_fails(site, before)
    assert result.stderr.startswith(f"Error: {PHOTO}: is not a picture sitegen can read (it is not a JPEG, PNG")
    tiff = io.BytesIO()
    Image.new("RGB", (4, 4)).save(tiff, "TIFF")
    with pytest.raises(SitegenError, match=r"it is not a JPEG, PNG or WebP file"):
        images.clean(tiff.getvalue(), "x.jpg")


def test_a_damaged_photo_says_what_pillow_found_and_names_the_file(
    published: tuple[Path, dict[str, bytes]]
) -> None:
    site, before = published
    whole = (site / PHOTO).read_bytes()
    (site / PHOTO).write_bytes(whole[: len(whole) // 2])  # a copy that stopped half-way
    result = build_fails(site, before)
    assert result.stderr.startswith(f"Error: {PHOTO}: is not a picture sitegen can read (it is damaged: ")
    assert result.stderr.endswith(f"){HINT}\nNothing was published.\n")
    assert "BytesIO" not in result.stderr and " at 0x" not in result.stderr


def test_pillows_object_in_a_message_becomes_the_files_name() -> None:
    error = OSError("cannot identify image file <_io.BytesIO object at 0x7f3a2c1b9e50>")
    assert images._without_objects(error, "static/x.jpg") == "cannot identify image file static/x.jpg"


@pytest.mark.parametrize("cut", [20, 100, 400, -10])
def test_any_cut_of_a_photo_is_a_message_not_a_crash(cut: int) -> None:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    with pytest.raises(SitegenError) as error:
        images.make_variants(out.getvalue()[:cut], "foto.jpg", "foto.jpg")
    assert str(error.value).startswith("foto.jpg: is not a picture sitegen can read (it is ")


# --- a photo the file system does not let sitegen read -----------------------------------------

def deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """What `chmod 000` does for a user other than root (the tests run as root, where it does nothing)."""
    original_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == denied:
            raise PermissionError(13, "Permission denied", str(self))
        return original_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refusing_open)
    monkeypatch.setattr(Path, "read_bytes", lambda self: refusing_open(self, "rb").read())


def test_a_photo_without_read_permission_says_so(published: tuple[Path, dict[str, bytes]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    site, before = published
    result = build_fails(site, before, (monkeypatch, PHOTO))
    assert result.stderr == (f"Error: {PHOTO}: cannot be read: permission denied; let the user who runs sitegen "
                             "read it (chmod a+r), or save the photo again\nNothing was published.\n")


def test_a_static_photo_without_read_permission_says_so(published: tuple[Path, dict[str, bytes]],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    site, before = published
    (site / "static/images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 8)).save(site / "static/images/kantor.jpg")
    result = build_fails(site, before, (monkeypatch, "static/images/kantor.jpg"))
    assert result.stderr.startswith("Error: static/images/kantor.jpg: cannot be read: permission denied; ")


def test_every_picture_sitegen_opens_goes_through_one_gate() -> None:
    """Only images.opened() calls Pillow's open, so no photo escapes the checks above."""
    package = Path(images.__file__).parent
    opens = {module.name: module.read_text(encoding="utf-8").count("Image.open(") for module in package.glob("*.py")}
    assert {name: count for name, count in opens.items() if count} == {"images.py": 1}
