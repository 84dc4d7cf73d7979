"""Incremental builds (sitegen serve): an edit renders only the pages that show what changed, and
after every kind of change the preview is byte for byte what a build from scratch makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from sitegen.commands.session import Session
from sitegen.core.errors import SitegenError
from tests.conftest import NOW, SITES, make_site, published_files

PREVIEW = {"drafts": True, "future": True, "preview": True, "base_url": "http://127.0.0.1:8000/", "now": NOW}


def start(site: Path) -> Session:
    session = Session(BuildOptions(site_dir=site, output=site.parent / "preview", **PREVIEW), echo=lambda _: None)
    session.build()
    return session


def from_scratch(site: Path) -> dict[str, bytes]:
    output = site.parent / "scratch"
    shutil.rmtree(output, ignore_errors=True)
    build(BuildOptions(site_dir=site, output=output, **PREVIEW))
    return published_files(output)


def edit(file: Path, old: str, new: str) -> Path:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return file


def assert_same_as_from_scratch(session: Session) -> None:
    session.search.wait()
    made, expected = published_files(session.output), from_scratch(session.options.site_dir)
    assert sorted(made) == sorted(expected)
    assert [name for name in expected if made[name] != expected[name]] == []


def test_editing_a_release_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    session = start(site)
    release = edit(site / "content/news/hanya-indonesia.md", "title: Pengumuman Khusus Indonesia",
                   "title: Pengumuman Baru")
    session.build([release])
    # The release, its neighbour (previous/next), the home page, the list page, archive and
    # category pages it is on; not the other releases, the English site or the statistics.
    assert sorted(session.rendered) == ["page /", "page /arsip/", "page /arsip/2024/", "page /berita/dengan-kunci/",
                                        "page /berita/halaman/3/", "page /berita/hanya-indonesia/",
                                        "page /kategori/", "page /kategori/pengumuman/"]
    # Of those, only the files whose bytes changed are written (the archive overview shows no titles).
    assert sorted(session.written) == [
        "arsip/2024/index.html", "atom.xml", "berita/atom.xml", "berita/dengan-kunci/index.html",
        "berita/halaman/3/index.html", "berita/hanya-indonesia/index.html", "berita/hanya-indonesia/share.png",
        "berita/index.xml", "index.html", "index.xml",
        "kategori/pengumuman/atom.xml", "kategori/pengumuman/index.html", "kategori/pengumuman/index.xml"]
    assert_same_as_from_scratch(session)


def test_a_translation_edit_re_renders_the_page_in_the_other_language_too(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    session = start(site)
    session.build([edit(site / "content/news/2025-08-20-sosialisasi/index.en.md", "title: Safe Migration Outreach",
                        "title: Outreach on Safe Migration")])
    assert "page /berita/2025-08-20-sosialisasi/" in session.rendered  # its language switcher and JSON-LD
    assert "page /berita/2025-08-22-rakornis/" not in session.rendered
    assert_same_as_from_scratch(session)


def test_saving_without_a_change_writes_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    session = start(site)
    release = site / "content/news/2025-08-22-rakornis/index.id.md"
    release.write_bytes(release.read_bytes())
    session.build([release])
    assert session.rendered == []
    assert session.written == []


def test_after_every_kind_of_change_the_preview_is_what_a_full_build_makes(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    session = start(site)
    assert_same_as_from_scratch(session)
    news = site / "content/news"

    new = news / "2025-08-25-baru" / "index.id.md"
    new.parent.mkdir()
    new.write_text("---\ntitle: Rilis Baru\ndate: 2025-08-25\ncategories: [Kegiatan Balai]\ntags: [penempatan]\n"
                   "---\nIsi rilis baru, dengan [tautan](../2025-08-20-sosialisasi/index.id.md).\n", encoding="utf-8")
    session.build([new.parent, new])
    assert "page /berita/2025-08-25-baru/" in session.rendered
    assert_same_as_from_scratch(session)

    session.build([edit(news / "2025-08-20-sosialisasi/index.id.md", "title: Sosialisasi Migrasi Aman",
                        "title: Sosialisasi Diperbarui")])  # the new release links to it: its link text stays
    assert_same_as_from_scratch(session)

    moved = edit(news / "2025-08-20-sosialisasi/index.id.md", "title: Sosialisasi Diperbarui",
                 "title: Sosialisasi Diperbarui\nslug: sosialisasi-pindah")
    session.build([moved])  # the new release's link must follow it to its new URL
    assert "berita/2025-08-20-sosialisasi/index.html" in session.written  # deleted: the page moved
    assert_same_as_from_scratch(session)

    shutil.rmtree(news / "2025-08-25-baru")
    session.build([news / "2025-08-25-baru"])
    assert not (session.output / "berita/2025-08-25-baru").exists()
    assert_same_as_from_scratch(session)

    csv = site / "data/penempatan-2025.csv"
    text = csv.read_text(encoding="utf-8")
    assert "Hongkong,1.500" in text  # a real change of the data, not a no-op
    csv.write_text(text.replace("Hongkong,1.500", "Hongkong,1.750"), encoding="utf-8")
    session.build([csv])
    assert "page /berita/2025-08-22-rakornis/" in session.rendered  # it shows figures from the data
    assert "page /berita/hanya-indonesia/" not in session.rendered
    assert_same_as_from_scratch(session)

    photo = news / "2025-08-22-rakornis/foto.jpg"
    Image.new("RGB", (800, 500), (20, 90, 160)).save(photo)
    session.build([photo])
    assert_same_as_from_scratch(session)

    static = site / "static/images/extra.svg"
    static.write_text(static.read_text(encoding="utf-8").replace("</svg>", "<title>x</title></svg>"), encoding="utf-8")
    session.build([static])
    assert session.written == ["images/extra.svg"]
    assert_same_as_from_scratch(session)

    (site / "templates").mkdir()
    (site / "templates/404.html").write_text("{% extends 'base.html' %}{% block main %}<h1>Hilang</h1>"
                                            "{% endblock %}", encoding="utf-8")
    session.build([site / "templates/404.html"])
    assert sorted(session.written) == ["404.html", "en/404.html"]  # every page rendered, two changed
    assert_same_as_from_scratch(session)

    session.build([edit(site / "sitegen.toml", "paginate = 2", "paginate = 3")])
    assert_same_as_from_scratch(session)


def test_a_failed_build_writes_nothing_and_the_next_good_one_catches_up(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    session = start(site)
    before = published_files(session.output)
    release = site / "content/news/2025-08-22-rakornis/index.id.md"
    good = release.read_text(encoding="utf-8")
    release.write_text(good.replace("title: Rakornis Evaluasi Layanan", "title: [Rakornis"), encoding="utf-8")
    with pytest.raises(SitegenError) as failure:
        session.build([release])
    assert failure.value.problems[0].path == "content/news/2025-08-22-rakornis/index.id.md"
    assert published_files(session.output) == before
    other = edit(site / "content/news/hanya-indonesia.md", "title: Pengumuman Khusus Indonesia",
                 "title: Pengumuman Baru")
    release.write_text(good.replace("title: Rakornis Evaluasi Layanan", "title: Rakornis Pulih"), encoding="utf-8")
    session.build([other])  # the broken file is still due to be read again, though this change names another
    assert "Rakornis Pulih" in (session.output / "berita/2025-08-22-rakornis/index.html").read_text(encoding="utf-8")
    assert_same_as_from_scratch(session)


def test_a_term_template_that_lists_all_the_terms_releases_is_re_rendered_whole(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "templates").mkdir()
    (site / "templates/term.html").write_text(
        "{% extends 'base.html' %}{% block main %}<h1>{{ term.name }}</h1>"
        "{% for page in term.pages %}<p>{{ page.title }}</p>{% endfor %}{% endblock %}", encoding="utf-8")
    edit(site / "sitegen.toml", "paginate = 2", "paginate = 1")
    session = start(site)
    session.build([edit(site / "content/news/2025-08-20-sosialisasi/index.id.md", "title: Sosialisasi Migrasi Aman",
                        "title: Sosialisasi Diperbarui")])
    term_pages = {f"page /{f.parent.relative_to(session.output).as_posix()}/"
                  for f in (session.output / "kategori/kegiatan-balai").rglob("index.html")}
    assert len(term_pages) > 1
    assert term_pages <= set(session.rendered)  # every page of the term, not only the one listing the release
    assert_same_as_from_scratch(session)


def test_a_static_file_in_the_place_of_a_page_is_refused_and_the_preview_kept(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    session = start(site)
    before = published_files(session.output)
    clash = site / "static/kategori/index.html"
    clash.parent.mkdir(parents=True)
    clash.write_text("<p>lama</p>", encoding="utf-8")
    with pytest.raises(SitegenError) as failure:
        session.build([clash])
    assert str(failure.value.problems[0]) == (
        "static/kategori/index.html: would write kategori/index.html, which list of categories (id) writes too; "
        "change one of their URLs")
    assert published_files(session.output) == before
    clash.unlink()
    session.build([clash])
    assert_same_as_from_scratch(session)
