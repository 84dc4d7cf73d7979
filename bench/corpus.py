"""Generate a corpus of bilingual releases in Hugo's layout, the same every time for a given size.

Each release is a page bundle `content/news/<date>-<slug>-<n>/` with `index.id.md` and
`index.en.md`: about 625 words, headings, a list, a link to the previous release's source file,
and a table; 3 categories and 30 tags; lists paginated by 10. With `photos`, every fourth
release also has a 2000×1500 JPEG in its bundle as its lead photo (`image:`), each one
different so that no tool can reuse another's resized copies.
"""

from __future__ import annotations

import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
PHOTO_SIZE = (2000, 1500)
PHOTO_EVERY = 4
ALT = {"id": "Ilustrasi: petugas melayani calon pekerja migran di loket.",
       "en": "Illustration: an officer serving prospective migrant workers at a counter."}

def _words(text: str) -> list[str]:
    return text.split()


WORDS = {
    "id": _words("""pekerja migran pelindungan penempatan layanan balai jakarta negara tujuan keluarga
                 pelatihan dokumen kontrak perusahaan resmi pengaduan data capaian target kerja sama
                 sosialisasi calon keberangkatan jaminan sosial bank keuangan evaluasi rapat koordinasi
                 daerah asal pemerintah masyarakat informasi hak kewajiban aman prosedur"""),
    "en": _words("""migrant workers protection placement services office jakarta destination country family
                 training documents contract company official complaint data results target cooperation
                 outreach prospective departure social security bank finance review meeting coordination
                 province origin government public information rights duties safe procedure"""),
}
CATEGORIES = {"id": ["Kegiatan", "Penempatan", "Pelindungan"], "en": ["Events", "Placement", "Protection"]}
TAGS = {lang: [f"{word}-{n}" for n, word in enumerate(WORDS[lang][:30])] for lang in WORDS}
HEADINGS = {"id": ["Latar belakang", "Capaian", "Langkah berikutnya"],
            "en": ["Background", "Results", "Next steps"]}


def paragraph(rng: random.Random, lang: str, words: int) -> str:
    text = " ".join(rng.choice(WORDS[lang]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def release(rng: random.Random, lang: str, n: int, date: datetime, previous: str | None,
            photo: bool = False) -> str:
    title = paragraph(rng, lang, 8).rstrip(".")
    tags = rng.sample(TAGS[lang], 3)
    front = (f"---\ntitle: \"{title}\"\ndate: {date.isoformat()}\n"
             f"categories: [{CATEGORIES[lang][n % 3]}]\ntags: [{', '.join(tags)}]\n"
             f"dateline: Jakarta\ncredit: Humas/BP3MI DKI Jakarta\n"
             + (f"image: photo.jpg\nimage_alt: \"{ALT[lang]}\"\n" if photo else "")
             + (f"slug: release-{n}\n" if lang == "en" else "") + "---\n")
    parts = [paragraph(rng, lang, 60)]
    for heading in HEADINGS[lang]:
        parts += [f"## {heading}", paragraph(rng, lang, 70), paragraph(rng, lang, 60)]
    parts.append("\n".join(f"- {paragraph(rng, lang, 8)}" for _ in range(4)))
    if previous:
        parts.append(f"[{'Rilis sebelumnya' if lang == 'id' else 'Previous release'}]"
                     f"(../{previous}/index.{lang}.md)")
    rows = "\n".join(f"| {rng.choice(WORDS[lang])} | {rng.randint(100, 99999):,} |" for _ in range(5))
    parts.append(f"| {'Negara' if lang == 'id' else 'Country'} | {'Jumlah' if lang == 'id' else 'Total'} |\n"
                 f"|---|---:|\n{rows}")
    parts.append(paragraph(rng, lang, 50))
    return front + "\n\n".join(parts) + "\n"


def generate(folder: Path, releases: int, seed: int = 2025, photos: bool = False) -> Path:
    """Write a site with `releases` bilingual releases into `folder` (emptied first)."""
    shutil.rmtree(folder, ignore_errors=True)
    news = folder / "content" / "news"
    news.mkdir(parents=True)
    rng = random.Random(seed)
    start = datetime(2016, 1, 1, 9, 0)
    step = timedelta(days=3650) / releases
    previous = None
    for n in range(releases):
        date = start + step * n
        name = f"{date:%Y-%m-%d}-rilis-{n}"
        (news / name).mkdir()
        photo = photos and n % PHOTO_EVERY == 0
        if photo:
            write_photo(news / name / "photo.jpg", n)
        for lang in ("id", "en"):
            text = release(rng, lang, n, date, previous, photo)
            (news / name / f"index.{lang}.md").write_text(text, encoding="utf-8")
        previous = name
    _site_files(folder)
    return folder


def write_photo(file: Path, n: int) -> None:
    """A camera-sized JPEG with gradients and fine detail, as photos have, different for each `n`."""
    width, height = PHOTO_SIZE
    base = Image.linear_gradient("L").resize(PHOTO_SIZE)
    noise = Image.effect_noise(PHOTO_SIZE, 16)
    photo = Image.merge("RGB", (base, noise, base.rotate(90).resize(PHOTO_SIZE)))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((n % width, n % height, n % width + 200, n % height + 150), fill=(200, 80, 40))
    photo.save(file, "JPEG", quality=90)


def _site_files(folder: Path) -> None:
    """The example site's config and theme, so the corpus builds like the real site."""
    config = (REPO / "sitegen.toml").read_text(encoding="utf-8")
    (folder / "sitegen.toml").write_text(config, encoding="utf-8")
    (folder / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    for name in ("_index.id.md", "_index.en.md"):
        shutil.copy(REPO / "content/news" / name, folder / "content/news" / name)
