"""Check every cell of a table against its field, and turn it into its field's type.

Frictionless Table Schema's types and constraints, plus `groupChar` on integers, because an
Indonesian spreadsheet writes twenty thousand as "20.191". Pure: raw rows in, typed rows out,
every bad cell reported as `file:line: column "x": what it is not`.

Numbers are read strictly, since a misread number is published as a fact: ASCII digits only
(Python's int() also reads Arabic-Indic and full-width digits), group marks only between
groups of three digits ("1.5" is not fifteen), at most limits.DIGITS digits, and whole
numbers within what JavaScript holds exactly (limits.SAFE_INTEGER), since charts and the JSON
download are read by it.

A `pattern` runs on RE2 (Google's regular expressions), not Python's `re`: RE2 matches in time
proportional to the text, so "(a+)+$" cannot stall a build on one cell (Python took 20 s), and
it refuses, rather than unrolls, a pattern like "(a{1000}){1000}" (the `regex` package, whose
time limit would cover the first, spends gigabytes compiling the second).
"""

from __future__ import annotations

import difflib
import math
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sitegen.core.errors import Problem, raise_if_any
from sitegen.core.limits import CELL_CHARACTERS, CELL_PROBLEMS, DIGITS, SAFE_INTEGER
from sitegen.core.messages import tr
from sitegen.data.descriptors import FieldSpec, Schema
from sitegen.data.patterns import compile_pattern
from sitegen.data.tables import RawRow, RawTable, listed_names, quoted


class CellError(ValueError):
    """A cell that does not fit its field; the message says what it is not."""


def check_table(raw: RawTable, schema: Schema, name: str) -> tuple[dict[str, Any], ...]:
    """Typed rows; every bad cell reported as file:line: column "x": what is wrong."""
    _check_columns(raw, schema, name)
    problems = _Problems(name)
    rows = []
    seen: dict[str, dict[Any, RawRow]] = {f.name: {} for f in schema.fields if f.constraints.unique}
    for row in raw.rows:
        typed: dict[str, Any] = {}
        for spec in schema.fields:
            try:
                value = convert(row.cells.get(spec.name, ""), spec, schema.missing_values)
                check_constraints(value, spec)
            except CellError as error:
                problems.add(row, tr("column {name}: {error}", name=quoted(spec.name), error=error))
                continue
            if spec.name in seen and value is not None:
                if value in seen[spec.name]:
                    first = seen[spec.name][value]
                    problems.add(row, tr("column {name}: {value} is already in {first}, but must be unique",
                                         name=quoted(spec.name), value=_show(value), first=_place(first)))
                seen[spec.name].setdefault(value, row)
            typed[spec.name] = value
        rows.append(typed)
    raise_if_any(problems.listed())
    return tuple(rows)


class _Problems:
    """A table's bad cells: the first CELL_PROBLEMS listed, the rest counted in one line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.more = 0
        self.first_unlisted: RawRow | None = None

    def add(self, row: RawRow, message: str) -> None:
        if len(self.problems) < CELL_PROBLEMS:
            self.problems.append(Problem(self.name, row.line, row.where + message))
            return
        self.more += 1
        self.first_unlisted = self.first_unlisted or row

    def listed(self) -> list[Problem]:
        if not self.more or self.first_unlisted is None:
            return self.problems
        row = self.first_unlisted
        return [*self.problems, Problem(self.name, row.line, tr("{where}{more:,} more cells from here on do not fit "
                                                                "their fields; fix the ones listed first",
                                                                where=row.where, more=self.more))]


def _place(row: RawRow) -> str:
    return tr("line {line}", line=row.line) if row.line else row.where.rstrip(": ")


def _check_columns(raw: RawTable, schema: Schema, name: str) -> None:
    names = [f.name for f in schema.fields]
    problems = []
    for column in raw.columns:
        if column not in names:
            close = difflib.get_close_matches(column, names, n=1)
            hint = (tr("; did you mean {name}?", name=quoted(close[0])) if close
                    else tr(" (fields: {names})", names=listed_names(names)))
            problems.append(Problem(name, raw.header_line, tr("column {column} is not a field of the "
                                                              "descriptor{hint}", column=quoted(column), hint=hint)))
    misspelt = {close for column in raw.columns if column not in names
                for close in difflib.get_close_matches(column, names, n=1)}
    for field_name in names:
        if field_name not in raw.columns and field_name not in misspelt and raw.rows:
            problems.append(Problem(name, raw.header_line, tr("has no column {field_name}, which the descriptor "
                                                              "lists in its fields", field_name=quoted(field_name))))
    raise_if_any(problems)


def convert(raw: Any, spec: FieldSpec, missing: tuple[str, ...] = ("",)) -> Any:
    """One cell as its field's type; None when it is a missing value. Raises CellError."""
    if isinstance(raw, (list, dict)):  # a JSON or YAML table can hold anything in a cell
        kind = tr("a list") if isinstance(raw, list) else tr("a table of keys and values")
        raise CellError(tr("holds {kind}; a cell holds one value: text, a number, true or false, or a date",
                           kind=kind))
    if isinstance(raw, str) and len(raw) > CELL_CHARACTERS:
        raise CellError(tr("{raw} has {count:,} characters; a cell may hold at most {limit:,}",
                           raw=quoted(raw), count=len(raw), limit=CELL_CHARACTERS))
    missing_values = spec.missing_values if spec.missing_values is not None else missing
    if raw is None or (isinstance(raw, str) and raw.strip() in missing_values):
        return None
    return _CONVERTERS[spec.type](raw, spec)


# --- numbers -----------------------------------------------------------------------------


def _integer(raw: Any, spec: FieldSpec) -> int:
    if isinstance(raw, float) and raw.is_integer():
        value = int(raw)  # a spreadsheet's or JSON's 2024.0
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str):
        value = int(_numeral(raw, spec, "an integer", _integer_pattern(spec.group_char)))
    else:
        raise CellError(tr("{raw} is not an integer", raw=_show(raw)))
    if abs(value) > SAFE_INTEGER:
        raise CellError(tr("{raw} is beyond ±{limit:,}, the largest whole number charts and JavaScript hold "
                           "exactly; write it in a larger unit (thousands, millions)", raw=_show(raw),
                           limit=SAFE_INTEGER))
    return value


def _number(raw: Any, spec: FieldSpec) -> float:
    if isinstance(raw, int) and not isinstance(raw, bool):
        _check_digits(str(raw), raw)  # an integer of 400 digits is too large for a float
        value = float(raw)
    elif isinstance(raw, float):
        value = raw
    elif not isinstance(raw, str):
        raise CellError(tr("{raw} is not a number", raw=_show(raw)))
    else:
        numeral = _numeral(raw, spec, "a number", _number_pattern(spec.group_char, spec.decimal_char))
        value = float(numeral.replace(spec.decimal_char, "."))
    if not math.isfinite(value):
        raise CellError(tr("{raw} is not a number", raw=_show(raw)))
    if abs(value) >= 10**DIGITS:
        raise CellError(tr("{raw} is too large: a number may have at most {digits} digits before its decimal mark; "
                           "write it in a larger unit", raw=_show(raw), digits=DIGITS))
    return value


def _numeral(raw: str, spec: FieldSpec, kind: str, pattern: re.Pattern[str]) -> str:
    """A cell's text as Python reads it (group marks removed), if it is written as `pattern` says."""
    text = raw.strip()
    _check_digits(text, raw)
    if pattern.fullmatch(text):
        return text.replace(spec.group_char, "") if spec.group_char else text
    if any(char.isdigit() and not char.isascii() for char in text):
        raise CellError(tr("{raw} is not {kind}: write its digits as 0-9", raw=_show(raw), kind=_kind_shown(kind)))
    if spec.decimal_char != "." and "." in text and spec.group_char != ".":
        raise CellError(tr('{raw} is not {kind} (this column\'s decimal mark is "{decimal_char}")', raw=_show(raw),
                           kind=_kind_shown(kind), decimal_char=spec.decimal_char))
    if spec.group_char and spec.group_char in text and pattern.fullmatch(text.replace(spec.group_char, "")):
        # Only misplaced group marks stand between this text and a number: "1.5", "1.2.3.4".
        example = f"1{spec.group_char}234{spec.group_char}567"
        raise CellError(tr("{raw} is not {kind}: {group_char} separates groups of three digits in this column, like "
                           "{example}", raw=_show(raw), kind=_kind_shown(kind), group_char=quoted(spec.group_char),
                           example=example))
    raise CellError(tr("{raw} is not {kind}{hint}", raw=_show(raw), kind=_kind_shown(kind),
                       hint=_hint(text, spec, kind)))


def _kind_shown(kind: str) -> str:
    """ "an integer" or "a number" (as the code names them) in the reader's language."""
    return tr("an integer") if kind == "an integer" else tr("a number")


def _hint(text: str, spec: FieldSpec, kind: str) -> str:
    """What would make a cell that is not a number read as the writer meant: a group mark, or a missing value."""
    if len(text) <= 4 and not any(char.isdigit() for char in text):  # "n/a", "-", "NA": a mark, not a word
        return tr(': leave the cell empty, or add {text} to "missingValues" in the descriptor, if it means that '
                  "the value is not known", text=quoted(text))
    if re.fullmatch(r"[-+]?[\d.,]+\s*[^\W\d_%]+\.?", text):  # "990 orang", "12 jt": a number with its unit
        return tr(": write only the number; the unit is written once, as unit: in the descriptor")
    for group in (".", ",", " "):
        if not spec.group_char and (kind == "an integer" or group != spec.decimal_char) and group in text \
                and _integer_pattern(group).fullmatch(text):
            return tr(": if {mark} separates thousands here, add groupChar: {mark} to the field {name} in the "
                      "descriptor", mark=quoted(group), name=quoted(spec.name))
    return ""


def _check_digits(text: str, raw: Any) -> None:
    digits = sum(char.isdigit() for char in text)
    if digits > DIGITS:
        raise CellError(tr("{raw} has {digits:,} digits; a number may have at most {limit} (write it in a larger "
                           "unit, like thousands)", raw=_show(raw), digits=digits, limit=DIGITS))


@lru_cache(maxsize=64)
def _integer_pattern(group: str | None) -> re.Pattern[str]:
    return re.compile(rf"[+-]?{_whole(group)}")


@lru_cache(maxsize=64)
def _number_pattern(group: str | None, decimal: str) -> re.Pattern[str]:
    point = re.escape(decimal)
    return re.compile(rf"[+-]?(?:{_whole(group)}(?:{point}[0-9]*)?|{point}[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _whole(group: str | None) -> str:
    """The digits before the decimal mark: ASCII only; with a group mark, in threes after the first group."""
    if not group:
        return "[0-9]+"
    return rf"(?:[0-9]{{1,3}}(?:{re.escape(group)}[0-9]{{3}})+|[0-9]+)"


# --- other types -------------------------------------------------------------------------


def _string(raw: Any, spec: FieldSpec) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # a spreadsheet's "2024" typed as a number
    return str(raw).strip()


def _date(raw: Any, spec: FieldSpec) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(tr("{raw} is not a date; write it as YYYY-MM-DD, like 2025-08-22", raw=_show(raw))) from None


def _year(raw: Any, spec: FieldSpec) -> int:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        text = str(int(raw))
    else:
        text = str(raw).strip()
    if not re.fullmatch(r"[0-9]{4}", text):
        raise CellError(tr("{raw} is not a year; write four digits, like 2025", raw=_show(raw)))
    return int(text)


def _yearmonth(raw: Any, spec: FieldSpec) -> date:
    if isinstance(raw, (date, datetime)):
        return date(raw.year, raw.month, 1)
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", str(raw).strip())
    if not match or not 1 <= int(match[2]) <= 12:
        meant = _month_in_words(str(raw))
        example = meant or "2025-08"
        raise CellError(tr("{raw} is not a year and month; write YYYY-MM, like {example}", raw=_show(raw),
                           example=example))
    return date(int(match[1]), int(match[2]), 1)


def _month_in_words(text: str) -> str | None:
    """ "Januari 2025", "Jan 2025" or "March 2025" as YYYY-MM, for the message to show the very value to write."""
    from babel.dates import get_month_names  # only for a message: Babel's month names in Indonesian and English

    found = re.fullmatch(r"\s*([^\W\d_]+)\.?\s+([0-9]{4})\s*", text)
    if not found:
        return None
    word = found[1].casefold()
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                if name.casefold().rstrip(".") == word:
                    return f"{found[2]}-{number:02d}"
    return None


def _boolean(raw: Any, spec: FieldSpec) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if text in spec.true_values:
        return True
    if text in spec.false_values:
        return False
    allowed = ", ".join(spec.true_values + spec.false_values)
    raise CellError(tr("{raw} is not true or false (allowed: {allowed})", raw=_show(raw), allowed=allowed))


_CONVERTERS = {"integer": _integer, "number": _number, "string": _string, "date": _date, "year": _year,
               "yearmonth": _yearmonth, "boolean": _boolean}


# --- constraints -------------------------------------------------------------------------


def check_constraints(value: Any, spec: FieldSpec) -> None:
    """Frictionless constraints: required, minimum, maximum, enum, pattern, lengths."""
    rules = spec.constraints
    if value is None:
        if rules.required:
            raise CellError(tr("is empty, but a value is required"))
        return
    if rules.minimum is not None and spec.is_numeric and value < rules.minimum:
        raise CellError(tr("{value} is below the minimum {minimum}", value=_show(value),
                           minimum=_show(rules.minimum)))
    if rules.maximum is not None and spec.is_numeric and value > rules.maximum:
        raise CellError(tr("{value} is above the maximum {maximum}", value=_show(value),
                           maximum=_show(rules.maximum)))
    if rules.enum is not None and value not in rules.enum:
        raise CellError(tr("{value} is not one of {choices}", value=_show(value),
                           choices=', '.join(_show(v) for v in rules.enum)))
    if isinstance(value, str):
        if rules.pattern is not None and compile_pattern(rules.pattern).fullmatch(value) is None:
            raise CellError(tr("{value} does not match the pattern {pattern}", value=_show(value),
                               pattern=quoted(rules.pattern)))
        if rules.min_length is not None and len(value) < rules.min_length:
            raise CellError(tr("{value} is shorter than {min_length} characters", value=_show(value),
                               min_length=rules.min_length))
        if rules.max_length is not None and len(value) > rules.max_length:
            raise CellError(tr("{value} is longer than {max_length} characters", value=_show(value),
                               max_length=rules.max_length))


def _show(value: Any) -> str:
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**DIGITS:
        return str(int(value))
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**DIGITS:
        return tr("a number of {count:,} digits", count=len(str(abs(value))))
    return str(value)
