"""Numbers and charts in prose, from data/: so that text and chart cannot disagree.

- ```` ```chart ```` fenced blocks hold a chart spec (see charts.py) or name a dataset's chart;
- `{{< chart "dataset/name" >}}` shows a named chart;
- `{{< stat data="penempatan-nasional" field="penempatan" agg="sum" filter="tahun=2024" >}}`
  writes one figure in the page's locale, plain ("295.439") or compact ("295,4 ribu").

Every figure and chart carries `data-dataset`, from which the page learns the datasets it
cites (markdown.cited_datasets; for its "data in this release" links and JSON-LD `isBasedOn`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sitegen.core.limits import TABLE_ROWS_SHOWN
from sitegen.core.messages import tr
from sitegen.data.charts import ChartBook, ChartView, cell_text, parse_block, parse_spec
from sitegen.data.datasets import AGGREGATES, Dataset, aggregate, check_filter, table_named, unknown_field
from sitegen.data.tables import escaped, quoted
from sitegen.markdown.shortcodes import Handler, ShortcodeCall
from sitegen.model.site import Page
from sitegen.source.config import Config
from sitegen.source.i18n import Formatter
from sitegen.source.templates import TemplateEnvironment

if TYPE_CHECKING:  # chartspec (pydantic's models) is loaded with the first chart (start-up)
    from sitegen.data.chartspec import ChartSpec

CHART_MARK = "data-spec="  # on every interactive chart's <figure>: the page needs the chart script


def dataset_files(name: str) -> dict[str, str]:
    """Where a dataset's downloads are published."""
    return {"csv": f"/data/{name}/{name}.csv", "json": f"/data/{name}/{name}.json",
            "datapackage": f"/data/{name}/datapackage.json"}


def embed_path(config: Config, lang: str, dataset: str, chart: str) -> str:
    """A named chart's standalone page, for other sites' iframes: "/embed/penempatan-nasional/per-tahun/"."""
    return f"{config.prefix(lang)}/embed/{dataset}/{chart}/"


def chart_figure(env: TemplateEnvironment, config: Config, view: ChartView, small: bool = False,
                 embed: str | None = None) -> str:
    """A chart's <figure>: static SVG per layout, caption, table, downloads and description;
    with `embed` (a named chart on its dataset's page), the <iframe> code that shows it elsewhere."""
    from sitegen.data.chartspec import PHONE_MEDIA

    return env.render("partials/chart.html", {
        "lang": view.lang, "chart": view, "small": small, "phone_media": PHONE_MEDIA, "embed": embed,
        "dataset_page": config.dataset_path(view.lang, view.dataset.name),
        "files": dataset_files(view.dataset.name),
    })


class Figures:
    """The chart fence and the `chart` and `stat` shortcodes, bound to one build's datasets."""

    def __init__(self, env: TemplateEnvironment, config: Config, book: ChartBook) -> None:
        self.env = env
        self.config = config
        self.book = book

    def handlers(self) -> dict[str, Handler]:
        return {"chart": self.chart_shortcode, "stat": self.stat}

    def fence(self, source: str, page: Page, line: int) -> str:
        """A ```chart block's HTML; `line` is the line of its opening fence."""
        spec, line_of = parse_block(source, page.source, line + 1)
        dataset, spec = self.book.resolve(self._by_file_name(spec, page), page.source, line_of)
        return chart_figure(self.env, self.config, self.book.view(dataset, spec, page.lang))

    def chart_shortcode(self, call: ShortcodeCall, page: Page) -> str:
        name = call.positional[0] if call.positional else call.require("chart", "penempatan-nasional/per-tahun")
        spec = parse_spec({"chart": name}, page.source, lambda _: call.line)
        dataset, spec = self.book.resolve(self._by_file_name(spec, page), page.source, lambda _: call.line)
        return chart_figure(self.env, self.config, self.book.view(dataset, spec, page.lang))

    def _by_file_name(self, spec: ChartSpec, page: Page) -> ChartSpec:
        """A spec naming a table beside the release by its file name ("tabel.csv"), with the dataset's name."""
        changes = {}
        if spec.data is not None:
            changes["data"] = table_named(self.book.datasets, spec.data, page.source)
        if spec.chart is not None and "/" in spec.chart:
            table, _, chart = spec.chart.rpartition("/")
            changes["chart"] = f"{table_named(self.book.datasets, table, page.source)}/{chart}"
        return spec.model_copy(update=changes) if changes else spec

    def stat(self, call: ShortcodeCall, page: Page) -> str:
        name = table_named(self.book.datasets, call.require("data", "penempatan-nasional"), page.source)
        field = call.require("field", "penempatan")
        agg = call.args.get("agg", "sum")
        if name not in self.book.datasets:
            known = ", ".join(sorted(self.book.datasets)) or tr("none")
            raise call.problem(tr("no dataset {name} (datasets: {known})", name=quoted(name), known=known))
        dataset = self.book.datasets[name]
        if problem := unknown_field(dataset, field):
            raise call.problem(problem)
        if agg not in AGGREGATES:
            raise call.problem(tr('agg="{agg}" is not one of {aggregates}', agg=escaped(agg),
                                  aggregates=", ".join(AGGREGATES)))
        where = _in_data_language(dataset, _parse_filter(call), page.lang)
        if problem := check_filter(dataset, where):
            raise call.problem(tr("filter: {problem}", problem=problem))
        spec = dataset.field(field)
        if agg not in ("count", "latest") and not (spec and spec.is_numeric):
            raise call.problem(tr('field "{field}" holds {type} values, which cannot be added up; use agg="count" '
                                  'or agg="latest"', field=field, type=spec.type if spec else "no"))
        value = aggregate(dataset, field, agg, where)
        if value is None:
            raise call.problem(tr("no value of {field} matches this filter", field=quoted(field)))
        style = call.args.get("format", "plain")
        if style not in ("plain", "compact"):
            raise call.problem(tr('format="{style}" is not one of plain, compact', style=escaped(style)))
        text = self.env.formatters[page.lang].number(value, compact=style == "compact") \
            if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
        return f'<span class="stat" data-dataset="{escape(name)}">{escape(text)}</span>'


def _parse_filter(call: ShortcodeCall) -> dict[str, Any]:
    """`filter="tahun=2024; skema=P to P"` -> {"tahun": "2024", "skema": "P to P"}."""
    text = call.args.get("filter", "").strip()
    where: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, equals, value = part.partition("=")
        if not equals or not key.strip():
            raise call.problem(tr('filter {part} must be field=value, like filter="tahun=2024"', part=quoted(part)))
        where[key.strip()] = value.strip()
    return where


def _in_data_language(dataset: Dataset, where: dict[str, Any], lang: str) -> dict[str, Any]:
    """A filter written in the page's language ("provinsi=East Java") as the data holds it ("Jawa Timur"),
    by the category values' translations in the descriptor: an English release filters in English."""
    translated = {}
    for name, value in where.items():
        spec = dataset.field(name)
        originals = {texts[lang].casefold(): original for original, texts in (spec.values if spec else {}).items()
                     if lang in texts}
        translated[name] = originals.get(str(value).casefold(), value)
    return translated


@dataclass(frozen=True)
class DatasetView:
    """A dataset as its page and the catalogue show it, in one language."""

    dataset: Dataset
    lang: str
    path: str
    title: str
    description: str
    unit: str
    source: str
    charts: tuple[Markup, ...]  # every named chart's figure
    named: tuple[tuple[str, ChartView], ...]  # (name, chart) of every named chart: the embed pages
    thumbnail: ChartView | None  # the first named chart drawn as a sparkline, for the catalogue
    key_figure: str | None
    key_label: str
    columns: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]  # the first TABLE_ROWS_SHOWN: the downloads hold the rest
    total_rows: int
    files: dict[str, str]


def dataset_views(env: TemplateEnvironment, config: Config, book: ChartBook) -> dict[tuple[str, str], DatasetView]:
    """(lang, dataset name) -> what the statistics section shows of it."""
    views = {}
    for dataset in book.datasets.values():
        named = book.named(dataset)
        for lang in config.language_codes:
            charts = [book.view(dataset, spec, lang) for spec in named.values()]
            figure = dataset.meta.key_figure
            value = aggregate(dataset, figure.field, figure.agg, figure.filter) if figure else None
            formatter = env.formatters[lang]
            views[(lang, dataset.name)] = DatasetView(
                dataset=dataset, lang=lang, path=config.dataset_path(lang, dataset.name),
                title=dataset.text(dataset.meta.title, lang),
                description=dataset.text(dataset.meta.description, lang),
                unit=dataset.text(dataset.meta.unit, lang), source=dataset.text(dataset.meta.source, lang),
                charts=tuple(Markup(chart_figure(env, config, chart,
                                                 embed=embed_path(config, lang, dataset.name, name)))
                             for name, chart in zip(named, charts, strict=True)),
                named=tuple(zip(named, charts, strict=True)),
                thumbnail=book.view(dataset, next(iter(named.values())), lang, thumbnail=True) if named else None,
                key_figure=None if value is None else formatter.number(value),
                key_label=dataset.text(figure.label, lang) if figure and figure.label else "",
                **_full_table(dataset, lang, formatter),
                files=dataset_files(dataset.name),
            )
    return views


def _full_table(dataset: Dataset, lang: str, formatter: Formatter) -> dict[str, Any]:
    """The table the dataset's page shows: every row up to TABLE_ROWS_SHOWN.

    A 5 MB table would make a 26 MB page no phone opens; its readers get the first rows and
    the downloads, which always hold every row.
    """
    fields = dataset.fields
    return {
        "columns": tuple(dataset.field_title(f.name, lang) for f in fields),
        "numeric": tuple(f.is_numeric for f in fields),
        "rows": tuple(tuple(cell_text(dataset.value_label(f.name, row.get(f.name), lang), f, formatter)
                            for f in fields) for row in dataset.rows[:TABLE_ROWS_SHOWN]),
        "total_rows": len(dataset.rows),
    }
