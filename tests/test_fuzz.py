"""Random input never crashes sitegen: every build ends published (exit 0) or refused (exit 1).

Hypothesis writes front matter, Markdown bodies, dataset descriptors and table cells of the
kind a hurried officer or an attacker would: control characters, huge numbers, impossible
dates, deep nesting, hostile paths and URLs. Whatever it writes, `sitegen build` ends with
exit 0 (and valid XML feeds, nothing outside the output folder) or exit 1 with one "Error:"
line per mistake, the published site untouched; never a traceback (exit 2). Examples are
few and the sites tiny, so the suite stays fast; the seed is derandomized so that CI is
repeatable (Hypothesis's database still finds new failures locally).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from sitegen.cli import main
from tests.conftest import REPO, SITES

FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text as people paste it: letters, digits and punctuation, plus what Word, mojibake and
# attackers bring (control characters, C1 characters, noncharacters, YAML and Markdown syntax).
_NASTY = ["\x00", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x92", "\ufffe", "\uffff", "\u2028",
          "\ud7ff", "\n", "\t", "../", "..\\", "/", "%00", "{{<", "{{%", ">}}", "<script>", "javascript:",
          "&", "'", '"', ":", "#", "- ", "*", "!", "[", "](", "~", "|", "`"]
text = st.lists(st.one_of(st.characters(codec="utf-8", exclude_categories=("Cs",)), st.sampled_from(_NASTY)),
                max_size=30).map("".join)
numbers = st.one_of(st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
                    st.just(10**400), st.floats(allow_nan=True, allow_infinity=True))
dates = st.one_of(st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()),
                  st.sampled_from(["0001-01-01", "9999-12-31T23:59:59", "2025-02-30", "2025-13-01", "10000-01-01",
                                   "2025-08-22T25:00", ""]))
scalars = st.one_of(text, numbers, dates, st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(text, inner, max_size=3)), max_leaves=12)
KEYS = ["title", "date", "lastmod", "publishDate", "expiryDate", "draft", "featured", "slug", "summary",
        "categories", "tags", "aliases", "author", "weight", "dateline", "credit", "image", "image_alt",
        "translationKey", "mood"]
front_matters = st.dictionaries(st.sampled_from(KEYS), values, max_size=8)


@contextmanager
def fresh_site(sample: str) -> Iterator[Path]:
    """A copy of a sample site, without search (Pagefind adds seconds and nothing to this test)."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        shutil.copytree(SITES / sample, site)
        (site / "themes").symlink_to(REPO / "themes", target_is_directory=True)
        config = site / "sitegen.toml"
        config.write_text("search = false\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
        yield site


def as_front_matter(data: dict[str, Any], raw: bool) -> str:
    """YAML as a library writes it, or as a person types it (values pasted after the colon)."""
    if not raw:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return "".join(f"{key}: {value}\n" for key, value in data.items())


def build_and_judge(site: Path) -> None:
    """Build twice if the first build publishes (the second must keep or replace it cleanly)."""
    outside = _snapshot(site.parent, skip="public")
    result = CliRunner().invoke(main, ["build", "-s", str(site), "-q", "--workers", "1"])
    output = result.output  # Click 8.2+: stdout and stderr together
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output, output
    assert result.exit_code in (0, 1), output
    if result.exit_code == 1:
        assert output.startswith("Error: "), output
        lines = output.splitlines()
        assert all(line.startswith("Error: ") or "nothing was published" in line.lower() for line in lines), output
    else:
        for feed in (site / "public").rglob("*.xml"):
            etree.parse(str(feed))  # raises on invalid XML
    assert _snapshot(site.parent, skip="public") == outside, "a build changed files outside its output folder"


def _snapshot(folder: Path, skip: str) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and skip not in p.relative_to(folder).parts and ".sitegen-cache" not in p.parts
            and not p.is_symlink() and "themes" not in p.relative_to(folder).parts}


@FUZZ
@given(front_matters, st.booleans(), text)
def test_random_front_matter_is_published_or_refused_never_a_crash(data: dict[str, Any], raw: bool,
                                                                    body: str) -> None:
    with fresh_site("minimal") as site:
        release = site / "content/news/acak"
        release.mkdir()
        (release / "index.id.md").write_text(f"---\n{as_front_matter(data, raw)}---\n{body}\n", encoding="utf-8")
        build_and_judge(site)


bodies = st.lists(st.one_of(text, st.sampled_from([
    "{{< figure src=\"", "{{< chart penempatan-2025 ", "{{< stat ", ">}}", "{{< /", "[a](", "![b](",
    "javascript:alert(1)", "https://evil.example/x.png", "<script>alert(1)</script>", "<!--", "\n- ", "\n\n",
    "```", "\n```chart\n", "[^1]", "| a | b |\n|---|---|\n"])), max_size=25).map("".join)


@FUZZ
@given(bodies)
def test_random_markdown_bodies_are_published_or_refused_never_a_crash(body: str) -> None:
    with fresh_site("minimal") as site:
        release = site / "content/news/acak.id.md"
        release.write_text(f"---\ntitle: Acak\ndate: 2025-08-01\n---\n{body}\n", encoding="utf-8")
        build_and_judge(site)


cells = st.one_of(text, numbers.map(str), st.sampled_from(["1.500", "1.5", "1.2.3.4", "١٢٣", "１２３", "n/a",
                                                           "-0", "1e400", "2025-13", "2025-01"]))


@FUZZ
@given(st.lists(st.tuples(cells, cells, cells), min_size=1, max_size=6))
def test_random_table_cells_are_published_or_refused_never_a_crash(rows: list[tuple[str, str, str]]) -> None:
    with fresh_site("with-data") as site:
        table = site / "data/penempatan-2025.csv"
        lines = ["bulan,negara,jumlah", *(",".join(_csv_cell(c) for c in row) for row in rows)]
        table.write_text("\n".join(lines) + "\n", encoding="utf-8")
        build_and_judge(site)


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


descriptor_changes = st.dictionaries(
    st.sampled_from(["path", "source_url", "license_url", "temporal_coverage", "updated", "license", "unit",
                     "title", "name", "sheet", "key_figure", "charts"]),
    st.one_of(values, st.sampled_from(["../../outside.csv", "/etc/passwd", "javascript:alert(1)",
                                       "data:text/html,x", "https://example.org/", "penempatan-2025.csv"])),
    max_size=4)
field_changes = st.dictionaries(
    st.sampled_from(["type", "groupChar", "decimalChar", "pattern", "missingValues", "constraints", "values",
                     "format", "title"]),
    st.one_of(values, st.sampled_from(["(a+)+$", "integer", "number", "string", "year", "yearmonth", "date",
                                       ".", ",", "[", {"minimum": "x"}, {"pattern": "(x*)*y"}])),
    max_size=3)


@FUZZ
@given(descriptor_changes, field_changes)
def test_random_descriptors_are_published_or_refused_never_a_crash(changes: dict[str, Any],
                                                                    field: dict[str, Any]) -> None:
    with fresh_site("with-data") as site:
        descriptor = site / "data/penempatan-2025.resource.yaml"
        meta = yaml.safe_load(descriptor.read_text(encoding="utf-8"))
        meta.update(changes)
        meta["schema"]["fields"][2].update(field)
        descriptor.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        build_and_judge(site)
