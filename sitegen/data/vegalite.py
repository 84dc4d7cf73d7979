"""A chart spec (charts.py) as Vega-Lite, built with Altair: marks, axes, tooltips and labels.

Kept apart from charts.py because importing Altair takes 0.3 s, which only sites with charts
should pay.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt

from sitegen.data.chartspec import BRAND, MUTED, PALETTE, WIDTH, ChartSpec, jsonable
from sitegen.data.datasets import Dataset
from sitegen.data.descriptors import FieldSpec


def vega_lite(dataset: Dataset, spec: ChartSpec, lang: str, points: list[dict[str, Any]], title: str,
              description: str) -> dict[str, Any]:
    """The Vega-Lite spec of one chart in one language."""
    # Altair checks every object against the Vega-Lite schema as it is made, which costs more
    # than the rest of a chart; sitegen's own specs are tested, so skip it.
    with alt.utils.schemapi.debug_mode(False):
        return _spec(dataset, spec, lang, points, title, description)


def _spec(dataset: Dataset, spec: ChartSpec, lang: str, points: list[dict[str, Any]], title: str,
               description: str) -> dict[str, Any]:
    x_field, y_field = dataset.field(spec.x), dataset.field(spec.y)  # type: ignore[arg-type]
    assert x_field is not None and y_field is not None and spec.x and spec.y
    x_title, y_title = dataset.field_title(spec.x, lang), dataset.field_title(spec.y, lang)
    unit = dataset.text(dataset.meta.unit, lang)
    number_format = ",d" if y_field.type == "integer" else ",.2~f"
    value = alt.Y(f"{spec.y}:Q", title=f"{y_title} ({unit})" if unit else y_title,
                  axis=alt.Axis(format=number_format, tickCount=6))
    category = _category(spec.x, x_field, x_title, spec)
    tooltip = [_tooltip(spec.x, x_field, x_title), alt.Tooltip(f"{spec.y}:Q", title=y_title, format=number_format)]
    if spec.color:
        colour_title = dataset.field_title(spec.color, lang)
        tooltip.insert(1, alt.Tooltip(f"{spec.color}:N", title=colour_title))
    base = alt.Chart(alt.Data(values=[jsonable(p) for p in points]))
    chart: Any = _marks(base, spec, category, value, tooltip, dataset, lang)
    if spec.labels and spec.type in ("bar", "horizontal bar"):
        chart = alt.layer(chart, _value_labels(base, spec, category, number_format))
    return chart.properties(
        width=WIDTH, height=spec.height, title=alt.TitleParams(title, anchor="start"), description=description,
    ).configure(font="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif").configure_range(
        category=PALETTE).configure_view(stroke=None).to_dict(validate=False)


def _marks(base: alt.Chart, spec: ChartSpec, category: Any, value: Any, tooltip: list[Any], dataset: Dataset,
           lang: str) -> alt.Chart:
    colour: Any = alt.value(BRAND)
    if spec.color:
        colour = alt.Color(f"{spec.color}:N", title=dataset.field_title(spec.color, lang))
    elif spec.highlight is not None:
        wanted = spec.highlight if isinstance(spec.highlight, list) else [spec.highlight]
        labels = [dataset.value_label(spec.x or "", w, lang) for w in wanted]
        test = " || ".join(f"datum[{json.dumps(spec.x)}] == {json.dumps(str(label))}" for label in labels)
        colour = alt.condition(test, alt.value(BRAND), alt.value(MUTED))
    if spec.type == "donut":
        return base.mark_arc(innerRadius=70, stroke="#fff").encode(
            theta=alt.Theta(f"{spec.y}:Q", stack=True), order=alt.Order(f"{spec.y}:Q", sort="descending"),
            color=alt.Color(f"{spec.x}:N", title=dataset.field_title(spec.x or "", lang),
                            sort=alt.EncodingSortField(spec.y, order="descending")),
            tooltip=tooltip)
    if spec.type == "horizontal bar":
        return base.mark_bar().encode(y=category, x=value, color=colour, tooltip=tooltip)
    if spec.type in ("bar", "stacked bar"):
        return base.mark_bar().encode(x=category, y=value, color=colour, tooltip=tooltip)
    mark = {"line": base.mark_line(point=True), "area": base.mark_area(opacity=0.8),
            "point": base.mark_point(filled=True, size=80)}[spec.type]
    return mark.encode(x=category, y=value, color=colour, tooltip=tooltip)


def _value_labels(base: alt.Chart, spec: ChartSpec, category: Any, number_format: str) -> alt.Chart:
    """Each bar's value written at its end, so readers need not estimate it from the axis."""
    text = alt.Text(f"{spec.y}:Q", format=number_format)
    value = f"{spec.y}:Q"
    if spec.type == "horizontal bar":
        return base.mark_text(align="left", dx=4).encode(y=category, x=value, text=text)
    return base.mark_text(baseline="bottom", dy=-4).encode(x=category, y=value, text=text)


def _category(name: str, spec_field: FieldSpec, title: str, spec: ChartSpec) -> Any:
    sort: Any = None
    if spec.sort in ("y", "-y"):
        sort = spec.sort.replace("y", "x" if spec.type == "horizontal bar" else "y")
    elif spec.sort == "-x":
        sort = "descending"
    encode = alt.Y if spec.type == "horizontal bar" else alt.X
    if spec_field.type == "yearmonth":
        return encode(f"{name}:O", timeUnit="utcyearmonth", title=title, sort=sort,
                      axis=alt.Axis(format="%b %Y", labelAngle=0))
    if spec_field.type == "date":
        return encode(f"{name}:T", title=title, scale=alt.Scale(type="utc"), axis=alt.Axis(format="%-d %b %Y"))
    axis = alt.Axis(labelAngle=0, labelLimit=220) if spec.type != "horizontal bar" else alt.Axis(labelLimit=220)
    return encode(f"{name}:{'O' if spec_field.type == 'year' else 'N'}", title=title, sort=sort, axis=axis)


def _tooltip(name: str, spec_field: FieldSpec, title: str) -> Any:
    if spec_field.type == "yearmonth":
        return alt.Tooltip(f"{name}:O", timeUnit="utcyearmonth", title=title, format="%B %Y")
    if spec_field.type == "date":
        return alt.Tooltip(f"{name}:T", title=title, format="%-d %B %Y")
    return alt.Tooltip(f"{name}:N", title=title)
