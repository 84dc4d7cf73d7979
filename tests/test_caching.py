"""`sitegen build` with its cache (.sitegen-cache) makes, after every kind of change, byte for byte
what a build without any cache makes."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from tests.conftest import NOW, SITES, make_site, published_files


def copy_of(site: Path, name: str, *ignored: str) -> Path:
    copy = site.parent / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, symlinks=True, ignore=shutil.ignore_patterns(*ignored))
    return copy


def warm_ci_and_cold(site: Path) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, bytes]]:
    """The site built with its cache and public/; a copy built with the cache before this build
    but no public/ (CI: a fresh checkout, the cache restored); and a copy built without either."""
    ci = copy_of(site, "ci", "public", ".public*")
    build(BuildOptions(site_dir=site, now=NOW))
    build(BuildOptions(site_dir=ci, now=NOW))
    cold = copy_of(site, "cold", ".sitegen-cache", "public", ".public*")
    build(BuildOptions(site_dir=cold, now=NOW))
    return tuple(published_files(folder / "public") for folder in (site, ci, cold))  # type: ignore[return-value]


def assert_warm_is_cold(site: Path) -> None:
    warm, ci, cold = warm_ci_and_cold(site)
    assert sorted(warm) == sorted(ci) == sorted(cold)
    assert [name for name in cold if warm[name] != cold[name]] == []
    assert [name for name in cold if ci[name] != cold[name]] == []


def replace_in(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_after_every_kind_of_change_a_warm_build_is_a_cold_build(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    news = site / "content/news"
    assert_warm_is_cold(site)
    release = news / "2025-08-20-sosialisasi/index.id.md"
    replace_in(release, "title: Sosialisasi Migrasi Aman", "title: Sosialisasi Baru")
    assert_warm_is_cold(site)  # a release
    replace_in(news / "2025-08-20-sosialisasi/index.en.md", "title: Safe Migration Outreach", "title: Outreach")
    assert_warm_is_cold(site)  # a translation
    replace_in(release, "title: Sosialisasi Baru", "title: Sosialisasi Baru\nslug: sosialisasi-pindah")
    assert_warm_is_cold(site)  # a release moved: pages linking to it follow
    csv = site / "data/penempatan-2025.csv"
    text = csv.read_text(encoding="utf-8")
    assert "Hongkong,1.500" in text
    csv.write_text(text.replace("Hongkong,1.500", "Hongkong,1.750"), encoding="utf-8")
    assert_warm_is_cold(site)  # a dataset
    Image.new("RGB", (800, 500), (20, 90, 160)).save(news / "2025-08-22-rakornis/foto.jpg")
    assert_warm_is_cold(site)  # a photo under the same name
    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("{% extends 'base.html' %}{% block main %}<h1>Hilang</h1>"
                                            "{% endblock %}", encoding="utf-8")
    assert_warm_is_cold(site)  # a template
    replace_in(site / "sitegen.toml", "paginate = 2", "paginate = 3")
    assert_warm_is_cold(site)  # the config
    (news / "hanya-indonesia.md").unlink()
    assert_warm_is_cold(site)  # a release deleted
