"""What an author writes to get a chart (`ChartSpec`), and the look every chart shares.

Kept apart from `charts.py`, which turns specs into views of datasets, so that `vegalite.py`
(which draws them with Altair) and `charts.py` both use it without importing each other.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from sitegen.core.limits import SAFE_INTEGER
from sitegen.core.messages import tr
from sitegen.data.descriptors import Scalar, Strict, Text

ChartType = Literal["bar", "horizontal bar", "stacked bar", "line", "area", "point", "donut"]
HEIGHT = 300
# Every chart is drawn once per layout, each at the width it is shown at, so that its text keeps
# its size: the wide one fills the release's column (42rem, 672 px) and the phone one a 360 px
# screen's column (328 px). The page picks one with PHONE_MEDIA, without script.
WIDE_WIDTH, PHONE_WIDTH, THUMB_WIDTH, THUMB_HEIGHT = 640, 328, 272, 96
PHONE_MEDIA = "(max-width: 42rem)"
FONT_SIZE = 13  # CSS px at 1:1; still 11.4 px when a 320 px screen shrinks the phone drawing
BAR_STEP = 34  # a horizontal bar's band: one line of label text and some air
# One palette for every chart type, starting with the brand colour, so that the highlight, a
# single series and a donut's largest slice share it. After it, Okabe and Ito's colours: told
# apart by readers with any common colour blindness (their black left out: it vanishes in dark mode).
# MUTED (axis lines, and the bars a highlight sets apart) keeps WCAG's 3:1 for graphics against
# the page, light (3.1:1) and dark (DARK_MUTED, 3.7:1), and stays apart from the brand colour.
BRAND, MUTED = "#0b4f8a", "#8693a0"
PALETTE = [BRAND, "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7f7f7f"]
INK, GRID = "#1b1f24", "#d5dbe1"
# The same roles on the theme's dark page (#12161b): text, grid, and a brand blue light enough
# to keep 3:1 against it.
DARK_INK, DARK_GRID, DARK_BRAND, DARK_MUTED = "#e8ecf0", "#35404b", "#5aa9f0", "#66717d"


class ChartSpec(Strict):
    """What an author writes: the whole chart format, documented in README, "Charts"."""

    data: str | None = Field(None, description="the dataset's name (inline charts)")
    chart: str | None = Field(None, description='a named chart, "dataset/name"')
    type: ChartType = "bar"
    x: str | None = None
    y: str | None = None
    color: str | None = None
    title: Text | None = None
    description: Text | None = None
    filter: dict[str, Scalar | list[Scalar]] = Field(default_factory=dict)
    sort: Literal["x", "-x", "y", "-y"] | None = None
    highlight: Scalar | list[Scalar] | None = None
    labels: bool | None = Field(None, description="write each bar's value beside it (default: where it fits)")
    height: int = Field(HEIGHT, ge=100, le=1000)
    vega_lite: str | None = Field(None, alias="vega-lite", description="a raw Vega-Lite spec file in data/")

    @field_validator("type", mode="before")
    @classmethod
    def _spelling(cls, value: Any) -> Any:
        return " ".join(value.replace("-", " ").replace("_", " ").split()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _complete(self) -> ChartSpec:
        if self.chart is None and self.vega_lite is None and (self.x is None or self.y is None):
            raise ValueError(tr("a chart needs x: and y: (the fields to plot), or chart: dataset/name"))
        return self


def jsonable(point: dict[str, Any]) -> dict[str, Any]:
    """Values as Vega reads them: dates as ISO text, and whole numbers past JavaScript's exact
    range (a sum of large cells) as the floating-point numbers JavaScript makes of them anyway;
    vl-convert refuses integers past 2^128 outright."""
    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > SAFE_INTEGER:
            return float(value)
        return value

    return {k: plain(v) for k, v in point.items()}
