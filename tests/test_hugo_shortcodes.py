"""Issue 18, points 5 and 7: Hugo's shortcodes (ref/relref, youtube, vimeo, x/tweet, highlight, param,
{{% %}} with Markdown inside, paired shortcodes, names with /), photos written with #fragment or
?query, the hint for a web address typed into a link, and a shortcode that does not exist."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from PIL import Image
from playwright.sync_api import Browser

from sitegen.cli import main
from tests.browser import serve
from tests.conftest import build_site, make_site, page

RELEASE_ID = "content/news/2025-08-22-rakornis/index.id.md"
RELEASE_EN = "content/news/2025-08-22-rakornis/index.en.md"
FRONT_ID = ("---\ntitle: Rakornis Evaluasi Layanan\ndate: 2025-08-22T16:30:00\nsubjek: migrasi aman\n"
            "image: foto.jpg\nimage_alt: Peserta rapat\n---\n")
FRONT_EN = ("---\ntitle: Coordination Meeting\nslug: coordination-meeting\ndate: 2025-08-22T16:30:00\n"
            "subjek: safe migration\nimage: foto.jpg\nimage_alt: Meeting participants\n---\n")

BODY = """Lihat [profil]({{< ref "pages/profil" >}}), [hasil]({{< relref "../2025-08-20-sosialisasi#hasil" >}})
dan [versi Inggris]({{< relref path="pages/profil.md" lang="en" >}}).

{{< youtube id="0RKpf3rK57I" title="Sosialisasi migrasi aman" >}}

{{< vimeo 55073825 >}}

{{< tweet user="bp2mi_ri" id="1453110110599868418" >}}

{{< instagram CxOWiQNP2MO >}}

{{% comment %}}Catatan untuk redaksi: jangan terbitkan.{{% /comment %}}

{{< highlight python "linenos=table, hl_lines=2" >}}
x = 1
y = None
{{< /highlight >}}

Subjek: {{< param "subjek" >}}; kantor: {{% param "kantor.kota" %}}.

{{% note %}}
Bawa **paspor** dan lihat [profil]({{< relref "pages/profil.md" >}}).
{{% /note %}}

{{< note >}}Teks <b>polos</b> dengan {{< param "subjek" >}}{{< /note >}}

{{< bs/alert type="info" >}}Perhatian{{< /bs/alert >}}

{{< note />}}

{{< details summary="Syarat" name="syarat" open=true >}}
Bawa **paspor**.
{{< /details >}}

Contoh: {{</* youtube id="abc" */>}} dan {{%/* note */%}}.

![Peserta](lebar.jpg#center)

![Peserta lagi](lebar.jpg?w=1)

{{% note %}}Satu **baris** saja.{{% /note %}}
"""


def _write(site: Path, path: str, text: str) -> None:
    file = site / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def _hugo_site(tmp_path: Path) -> Path:
    site = make_site(tmp_path)
    _write(site, "templates/shortcodes/note.html", '<aside class="note">{{ inner }}</aside>\n')
    _write(site, "templates/shortcodes/bs/alert.html",
           '<div class="alert alert-{{ args.type }}">{{ inner }}</div>\n')
    with (site / "sitegen.toml").open("a", encoding="utf-8") as config:
        config.write('\n[params.kantor]\nkota = "Jakarta"\n')
    Image.new("RGB", (1200, 800), (40, 90, 160)).save(site / "content/news/2025-08-22-rakornis/lebar.jpg")
    _write(site, RELEASE_ID, FRONT_ID + BODY)
    _write(site, RELEASE_EN, FRONT_EN + 'See [the profile]({{< relref "pages/profil" >}}) and '
                                        '[its Indonesian]({{< ref "/pages/profil.md" lang="id" >}}).\n')
    return site


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(_hugo_site(tmp_path_factory.mktemp("hugo")))


@pytest.fixture(scope="module")
def body(public: Path) -> BeautifulSoup:
    found = page(public, "/berita/2025-08-22-rakornis/").select_one(".body")
    assert found is not None
    return found


def test_ref_and_relref_link_to_the_page_in_the_same_language(public: Path, body: BeautifulSoup) -> None:
    assert [a["href"] for a in body.select("p a")[:3]] == [
        "https://example.org/profil/", "/berita/2025-08-20-sosialisasi/#hasil", "/en/profile/"]
    english = page(public, "/en/news/coordination-meeting/").select(".body a")
    assert [a["href"] for a in english] == ["/en/profile/", "https://example.org/profil/"]


def test_youtube_and_vimeo_are_a_local_poster_and_a_link(body: BeautifulSoup) -> None:
    videos = body.select("figure.video")
    assert [v.a["href"] for v in videos] == ["https://www.youtube.com/watch?v=0RKpf3rK57I",
                                             "https://vimeo.com/55073825"]
    assert [" ".join(v.a.get_text().split()) for v in videos] == [
        "Sosialisasi migrasi aman – Tonton di YouTube", "Tonton di Vimeo"]
    assert videos[0].figcaption.get_text() == "Membuka YouTube, yang lalu tahu bahwa Anda menonton video ini."
    assert not body.select("iframe, script, img[src^=http], [src*=youtube], [src*=vimeo]")


def test_tweet_is_a_card_linking_to_the_post(body: BeautifulSoup) -> None:
    card = body.select_one("figure.post-card")
    assert card is not None
    assert card.blockquote["cite"] == "https://x.com/bp2mi_ri/status/1453110110599868418"
    assert card.footer.get_text() == "Unggahan @bp2mi_ri di X"
    assert card.figcaption.a["href"] == "https://x.com/bp2mi_ri/status/1453110110599868418"


def test_instagram_is_a_card_and_a_comment_is_never_published(body: BeautifulSoup) -> None:
    card = body.select("figure.post-card")[1]
    assert card.a["href"] == "https://www.instagram.com/p/CxOWiQNP2MO/"
    assert card.a.get_text() == "Baca unggahan di Instagram"
    assert "redaksi" not in body.get_text()


def test_highlight_colours_the_code_with_line_numbers(public: Path, body: BeautifulSoup) -> None:
    code = body.select_one("div.highlight")
    assert code is not None
    assert code.select_one(".linenos").get_text().split() == ["1", "2"]
    assert code.select_one(".hll").get_text() == "y = None\n"
    assert [span.get_text() for span in code.select("code .n")] == ["x", "y"]
    styles = [link["href"] for link in page(public, "/berita/2025-08-22-rakornis/").select("link[rel=stylesheet]")]
    assert styles == ["/css/main.css", "/css/highlight.css"]  # the theme's colours, only where there is code
    assert [link["href"] for link in page(public, "/profil/").select("link[rel=stylesheet]")] == ["/css/main.css"]
    assert (public / "css/highlight.css").is_file()


def test_param_reads_the_front_matter_then_the_site_params(body: BeautifulSoup) -> None:
    assert "Subjek: migrasi aman; kantor: Jakarta." in body.get_text()


def test_inner_markdown_of_a_percent_shortcode_is_converted(body: BeautifulSoup) -> None:
    note = body.select("aside.note")[0]
    assert note.p is not None and note.p.strong.get_text() == "paspor"
    assert note.p.a["href"] == "/profil/"


def test_a_percent_shortcode_on_one_line_around_a_block_is_a_block_not_inside_a_paragraph(
        body: BeautifulSoup) -> None:
    """`<p><aside>` is invalid HTML: a browser would close the paragraph and leave an empty one behind."""
    note = body.select("aside.note")[-1]
    assert note.parent.name != "p"
    assert note.p is not None and note.p.strong.get_text() == "baris"


def test_inner_text_of_an_angle_shortcode_is_text_with_its_shortcodes_expanded(body: BeautifulSoup) -> None:
    notes = body.select("aside.note")
    assert notes[1].get_text() == "Teks <b>polos</b> dengan migrasi aman"
    assert notes[1].b is None
    assert notes[2].get_text() == ""  # {{< note />}}: closed at once


def test_a_template_that_markdownifies_its_inner_text_gets_markdown(body: BeautifulSoup) -> None:
    details = body.select_one("details")  # Hugo's details shortcode, in the theme
    assert details is not None and details.summary.get_text() == "Syarat"
    assert (details["name"], details.has_attr("open")) == ("syarat", True)
    assert str(details.p) == "<p>Bawa <strong>paspor</strong>.</p>"


def test_a_shortcode_name_with_a_slash_uses_the_template_in_that_folder(body: BeautifulSoup) -> None:
    alert = body.select_one("div.alert.alert-info")
    assert alert is not None and alert.get_text() == "Perhatian"


def test_the_comment_forms_write_the_shortcode_itself(body: BeautifulSoup) -> None:
    assert 'Contoh: {{< youtube id="abc" >}} dan {{% note %}}.' in body.get_text()


def test_a_photo_with_a_fragment_or_query_gets_its_sizes_and_webp(public: Path, body: BeautifulSoup) -> None:
    pictures = body.select("picture")
    assert [p.img["src"] for p in pictures] == ["lebar.jpg#center", "lebar.jpg?w=1"]
    for picture in pictures:
        assert picture.source["srcset"] == "lebar-480.webp 480w, lebar-960.webp 960w, lebar-1200.webp 1200w"
        assert picture.img["srcset"] == "lebar-480.jpg 480w, lebar-960.jpg 960w, lebar.jpg 1200w"
        assert (picture.img["width"], picture.img["height"]) == ("1200", "800")
    for name in ("lebar-480.webp", "lebar-960.webp", "lebar-1200.webp", "lebar-480.jpg", "lebar-960.jpg"):
        assert (public / "berita/2025-08-22-rakornis" / name).is_file()


@pytest.fixture(scope="module")
def served(public: Path) -> Iterator[str]:
    with serve(public) as url:
        yield url


def test_a_video_makes_no_request_to_another_site_until_the_reader_follows_it(browser: Browser,
                                                                              served: str) -> None:
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served)
                  else route.abort())
    tab = context.new_page()
    tab.goto(f"{served}/berita/2025-08-22-rakornis/")
    tab.wait_for_load_state("networkidle")
    assert requested and all(url.startswith(served) for url in requested), requested
    link = tab.get_by_role("link", name="Sosialisasi migrasi aman – Tonton di YouTube")
    assert link.is_visible()
    box = link.bounding_box()
    assert box is not None and box["height"] > 100  # the poster is shown, not a bare line of text
    keyword = tab.locator(".highlight .kc")  # None, coloured by the theme's highlight.css
    assert keyword.evaluate("element => getComputedStyle(element).color") == "rgb(0, 0, 255)"
    link.focus()
    with tab.expect_request("https://www.youtube.com/**") as followed:
        tab.keyboard.press("Enter")
    assert followed.value.url == "https://www.youtube.com/watch?v=0RKpf3rK57I"
    context.close()


# --- mistakes: one message naming the file and the line, exit 1, nothing published --------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path)


def _refused(site: Path, body: str, path: str = RELEASE_ID, front: str = FRONT_ID) -> list[str]:
    _write(site, path, front + body)
    result = CliRunner().invoke(main, ["build", "-s", str(site)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not (site / "public").exists()
    return [line for line in result.output.splitlines() if line.startswith("Error: ")]


def test_a_shortcode_that_does_not_exist_is_named_with_its_line(site: Path) -> None:
    errors = _refused(site, "Satu.\n\n{{< gist spf13 7896402 >}}\n")
    assert len(errors) == 1
    assert errors[0].endswith("youtube); Hugo removed gist in v0.156: link to the gist instead")
    assert errors[0].startswith(f'Error: {RELEASE_ID}:10: unknown shortcode "gist" (known: chart, comment, '
                                "details, figure, highlight, instagram, instagram_simple, param, ref, relref, stat, "
                                "tweet, twitter, twitter_simple, vimeo, vimeo_simple, x, x_simple, youtube)")


@pytest.mark.parametrize("body, message", [
    ('{{< ref "berita/tidak-ada" >}}\n',
     'shortcode ref: no page "berita/tidak-ada" in content/; write the path of a published page from content/, '
     'like "news/2025-08-22-rakornis" or "pages/profil.md"'),
    ('{{< ref "news/masa-depan" >}}\n',
     "shortcode ref: links to content/news/masa-depan.id.md, which is not published (a draft, future-dated or "
     "expired); publish it or remove the link"),
    ('{{< relref "news/hanya-indonesia" lang="en" >}}\n',
     'shortcode relref: "news/hanya-indonesia" (content/news/hanya-indonesia.md) has no version in "en" (only in '
     'id); translate it, or write lang="id" to link to that one'),
    ("{{< youtube >}}\n", 'shortcode youtube: needs id="0RKpf3rK57I"'),
    ('{{< youtube "https://youtu.be/x" >}}\n',
     'shortcode youtube: id="https://youtu.be/x" is not a YouTube id: write it like id="0RKpf3rK57I"'),
    ('{{< x user="bp2mi_ri" >}}\n', 'shortcode x: needs id="1453110110599868418"'),
    ('{{< param "tidak_ada" >}}\n',
     'shortcode param: no value "tidak_ada" in the front matter or in [params] of sitegen.toml'),
    ('{{< highlight go >}}\n', "shortcode highlight: is not closed: end it with {{< /highlight >}}"),
    ("Teks {{< /note >}}\n",
     "{{< /note >}} closes a shortcode that was not opened: write {{< note >}} before it, or remove it"),
    ("{{< youtube 0RKpf3rK57I %}}\n",
     "shortcode youtube: opened with {{< and closed with %}}; use the same on both sides"),
])
def test_a_wrong_hugo_shortcode_is_named_with_its_line(site: Path, body: str, message: str) -> None:
    assert _refused(site, "Satu.\n\n" + body) == [f"Error: {RELEASE_ID}:10: {message}"]


def test_shortcodes_nested_without_end_are_refused_not_a_crash(site: Path) -> None:
    _write(site, "templates/shortcodes/note.html", '<aside class="note">{{ inner }}</aside>\n')
    body = "{{< youtube 0RKpf3rK57I >}}\n" * 60 + "{{< note >}}" * 3_000 + "x" + "{{< /note >}}" * 3_000 + "\n"
    assert _refused(site, "Satu.\n\n" + body) == [
        f"Error: {RELEASE_ID}:70: shortcode note: paired shortcodes are nested more than 50 deep here; write them "
        "one after the other"]


def test_a_paired_shortcode_left_open_is_named_with_its_line(site: Path) -> None:
    _write(site, "templates/shortcodes/note.html", '<aside class="note">{{ inner }}</aside>\n')
    assert _refused(site, "Satu.\n\n{{% note %}}\nBawa paspor.\n") == [
        f"Error: {RELEASE_ID}:10: shortcode note: is not closed: end it with {{{{% /note %}}}}, or close it at once "
        "with {{% note /%}}"]


@pytest.mark.parametrize("link", ["[BP2MI]([http://bp2mi.go.id](http://bp2mi.go.id))",
                                  "[BP2MI](www.bp2mi.go.id)"])
def test_a_web_address_typed_into_a_link_gets_the_right_hint(site: Path, link: str) -> None:
    url = "http://bp2mi.go.id" if "http" in link else "https://www.bp2mi.go.id"
    href = link.removeprefix("[BP2MI](").removesuffix(")")
    assert _refused(site, f"Satu.\n\nLihat {link}.\n") == [
        f'Error: {RELEASE_ID}:10: link "{href}" is a web address with extra characters around it, not a file of '
        f"the site; write the link as [text]({url})"]


def test_a_site_template_replaces_a_builtin_shortcode(site: Path, tmp_path: Path) -> None:
    _write(site, "templates/shortcodes/highlight.html", '<pre class="mine">{{ inner }}</pre>\n')
    _write(site, RELEASE_ID, FRONT_ID + "{{< highlight go >}}a < b{{< /highlight >}}\n")
    public = build_site(site)
    mine = page(public, "/berita/2025-08-22-rakornis/").select_one("pre.mine")
    assert mine is not None and mine.get_text() == "a < b"
    shutil.rmtree(public)


def test_a_ref_follows_its_page_when_the_page_moves_even_from_the_cache(site: Path) -> None:
    _write(site, RELEASE_ID, FRONT_ID + 'Lihat [sosialisasi]({{< relref "2025-08-20-sosialisasi" >}}).\n')
    public = build_site(site)
    assert page(public, "/berita/2025-08-22-rakornis/").select_one(".body p a")["href"] == \
        "/berita/2025-08-20-sosialisasi/"
    target = site / "content/news/2025-08-20-sosialisasi/index.id.md"
    target.write_text(target.read_text(encoding="utf-8").replace("title:", "slug: sosialisasi-baru\ntitle:", 1),
                      encoding="utf-8")
    public = build_site(site)  # the linking release is unchanged: its Markdown would come from the cache
    assert page(public, "/berita/2025-08-22-rakornis/").select_one(".body p a")["href"] == \
        "/berita/sosialisasi-baru/"


def test_a_percent_shortcode_inside_a_paragraph_keeps_the_paragraph(site: Path) -> None:
    _write(site, "templates/shortcodes/mark.html", '<mark>{{ inner }}</mark>')
    _write(site, RELEASE_ID, FRONT_ID + "Sebelum {{% mark %}}**tebal**{{% /mark %}} sesudah.\n\n"
                                        "{{< youtube 0RKpf3rK57I poster=\"foto.jpg\" start=\"90\" >}}\n")
    body = page(build_site(site), "/berita/2025-08-22-rakornis/").select_one(".body")
    assert str(body.p) == "<p>Sebelum <mark><strong>tebal</strong></mark> sesudah.</p>"
    video = body.select_one("figure.video a")
    assert video["href"] == "https://www.youtube.com/watch?v=0RKpf3rK57I&t=90s"
    assert video.img["src"] == "foto.jpg" and video.img["alt"] == ""  # the link's text names it


def test_percent_shortcodes_left_open_are_read_in_linear_time() -> None:
    import time

    from sitegen.markdown.shortcodes import CALL
    body = "{{% a " * 17_000 + "\n\n" + "{{< b /" * 10_000 + " " * 50_000 + "\n"
    started = time.perf_counter()
    assert sum(1 for _ in CALL.finditer(body)) == 0
    assert time.perf_counter() - started < 1


def test_a_figure_takes_hugos_title_link_attr_and_class(site: Path) -> None:
    _write(site, RELEASE_ID, FRONT_ID + '{{< figure src="foto.jpg" alt="Peserta" title="Rakornis" caption="Suasana" '
                                        'attr="Humas" attrlink="https://bp2mi.go.id/" class="lebar" '
                                        'link="../2025-08-20-sosialisasi/index.id.md" >}}\n')
    figure = page(build_site(site), "/berita/2025-08-22-rakornis/").select_one(".body figure")
    assert figure["class"] == ["figure", "lebar"]
    assert figure.a["href"] == "/berita/2025-08-20-sosialisasi/" and figure.a.img["alt"] == "Peserta"
    assert " ".join(figure.figcaption.get_text().split()) == "Rakornis Suasana Foto: Humas"
    assert figure.figcaption.strong.get_text() == "Rakornis"
    assert figure.select_one(".photo-credit a")["href"] == "https://bp2mi.go.id/"


@pytest.mark.parametrize("link, message", [
    ("javascript:alert(1)", "shortcode figure: link='javascript:alert(1)' would run code in a reader's browser; "
                            "sitegen never publishes javascript: links: link to a page or a file instead"),
    ("../tidak-ada/index.id.md", "shortcode figure: links to ../tidak-ada/index.id.md, but "
                                 "content/news/tidak-ada/index.id.md does not exist; check the file name"),
])
def test_a_figure_link_is_checked_as_a_markdown_link_is(site: Path, link: str, message: str) -> None:
    assert _refused(site, f'Satu.\n\n{{{{< figure src="foto.jpg" alt="Peserta" link="{link}" >}}}}\n') == [
        f"Error: {RELEASE_ID}:10: {message}"]
