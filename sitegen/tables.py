"""Read a dataset's table file into rows of raw cells, each row knowing where it stands.

CSV (UTF-8, with or without a byte-order mark), JSON and YAML (a list of objects) and Excel
`.xlsx` (the first sheet or a named one, through openpyxl). Nothing is typed here: a cell is
the text or value the file holds, and datasets.py checks it against its field.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitegen.errors import Problem, SitegenError

TABLE_SUFFIXES = (".csv", ".json", ".yaml", ".yml", ".xlsx")


@dataclass(frozen=True)
class RawRow:
    """One row: where it is (a line, or a sheet row) and its cells by column name."""

    line: int | None
    where: str  # "" for a text file's line; 'sheet "Data", row 14: ' or "row 3: " otherwise
    cells: dict[str, Any]


@dataclass(frozen=True)
class RawTable:
    columns: tuple[str, ...]
    rows: tuple[RawRow, ...]
    header_line: int | None  # where the column names are, for messages about them


def read_table(file: Path, name: str, sheet: str | None = None) -> RawTable:
    """The table in `file` (`name` is its site-relative path, for messages)."""
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(file, name, sheet)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SitegenError([Problem(name, None, "is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)")]) from None
    if suffix == ".csv":
        return parse_csv(text, name)
    return parse_records(text, name, is_json=suffix == ".json")


def parse_csv(text: str, name: str) -> RawTable:
    """A CSV table: the first line names the columns."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise SitegenError([Problem(name, 1, "has no header line: the first line must name the columns")])
        columns = _columns([cell.strip() for cell in header], name, 1)
        rows = []
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as spreadsheets leave at the end
            if len(cells) != len(columns):
                raise SitegenError([Problem(name, line, f"has {len(cells)} cells, but the header names "
                                                        f"{len(columns)} columns ({', '.join(columns)})")])
            rows.append(RawRow(line, "", dict(zip(columns, cells, strict=True))))
    except csv.Error as error:
        raise SitegenError([Problem(name, reader.line_num, f"is not valid CSV: {error}")]) from None
    return RawTable(columns, tuple(rows), 1)


def parse_records(text: str, name: str, is_json: bool) -> RawTable:
    """A JSON or YAML table: a list of objects with the same keys."""
    lines: list[int | None]
    try:
        if is_json:
            data = json.loads(text)
            lines = [None] * len(data) if isinstance(data, list) else []
        else:
            data = yaml.safe_load(text)
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            lines = [item.start_mark.line + 1 for item in node.value] if isinstance(node, yaml.SequenceNode) else []
    except json.JSONDecodeError as error:
        raise SitegenError([Problem(name, error.lineno, f"is not valid JSON: {error.msg}")]) from None
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise SitegenError([Problem(name, line, f"is not valid YAML: {error.problem}")]) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise SitegenError([Problem(name, None, "must be a list of rows, each an object of column: value, "
                                                'like [{"tahun": 2024, "jumlah": 295439}]')])
    columns: list[str] = []
    for item in data:
        columns += [str(key) for key in item if str(key) not in columns]
    rows = tuple(
        RawRow(line, "" if line else f"row {number}: ", {str(k): v for k, v in item.items()})
        for number, (item, line) in enumerate(zip(data, lines, strict=True), start=1)
    )
    return RawTable(tuple(columns), rows, None)


def _read_xlsx(file: Path, name: str, sheet: str | None) -> RawTable:
    import openpyxl  # imported here: only sites with spreadsheets pay for it

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise SitegenError([Problem(name, None, f"is not an Excel .xlsx workbook ({error})")]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SitegenError([Problem(name, None, f'has no sheet "{sheet}" (sheets: {", ".join(book.sheetnames)})')])
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        values = [list(row) for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()
    title = worksheet.title
    if not values or not any(v is not None for v in values[0]):
        raise SitegenError([Problem(name, None, f'sheet "{title}" has no header row: row 1 must name the columns')])
    header = values[0]
    while header and header[-1] is None:
        header = header[:-1]
    columns = _columns(["" if v is None else str(v).strip() for v in header], name, None, f'sheet "{title}", ')
    rows = []
    for number, cells in enumerate(values[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        padded = (cells + [None] * len(columns))[: len(columns)]
        rows.append(RawRow(None, f'sheet "{title}", row {number}: ',
                           {c: "" if v is None else v for c, v in zip(columns, padded, strict=True)}))
    return RawTable(columns, tuple(rows), None)


def _columns(names: list[str], file: str, line: int | None, where: str = "") -> tuple[str, ...]:
    problems = []
    for position, column in enumerate(names, start=1):
        if not column:
            problems.append(Problem(file, line, f"{where}column {position} has no name in the header"))
        elif column in names[: position - 1]:
            problems.append(Problem(file, line, f'{where}column "{column}" appears twice in the header'))
    if problems:
        raise SitegenError(problems)
    return tuple(names)
