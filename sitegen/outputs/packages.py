"""A dataset's downloads: CSV, JSON and a Frictionless data package describing the CSV.

The published CSV is canonical (full stops for decimals, no thousands separators, ISO dates),
whatever the source spreadsheet wrote, so any program reads it; its descriptor says so.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from sitegen.data.datasets import Dataset
from sitegen.markdown.figures import dataset_files
from sitegen.source.config import Config

if TYPE_CHECKING:  # a site without datasets never loads their models (start-up)
    from sitegen.data.descriptors import FieldSpec

Absolute = Callable[[str], str]


def downloads(dataset: Dataset, config: Config, absolute: Absolute) -> dict[str, bytes]:
    """Site path -> bytes of the dataset's CSV, JSON and datapackage.json."""
    files = dataset_files(dataset.name)
    return {
        files["csv"]: to_csv(dataset),
        files["json"]: to_json(dataset),
        files["datapackage"]: _dump(datapackage(dataset, config, absolute)),
    }


def to_csv(dataset: Dataset) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(f.name for f in dataset.fields)
    for row in dataset.rows:
        writer.writerow("" if (v := _plain(row.get(f.name), f)) is None else v for f in dataset.fields)
    return out.getvalue().encode()


def to_json(dataset: Dataset) -> bytes:
    return _dump([{f.name: _plain(row.get(f.name), f) for f in dataset.fields} for row in dataset.rows])


def _plain(value: Any, spec: FieldSpec) -> Any:
    if isinstance(value, date):
        return value.isoformat()[:7] if spec.type == "yearmonth" else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def datapackage(dataset: Dataset, config: Config, absolute: Absolute) -> dict[str, Any]:
    """A Frictionless Data Package (v1) for the published CSV, in the site's default language."""
    meta, lang = dataset.meta, config.default_language
    licence: dict[str, Any] = {"name": meta.license}
    if url := dataset.license_link:
        licence["path"] = url
    source: dict[str, Any] = {"title": dataset.text(meta.source, lang)}
    if meta.source_url:
        source["path"] = meta.source_url
    package: dict[str, Any] = {
        "name": dataset.name,
        "title": dataset.text(meta.title, lang),
        "homepage": absolute(config.dataset_path(lang, dataset.name)),
        "licenses": [licence],
        "sources": [source],
        "resources": [{
            "name": dataset.name,
            "path": f"{dataset.name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [_field(f, dataset, lang) for f in dataset.fields], "missingValues": [""]},
        }],
    }
    if meta.description:
        package["description"] = dataset.text(meta.description, lang)
    return package


def _field(spec: FieldSpec, dataset: Dataset, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": spec.name, "type": spec.type}
    if spec.title:
        out["title"] = dataset.text(spec.title, lang)
    if spec.description:
        out["description"] = dataset.text(spec.description, lang)
    constraints = spec.constraints.model_dump(by_alias=True, exclude_defaults=True)
    if constraints:
        out["constraints"] = constraints
    return out


def _dump(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
