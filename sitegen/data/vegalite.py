"""A chart spec (charts.py) as Vega-Lite, built with Altair, in one of three layouts.

- `wide`: for the release's column (640 px), shown at 1:1 on a tablet or desktop;
- `phone`: for a 360 px screen's column (328 px): legend above the plot, fewer ticks, category
  names beside horizontal bars instead of under vertical ones;
- `thumb`: the statistics catalogue's sparkline: marks only, no text.

Each is drawn at the size it is shown at (autosize "fit"), so the sizes are known before Vega
runs (the page's `width`/`height`), and its text is FONT_SIZE CSS px as the reader sees it.
Editorial defaults (Our World in Data, Datawrapper): the title is the figure's caption, not in
the drawing; no axis titles, as the caption gives the unit; bars carry their values, so the
value axis is left out; one palette whose first colour is the highlight's.

Kept apart from charts.py because importing Altair takes 0.3 s, which only sites with charts
should pay.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from typing import Any

import altair as alt

from sitegen.data.chartspec import (
    BAR_STEP,
    BRAND,
    FONT_SIZE,
    GRID,
    INK,
    MUTED,
    PALETTE,
    PHONE_WIDTH,
    THUMB_HEIGHT,
    THUMB_WIDTH,
    WIDE_WIDTH,
    ChartSpec,
    jsonable,
)
from sitegen.data.datasets import Dataset
from sitegen.data.descriptors import FieldSpec

CHAR_WIDTH = 0.64 * FONT_SIZE  # a digit's width in DejaVu Sans, wider than most letters
# Vega measures text with the first font of the list that vl-convert finds, and lays the chart out
# by it. DejaVu Sans (on Debian and most Linux) is wider than Roboto, San Francisco or Segoe UI, so
# a chart laid out by it has room for its labels in whichever font the reader's device uses.
FONT = "'DejaVu Sans', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
LAYOUT_WIDTHS = {"wide": WIDE_WIDTH, "phone": PHONE_WIDTH, "thumb": THUMB_WIDTH}
VALUE_TEXT = "sitegen_value"  # the field a mark's value is written in, for its aria-label
LABEL_AT = "sitegen_label_at"  # where a line's name is written at its end, moved clear of the others
SERIES_AT = "sitegen_series_at"  # a series' place in the table's order: where it is stacked


@dataclass(frozen=True)
class Drawing:
    """One layout's Vega-Lite spec and the size its SVG will have."""

    spec: dict[str, Any]
    width: int
    height: int


def vega_lite(dataset: Dataset, spec: ChartSpec, lang: str, points: list[dict[str, Any]], description: str,
              layout: str) -> Drawing:
    """The Vega-Lite spec of one chart in one language and layout."""
    # Altair checks every object against the Vega-Lite schema as it is made, which costs more
    # than the rest of a chart; sitegen's own specs are tested, so skip it.
    with alt.utils.schemapi.debug_mode(False):
        return _Draw(dataset, spec, lang, points, layout).drawing(description)


class _Draw:
    """The decisions one layout makes: which mark, how tall, which texts."""

    def __init__(self, dataset: Dataset, spec: ChartSpec, lang: str, points: list[dict[str, Any]],
                 layout: str) -> None:
        self.dataset, self.spec, self.lang, self.points, self.layout = dataset, spec, lang, points, layout
        self.width = LAYOUT_WIDTHS[layout]
        x_field, y_field = dataset.field(spec.x), dataset.field(spec.y)  # type: ignore[arg-type]
        assert x_field is not None and y_field is not None and spec.x and spec.y
        self.x_field, self.y_field = x_field, y_field
        self.number_format = ",d" if y_field.type == "integer" else ",.2~f"
        self.categories = list(dict.fromkeys(str(p[spec.x]) for p in points))
        self.kind = self._kind()

    def _kind(self) -> str:
        """The mark drawn: vertical bars with category names that cannot sit side by side become
        horizontal bars, whose names each get a line of their own."""
        if self.spec.type not in ("bar", "stacked bar") or self.x_field.type in ("year", "yearmonth", "date"):
            return self.spec.type
        longest = max((len(c) for c in self.categories), default=0) * CHAR_WIDTH
        band = (self.width - 60) / max(len(self.categories), 1)
        if self.layout == "phone" or longest + 8 > band:
            return "horizontal bar" if self.spec.type == "bar" else "horizontal stacked bar"
        return self.spec.type

    @property
    def horizontal(self) -> bool:
        return self.kind.startswith("horizontal")

    @property
    def labelled(self) -> bool:
        """Bars carry their values unless the author says `labels: false`: beside horizontal bars
        (one series), above vertical ones where each band is wide enough for the number."""
        if self.layout == "thumb" or self.spec.labels is False or self.spec.color:
            return False
        if self.kind == "horizontal bar":
            return True
        band = (self.width - 60) / max(len(self.categories), 1)
        return self.kind == "bar" and self._value_chars() * CHAR_WIDTH + 4 <= band

    @property
    def direct_labels(self) -> bool:
        """Lines are named at their ends, as Our World in Data's are, rather than in a legend to
        look up (up to as many lines as the palette has colours)."""
        if self.kind != "line" or not self.spec.color or self.layout == "thumb":
            return False
        names = {str(p[self.spec.color]) for p in self.points}
        # Names that would take the plot's room (on a phone, past 9 characters) go in the legend.
        return len(names) <= len(PALETTE) and max(map(len, names), default=0) * CHAR_WIDTH <= self.width / 4

    @property
    def legend_columns(self) -> int:
        """As many legend entries side by side as fit the layout's width (Vega would otherwise put
        them all on one line, past a phone's edge): the rest wrap onto more lines."""
        names = list(dict.fromkeys(str(p[self.spec.color]) for p in self.points)) if self.spec.color else []
        entry = max((len(name) for name in names), default=0) * CHAR_WIDTH + 30  # symbol, gap, column padding
        return max(1, min(len(names), int((self.width - 8) // entry)))

    def height(self) -> int:
        if self.layout == "thumb":
            return THUMB_HEIGHT
        legend = 0
        if self.spec.color and not self.direct_labels:
            names = len({str(p[self.spec.color]) for p in self.points})
            legend = 20 * -(-names // self.legend_columns) + 8  # a line of 20 px per row of entries
        if self.kind == "donut" and self.layout == "phone":
            legend = 20 * len(self.categories) + 8
        if self.horizontal:
            axis = 0 if self.labelled else 28
            return len(self.categories) * BAR_STEP + legend + axis + 8
        if self.kind == "donut" and self.layout == "phone":
            return min(self.spec.height, 220) + legend  # a donut as wide as the phone is taller than the screen
        return self.spec.height + legend

    def drawing(self, description: str) -> Drawing:
        base = alt.Chart(alt.Data(values=[jsonable(p) for p in self.points]))
        if self.layout != "thumb":
            base = base.transform_calculate(**{VALUE_TEXT: self._value_text()})
        chart: Any = self._marks(base)
        if self.labelled:
            chart = alt.layer(chart, self._value_labels(base))
        if self.direct_labels:
            chart = alt.layer(chart, self._line_names())
        height = self.height()
        config = self._config()
        result = chart.properties(width=self.width, height=height, description=description).to_dict(validate=False)
        result.update(config)
        return Drawing(result, self.width, height)

    def _config(self) -> dict[str, Any]:
        text = {"fontSize": FONT_SIZE, "labelFontSize": FONT_SIZE, "titleFontSize": FONT_SIZE,
                "labelColor": INK, "titleColor": INK}
        return {
            "autosize": {"type": "fit", "contains": "padding"},
            "padding": 2 if self.layout == "thumb" else 4,
            "background": "transparent",  # the page's own colour shows through, light or dark
            "config": {
                "font": FONT,
                # No length limit on axis labels (Vega's default cuts them at 180 px) unless an axis
                # sets its own (category names): a limit makes vl-convert measure every label once
                # more as it writes the SVG, a third of a line chart's cost (issue 15, "Cost").
                # aria: False: Vega describes an axis or legend to a screen reader in English only
                # ("X-axis for a discrete scale with 6 values"); each mark says its category, series
                # and value in the page's language instead (_value_text), and the table is beside it.
                "axis": {**text, "title": None, "domainColor": MUTED, "tickColor": MUTED, "gridColor": GRID,
                         "labelLimit": 0, "aria": False},
                "legend": {**text, "orient": "top", "title": None, "symbolSize": 120, "aria": False},
                "text": {"fontSize": FONT_SIZE, "fill": INK},
                "range": {"category": PALETTE},
                "view": {"stroke": None},
                "arc": {"stroke": None},
            },
        }

    def _colour(self) -> Any:
        spec = self.spec
        if spec.color:
            legend = None if self.layout == "thumb" or self.direct_labels else alt.Legend(columns=self.legend_columns)
            # In the table's order, not sorted by name: each series keeps its colour in every
            # language ("Korea Selatan" and "South Korea" sort apart from their neighbours).
            return alt.Color(f"{spec.color}:N", legend=legend, sort=None)
        if spec.highlight is not None:
            wanted = spec.highlight if isinstance(spec.highlight, list) else [spec.highlight]
            labels = [self.dataset.value_label(spec.x or "", w, self.lang) for w in wanted]
            test = " || ".join(f"datum[{json.dumps(spec.x)}] == {json.dumps(str(label))}" for label in labels)
            return alt.ColorValue(value=MUTED, condition={"test": test, "value": BRAND})
        # A schema object, not alt.value()'s dict: Altair turns a dict into one by hashing its
        # whole schema, which took half of a chart's Vega-Lite.
        return alt.ColorValue(BRAND)

    def _value_text(self) -> str:
        """A Vega expression for a mark's value as one reads it, "Maret 2025: 3.912" (in the
        chart's locale): each mark's aria-label, which the interactive view shows on a tap or as
        the keyboard moves from mark to mark (vega.py), as the tooltip shows it on hover."""
        spec = self.spec
        x = f"datum[{json.dumps(spec.x)}]"
        dates = {"yearmonth": "%B %Y", "date": "%-d %B %Y"}
        shown = dates.get(self.x_field.type)
        x = f"utcFormat(toDate({x}), '{shown}')" if shown else f"'' + {x}"
        if spec.color:
            x = f"datum[{json.dumps(spec.color)}] + ', ' + {x}"
        y = f"datum[{json.dumps(spec.y)}]"
        return f"{x} + ': ' + (isValid({y}) ? format({y}, '{self.number_format}') : '–')"

    def _marks(self, base: alt.Chart) -> alt.Chart:
        spec, category, value, colour = self.spec, self._category(), self._value(), self._colour()
        tooltip = self._tooltip()
        described = {} if self.layout == "thumb" else {"description": alt.Description(f"{VALUE_TEXT}:N")}
        if self.kind == "donut":
            legend = None if self.layout == "thumb" else alt.Legend(
                direction="vertical" if self.layout == "phone" else "horizontal", columns=1 if self.layout == "phone"
                else 0)
            return base.mark_arc(innerRadius=_inner_radius(self.layout, self.height())).encode(
                theta=alt.Theta(f"{spec.y}:Q", stack=True), order=alt.Order(f"{spec.y}:Q", sort="descending"),
                color=alt.Color(f"{spec.x}:N", sort=alt.EncodingSortField(spec.y, order="descending"), legend=legend),
                tooltip=tooltip, **described)
        if spec.color and self.kind != "line":  # stacked in the table's order, as the colours are (_colour)
            names = list(dict.fromkeys(str(p[spec.color]) for p in self.points))
            base = base.transform_calculate(**{SERIES_AT: f"indexof({json.dumps(names, ensure_ascii=False)}, "
                                                          f"'' + datum[{json.dumps(spec.color)}])"})
            described = {**described, "order": alt.Order(f"{SERIES_AT}:Q")}
        if self.horizontal:
            return base.mark_bar().encode(y=category, x=value, color=colour, tooltip=tooltip, **described)
        if self.kind in ("bar", "stacked bar"):
            return base.mark_bar().encode(x=category, y=value, color=colour, tooltip=tooltip, **described)
        # An area gets a point per value, unseen: something to tap or to move to by keyboard.
        mark = {"line": base.mark_line(point=True, strokeWidth=2.5),
                "area": base.mark_area(opacity=0.8, point=alt.OverlayMarkDef(opacity=0, size=120)),
                "point": base.mark_point(filled=True, size=80)}[self.kind]
        return mark.encode(x=category, y=value, color=colour, tooltip=tooltip, **described)

    def _value(self) -> Any:
        encode = alt.X if self.horizontal else alt.Y
        if self.layout == "thumb" or (self.horizontal and self.labelled):
            # Labelled bars need no value axis; the room is kept for the labels at the bars' ends.
            return encode(f"{self.spec.y}:Q", axis=None, scale=alt.Scale(domainMax=self._room_for_labels(), nice=False)
                          if self.labelled else alt.Undefined)
        ticks = 4 if self.layout == "phone" else 6
        return encode(f"{self.spec.y}:Q", axis=alt.Axis(format=self.number_format, tickCount=ticks,
                                                        labelOverlap="greedy", labelFlush=True))

    def _value_chars(self) -> int:
        largest = max((abs(p[self.spec.y] or 0) for p in self.points), default=0)
        return len(f"{largest:,.0f}") + (3 if self.y_field.type != "integer" else 0)

    def _room_for_labels(self) -> float:
        """The value axis's end, past the longest bar by as much as its label needs."""
        largest = max((p[self.spec.y] or 0 for p in self.points), default=0) or 1
        names = min(max((len(c) for c in self.categories), default=0) * CHAR_WIDTH + 12, self.width * 0.45)
        plot = self.width - names - 8
        label = self._value_chars() * CHAR_WIDTH + 10
        return largest * plot / max(plot - label, plot / 2)

    def _value_labels(self, base: alt.Chart) -> alt.Chart:
        """Each bar's value written at its end, so readers need not estimate it from an axis."""
        text = alt.Text(f"{self.spec.y}:Q", format=self.number_format)
        value = f"{self.spec.y}:Q"
        if self.horizontal:  # aria=False: the bar itself says its value to a screen reader
            return base.mark_text(align="left", baseline="middle", dx=4, aria=False).encode(
                y=self._category(), x=alt.X(value), text=text)
        return base.mark_text(baseline="bottom", dy=-4, aria=False).encode(
            x=self._category(), y=alt.Y(value), text=text)

    def _line_names(self) -> alt.Chart:
        """Each line's name beside its last value, in the ink colour (a palette colour such as
        yellow is too light for text), moved up where it would touch the name below it."""
        spec = self.spec
        last: dict[Any, dict[str, Any]] = {}
        for point in self.points:
            name = point[spec.color]  # type: ignore[index]
            if point[spec.y] is not None and (name not in last or _after(point[spec.x], last[name][spec.x])):
                last[name] = point
        ends = sorted(last.values(), key=lambda p: p[spec.y])
        values = [p[spec.y] for p in self.points if p[spec.y] is not None] or [0]
        span = (max(0, *values) - min(0, *values)) or 1
        # A line of text in the value axis's units, with room for Vega's rounding of the axis's end.
        gap = (FONT_SIZE + 3) / max(self.height() - 40, 40) * span * 1.5
        placed: list[dict[str, Any]] = []
        for point in ends:
            at = point[spec.y] if not placed else max(point[spec.y], placed[-1][LABEL_AT] + gap)
            placed.append({**point, LABEL_AT: at})
        return alt.Chart(alt.Data(values=[jsonable(p) for p in placed])).mark_text(
            align="left", baseline="middle", dx=6, aria=False).encode(
            x=self._category(), y=alt.Y(f"{LABEL_AT}:Q"), text=alt.Text(f"{spec.color}:N"))

    def _category(self) -> Any:
        spec, field_spec = self.spec, self.x_field
        sort: Any = None
        if spec.sort in ("y", "-y"):
            sort = spec.sort.replace("y", "x" if self.horizontal else "y")
        elif spec.sort == "-x":
            sort = "descending"
        encode = alt.Y if self.horizontal else alt.X
        name = spec.x
        if self.layout == "thumb":
            axis: Any = None
        elif self.horizontal:
            axis = alt.Axis(labelLimit=int(self.width * 0.45), ticks=False, domain=False, labelPadding=6,
                            labelExpr=self._wrapped_names(), labelLineHeight=FONT_SIZE + 2)
        else:
            axis = alt.Axis(labelAngle=0, labelOverlap="greedy", labelSeparation=6, labelFlush=True,
                            labelLimit=int(self.width / 2), grid=False)
        if field_spec.type == "yearmonth":
            if axis is not None:
                axis = alt.Axis(format="%b" if self.layout == "phone" else "%b %Y", labelAngle=0,
                                labelOverlap="greedy", labelSeparation=6, grid=False)
            return encode(f"{name}:O", timeUnit="utcyearmonth", sort=sort, axis=axis)
        if field_spec.type == "date":
            if axis is not None:
                axis = alt.Axis(format="%-d %b %Y", labelOverlap="greedy", labelSeparation=6, labelFlush=True,
                                tickCount=3 if self.layout == "phone" else 6, grid=False)
            return encode(f"{name}:T", scale=alt.Scale(type="utc"), axis=axis)
        return encode(f"{name}:{'O' if field_spec.type == 'year' else 'N'}", sort=sort, axis=axis)

    def _wrapped_names(self) -> Any:
        """Category names too long for their room, on two lines (cut after that, with "…"):
        Vega cannot wrap text, so each name's lines are looked up by a label expression."""
        per_line = int(self.width * 0.45 / CHAR_WIDTH)
        wrapped = {name: textwrap.wrap(name, per_line)[:2] for name in self.categories if len(name) > per_line}
        wrapped = {name: lines for name, lines in wrapped.items() if len(lines) > 1}
        if not wrapped:
            return alt.Undefined
        return f"{json.dumps(wrapped, ensure_ascii=False)}[datum.label] || datum.label"

    def _tooltip(self) -> list[Any]:
        spec, dataset, lang = self.spec, self.dataset, self.lang
        x_title, y_title = dataset.field_title(spec.x or "", lang), dataset.field_title(spec.y or "", lang)
        tooltip = [_tooltip(spec.x or "", self.x_field, x_title),
                   alt.Tooltip(f"{spec.y}:Q", title=y_title, format=self.number_format)]
        if spec.color:
            tooltip.insert(1, alt.Tooltip(f"{spec.color}:N", title=dataset.field_title(spec.color, lang)))
        return tooltip


def _after(one: Any, other: Any) -> bool:
    """Whether x value `one` comes after `other` (values that do not compare: in the table's order)."""
    try:
        return bool(one > other)
    except TypeError:
        return True


def _inner_radius(layout: str, height: int) -> int:
    return {"thumb": 24, "phone": 50, "wide": 70}[layout] if height > 150 or layout == "thumb" else 30


def _tooltip(name: str, spec_field: FieldSpec, title: str) -> Any:
    if spec_field.type == "yearmonth":
        return alt.Tooltip(f"{name}:O", timeUnit="utcyearmonth", title=title, format="%B %Y")
    if spec_field.type == "date":
        return alt.Tooltip(f"{name}:T", title=title, format="%-d %B %Y")
    return alt.Tooltip(f"{name}:N", title=title)
