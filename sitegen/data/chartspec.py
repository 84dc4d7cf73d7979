"""What an author writes to get a chart (`ChartSpec`), and the look every chart shares.

Kept apart from `charts.py`, which turns specs into views of datasets, so that `vegalite.py`
(which draws them with Altair) and `charts.py` both use it without importing each other.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from sitegen.core.limits import SAFE_INTEGER
from sitegen.data.descriptors import Scalar, Strict, Text

ChartType = Literal["bar", "horizontal bar", "stacked bar", "line", "area", "point", "donut"]
CHARTS_PATH = "/charts/"
WIDTH, HEIGHT = 560, 300
# Okabe and Ito's palette: told apart by readers with any common colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BRAND, MUTED = "#0b4f8a", "#9aa5b1"


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
    labels: bool = Field(False, description="write each bar's value beside it")
    height: int = Field(HEIGHT, ge=100, le=1000)
    vega_lite: str | None = Field(None, alias="vega-lite", description="a raw Vega-Lite spec file in data/")

    @field_validator("type", mode="before")
    @classmethod
    def _spelling(cls, value: Any) -> Any:
        return " ".join(value.replace("-", " ").replace("_", " ").split()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _complete(self) -> ChartSpec:
        if self.chart is None and self.vega_lite is None and (self.x is None or self.y is None):
            raise ValueError("a chart needs x: and y: (the fields to plot), or chart: dataset/name")
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
