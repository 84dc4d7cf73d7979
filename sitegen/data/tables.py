"""Read a dataset's table file into rows of raw cells, each row knowing where it stands.

CSV (UTF-8, with or without a byte-order mark), JSON and YAML (a list of objects) and Excel
`.xlsx` (the first sheet or a named one, through openpyxl). Nothing is typed here: a cell is
the text or value the file holds, and datasets.py checks it against its field.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.limits import CELL_CHARACTERS, DIGITS, NESTING, TABLE_CELLS, TABLE_FILE_BYTES, XLSX_UNPACKED_BYTES
from sitegen.core.messages import tr
from sitegen.core.safeyaml import fast_loader, load_yaml

TABLE_SUFFIXES = (".csv", ".json", ".yaml", ".yml", ".xlsx")
SHOWN_CHARACTERS = 60  # of a value quoted in a message: enough to recognise it, short enough for one line
# Characters that would act on the terminal rather than show in it: C0 and C1 controls, DEL,
# the line and paragraph separators, and the invisible marks that reverse or hide text around them.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def quoted(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """A value from a file as a message shows it: in double quotes, control characters escaped
    (a line break as \\n), and cut with "…" after `limit` characters."""
    return f'"{escaped(value, limit)}"'


def escaped(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """A name from a file as a message shows it in a list: control characters escaped, cut after `limit`."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return _UNSHOWABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


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
    size = file.stat().st_size
    if size > TABLE_FILE_BYTES:
        raise SitegenError([Problem(name, None, tr("is {size:,} bytes; a table may be at most {limit:,} "
                                                   "bytes: split it into several datasets (by year, for example)",
                                                   size=size, limit=TABLE_FILE_BYTES))])
    suffix = file.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(file, name, sheet)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SitegenError([Problem(name, None, tr("is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)"))]
                           ) from None
    if suffix == ".csv":
        return parse_csv(text, name)
    return parse_records(text, name, is_json=suffix == ".json")


def parse_csv(text: str, name: str) -> RawTable:
    """A CSV table: the first line names the columns."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise SitegenError([Problem(name, 1, tr("has no header line: the first line must name the columns"))])
        columns = _columns([cell.strip() for cell in header], name, 1)
        rows = []
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # a blank line, as spreadsheets leave at the end
            if len(cells) != len(columns):
                raise SitegenError([Problem(name, line, tr("has {count} cells, but the header names {expected} "
                                                           "columns ({columns})", count=len(cells),
                                                           expected=len(columns), columns=listed_names(columns)))])
            rows.append(RawRow(line, "", dict(zip(columns, cells, strict=True))))
            _check_size(len(rows), len(columns), name, line)
    except csv.Error as error:
        raise SitegenError([Problem(name, reader.line_num, _csv_problem(error))]) from None
    return RawTable(columns, tuple(rows), 1)


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):  # the csv module's own cap, far above a cell's
        return tr("has a cell longer than {limit:,} characters; a cell holds one short value", limit=CELL_CHARACTERS)
    return tr("is not valid CSV: {error}", error=error)


def _check_size(rows: int, columns: int, name: str, line: int | None) -> None:
    """Stop reading a table with more cells than a build checks and keeps in memory."""
    if rows * columns > TABLE_CELLS:
        raise SitegenError([Problem(name, line, tr("has more than {limit:,} cells ({columns:,} columns); "
                                                   "split it into several datasets (by year, for example)",
                                                   limit=TABLE_CELLS, columns=columns))])


def listed_names(columns: tuple[str, ...] | list[str]) -> str:
    """Column names for a message: the first 20, each escaped."""
    shown = ", ".join(escaped(column) for column in columns[:20])
    return shown + ", …" if len(columns) > 20 else shown


def parse_records(text: str, name: str, is_json: bool) -> RawTable:
    """A JSON or YAML table: a list of objects with the same keys."""
    lines: list[int | None]
    if is_json:
        data = _json(text, name)
        lines = [None] * len(data) if isinstance(data, list) else []
    else:
        import yaml  # here: PyYAML only for a site with a YAML table (start-up)

        # A row is a mapping, a key and a value per cell: three YAML values per cell at most.
        data, node = load_yaml(text, name, with_context=False, loader=fast_loader(), max_values=3 * TABLE_CELLS)
        lines = [item.start_mark.line + 1 for item in node.value] if isinstance(node, yaml.SequenceNode) else []
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise SitegenError([Problem(name, None, tr("must be a list of rows, each an object of column: value, like "
                                                   '[{"tahun": 2024, "jumlah": 295439}]'))])
    columns: list[str] = []
    known: set[str] = set()
    for item in data:
        for key in map(str, item):
            if key not in known:
                known.add(key)
                columns.append(key)
    _check_size(len(data), len(columns), name, None)
    rows = tuple(
        RawRow(line, "" if line else tr("row {number}: ", number=number), {str(k): v for k, v in item.items()})
        for number, (item, line) in enumerate(zip(data, lines, strict=True), start=1)
    )
    return RawTable(tuple(columns), rows, None)


def _json(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SitegenError([Problem(name, error.lineno, tr("is not valid JSON: {error}", error=error.msg))]) from None
    except RecursionError:  # json's parser recurses once per [ or {
        raise SitegenError([Problem(name, None, tr("nests lists and objects more than {nesting} levels deep; a "
                                                   'table is a list of rows like [{{"tahun": 2024}}]',
                                                   nesting=NESTING))]) from None
    except ValueError:  # Python reads no integer of more than 4,300 digits
        raise SitegenError([Problem(name, None, tr("holds a number with more than {digits} digits; write it "
                                                   "shorter, or in a larger unit", digits=DIGITS))]) from None


def _read_xlsx(file: Path, name: str, sheet: str | None) -> RawTable:
    import openpyxl  # imported here: only sites with spreadsheets pay for it

    _check_unpacked(file, name)
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise SitegenError([Problem(name, None, tr("is not an Excel .xlsx workbook ({error})",
                                                   error=escaped(error, 200)))]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            sheets = ", ".join(quoted(n) for n in book.sheetnames)
            raise SitegenError([Problem(name, None, tr("has no sheet {sheet} (sheets: {sheets})",
                                                       sheet=quoted(sheet), sheets=sheets))])
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        return _sheet_table(worksheet, name)
    # What openpyxl raises on a damaged or crafted sheet: a 5,000-digit number (ValueError),
    # a shared string that is not there (IndexError), XML entities that expand a millionfold
    # (ParseError, a SyntaxError).
    except (ValueError, KeyError, IndexError, TypeError, SyntaxError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise SitegenError([Problem(name, None, _unreadable(error))]) from None
    finally:
        book.close()


def _unreadable(error: Exception) -> str:
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        return tr("holds a number with more than {digits} digits; write it shorter, or in a larger unit", digits=DIGITS)
    return tr("cannot be read as an Excel workbook ({error}); open it in Excel or LibreOffice and save it again as "
              ".xlsx, or save it as CSV", error=f"{type(error).__name__}: {escaped(error, 200)}")


def _check_unpacked(file: Path, name: str) -> None:
    """Refuse a workbook that unpacks to more than XLSX_UNPACKED_BYTES, before anything is unpacked.

    An .xlsx is a ZIP: 3 MB of repeated cells can unpack to gigabytes. The sizes its directory
    declares are what zipfile will unpack at most, so they can be trusted.
    """
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise SitegenError([Problem(name, None, tr("is not an Excel .xlsx workbook ({error})", error=error))]) from None
    if unpacked > XLSX_UNPACKED_BYTES:
        raise SitegenError([Problem(name, None, tr("unpacks to {unpacked:,} bytes; a workbook may unpack to at most "
                                                   "{limit:,}: copy the table alone into a new "
                                                   "workbook, or save it as CSV", unpacked=unpacked,
                                                   limit=XLSX_UNPACKED_BYTES))])


def _sheet_table(worksheet: Any, name: str) -> RawTable:
    title = worksheet.title
    header = list(next(worksheet.iter_rows(max_row=1, values_only=True), ()))
    while header and header[-1] is None:
        header = header[:-1]
    if not header:
        raise SitegenError([Problem(name, None, tr("sheet {title} has no header row: row 1 must name the columns",
                                                   title=quoted(title)))])
    where = tr("sheet {sheet}, ", sheet=quoted(title))
    columns = _columns(["" if v is None else str(v).strip() for v in header], name, None, where)
    rows = []
    # Only the header's columns are read: a sheet can claim 16,384 columns for every row.
    cells_read = 0
    for number, cells in enumerate(worksheet.iter_rows(min_row=2, max_col=len(columns), values_only=True), start=2):
        cells_read += len(columns)  # empty rows count too: a sheet can claim a million of them
        _check_size(cells_read, 1, name, None)
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        padded = (list(cells) + [None] * len(columns))[: len(columns)]
        rows.append(RawRow(None, where + tr("row {number}: ", number=number),
                           {c: "" if v is None else v for c, v in zip(columns, padded, strict=True)}))
    return RawTable(columns, tuple(rows), None)


def _columns(names: list[str], file: str, line: int | None, where: str = "") -> tuple[str, ...]:
    problems = []
    seen: set[str] = set()
    for position, column in enumerate(names, start=1):
        if not column:
            problems.append(Problem(file, line, tr("{where}column {position} has no name in the header", where=where,
                                                   position=position)))
        elif column in seen:
            problems.append(Problem(file, line, tr("{where}column {column} appears twice in the header", where=where,
                                                   column=quoted(column))))
        seen.add(column)
    if problems:
        raise SitegenError(problems)
    _check_size(1, len(names), file, line)
    return tuple(names)
