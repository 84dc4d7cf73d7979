"""A hand-written Vega-Lite spec (`vega-lite:`) has no phone layout: `sitegen check` says so,
naming the release or descriptor and the line, unless the spec is drawn narrow enough (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sitegen.cli import main
from tests.conftest import SITES, make_site

RELEASE = "content/news/2025-08-22-rakornis/index.en.md"
WARNING = ("chart: data/{file} is a hand-written Vega-Lite spec, drawn in one layout only; a phone shrinks it to "
           "its width, and its text with it. Write the chart with type:, x: and y: to get a phone layout too, or "
           'make the spec "width": 328 or narrower')


def raw_chart(site: Path, name: str, width: int | None) -> int:
    """A raw spec in data/ shown by a chart block at the release's end; the block's vega-lite: line."""
    spec: dict = {"mark": "point", "encoding": {"x": {"field": "keberangkatan", "type": "quantitative"},
                                                "y": {"field": "periode", "type": "nominal"}}}
    if width is not None:
        spec["width"] = width
    (site / "data" / name).write_text(json.dumps(spec), encoding="utf-8")
    post = site / RELEASE
    text = post.read_text(encoding="utf-8") + f"\n```chart\ndata: keberangkatan\nvega-lite: {name}\n```\n"
    post.write_text(text, encoding="utf-8")
    return text.splitlines().index(f"vega-lite: {name}") + 1


def findings(site: Path) -> list[dict]:
    result = CliRunner().invoke(main, ["check", "-s", str(site), "--format", "json"])
    return [f for f in json.loads(result.stdout)["findings"] if f["message"].startswith("chart:")]


def test_check_warns_of_a_raw_spec_wider_than_a_phone_naming_the_release_and_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, overlay=SITES / "with-data")
    wide = raw_chart(site, "lebar.vl.json", 700)
    unsized = raw_chart(site, "tanpa-ukuran.vl.json", None)
    raw_chart(site, "sempit.vl.json", 320)  # fits a phone: no warning
    assert findings(site) == [
        {"file": RELEASE, "line": wide, "severity": "warning", "message": WARNING.format(file="lebar.vl.json")},
        {"file": RELEASE, "line": unsized, "severity": "warning",
         "message": WARNING.format(file="tanpa-ukuran.vl.json")},
    ]
