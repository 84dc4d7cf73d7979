"""Generate a corpus of bilingual releases in Hugo's layout, the same every time for a given size.

Each release is a page bundle `content/news/<date>-<slug>-<n>/` with `index.id.md` and
`index.en.md`: about 625 words, headings, a list, a link to the previous release's source file,
and a table; 3 categories and 30 tags; lists paginated by 10.
"""

from __future__ import annotations

import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]



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


def release(rng: random.Random, lang: str, n: int, date: datetime, previous: str | None) -> str:
    title = paragraph(rng, lang, 8).rstrip(".")
    tags = rng.sample(TAGS[lang], 3)
    front = (f"---\ntitle: \"{title}\"\ndate: {date.isoformat()}\n"
             f"categories: [{CATEGORIES[lang][n % 3]}]\ntags: [{', '.join(tags)}]\n"
             f"dateline: Jakarta\ncredit: Humas/BP3MI DKI Jakarta\n"
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


def generate(folder: Path, releases: int, seed: int = 2025) -> Path:
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
        for lang in ("id", "en"):
            (news / name / f"index.{lang}.md").write_text(release(rng, lang, n, date, previous), encoding="utf-8")
        previous = name
    _site_files(folder)
    return folder


def _site_files(folder: Path) -> None:
    """The example site's config and theme, so the corpus builds like the real site."""
    config = (REPO / "sitegen.toml").read_text(encoding="utf-8")
    (folder / "sitegen.toml").write_text(config, encoding="utf-8")
    (folder / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    for name in ("_index.id.md", "_index.en.md"):
        shutil.copy(REPO / "content/news" / name, folder / "content/news" / name)
