"""Datasets: a table file in `data/` and its descriptor, every cell checked against its field.

A descriptor `data/<name>.resource.yaml` sits beside its table (`<name>.csv`, `.json`, `.yaml`,
`.xlsx`). It speaks Frictionless Table Schema (`fields` with `name`, `type`, `constraints`,
`missingValues`, `groupChar`, `decimalChar`, ...), and adds what a bilingual site needs: titles,
descriptions, sources and units per language, translated category values, and named charts.

Written here rather than with the `frictionless` package: that library does not accept
`groupChar` on integers ("20.191" in an Indonesian spreadsheet), its messages do not name
file:line the way the rest of sitegen does, and it would pull in a large tree of dependencies
for the few hundred cells an office publishes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, field_validator

from sitegen.cells import check_table
from sitegen.config import Config, validation_problems
from sitegen.errors import Problem, SitegenError, raise_if_any
from sitegen.tables import TABLE_SUFFIXES, read_table

DATA_DIR = "data"
DESCRIPTOR_SUFFIX = ".resource.yaml"
VEGA_LITE_SUFFIX = ".vl.json"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")



def _text(value: Any) -> str | dict[str, str]:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                       for v in value.values()):
        return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"must be text, or one text per language like {{id: ..., en: ...}} (got {value!r}); "
                     "put text that holds a comma or colon in quotes")


# The same text in every language, or one text per language code.
Text = Annotated[str | dict[str, str], PlainValidator(_text)]
Scalar = str | int | float | bool | date

# Where the common open licences are read; a descriptor's license_url wins.
LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "ODC-BY-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
    "PDDL-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Constraints(Strict):
    required: bool = False
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[Scalar, ...] | None = None
    pattern: str | None = None
    min_length: int | None = Field(None, alias="minLength")
    max_length: int | None = Field(None, alias="maxLength")

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"{value!r} is not a regular expression ({error})") from None
        return value


FieldType = Literal["integer", "number", "string", "date", "year", "yearmonth", "boolean"]


class FieldSpec(Strict):
    """One column, in Frictionless Table Schema's words, with per-language titles."""

    name: str
    type: FieldType = "string"
    title: Text | None = None
    description: Text | None = None
    constraints: Constraints = Constraints()
    missing_values: tuple[str, ...] | None = Field(None, alias="missingValues")
    group_char: str | None = Field(None, alias="groupChar")
    decimal_char: str = Field(".", alias="decimalChar")
    true_values: tuple[str, ...] = Field(("true", "True", "TRUE", "1"), alias="trueValues")
    false_values: tuple[str, ...] = Field(("false", "False", "FALSE", "0"), alias="falseValues")
    values: dict[str, dict[str, str]] = Field(default_factory=dict,
                                              description="a category value -> language -> its translation")

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "number")

    @property
    def is_temporal(self) -> bool:
        return self.type in ("date", "yearmonth")


class Schema(Strict):
    fields: tuple[FieldSpec, ...]
    missing_values: tuple[str, ...] = Field(("",), alias="missingValues")
    primary_key: str | tuple[str, ...] | None = Field(None, alias="primaryKey")


class KeyFigure(Strict):
    """The one number the statistics catalogue shows for a dataset."""

    field: str
    agg: Literal["sum", "mean", "min", "max", "count", "latest"] = "sum"
    filter: dict[str, Any] = Field(default_factory=dict)
    label: Text | None = None


class Descriptor(Strict):
    """The whole of a `<name>.resource.yaml`."""

    name: str | None = None
    path: str | None = None
    sheet: str | None = None
    title: Text
    description: Text | None = None
    source: Text
    source_url: str | None = None
    unit: Text
    license: str = Field(description="An SPDX or Open Definition id, like CC-BY-4.0")
    license_url: str | None = None
    updated: date
    temporal_coverage: str | None = None
    key_figure: KeyFigure | None = None
    schema_: Schema = Field(alias="schema")
    charts: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @field_validator("temporal_coverage", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


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

    @property
    def license_link(self) -> str | None:
        """Where the licence can be read: the descriptor's license_url, or a known licence's page."""
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
    """Every dataset under data/, by name; all problems in all files at once."""
    root = site_dir / DATA_DIR
    if not root.is_dir():
        return {}
    descriptors = sorted(root.rglob(f"*{DESCRIPTOR_SUFFIX}"))
    problems: list[Problem] = []
    datasets: dict[str, Dataset] = {}
    claimed: set[Path] = set()
    for file in descriptors:
        try:
            dataset, table = _load(file, site_dir, config)
        except SitegenError as error:
            problems.extend(error.problems)
            claimed |= _guess_tables(file)
            continue
        claimed.add(table)
        if dataset.name in datasets:
            other = datasets[dataset.name]
            problems.append(Problem(dataset.descriptor_file, dataset.line_of("name"),
                                    f'dataset name "{dataset.name}" is also the name of {other.descriptor_file}; '
                                    "give one of them another name"))
            continue
        datasets[dataset.name] = dataset
    problems += [
        Problem(_relative(file, site_dir), None,
                f"has no descriptor: create {_relative(_descriptor_for(file), site_dir)} with its title, source, "
                "unit, licence and fields (see README, \"Datasets\")")
        for file in sorted(root.rglob("*"))
        if _is_table(file) and file not in claimed
    ]
    raise_if_any(problems)
    return datasets


def _is_table(file: Path) -> bool:
    name = file.name.lower()
    return (file.is_file() and file.suffix.lower() in TABLE_SUFFIXES and not name.endswith(DESCRIPTOR_SUFFIX)
            and not name.endswith(VEGA_LITE_SUFFIX) and not name.startswith((".", "~$")))


def _descriptor_for(table: Path) -> Path:
    return table.with_name(table.stem + DESCRIPTOR_SUFFIX)


def _stem(descriptor: Path) -> str:
    return descriptor.name[: -len(DESCRIPTOR_SUFFIX)]


def _guess_tables(descriptor: Path) -> set[Path]:
    """The tables a broken descriptor is probably for: not also reported as undescribed."""
    return {p for p in descriptor.parent.glob(_stem(descriptor) + ".*") if _is_table(p)}


def _load(file: Path, site_dir: Path, config: Config) -> tuple[Dataset, Path]:
    name = _relative(file, site_dir)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SitegenError([Problem(name, None, "is not UTF-8 text; save it as UTF-8")]) from None
    meta, lines = parse_descriptor(text, name, config.language_codes)
    table = _table_file(file, meta, name, site_dir)
    dataset_name = meta.name or _stem(file)
    if not NAME.match(dataset_name):
        raise SitegenError([Problem(name, lines.get(("name",)), f'dataset name "{dataset_name}" must be lower-case '
                                                                 "a-z, 0-9 and -, like penempatan-2025")])
    raw = read_table(table, _relative(table, site_dir), meta.sheet)
    rows = check_table(raw, meta.schema_, _relative(table, site_dir))
    dataset = Dataset(dataset_name, _relative(table, site_dir), name, meta, rows, lines)
    check_key_figure(dataset)
    return dataset, table


def _table_file(descriptor: Path, meta: Descriptor, name: str, site_dir: Path) -> Path:
    if meta.path is not None:
        table = (descriptor.parent / meta.path).resolve()
        if not table.is_file():
            raise SitegenError([Problem(name, None, f'path "{meta.path}" names no file beside the descriptor')])
        return table
    candidates = sorted(p for p in _guess_tables(descriptor))
    if not candidates:
        expected = ", ".join(_stem(descriptor) + suffix for suffix in (".csv", ".json", ".yaml", ".xlsx"))
        raise SitegenError([Problem(name, None, f"has no table beside it: add one of {expected}, "
                                                'or say which file with path: "..."')])
    if len(candidates) > 1:
        found = ", ".join(_relative(p, site_dir) for p in candidates)
        raise SitegenError([Problem(name, None, f"describes more than one table ({found}); "
                                                'say which with path: "..."')])
    return candidates[0]


def parse_descriptor(text: str, name: str, languages: list[str]) -> tuple[Descriptor, dict[tuple[Any, ...], int]]:
    """A descriptor's YAML, validated, with the line of every key (pure)."""
    try:
        raw = yaml.safe_load(text)
        lines = yaml_lines(yaml.compose(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark
        what = ", ".join(filter(None, [error.context, error.problem]))
        raise SitegenError([Problem(name, mark.line + 1 if mark else None, f"is not valid YAML: {what}")]) from None
    if not isinstance(raw, dict):
        raise SitegenError([Problem(name, None, "must be 'key: value' lines: title, source, unit, license, "
                                                "updated and schema")])
    try:
        meta = Descriptor.model_validate(raw)
    except ValidationError as error:
        raise SitegenError(validation_problems(error, name, Descriptor, lambda loc: nearest_line(lines, loc))
                           ) from None
    _check_texts(meta, name, languages, lines)
    return meta, lines


def yaml_lines(node: yaml.Node | None, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Key path -> line, for every mapping key and list item in a composed YAML document."""
    lines: dict[tuple[Any, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[(*path, key.value)] = key.start_mark.line + 1
            lines |= yaml_lines(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*path, index)] = item.start_mark.line + 1
            lines |= yaml_lines(item, (*path, index))
    return lines


def nearest_line(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    """The line of a key, or of the nearest key above it that is in the file."""
    loc = tuple(part for part in loc if not (isinstance(part, str) and part in ("str", "dict[str,str]")))
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def _check_texts(meta: Descriptor, name: str, languages: list[str], lines: dict[tuple[Any, ...], int]) -> None:
    """A per-language text must speak every language of the site, and only those."""
    texts: list[tuple[tuple[Any, ...], Text | None]] = [
        ((key,), getattr(meta, key)) for key in ("title", "description", "source", "unit")]
    texts += [(("schema", "fields", i, "title"), f.title) for i, f in enumerate(meta.schema_.fields)]
    texts += [(("schema", "fields", i, "description"), f.description) for i, f in enumerate(meta.schema_.fields)]
    problems = []
    for key, value in texts:
        if not isinstance(value, dict):
            continue
        where = ".".join(str(k) for k in key)
        for code in languages:
            if not value.get(code):
                problems.append(Problem(name, lines.get(key), f'{where} has no text for language "{code}": '
                                                              f"add {code}: ..."))
        for code in sorted(set(value) - set(languages)):
            problems.append(Problem(name, lines.get((*key, code)),
                                    f'{where} has text for "{code}", which is not a language of the site '
                                    f"({', '.join(languages)})"))
    raise_if_any(problems)


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
                return f'no row of dataset "{dataset.name}" has {name} = {option}'
    return None


def unknown_field(dataset: Dataset, name: str) -> str | None:
    if dataset.field(name) is not None:
        return None
    names = [f.name for f in dataset.fields]
    close = difflib.get_close_matches(name, names, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else f" (fields: {', '.join(names)})"
    return f'field "{name}" is not in dataset "{dataset.name}"{hint}'


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
        problem = f'key_figure.field "{figure.field}" is not a number column, so it cannot be summed'
    if problem:
        raise SitegenError([Problem(dataset.descriptor_file, dataset.line_of("key_figure"), f"key_figure: {problem}")])


def _relative(path: Path, site_dir: Path) -> str:
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
