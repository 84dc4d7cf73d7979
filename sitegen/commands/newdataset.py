"""`sitegen new dataset <table file>`: write the descriptor of a table, with what can be guessed.

The table is read as the build reads it (tables.py), its columns' types and number marks are
guessed (data/infer.py), and `<name>.resource.yaml` is written beside it: titles from the header
in the default language, the other languages and the source, unit, licence and date as "TODO"
placeholders, which `sitegen check` and `sitegen build` report until they are filled in
(descriptors.py), and one suggested chart. It never overwrites a descriptor.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.core.paths import cannot_read, shown, within
from sitegen.data.datasets import DATA_DIR, DESCRIPTOR_SUFFIX, NAME
from sitegen.data.descriptors import PLACEHOLDER
from sitegen.data.infer import Column, Inference, infer
from sitegen.data.tables import TABLE_SUFFIXES, RawTable, quoted, read_table
from sitegen.source.config import Config, load_config
from sitegen.source.content import CONTENT_DIR

HEADER_LOOKS_LIKE_DATA = re.compile(r"[+-]?[0-9][0-9.,]*|[0-9]{4}-[0-9]{2}(-[0-9]{2})?")


@dataclass(frozen=True)
class Described:
    descriptor: str  # site-relative
    table: str
    inference: Inference
    to_fill: tuple[str, ...]  # the keys still to fill in, like "title.en"


def new_dataset(site_dir: Path, table_arg: str) -> Described:
    """Write `<table>.resource.yaml` beside the table; raise SitegenError with one message on bad input."""
    site_dir = site_dir.resolve()
    config = load_config(site_dir)
    table = _table_path(site_dir, table_arg)
    name = shown(table, site_dir)
    descriptor = table.with_name(table.stem + DESCRIPTOR_SUFFIX)
    descriptor_name = shown(descriptor, site_dir)
    if os.path.lexists(descriptor):  # a link too: writing through it could write anywhere
        raise SitegenError([Problem(descriptor_name, None, tr("exists already, and is never overwritten: edit it, "
                                                              "or delete it to have it written again"))])
    try:
        raw = read_table(table, name)
    except OSError as error:  # permission denied, a disk error: the officer's to fix, not a bug
        raise SitegenError([Problem(name, None, cannot_read(error))]) from None
    _check_has_data(raw, name)
    inference = infer(raw, config.default_language)
    text, to_fill = descriptor_text(table, inference, config)
    descriptor.write_text(text, encoding="utf-8")
    return Described(descriptor_name, name, inference, to_fill)


def _table_path(site_dir: Path, argument: str) -> Path:
    """The table the officer named: from the current folder, else from the site's; inside data/ or content/."""
    given = Path(argument)
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, site_dir / given]
    table = next((c for c in candidates if c.exists()), candidates[0])
    if not table.exists():
        raise SitegenError([Problem(argument, None, tr("no such file: name the table from the site's folder, like "
                                                       "data/penempatan-2025.csv"))])
    if not table.is_file() or table.suffix.lower() not in TABLE_SUFFIXES:  # a folder, a pipe, a device
        raise SitegenError([Problem(argument, None, tr("is not a table: name a .csv, .xlsx, .json or .yaml file"))])
    if not (within(site_dir / DATA_DIR, table) or within(site_dir / CONTENT_DIR, table)):
        raise SitegenError([Problem(argument, None, tr("is not in the site's {data_dir}/ or in a release's folder "
                                                       "in {content_dir}/: move it there first", data_dir=DATA_DIR,
                                                       content_dir=CONTENT_DIR))])
    return table


def _check_has_data(raw: RawTable, name: str) -> None:
    if not raw.columns:  # a JSON or YAML table of no rows
        raise SitegenError([Problem(name, None, tr("is empty: it holds no rows of data"))])
    if all(HEADER_LOOKS_LIKE_DATA.fullmatch(column) for column in raw.columns):
        shown_cells = ", ".join(quoted(c) for c in raw.columns[:4])
        raise SitegenError([Problem(name, raw.header_line or 1, tr("has no header row: its first row holds values "
                                                                   "({shown_cells}), not column names; add a first "
                                                                   "row naming the columns, like tahun,jumlah",
                                                                   shown_cells=shown_cells))])
    if not raw.rows:
        raise SitegenError([Problem(name, None, tr("is empty: it has a header row but no rows of data below it"))])


def descriptor_text(table: Path, inference: Inference, config: Config) -> tuple[str, tuple[str, ...]]:
    """The descriptor's YAML, and the keys whose placeholders the officer must replace."""
    default, others = config.default_language, [c for c in config.language_codes if c != config.default_language]
    to_fill: list[str] = []
    title = _humanized(table.stem)
    lines = ["# " + tr("Written by `sitegen new dataset` from {table} ({rows} rows).", table=table.name,
                       rows=inference.rows),
             "# " + tr('Replace every "{placeholder}" value: sitegen check and sitegen build report each until you '
                       "do.", placeholder=PLACEHOLDER)]
    if not NAME.match(table.stem):
        lines.append(f"name: {_slug(table.stem)}")
    lines += ["title:", *_texts(title, default, others, "  ", "title.{code}", to_fill)]
    lines.append("source: " + _todo(tr("who published these figures, like BP3MI DKI Jakarta")))
    to_fill.append("source")
    lines.append("unit:")
    for code in config.language_codes:
        lines.append(f"  {code}: " + _todo(tr("what is counted, like orang / people")))
        to_fill.append(f"unit.{code}")
    lines.append("license: " + _todo(tr("an SPDX id, like CC-BY-4.0")))
    lines.append("updated: " + _todo(tr("the date of these figures, like 2025-08-22")))
    to_fill += ["license", "updated"]
    lines += ["schema:", f"  missingValues: {json.dumps(list(inference.missing_values), ensure_ascii=False)}",
              "  fields:"]
    for column in inference.columns:
        lines += _field_lines(column, default, others, to_fill)
    if inference.chart is not None:
        chart = inference.chart
        lines += ["charts:", f"  {chart.name}:", f"    type: {chart.type}", f"    x: {_q(chart.x)}",
                  f"    y: {_q(chart.y)}"]
    return "\n".join(lines) + "\n", tuple(to_fill)


def _field_lines(column: Column, default: str, others: list[str], to_fill: list[str]) -> list[str]:
    lines = [f"    - name: {_q(column.name)}", f"      type: {column.type}"]
    if column.group_char:
        lines.append(f"      groupChar: {_q(column.group_char)}")
    if column.decimal_char:
        lines.append(f"      decimalChar: {_q(column.decimal_char)}")
    if column.true_values:
        lines += [f"      trueValues: {json.dumps(list(column.true_values))}",
                  f"      falseValues: {json.dumps(list(column.false_values))}"]
    lines.append("      title:")
    return lines + _texts(_humanized(column.name), default, others, "        ",
                          tr("title.{{code}} of field {field}", field=quoted(column.name)), to_fill)


def _todo(what: str) -> str:
    """A value still to fill in: the placeholder `sitegen check` looks for, and what to write."""
    return _q(f"{PLACEHOLDER} {what}")


def _texts(text: str, default: str, others: list[str], indent: str, key: str, to_fill: list[str]) -> list[str]:
    lines = [f"{indent}{default}: {_q(text)}"]
    for code in others:
        lines.append(f"{indent}{code}: " + _todo(tr("translate {text}", text=text)))
        to_fill.append(key.replace("{code}", code))
    return lines


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _humanized(stem: str) -> str:
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else stem


def _slug(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "dataset"
