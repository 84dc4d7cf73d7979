"""Datasets: a table file in `data/` and its descriptor, every cell checked against its field.

A descriptor `data/<name>.resource.yaml` sits beside its table (`<name>.csv`, `.json`, `.yaml`,
`.xlsx`). It speaks Frictionless Table Schema (`fields` with `name`, `type`, `constraints`,
`missingValues`, `groupChar`, `decimalChar`, ...), and adds what a bilingual site needs: titles,
descriptions, sources and units per language, translated category values, and named charts.

Written here rather than with the `frictionless` package: that library does not accept
`groupChar` on integers ("20.191" in an Indonesian spreadsheet), its messages do not name
file:line the way the rest of sitegen does, and it would pull in a large tree of dependencies
for the few hundred cells an office publishes. The descriptor's models are in descriptors.py;
its files are found through paths.py, so nothing outside data/ is read as a dataset.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.limits import DESCRIPTOR_BYTES
from sitegen.core.messages import tr
from sitegen.core.paths import check_readable, list_files, unsafe_part, within
from sitegen.data.tables import TABLE_SUFFIXES, escaped, listed_names, quoted, read_table
from sitegen.source.config import Config
from sitegen.source.content import CONTENT_DIR

if TYPE_CHECKING:  # the descriptor's models and the cells' checks are loaded with the first dataset (start-up)
    from sitegen.data.descriptors import Descriptor, FieldSpec, Text

DATA_DIR = "data"
DESCRIPTOR_SUFFIX = ".resource.yaml"
VEGA_LITE_SUFFIX = ".vl.json"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, eq=False)
class Dataset:
    """A validated table: typed rows, and everything needed to show it in each language."""

    name: str
    table_file: str  # "data/penempatan-2025.csv"
    descriptor_file: str
    meta: Descriptor
    rows: tuple[dict[str, Any], ...]
    key_lines: dict[tuple[Any, ...], int]  # descriptor key path -> line, for later messages

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return self.meta.schema_.fields

    @functools.cached_property
    def digest(self) -> str:
        """What a page may show of the dataset, as loaded (not its files, which may have changed since
        they were read): its names, descriptor and typed rows. Computed once per build; the Markdown
        cache and the reuse record both compare it."""
        text = repr((self.name, self.table_file, self.descriptor_file, self.meta.model_dump_json(), self.rows))
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    @property
    def license_link(self) -> str | None:
        """Where the licence can be read: the descriptor's license_url, or a known licence's page."""
        from sitegen.data.descriptors import LICENSE_URLS

        return self.meta.license_url or LICENSE_URLS.get(self.meta.license)

    def field(self, name: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.name == name), None)

    def text(self, value: Text | None, lang: str) -> str:
        """A descriptor text in one language (checked complete when the dataset was loaded)."""
        if value is None:
            return ""
        return value if isinstance(value, str) else value[lang]

    def field_title(self, name: str, lang: str) -> str:
        spec = self.field(name)
        return self.text(spec.title, lang) if spec is not None and spec.title else name

    def value_label(self, name: str, value: Any, lang: str) -> Any:
        """A category value as readers of `lang` know it ("Arab Saudi" -> "Saudi Arabia")."""
        spec = self.field(name)
        if spec is None or not isinstance(value, str):
            return value
        return spec.values.get(value, {}).get(lang, value)

    def line_of(self, *key: Any) -> int | None:
        return self.key_lines.get(tuple(key))


def load_datasets(site_dir: Path, config: Config) -> dict[str, Dataset]:
    """Every dataset under data/ and in a release's folder in content/, by name; all problems at once.

    In data/ every table needs a descriptor; in content/ only a table with a descriptor beside it
    is a dataset (another is a download of the release, as a PDF would be).
    """
    problems: list[Problem] = []
    datasets: dict[str, Dataset] = {}
    data = site_dir / DATA_DIR
    if data.is_dir():
        check_readable(site_dir, data, DATA_DIR)
        # Every file is listed through paths.py: a link out of the site is refused by name, never read.
        listing = list_files(data, site_dir)
        problems += listing.problems + _load_files(listing.files, site_dir, config, datasets, every_table=True)
    for bundle in _bundles_with_descriptors(site_dir / CONTENT_DIR):
        # Content's own reading reports what its listing refuses; here only the bundle's own files count.
        files = [f for f in list_files(bundle, site_dir).files if f.parent == bundle]
        problems += _load_files(files, site_dir, config, datasets, every_table=False)
    raise_if_any(problems)
    return datasets


def _bundles_with_descriptors(content: Path) -> list[Path]:
    """The folders in content/ that hold a descriptor: found by name first, since content/ holds thousands
    of files and few datasets (a walk that follows no link; each folder found is then listed safely)."""
    if not content.is_dir():
        return []
    return sorted(Path(folder) for folder, _, names in os.walk(content)
                  if any(name.endswith(DESCRIPTOR_SUFFIX) for name in names))


def _load_files(files: list[Path], site_dir: Path, config: Config, datasets: dict[str, Dataset],
                every_table: bool) -> list[Problem]:
    problems: list[Problem] = []
    tables = [file for file in files if _is_table(file)]
    claimed: set[Path] = set()
    for file in (f for f in files if f.name.endswith(DESCRIPTOR_SUFFIX)):
        try:
            dataset, table = _load(file, site_dir, config, tables)
        except SitegenError as error:
            problems.extend(error.problems)
            claimed |= set(_guess_tables(file, tables))
            continue
        claimed.add(table)
        if dataset.name in datasets:
            other = datasets[dataset.name]
            problems.append(Problem(dataset.descriptor_file, dataset.line_of("name"),
                                    tr('dataset name "{name}" is also the name of {descriptor_file}; give one of '
                                       "them another name", name=dataset.name, descriptor_file=other.descriptor_file)))
            continue
        datasets[dataset.name] = dataset
    if every_table:
        problems += [
            Problem(_relative(file, site_dir), None,
                    tr("has no descriptor: create {file} with its title, source, unit, licence and fields (see "
                       'README, "Datasets")', file=_relative(_descriptor_for(file), site_dir)))
            for file in tables if file not in claimed
        ]
    return problems


def table_named(datasets: dict[str, Dataset], name: str, page_source: str) -> str:
    """The dataset a release names by its table's file name ("tabel.csv", beside the release), else `name`."""
    if "/" in name or not name.lower().endswith(TABLE_SUFFIXES):
        return name
    wanted = f"{page_source.rsplit('/', 1)[0]}/{name}" if "/" in page_source else name
    return next((d.name for d in datasets.values() if d.table_file == wanted), name)


def _is_table(file: Path) -> bool:
    name = file.name.lower()
    return (file.suffix.lower() in TABLE_SUFFIXES and not name.endswith(DESCRIPTOR_SUFFIX)
            and not name.endswith(VEGA_LITE_SUFFIX) and not name.startswith((".", "~$")))


def _descriptor_for(table: Path) -> Path:
    return table.with_name(table.stem + DESCRIPTOR_SUFFIX)


def _stem(descriptor: Path) -> str:
    return descriptor.name[: -len(DESCRIPTOR_SUFFIX)]


def _guess_tables(descriptor: Path, tables: list[Path]) -> list[Path]:
    """The tables a descriptor is for when it does not say: beside it, with its name."""
    prefix = _stem(descriptor) + "."
    return sorted(t for t in tables if t.parent == descriptor.parent and t.name.startswith(prefix))


def _load(file: Path, site_dir: Path, config: Config, tables: list[Path]) -> tuple[Dataset, Path]:
    from sitegen.data.cells import check_table
    from sitegen.data.descriptors import parse_descriptor

    name = _relative(file, site_dir)
    size = file.stat().st_size
    if size > DESCRIPTOR_BYTES:
        raise SitegenError([Problem(name, None, tr("is {size:,} bytes; a descriptor may be at most "
                                                   "{limit:,} bytes (put the data in its table)",
                                                   size=size, limit=DESCRIPTOR_BYTES))])
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SitegenError([Problem(name, None, tr("is not UTF-8 text; save it as UTF-8"))]) from None
    meta, lines = parse_descriptor(text, name, config.language_codes)
    table = _table_file(file, meta, name, site_dir, tables, lines.get(("path",)))
    dataset_name = meta.name or _stem(file)
    if not NAME.match(dataset_name):
        raise SitegenError([Problem(name, lines.get(("name",)), tr("dataset name {dataset_name} must be lower-case "
                                                                   "a-z, 0-9 and -, like penempatan-2025",
                                                                   dataset_name=quoted(dataset_name)))])
    raw = read_table(table, _relative(table, site_dir), meta.sheet)
    rows = check_table(raw, meta.schema_, _relative(table, site_dir))
    dataset = Dataset(dataset_name, _relative(table, site_dir), name, meta, rows, lines)
    check_key_figure(dataset)
    return dataset, table


def _table_file(descriptor: Path, meta: Descriptor, name: str, site_dir: Path, tables: list[Path],
                line: int | None) -> Path:
    if meta.path is not None:
        return _named_table(descriptor, meta.path, name, site_dir, line)
    candidates = _guess_tables(descriptor, tables)
    if not candidates and _refused_table(descriptor):
        raise SitegenError([])  # its table was refused while listing data/ (a link out): said once, there
    if not candidates:
        expected = ", ".join(_stem(descriptor) + suffix for suffix in (".csv", ".json", ".yaml", ".xlsx"))
        raise SitegenError([Problem(name, None, tr("has no table beside it: add one of {expected}, or say which "
                                                   'file with path: "..."', expected=expected))])
    if len(candidates) > 1:
        found = ", ".join(_relative(p, site_dir) for p in candidates)
        raise SitegenError([Problem(name, None, tr("describes more than one table ({found}); say which with path: "
                                                   '"..."', found=found))])
    return candidates[0]


def _refused_table(descriptor: Path) -> bool:
    """Whether a table beside the descriptor exists, but was not listed (paths.list_files refused it)."""
    return any(os.path.lexists(descriptor.with_name(_stem(descriptor) + suffix)) for suffix in TABLE_SUFFIXES)


def _named_table(descriptor: Path, path: str, name: str, site_dir: Path, line: int | None) -> Path:
    """The table a descriptor's `path:` names: a file in data/, named from the descriptor's folder."""
    def refuse(reason: str) -> SitegenError:
        return SitegenError([Problem(name, line, tr("path: {path} {reason}", path=quoted(path, 200), reason=reason))])

    if reason := data_path_problem(path, descriptor.parent, site_dir, _root_of(descriptor, site_dir)):
        raise refuse(tr("{reason}; name the table from the descriptor's folder, like penempatan-2025.csv",
                        reason=reason))
    table = descriptor.parent / path
    if not table.is_file():
        raise refuse(tr("names no file beside the descriptor"))
    return table


def data_path_problem(path: str, folder: Path, site_dir: Path, root: str = DATA_DIR) -> str | None:
    """Why a path written in a descriptor or chart, from `folder`, does not name a file in `root` (data/)."""
    if path.startswith("/"):
        return tr("is an absolute path, and the file must be in {root}/", root=root)
    if ".." in path.replace("\\", "/").split("/"):
        return tr('climbs out of {root}/ with ".."', root=root)
    if reason := unsafe_part(path):
        return reason.split(";")[0]  # unsafe_part's advice is for site paths; the caller gives its own
    target = folder / path
    if not within(site_dir / root, target):
        return tr("leads to {target} through a link, outside {root}/: copy the file in",
                  target=os.path.realpath(target), root=root)
    return None


def _root_of(descriptor: Path, site_dir: Path) -> str:
    """data/, or for a descriptor in a release's folder, that folder (its `path:` may not leave it)."""
    relative = _relative(descriptor.parent, site_dir)
    return relative if relative.startswith(CONTENT_DIR + "/") else DATA_DIR


# --- figures -----------------------------------------------------------------------------

AGGREGATES = ("sum", "mean", "min", "max", "count", "latest")


def select(dataset: Dataset, where: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows whose cells equal the filter's values (a list of values: any of them)."""
    def matches(row: dict[str, Any]) -> bool:
        for name, wanted in where.items():
            options = wanted if isinstance(wanted, (list, tuple)) else [wanted]
            if not any(_equal(row.get(name), option) for option in options):
                return False
        return True
    return [row for row in dataset.rows if matches(row)]


def _equal(value: Any, wanted: Any) -> bool:
    if isinstance(value, date):
        return value.isoformat().startswith(str(wanted))  # 2025 or 2025-08 picks a yearmonth
    if isinstance(value, bool) or isinstance(wanted, bool):
        return str(value).lower() == str(wanted).lower()
    if isinstance(value, (int, float)):
        try:
            return value == float(wanted)
        except (TypeError, ValueError):
            return False
    return value == wanted or str(value) == str(wanted)


def check_filter(dataset: Dataset, where: dict[str, Any]) -> str | None:
    """What is wrong with a filter: an unknown field or a value no row has; None if it is fine."""
    for name, wanted in where.items():
        problem = unknown_field(dataset, name)
        if problem:
            return problem
        options = wanted if isinstance(wanted, (list, tuple)) else [wanted]
        for option in options:
            if not any(_equal(row.get(name), option) for row in dataset.rows):
                return tr('no row of dataset "{dataset}" has {field} = {option}', dataset=dataset.name,
                          field=escaped(name), option=escaped(option)) + _values_hint(dataset, name, option)
    return None


def _values_hint(dataset: Dataset, name: str, option: Any) -> str:
    """What the column does hold: its span for dates, else the value the officer probably meant,
    else its values (a typo such as "Hongkon" is the usual mistake)."""
    values = [row[name] for row in dataset.rows if row.get(name) is not None]
    if not values:
        return ""
    spec = dataset.field(name)
    if spec is not None and (spec.is_temporal or spec.is_numeric or spec.type == "year"):
        low, high = (_as_written(value, spec.type) for value in (min(values), max(values)))
        return tr(" ({field} runs from {low} to {high})", field=escaped(name), low=low, high=high)
    names = list(dict.fromkeys(str(value) for value in values))
    if close := difflib.get_close_matches(str(option), names, n=1, cutoff=0.7):
        return tr('; did you mean "{value}"?', value=escaped(close[0]))
    return tr(" ({field} has: {values})", field=escaped(name), values=listed_names(sorted(names)))


def _as_written(value: Any, kind: str) -> str:
    """A value as a filter is written: 2025-03 for a year and month."""
    return value.strftime("%Y-%m") if kind == "yearmonth" and isinstance(value, date) else str(value)


def unknown_field(dataset: Dataset, name: str) -> str | None:
    if dataset.field(name) is not None:
        return None
    names = [f.name for f in dataset.fields]
    close = difflib.get_close_matches(name, names, n=1)
    hint = (tr('; did you mean "{name}"?', name=close[0]) if close
            else tr(" (fields: {names})", names=listed_names(names)))
    return tr('field {name} is not in dataset "{dataset}"{hint}', name=quoted(name), dataset=dataset.name, hint=hint)


def aggregate(dataset: Dataset, field_name: str, agg: str, where: dict[str, Any]) -> float | int | None:
    """One figure from a column: sum, mean, min, max, count or the latest row's value."""
    values = [row[field_name] for row in select(dataset, where) if row.get(field_name) is not None]
    if agg == "count":
        return len(values)
    if not values:
        return None
    if agg == "latest":
        return values[-1]
    if agg == "sum":
        return sum(values)
    if agg == "mean":
        return sum(values) / len(values)
    return min(values) if agg == "min" else max(values)


def check_key_figure(dataset: Dataset) -> None:
    figure = dataset.meta.key_figure
    if figure is None:
        return
    problem = unknown_field(dataset, figure.field) or check_filter(dataset, figure.filter)
    if problem is None and figure.agg != "count" and not dataset.field(figure.field).is_numeric:  # type: ignore[union-attr]
        problem = tr('key_figure.field "{field}" is not a number column, so it cannot be summed', field=figure.field)
    if problem:
        raise SitegenError([Problem(dataset.descriptor_file, dataset.line_of("key_figure"), tr("key_figure: {problem}",
                                                                                               problem=problem))])


def _relative(path: Path, site_dir: Path) -> str:
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def lookalike_values(dataset: Dataset, site_dir: Path) -> list[Problem]:
    """Category values that are probably typos of a value the descriptor translates ("Hongkog" beside
    "Hongkong"): the build takes them as categories of their own, untranslated, and totals split."""
    problems = []
    for spec in dataset.fields:
        if not spec.values:
            continue
        counted = Counter(str(row[spec.name]) for row in dataset.rows if row.get(spec.name) is not None)
        for value in sorted(set(counted) - set(spec.values)):
            if close := difflib.get_close_matches(value, list(spec.values), n=1, cutoff=0.8):
                problems.append(Problem(dataset.table_file, _first_line_with(site_dir / dataset.table_file, value),
                                        tr('column {field}: {value} is not among the values the descriptor '
                                           'translates, but looks like "{near}": a typo? The other languages show '
                                           "it untranslated, and its rows are counted apart", field=quoted(spec.name),
                                           value=quoted(value), near=escaped(close[0]))))
    return problems


def _first_line_with(table: Path, value: str) -> int | None:
    """The line of a text table where a value first appears (None in a spreadsheet)."""
    if table.suffix.lower() not in (".csv", ".tsv", ".txt"):
        return None
    try:
        with table.open(encoding="utf-8-sig", errors="replace") as lines:
            return next((number for number, line in enumerate(lines, start=1) if value in line), None)
    except OSError:
        return None
