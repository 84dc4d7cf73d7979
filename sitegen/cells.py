"""Check every cell of a table against its field, and turn it into its field's type.

Frictionless Table Schema's types and constraints, plus `groupChar` on integers, because an
Indonesian spreadsheet writes twenty thousand as "20.191". Pure: raw rows in, typed rows out,
every bad cell reported as `file:line: column "x": what it is not`.
"""

from __future__ import annotations

import difflib
import math
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sitegen.errors import Problem, raise_if_any
from sitegen.tables import RawRow, RawTable

if TYPE_CHECKING:  # the descriptor's models; datasets.py imports this module
    from sitegen.datasets import FieldSpec, Schema


class CellError(ValueError):
    """A cell that does not fit its field; the message says what it is not."""


def check_table(raw: RawTable, schema: Schema, name: str) -> tuple[dict[str, Any], ...]:
    """Typed rows; every bad cell reported as file:line: column "x": what is wrong."""
    _check_columns(raw, schema, name)
    problems: list[Problem] = []
    rows = []
    seen: dict[str, dict[Any, RawRow]] = {f.name: {} for f in schema.fields if f.constraints.unique}
    for row in raw.rows:
        typed: dict[str, Any] = {}
        for spec in schema.fields:
            try:
                value = convert(row.cells.get(spec.name, ""), spec, schema.missing_values)
                check_constraints(value, spec)
            except CellError as error:
                problems.append(Problem(name, row.line, f'{row.where}column "{spec.name}": {error}'))
                continue
            if spec.name in seen and value is not None:
                if value in seen[spec.name]:
                    first = seen[spec.name][value]
                    problems.append(Problem(name, row.line, f'{row.where}column "{spec.name}": {_show(value)} '
                                                            f"is already in {_place(first)}, but must be unique"))
                seen[spec.name].setdefault(value, row)
            typed[spec.name] = value
        rows.append(typed)
    raise_if_any(problems)
    return tuple(rows)


def _place(row: RawRow) -> str:
    return f"line {row.line}" if row.line else row.where.rstrip(": ")


def _check_columns(raw: RawTable, schema: Schema, name: str) -> None:
    names = [f.name for f in schema.fields]
    problems = []
    for column in raw.columns:
        if column not in names:
            close = difflib.get_close_matches(column, names, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else f" (fields: {', '.join(names)})"
            problems.append(Problem(name, raw.header_line, f'column "{column}" is not a field of the descriptor{hint}'))
    misspelt = {close for column in raw.columns if column not in names
                for close in difflib.get_close_matches(column, names, n=1)}
    for field_name in names:
        if field_name not in raw.columns and field_name not in misspelt and raw.rows:
            problems.append(Problem(name, raw.header_line, f'has no column "{field_name}", which the descriptor '
                                                           "lists in its fields"))
    raise_if_any(problems)


def convert(raw: Any, spec: FieldSpec, missing: tuple[str, ...] = ("",)) -> Any:
    """One cell as its field's type; None when it is a missing value. Raises CellError."""
    missing_values = spec.missing_values if spec.missing_values is not None else missing
    if raw is None or (isinstance(raw, str) and raw.strip() in missing_values):
        return None
    return _CONVERTERS[spec.type](raw, spec)


def _integer(raw: Any, spec: FieldSpec) -> int:
    if isinstance(raw, bool):
        raise CellError(f"{_show(raw)} is not an integer")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = _ungrouped(raw, spec)
    if not re.fullmatch(r"[+-]?\d+", text):
        raise CellError(f"{_show(raw)} is not an integer")
    return int(text)


def _number(raw: Any, spec: FieldSpec) -> float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = _ungrouped(raw, spec)
        if spec.decimal_char != ".":
            if "." in text:
                raise CellError(f'{_show(raw)} is not a number (this column\'s decimal mark is "{spec.decimal_char}")')
            text = text.replace(spec.decimal_char, ".")
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
            raise CellError(f"{_show(raw)} is not a number")
        value = float(text)
    if not math.isfinite(value):
        raise CellError(f"{_show(raw)} is not a number")
    return value


def _ungrouped(raw: Any, spec: FieldSpec) -> str:
    text = str(raw).strip()
    return text.replace(spec.group_char, "") if spec.group_char else text


def _string(raw: Any, spec: FieldSpec) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # a spreadsheet's "2024" typed as a number
    return str(raw).strip()


def _date(raw: Any, spec: FieldSpec) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise CellError(f"{_show(raw)} is not a date; write it as YYYY-MM-DD, like 2025-08-22") from None


def _year(raw: Any, spec: FieldSpec) -> int:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        text = str(int(raw))
    else:
        text = str(raw).strip()
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(f"{_show(raw)} is not a year; write four digits, like 2025")
    return int(text)


def _yearmonth(raw: Any, spec: FieldSpec) -> date:
    if isinstance(raw, (date, datetime)):
        return date(raw.year, raw.month, 1)
    match = re.fullmatch(r"(\d{4})-(\d{2})", str(raw).strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise CellError(f"{_show(raw)} is not a year and month; write YYYY-MM, like 2025-08")
    return date(int(match[1]), int(match[2]), 1)


def _boolean(raw: Any, spec: FieldSpec) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if text in spec.true_values:
        return True
    if text in spec.false_values:
        return False
    allowed = ", ".join(spec.true_values + spec.false_values)
    raise CellError(f"{_show(raw)} is not true or false (allowed: {allowed})")


_CONVERTERS = {"integer": _integer, "number": _number, "string": _string, "date": _date, "year": _year,
               "yearmonth": _yearmonth, "boolean": _boolean}


def check_constraints(value: Any, spec: FieldSpec) -> None:
    """Frictionless constraints: required, minimum, maximum, enum, pattern, lengths."""
    rules = spec.constraints
    if value is None:
        if rules.required:
            raise CellError("is empty, but a value is required")
        return
    if rules.minimum is not None and spec.is_numeric and value < rules.minimum:
        raise CellError(f"{_show(value)} is below the minimum {_show(rules.minimum)}")
    if rules.maximum is not None and spec.is_numeric and value > rules.maximum:
        raise CellError(f"{_show(value)} is above the maximum {_show(rules.maximum)}")
    if rules.enum is not None and value not in rules.enum:
        raise CellError(f"{_show(value)} is not one of {', '.join(_show(v) for v in rules.enum)}")
    if isinstance(value, str):
        if rules.pattern is not None and not re.fullmatch(rules.pattern, value):
            raise CellError(f"{_show(value)} does not match the pattern {rules.pattern}")
        if rules.min_length is not None and len(value) < rules.min_length:
            raise CellError(f"{_show(value)} is shorter than {rules.min_length} characters")
        if rules.max_length is not None and len(value) > rules.max_length:
            raise CellError(f"{_show(value)} is longer than {rules.max_length} characters")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
