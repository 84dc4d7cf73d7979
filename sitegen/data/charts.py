"""Charts: a small YAML spec, turned per language into Vega-Lite through Vega-Altair.

A chart is named in a dataset's descriptor (`charts:`) or written inline in a release as a
fenced ```` ```chart ```` block. One spec gives every language its chart: titles, axis titles
and category values translated, numbers and months in the page's locale (Vega's locale built
from Babel, see i18n.vega_locale), and a text description for screen readers generated from
the data unless the author wrote one. Rendering to SVG and PNG is in vega.py.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_interval
from pydantic import ValidationError

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.limits import CHART_POINTS, DESCRIPTOR_BYTES, NESTING
from sitegen.core.messages import tr
from sitegen.core.safeyaml import load_yaml
from sitegen.data.chartdraw import missing_words, name_marks
from sitegen.data.datasets import DATA_DIR, Dataset, check_filter, data_path_problem, select, unknown_field
from sitegen.data.tables import quoted
from sitegen.source.config import validation_problems
from sitegen.source.i18n import Formatter, vega_locale

if TYPE_CHECKING:  # the specs' and descriptors' models (pydantic) are loaded by the functions using them (start-up)
    from sitegen.data.chartspec import ChartSpec
    from sitegen.data.descriptors import FieldSpec
CHARTS_PATH = "/charts/"  # where charts are published


@dataclass(frozen=True)
class Layout:
    """One drawing of a chart: its Vega-Lite spec and the size of its SVG in CSS px."""

    spec: dict[str, Any]
    width: int | None
    height: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"spec": self.spec, "width": self.width, "height": self.height}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Layout:
        return cls(data["spec"], data["width"], data["height"])


@dataclass(frozen=True)
class ChartView:
    """One chart in one language: what the page shows, and the Vega-Lite to render."""

    key: str  # hash of spec, data and locale: the file name, and the cache key
    lang: str
    kind: str
    title: str
    description: str  # for screen readers
    dataset: Dataset
    unit: str
    source: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    spec: dict[str, Any]  # the first layout's Vega-Lite: the wide one, drawn again by "explore the data"
    width: int | None  # the first layout's size in CSS px (None: a raw Vega-Lite spec that does not say)
    height: int | None
    layouts: dict[str, Layout] = field(default_factory=dict)  # "wide" and "phone", or "thumb"
    origin: str = ""  # the file the chart's spec comes from, for a message if it cannot be drawn

    @property
    def svg(self) -> str:
        """The first layout's SVG (the wide one): the download, and the image without <picture>."""
        return self.layout_svg(next(iter(self.layouts), "wide"))

    def layout_svg(self, layout: str) -> str:
        return f"{CHARTS_PATH}{self.key}.svg" if layout == "wide" else f"{CHARTS_PATH}{self.key}-{layout}.svg"

    @property
    def phone(self) -> Layout | None:
        return self.layouts.get("phone")

    @property
    def png(self) -> str:
        return f"{CHARTS_PATH}{self.key}.png"

    @property
    def spec_path(self) -> str:
        return f"{CHARTS_PATH}{self.key}.vl.json"

    @property
    def file_stem(self) -> str:
        """A readable name for downloads: penempatan-nasional-id."""
        return f"{self.dataset.name}-{self.lang}"

    def to_dict(self) -> dict[str, Any]:
        """The view as JSON values, its dataset by name (a worker's result, a Markdown cache entry);
        `spec`, `width` and `height` are the first layout's, so not written twice."""
        plain = {name: getattr(self, name) for name in _VIEW_FIELDS}
        return {**plain, "dataset": self.dataset.name, "layouts": {n: lay.to_dict() for n, lay in self.layouts.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any], datasets: dict[str, Dataset]) -> ChartView:
        """A view from `to_dict`, with this build's dataset of its name (KeyError if there is none)."""
        layouts = {name: Layout.from_dict(layout) for name, layout in data["layouts"].items()}
        first = next(iter(layouts.values()))
        plain = {name: data[name] for name in _VIEW_FIELDS}
        tuples = {"columns": tuple(plain["columns"]), "numeric": tuple(plain["numeric"]),
                  "rows": tuple(tuple(row) for row in plain["rows"])}
        return cls(**{**plain, **tuples}, dataset=datasets[data["dataset"]], spec=first.spec, width=first.width,
                   height=first.height, layouts=layouts)


_VIEW_FIELDS = ("key", "lang", "kind", "title", "description", "unit", "source", "columns", "numeric", "rows",
                "origin")


Label = Callable[[str, str], str]  # (lang, key) -> interface string


LineOf = Callable[[tuple[Any, ...]], int | None]  # a key's path in the spec -> its line in the file


def parse_spec(raw: Any, where: str, line_of: LineOf) -> ChartSpec:
    """A chart spec from YAML values; problems name `where` and the key's line."""
    from sitegen.data.chartspec import ChartSpec
    if not isinstance(raw, dict):
        example = "data: penempatan-nasional, type: bar, x: tahun, y: penempatan"
        raise SitegenError([Problem(where, line_of(()), tr("a chart must be 'key: value' lines, like {example}",
                                                           example=example))])
    try:
        return ChartSpec.model_validate(raw)
    except ValidationError as error:
        problems = validation_problems(error, where, ChartSpec, line_of)
        raise SitegenError([Problem(p.path, p.line, tr("chart: {problem}", problem=p.message)) for p in problems]
                           ) from None


def parse_block(text: str, where: str, first_line: int) -> tuple[ChartSpec, LineOf]:
    """An inline ```chart block's YAML (first_line: the file's line of its first YAML line)."""
    from sitegen.data.descriptors import nearest_line, yaml_lines
    raw, node = load_yaml(text, where, first_line=first_line, subject=tr("chart") + " ",
                          with_context=False)
    lines = yaml_lines(node)

    def line_of(loc: tuple[Any, ...]) -> int:
        found = nearest_line(lines, loc)
        return first_line if found is None else first_line + found - 1

    return parse_spec(raw, where, line_of), line_of


class ChartBook:
    """Resolves specs against the datasets, and keeps every chart a page shows, for rendering."""

    def __init__(self, datasets: dict[str, Dataset], formatters: dict[str, Formatter], label: Label,
                 site_dir: Path) -> None:
        self.datasets = datasets
        self.formatters = formatters
        self.label = label
        self.site_dir = site_dir
        self.views: dict[str, ChartView] = {}
        self.shown: list[str] = []  # the key of every view made or registered, in order: what each page showed
        self._locales: dict[str, dict[str, dict[str, object]]] = {}  # Vega's, made for the first chart (start-up)
        # Where a hand-written Vega-Lite spec is named (file, line) -> its file and width: drawn
        # in one layout only, for `sitegen check` to warn of (single_layout_warnings).
        self.raw_specs: dict[tuple[str, int | None], tuple[str, Any]] = {}
        self._selected: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def named(self, dataset: Dataset) -> dict[str, ChartSpec]:
        """A dataset's named charts, parsed; problems point into its descriptor."""
        from sitegen.data.descriptors import nearest_line
        specs, problems = {}, []
        for name, raw in dataset.meta.charts.items():
            def line_of(loc: tuple[Any, ...], name: str = name) -> int | None:
                return nearest_line(dataset.key_lines, ("charts", name, *loc))

            try:
                spec = parse_spec(raw, dataset.descriptor_file, line_of)
                specs[name] = self.resolve(spec.model_copy(update={"data": dataset.name}), dataset.descriptor_file,
                                           line_of)[1]
            except SitegenError as error:
                problems += error.problems
        raise_if_any(problems)
        return specs

    def check_all(self) -> None:
        """Every named chart of every dataset, checked before any page uses one, and the words
        charts say in every language (a theme copied before it had them lacks them)."""
        problems = []
        for lang in sorted(self.formatters) if self.datasets else ():  # no dataset, no chart
            said = missing_words(lambda key, lang=lang: self.label(lang, key))
            problems += [Problem(f"i18n/{lang}.toml", None, why) for why in said]
        for dataset in self.datasets.values():
            try:
                self.named(dataset)
            except SitegenError as error:
                problems += error.problems
        raise_if_any(problems)

    def resolve(self, spec: ChartSpec, where: str, line_of: LineOf) -> tuple[Dataset, ChartSpec]:
        """The dataset and the complete spec (a named chart with the block's own keys over it)."""
        def fail(message: str, key: str = "") -> SitegenError:
            return SitegenError([Problem(where, line_of((key,) if key else ()), tr("chart: {problem}",
                                                                                   problem=message))])

        if spec.chart is not None:
            dataset_name, _, chart_name = spec.chart.partition("/")
            dataset = self._dataset(dataset_name, lambda m: fail(m, "chart"))
            if chart_name not in dataset.meta.charts:
                named = ", ".join(f"{dataset.name}/{n}" for n in dataset.meta.charts) or "none"
                raise fail(tr('dataset "{name}" has no chart {chart_name} (named charts: {named})',
                              name=dataset.name, chart_name=quoted(chart_name), named=named),
                           "chart")
            base = dataset.meta.charts[chart_name]
            own = spec.model_dump(by_alias=True, exclude_unset=True, exclude={"chart"})
            spec = parse_spec({**base, **own, "data": dataset.name}, where, line_of)
        if spec.data is None:
            raise fail(tr("say which dataset with data: <name>, for example data: penempatan-nasional"))
        dataset = self._dataset(spec.data, lambda m: fail(m, "data"))
        for key in ("x", "y", "color"):
            name = getattr(spec, key)
            if name is not None and (problem := unknown_field(dataset, name)):
                raise fail(tr("{key}: {problem}", key=key, problem=problem), key)
        if spec.y is not None and not dataset.field(spec.y).is_numeric:  # type: ignore[union-attr]
            raise fail(tr('y: field "{y}" holds {type} values; y must be a number field', y=spec.y,
                          type=dataset.field(spec.y).type), "y")
        if problem := check_filter(dataset, spec.filter):
            raise fail(tr("filter: {problem}", problem=problem), "filter")
        if (points := _point_count(self._rows(dataset, spec), spec)) > CHART_POINTS:
            raise fail(tr("draws {points:,} points, more than the {limit:,} a chart can show readably; "
                          "narrow it with filter:, or chart a coarser field", points=points,
                          limit=CHART_POINTS))
        if spec.vega_lite is not None:
            raw = self._raw_spec(spec, lambda m: fail(m, "vega-lite"))
            self.raw_specs[(where, line_of(("vega-lite",)))] = (f"{DATA_DIR}/{spec.vega_lite}", raw.get("width"))
        return dataset, spec

    def single_layout_warnings(self) -> list[Problem]:
        """Hand-written Vega-Lite specs wider than a phone: they have no phone layout (sitegen
        cannot redraw a spec it did not write), so a phone shrinks them, and their text with them."""
        from sitegen.data.chartspec import PHONE_WIDTH
        return [Problem(where, line, tr("chart: {file} is a hand-written Vega-Lite spec, drawn in one layout only; "
                                        "a phone shrinks it to its width, and its text with it. Write the chart "
                                        "with type:, x: and y: to get a phone layout too, or make the spec "
                                        "\"width\": {width} or narrower", file=file, width=PHONE_WIDTH))
                for (where, line), (file, width) in sorted(self.raw_specs.items(), key=str)
                if not isinstance(width, int) or width > PHONE_WIDTH]

    def _rows(self, dataset: Dataset, spec: ChartSpec) -> list[dict[str, Any]]:
        """The dataset's rows that the spec's filter keeps, found once for every chart and language
        that uses that filter (each search reads every row)."""
        key = (dataset.name, repr(sorted(spec.filter.items())))  # repr: 2024 and "2024" stay apart
        if key not in self._selected:
            self._selected[key] = select(dataset, spec.filter)
        return self._selected[key]

    def _dataset(self, name: str, fail: Callable[[str], SitegenError]) -> Dataset:
        if name not in self.datasets:
            known = ", ".join(sorted(self.datasets)) or tr("none: add a table and its descriptor to {folder}/",
                                                           folder=DATA_DIR)
            raise fail(tr("no dataset {name} (datasets: {known})", name=quoted(name), known=known))
        return self.datasets[name]

    def _raw_spec(self, spec: ChartSpec, fail: Callable[[str], SitegenError]) -> dict[str, Any]:
        relative = spec.vega_lite or ""
        shown = f"{DATA_DIR}/{relative}"
        if reason := data_path_problem(relative, self.site_dir / DATA_DIR, self.site_dir):
            raise fail(tr("vega-lite: {relative} {reason}; name a file in {data_dir}/, like per-tahun.vl.json",
                          relative=quoted(relative, 200), reason=reason, data_dir=DATA_DIR))
        file = self.site_dir / DATA_DIR / relative
        if not file.is_file():
            raise fail(tr("vega-lite: no file {shown}", shown=shown))
        try:
            if file.stat().st_size > DESCRIPTOR_BYTES:
                raise fail(tr("vega-lite: {shown} is larger than {limit:,} bytes; a chart's spec is short",
                              shown=shown, limit=DESCRIPTOR_BYTES))
            raw = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise fail(tr("vega-lite: cannot read {shown} ({reason})", shown=shown, reason=error.strerror)
                       ) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise fail(tr("vega-lite: {shown} is not valid JSON ({error})", shown=shown, error=error)) from None
        except (RecursionError, ValueError):  # nested past Python's stack, or a 4,300-digit number
            raise fail(tr("vega-lite: {shown} nests more than {nesting} levels deep or holds a number too long to "
                          "read", shown=shown, nesting=NESTING)) from None
        if not isinstance(raw, dict):
            raise fail(tr("vega-lite: {shown} must hold one Vega-Lite spec object", shown=shown))
        if problem := _raw_spec_problem(raw):
            raise fail(tr("vega-lite: {shown} {problem}", shown=shown, problem=problem))
        return raw

    def view(self, dataset: Dataset, spec: ChartSpec, lang: str, thumbnail: bool = False) -> ChartView:
        """The chart in one language, in each layout (or as the catalogue's thumbnail); kept for rendering."""
        from sitegen.data.chartspec import jsonable
        points = _points(dataset, self._rows(dataset, spec), spec, lang)
        title = dataset.text(spec.title, lang) or dataset.text(dataset.meta.title, lang)
        description = dataset.text(spec.description, lang) or self._describe(dataset, spec, lang, title, points)
        layouts: dict[str, Layout] = {}
        if spec.vega_lite is not None:
            raw = self._raw_spec(spec, lambda m: SitegenError([Problem(dataset.descriptor_file, None, m)]))
            raw = {**raw, "data": {"values": [jsonable(p) for p in points]}}
            width, height = raw.get("width"), raw.get("height")
            size = (width, height) if isinstance(width, int) and isinstance(height, int) else None
            layouts["wide"] = Layout(raw, *(size or (None, None)))
        else:
            from sitegen.data.vegalite import vega_lite  # Altair takes 0.3 s to import: only for sites with charts

            for name in ("thumb",) if thumbnail else ("wide", "phone"):
                drawn = vega_lite(dataset, spec, lang, points, description, name)
                layouts[name] = Layout(drawn.spec, drawn.width, drawn.height)
        locale = self._locales.get(lang) or self._locales.setdefault(lang, vega_locale(self.formatters[lang].locale))
        for layout in layouts.values():
            layout.spec.setdefault("config", {})["locale"] = locale
            layout.spec["description"] = description
            name_marks(layout.spec, lambda key: self.label(lang, key))
        key = hashlib.sha256(json.dumps({n: lay.spec for n, lay in layouts.items()}, sort_keys=True,
                                        default=str).encode()).hexdigest()[:20]
        columns, numeric, rows = self._table(dataset, spec, lang, points)
        first = next(iter(layouts.values()))
        view = ChartView(
            key=key, lang=lang, kind=spec.type, title=title, description=description, dataset=dataset,
            unit=dataset.text(dataset.meta.unit, lang), source=dataset.text(dataset.meta.source, lang),
            columns=columns, numeric=numeric, rows=rows, spec=first.spec,
            width=first.width, height=first.height, layouts=layouts,
            origin=f"{DATA_DIR}/{spec.vega_lite}" if spec.vega_lite else dataset.descriptor_file,
        )
        self.register(view)
        return view

    def register(self, view: ChartView) -> None:
        """Keep a chart for rendering: one made here, or one a page showed when it was converted
        elsewhere (a worker process) or earlier (the Markdown cache)."""
        self.views[view.key] = view
        self.shown.append(view.key)

    def _table(self, dataset: Dataset, spec: ChartSpec, lang: str, points: list[dict[str, Any]]
               ) -> tuple[tuple[str, ...], tuple[bool, ...], tuple[tuple[str, ...], ...]]:
        names = [n for n in (spec.x, spec.color, spec.y) if n] or [f.name for f in dataset.fields]
        fields = [dataset.field(n) for n in names]
        formatter = self.formatters[lang]
        rows = tuple(tuple(cell_text(p.get(n), f, formatter) for n, f in zip(names, fields, strict=True))
                     for p in points)
        numeric = tuple(bool(f and f.is_numeric) for f in fields)
        return tuple(dataset.field_title(n, lang) for n in names), numeric, rows

    def _describe(self, dataset: Dataset, spec: ChartSpec, lang: str, title: str, points: list[dict[str, Any]]) -> str:
        """ "Bar chart: placements per year, 2020–2025; highest in 2024, 295.439." """
        kind = self.label(lang, "chart_" + spec.type.replace(" ", "_"))
        if spec.x is None or spec.y is None or not points:
            return f"{kind}: {title}."
        totals: dict[Any, float] = {}
        for point in points:
            totals[point[spec.x]] = totals.get(point[spec.x], 0) + (point[spec.y] or 0)
        top = max(totals, key=lambda k: totals[k])
        x_field = dataset.field(spec.x)
        formatter = self.formatters[lang]
        values = {"kind": kind, "title": title, "top": _label(top, x_field, formatter),
                  "value": formatter.number(totals[top]), "count": len(totals)}
        if x_field is not None and x_field.type in ("year", "yearmonth", "date"):
            first, last = min(totals), max(totals)
            values["range"] = _range(first, last, x_field, formatter)
            key = "chart_summary" if values["range"] in title else "chart_summary_range"
            return self.label(lang, key).format(**values)
        return self.label(lang, "chart_summary_categories").format(**values)


def _points(dataset: Dataset, rows: list[dict[str, Any]], spec: ChartSpec, lang: str) -> list[dict[str, Any]]:
    """The rows to plot (`rows`: the dataset's, filtered): summed per (x, color), category values in `lang`."""
    if spec.x is None or spec.y is None:
        return [{k: dataset.value_label(k, v, lang) for k, v in row.items()} for row in rows]
    totals: dict[tuple[Any, Any], float | None] = {}
    for row in rows:
        key = (row.get(spec.x), row.get(spec.color) if spec.color else None)
        value = row.get(spec.y)
        if value is not None:
            totals[key] = (totals.get(key) or 0) + value
        else:
            totals.setdefault(key, None)
    points = []
    for (x, colour), value in totals.items():
        point = {spec.x: dataset.value_label(spec.x, x, lang), spec.y: value}
        if spec.color:
            point[spec.color] = dataset.value_label(spec.color, colour, lang)
        points.append(point)
    return points


def _point_count(rows: list[dict[str, Any]], spec: ChartSpec) -> int:
    """How many bars, dots or slices the chart draws from `rows`: one per x (and color), or one per row."""
    if spec.x is None:
        return len(rows)
    return len({(row.get(spec.x), row.get(spec.color) if spec.color else None) for row in rows})


def _raw_spec_problem(spec: dict[str, Any]) -> str | None:
    """What a raw Vega-Lite spec may not hold: data from elsewhere, or nesting past NESTING.

    A chart draws its dataset's rows, which sitegen puts in the spec; a `data.url` would make
    the build (and each reader's browser) fetch from any address and publish what it gets.
    """
    stack: list[tuple[Any, int]] = [(spec, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > NESTING:
            return tr("nests more than {nesting} levels deep; write it flatter", nesting=NESTING)
        if isinstance(value, dict):
            data = value.get("data")
            if isinstance(data, dict) and "url" in data:
                return (tr("loads data from {data}; a chart draws only its dataset's rows: remove the url",
                           data=quoted(data['url'])))
            stack += [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            stack += [(item, depth + 1) for item in value]
    return None


def cell_text(value: Any, spec_field: FieldSpec | None, formatter: Formatter) -> str:
    if value is None:
        return "–"
    return _label(value, spec_field, formatter)


def _label(value: Any, spec_field: FieldSpec | None, formatter: Formatter) -> str:
    """A value as a reader of the page's language reads it."""
    if spec_field is not None and spec_field.type == "yearmonth" and isinstance(value, date):
        return format_date(value, "MMMM y", locale=formatter.locale)
    if spec_field is not None and spec_field.type == "date" and isinstance(value, date):
        return format_date(value, "d MMMM y", locale=formatter.locale)
    if isinstance(value, bool) or spec_field is None or not spec_field.is_numeric:
        return str(value)
    return formatter.number(value)


def _range(first: Any, last: Any, spec_field: FieldSpec, formatter: Formatter) -> str:
    if first == last:
        return _label(first, spec_field, formatter)
    if spec_field.type == "yearmonth":
        return format_interval(first, last, "yMMMM", locale=formatter.locale)
    if spec_field.type == "date":
        return format_interval(first, last, "yMMMMd", locale=formatter.locale)
    return f"{first}–{last}"
