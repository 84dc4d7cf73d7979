"""A dataset descriptor (`data/<name>.resource.yaml`): its YAML, read safely, and its models.

Frictionless Table Schema's words (`fields`, `type`, `constraints`, `missingValues`,
`groupChar`, `decimalChar`, ...) as pydantic models, plus what a bilingual site needs:
texts per language, translated category values, named charts. Every key a descriptor may
have is here, and every value is checked where it is read, so that a mistake names the
descriptor and its line: a `source_url` that would run script, a pattern that is not a
regular expression, number marks that make "1.500" ambiguous.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, field_validator, model_validator

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr
from sitegen.core.paths import has_control
from sitegen.core.safeyaml import load_yaml
from sitegen.data.forgive import quoted_hint, repaired
from sitegen.data.patterns import compile_pattern
from sitegen.data.tables import quoted
from sitegen.source.config import validation_problems
from sitegen.source.i18n import iso_period


def _text(value: Any) -> str | dict[str, str]:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict) and all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                       for v in value.values()):
        return {str(k): str(v) for k, v in value.items()}
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:60] + "…"
    raise ValueError(tr("must be text, or one text per language like {{id: ..., en: ...}} (got {shown}); put text "
                        "that holds a comma or colon in quotes", shown=shown))


# The same text in every language, or one text per language code.
Text = Annotated[str | dict[str, str], PlainValidator(_text)]
Scalar = str | int | float | bool | date

# What `sitegen new dataset` writes where only the officer knows the value; never published.
PLACEHOLDER = "TODO:"

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
    # defer_build: a model's validator is made when first used (a site without data never does), not at import
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


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
            compile_pattern(value)  # as cells.py runs it; a ValueError says why it cannot
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

    @model_validator(mode="after")
    def _number_marks(self) -> FieldSpec:
        for key, mark in (("groupChar", self.group_char), ("decimalChar", self.decimal_char)):
            if mark is not None and (len(mark) != 1 or mark.isdigit() or mark in "+-eE"):
                raise ValueError(tr('{key} must be one character that is not a digit, a sign or e, like "." or "," '
                                    "(got {mark})", key=key, mark=quoted(mark)))
        if self.type == "number" and self.group_char == self.decimal_char:
            raise ValueError(tr('groupChar and decimalChar are both {decimal_char}, so "1.500" could be fifteen '
                                'hundred or one and a half; write decimalChar: "," with groupChar: "."',
                                decimal_char=quoted(self.decimal_char)))
        return self

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

    # What a message about a missing key shows as the line to write (source/config.py).
    key_examples: ClassVar[dict[str, str]] = {
        "title": "title: {id: Penempatan PMI per bulan, en: Placements per month}",
        "source": "source: {id: BP3MI DKI Jakarta, en: BP3MI DKI Jakarta}",
        "unit": "unit: {id: orang, en: people}",
        "license": "license: CC-BY-4.0",
        "updated": "updated: 2025-12-31",
        "schema": "schema: then fields:, one '- name: <column>' per column of the table",
    }

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

    @field_validator("temporal_coverage")
    @classmethod
    def _iso_period(cls, value: str | None) -> str | None:
        # Shown in each language's words and given to search engines as schema.org temporalCoverage:
        # free text could be neither.
        if value is not None and iso_period(value) is None:
            raise ValueError(tr("{value} is not a year, month, date or period in ISO 8601; write it like 2025, "
                                "2025-06, 2025-06-30 or 2020/2025", value=quoted(value)))
        return value

    @field_validator("source_url", "license_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and (reason := url_problem(value)):
            raise ValueError(reason)
        return value


LINK_SCHEMES = ("http", "https", "mailto")


def url_problem(url: str) -> str | None:
    """Why a URL from a descriptor may not become a link on the site, or None if it may.

    Only web and mail addresses and paths on this site: a `javascript:` or `data:` URL in an
    href runs in the reader's browser when clicked.
    """
    hint = tr("write a web address like https://example.org/data, a mailto: address, or a path on this site like "
              "/data/")
    if has_control(url) or url != url.strip():
        return tr("{url} holds a line break or an invisible character, or starts or ends with a space; {hint}",
                  url=quoted(url), hint=hint)
    try:
        parts = urlsplit(url)
    except ValueError:  # a broken [IPv6] host
        return tr("{url} is not a web address; {hint}", url=quoted(url), hint=hint)
    if parts.scheme.lower() in LINK_SCHEMES and (parts.netloc or parts.scheme.lower() == "mailto"):
        return None
    if not parts.scheme and url.startswith("/") and not url.startswith("//"):
        return None
    return tr("{url} is not a web address; {hint}", url=quoted(url), hint=hint)


def parse_descriptor(text: str, name: str, languages: list[str]) -> tuple[Descriptor, dict[tuple[Any, ...], int]]:
    """A descriptor's YAML, validated, with the line of every key (pure)."""
    raw, node = load_yaml(repaired(text, languages), name, pointed=quoted_hint)
    lines = yaml_lines(node)
    if not isinstance(raw, dict):
        raise SitegenError([Problem(name, None, tr("must be 'key: value' lines: title, source, unit, license, "
                                                   "updated and schema"))])
    raise_if_any(placeholders(raw, name, lines))
    try:
        meta = Descriptor.model_validate(raw)
    except ValidationError as error:
        raise SitegenError(validation_problems(error, name, Descriptor, lambda loc: nearest_line(lines, loc))
                           ) from None
    _check_texts(meta, name, languages, lines)
    return meta, lines


def placeholders(value: Any, name: str, lines: dict[tuple[Any, ...], int], path: tuple[Any, ...] = (),
                 field: str | None = None) -> list[Problem]:
    """Every value still a "TODO:" placeholder written by `sitegen new dataset`, with its key and line."""
    if isinstance(value, str) and value.startswith(PLACEHOLDER):
        return [Problem(name, nearest_line(lines, path), tr("{path} is still a placeholder ({value}): replace it "
                                                            "with the real value", path=placeholder_key(path, field),
                                                            value=quoted(value, 80)))]
    if isinstance(value, dict) and path[:2] == ("schema", "fields") and len(path) == 3:
        field = str(value.get("name", path[2]))
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return [problem for key, item in items for problem in placeholders(item, name, lines, (*path, key), field)]


def placeholder_key(path: tuple[Any, ...], field: str | None = None) -> str:
    """A key as the officer finds it: `title.en`, or `title.en of field "negara"` inside schema.fields."""
    if field is not None and path[:2] == ("schema", "fields") and len(path) > 3:
        return tr("{key} of field {field}", key=".".join(str(k) for k in path[3:]), field=quoted(field))
    return ".".join(str(k) for k in path)


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
    texts: list[tuple[tuple[Any, ...], Text | None, str | None]] = [
        ((key,), getattr(meta, key), None) for key in ("title", "description", "source", "unit")]
    for i, spec in enumerate(meta.schema_.fields):  # named by the column, as the officer knows it
        texts += [(("schema", "fields", i, "title"), spec.title, spec.name),
                  (("schema", "fields", i, "description"), spec.description, spec.name)]
    problems = []
    for key, value, field in texts:
        if not isinstance(value, dict):
            continue
        where = placeholder_key(key, field)
        for code in languages:
            if not value.get(code):
                problems.append(Problem(name, lines.get(key), tr('{where} has no text for language "{code}": add '
                                                                 "{code}: ...", where=where, code=code)))
        for code in sorted(set(value) - set(languages)):
            problems.append(Problem(name, lines.get((*key, code)),
                                    tr('{where} has text for "{code}", which is not a language of the site '
                                       "({languages})", where=where, code=code, languages=', '.join(languages))))
    raise_if_any(problems)
