"""Related releases: the index gives exactly what comparing every pair gives."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from sitegen.model.site import Page
from sitegen.pages.plan import Related, related


def _page(number: int, categories: list[str], tags: list[str], kind: str = "article") -> Page:
    return Page(title=f"Rilis {number}", date=datetime(2025, 1, 1, tzinfo=UTC), kind=kind,
                section="news", lang="id", source=f"content/news/{number}/index.id.md",
                translation_key=f"news/{number}", path=f"/berita/{number}/", body="", body_line=1,
                categories=tuple(categories), tags=tuple(tags))


@pytest.mark.parametrize("seed", range(12))
def test_the_index_agrees_with_comparing_every_pair(seed: int) -> None:
    chance = random.Random(seed)
    categories, tags = [f"k{n}" for n in range(3)], [f"t{n}" for n in range(chance.choice([6, 12, 30]))]
    pages = [_page(n, chance.sample(categories, chance.randint(0, 2)), chance.sample(tags, chance.randint(0, 6)),
                   kind="page" if chance.random() < 0.05 else "article") for n in range(300)]
    suggest = Related(pages)
    for page in pages:
        for count in (1, 3, 5):
            assert suggest(page, count) == related(page, pages, count), page.title


def test_most_shared_terms_first_then_newest() -> None:
    mine = _page(0, ["Penempatan"], ["Jakarta", "PMI", "Taiwan"])
    one = _page(1, ["Penempatan"], [])
    three = _page(2, ["Penempatan"], ["PMI", "Taiwan"])
    none = _page(3, ["Pelindungan"], ["Hong Kong"])
    two = _page(4, [], ["PMI", "Jakarta"])
    pages = [mine, one, three, none, two]
    assert Related(pages)(mine) == [three, two, one]
