"""Guess a table's descriptor from its cells, as Datawrapper guesses types from a pasted table.

Pure: a RawTable (tables.py) in, an Inference out. Every guess is proved before it is made: a
column is given a type only if every one of its cells converts with cells.convert under the
field that would be written, so a descriptor `sitegen new dataset` writes always reads its own
table. The number marks are a table's habit, not a column's: "1.407.494" or "12,5" anywhere
in the table says the whole table writes numbers the Indonesian way, and a table that never
shows which ("1.407") is read the way of the site's default language.

Written here: no library infers Frictionless types with Indonesian number marks (frictionless'
own inference reads "1.407.494" as a string and "12,5" as text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitegen.core.messages import tr
from sitegen.data.cells import CellError, convert
from sitegen.data.descriptors import FieldSpec
from sitegen.data.tables import RawRow, RawTable, quoted

# What people write in a cell that has no value; each found in the table goes into missingValues.
EMPTY_LOOKING = ("", "-", "–", "—", "n/a", "N/A", "NA", "na", "..", "null", "NULL")
YEAR_WORDS = ("tahun", "year", "thn", "tahun_", "yr")
DAY_MONTH_YEAR = re.compile(r"[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}")  # 22/08/2025: not read as a date
MIXED_SHOWN = 3  # cells named in the notice about a column of numbers and words
YES, NO = ("ya", "Ya", "YA"), ("tidak", "Tidak", "TIDAK")  # an Indonesian form's yes/no column

# Marks that show how a table writes numbers (ID: 1.407.494 and 12,5; EN: 1,407,494 and 12.5).
_ID_EVIDENCE = re.compile(r"^[+-]?[0-9]{1,3}(\.[0-9]{3}){2,}(,[0-9]+)?$|^[+-]?[0-9]+,([0-9]{1,2}|[0-9]{4,})$"
                          r"|^[+-]?[0-9]{1,3}(\.[0-9]{3})+,[0-9]+$")
_EN_EVIDENCE = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3}){2,}(\.[0-9]+)?$|^[+-]?[0-9]+\.([0-9]{1,2}|[0-9]{4,})$"
                          r"|^[+-]?[0-9]{1,3}(,[0-9]{3})+\.[0-9]+$")


@dataclass(frozen=True)
class Column:
    """One column as it will be described: its type and number marks, and what to tell the officer."""

    name: str
    type: str
    group_char: str | None = None
    decimal_char: str | None = None  # only when it is not "."
    notice: str | None = None
    true_values: tuple[str, ...] = ()  # only when they are not Frictionless' own (true, false, 1, 0)
    false_values: tuple[str, ...] = ()

    @property
    def is_numeric(self) -> bool:
        return self.type in ("integer", "number")

    @property
    def is_temporal(self) -> bool:
        return self.type in ("year", "yearmonth", "date")


@dataclass(frozen=True)
class Chart:
    name: str
    type: str
    x: str
    y: str


@dataclass(frozen=True)
class Inference:
    columns: tuple[Column, ...]
    missing_values: tuple[str, ...]
    chart: Chart | None
    rows: int
    marks: str  # "id" or "en": how the table writes numbers
    notices: tuple[str, ...] = field(default=())


def infer(raw: RawTable, default_language: str) -> Inference:
    """The descriptor's guesses for a table (which has at least one row)."""
    missing = _missing_values(raw)
    marks = _number_marks(raw, default_language)
    columns = tuple(_column(name, [_cell(row, name) for row in raw.rows], raw.rows, missing, marks, first=i == 0)
                    for i, name in enumerate(raw.columns))
    return Inference(columns, missing, suggest_chart(columns), len(raw.rows), marks,
                     tuple(c.notice for c in columns if c.notice))


def _cell(row: RawRow, name: str) -> Any:
    return row.cells.get(name, "")


def _missing_values(raw: RawTable) -> tuple[str, ...]:
    found = {str(value).strip() for row in raw.rows for value in row.cells.values()
             if isinstance(value, str) and value.strip() in EMPTY_LOOKING}
    return ("", *[mark for mark in EMPTY_LOOKING if mark in found and mark])


def _number_marks(raw: RawTable, default_language: str) -> str:
    texts = [value.strip() for row in raw.rows for value in row.cells.values() if isinstance(value, str)]
    indonesian = sum(1 for text in texts if _ID_EVIDENCE.match(text))
    english = sum(1 for text in texts if _EN_EVIDENCE.match(text))
    if indonesian != english:
        return "id" if indonesian > english else "en"
    return "id" if default_language == "id" else "en"


def _column(name: str, cells: list[Any], rows: tuple[RawRow, ...], missing: tuple[str, ...], marks: str,
            first: bool = False) -> Column:
    present = [(cell, row) for cell, row in zip(cells, rows, strict=True)
               if not (cell is None or (isinstance(cell, str) and cell.strip() in missing))]
    if not present:
        return Column(name, "string", notice=tr("column {name} is empty: described as text", name=quoted(name)))
    values = [cell for cell, _ in present]
    for candidate in _candidates(name, values, marks, first):
        if _all_convert(values, candidate, missing):
            return candidate
    if all(isinstance(v, str) and DAY_MONTH_YEAR.fullmatch(v.strip()) for v in values):
        example = values[0].strip()
        return Column(name, "string", notice=tr("column {name} holds dates written like {example}; described as "
                                                "text. Write them as YYYY-MM-DD (like 2025-08-22) for a date "
                                                "column, then run sitegen new dataset again", name=quoted(name),
                                                example=quoted(example)))
    return _string_column(name, present, marks, missing)


def _candidates(name: str, values: list[Any], marks: str, first: bool) -> list[Column]:
    """The types a column may have, most particular first."""
    group, decimal = (".", ",") if marks == "id" else (",", ".")
    texts = [str(v).strip() for v in values if isinstance(v, str)]
    uses_group = any(group in text for text in texts)
    uses_decimal = any(decimal in text for text in texts)
    found: list[Column] = [Column(name, "boolean")] if _looks_boolean(values) else []
    if all(isinstance(v, str) and v.strip().lower() in ("ya", "tidak") for v in values):
        found.append(Column(name, "boolean", true_values=YES, false_values=NO))
    if _looks_like_years(name, values, first):
        found.append(Column(name, "year"))
    found += [Column(name, "yearmonth"), Column(name, "date")] if _looks_temporal(values) else []
    found.append(Column(name, "integer", group if uses_group else None))
    found.append(Column(name, "number", group if uses_group else None,
                        decimal if decimal != "." and uses_decimal else None))
    return found


def _looks_boolean(values: list[Any]) -> bool:
    return all(isinstance(v, bool) or (isinstance(v, str) and v.strip().lower() in ("true", "false"))
               for v in values)


def _looks_temporal(values: list[Any]) -> bool:
    """Dates and months: what a spreadsheet stores as a date, or text like 2025-08 and 2025-08-22."""
    return all(isinstance(v, date) or (isinstance(v, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}(-[0-9]{2})?",
                                                                           v.strip())) for v in values)


def _looks_like_years(name: str, values: list[Any], first: bool) -> bool:
    """Four-digit whole numbers from 1900 to 2100, in a column named like a year, or the first column
    counting up (as a table's time column does; a count that happens to be 1950 is not a year)."""
    years = []
    for value in values:
        text = str(int(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and float(value).is_integer() else str(value).strip()
        if not re.fullmatch(r"(19|20)[0-9]{2}|2100", text):
            return False
        years.append(int(text))
    named = any(word in name.lower() for word in YEAR_WORDS)
    return named or (first and len(years) > 1 and years == sorted(set(years)))


def _spec(column: Column) -> FieldSpec:
    marks: dict[str, Any] = {"name": column.name, "type": column.type, "groupChar": column.group_char}
    if column.decimal_char:
        marks["decimalChar"] = column.decimal_char
    if column.true_values:
        marks |= {"trueValues": column.true_values, "falseValues": column.false_values}
    return FieldSpec.model_validate(marks)


def _all_convert(values: list[Any], column: Column, missing: tuple[str, ...]) -> bool:
    spec = _spec(column)
    if column.type == "yearmonth" and any(isinstance(v, date) and v.day != 1 for v in values):
        return False  # a spreadsheet's dates that are not all the first of a month are dates
    if column.type == "yearmonth" and any(isinstance(v, str) and len(v.strip()) != 7 for v in values):
        return False
    try:
        for value in values:
            convert(value, spec, missing)
    except CellError:
        return False
    return True


def _string_column(name: str, present: list[tuple[Any, RawRow]], marks: str, missing: tuple[str, ...]) -> Column:
    """Text; with a notice when most of the column is numbers and only some cells are words."""
    group, decimal = (".", ",") if marks == "id" else (",", ".")
    spec = _spec(Column(name, "number", group, decimal if decimal != "." else None))
    words = []
    for cell, row in present:
        try:
            convert(cell, spec, missing)
        except CellError:
            words.append((cell, row))
    if not words or len(words) * 2 > len(present):
        return Column(name, "string")
    shown = ", ".join(f"{quoted(cell)} ({_place(row)})" for cell, row in words[:MIXED_SHOWN])
    more = tr(" and {count} more", count=len(words) - MIXED_SHOWN) if len(words) > MIXED_SHOWN else ""
    return Column(name, "string", notice=tr("column {name} has numbers and cells that are not numbers: "
                                            "{shown}{more}; described as text. Correct those cells (leave a cell "
                                            "empty for no value) and run sitegen new dataset again for a number "
                                            "column", name=quoted(name), shown=shown, more=more))


def _place(row: RawRow) -> str:
    return tr("line {line}", line=row.line) if row.line else row.where.rstrip(": ")


def suggest_chart(columns: tuple[Column, ...]) -> Chart | None:
    """A line for a time column and a number, else a bar for a category and a number."""
    numbers = [c for c in columns if c.is_numeric]
    times = [c for c in columns if c.is_temporal]
    categories = [c for c in columns if c.type == "string"]
    if not numbers:
        return None
    y = numbers[0].name
    if times:
        return Chart(_chart_name(y, times[0].name), "line", times[0].name, y)
    if categories:
        return Chart(_chart_name(y, categories[0].name), "bar", categories[0].name, y)
    return None


def _chart_name(y: str, x: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", f"{y} per {x}".lower()).strip("-")
    return name or "chart"
