"""Columns of the dataset files and the one function that checks a dataset directory."""

from __future__ import annotations

import json
import re
from pathlib import Path

from dataset.csvio import read_rows
from dataset.errors import DatasetError

INDICATORS_FILE = "indicators.csv"
FIGURES_FILE = "figures.csv"
EXTRACTION_FILE = "extraction.json"

# One row per indicator, in source order.
INDICATOR_COLUMNS = (
    "key",  # unique within a dataset, stable across months: a slug of the name
    "ref",  # as printed; may be empty and may repeat
    "name",  # whitespace-normalised, wrapped lines joined
    "section",  # the spanning section row the indicator sat under, as printed ("" if none)
    "target",  # number, or "" when the printed target is not a number
    "target_text",  # as printed
    "national",
    "national_text",
    "comparator",
    "comparator_text",
    "unit",  # unit of the primary measure: "%", "count", "per 10k" or ""
    "polarity",  # as printed in a Polarity column, else ""
    "narrative",  # whole, joined across wrapped lines and pages
    "pages",  # 1-based page numbers the row was read from, joined with ";"
)

# One row per indicator x month x measure.
FIGURE_COLUMNS = (
    "key",
    "period",  # YYYY-MM
    "measure",  # one of MEASURES
    "value",  # number, or "" when the figure is not a number (N/A, TBC, blank)
    "unit",  # "%" (percentage points), "count", "per 10k" or ""
    "figure_text",  # the whole cell as printed, whitespace-normalised
    "rag",  # R, A, G or ""
    "rag_text",  # the RAG cell as printed ("" when the RAG came from fill colour only)
    "rag_source",  # "text", "fill" or ""
)

# A figure that a later scorecard printed differently, as extraction.json's `revisions` lists it.
REVISION_COLUMNS = ("key", "period", "measure", "old_value", "new_value", "old_source", "new_source")

# A plain figure is "value"; a composite "533 13%" is a "count" and a "percent";
# "844 31.8" is a "count" and a "rate" (per 10k children).
MEASURES = ("value", "count", "percent", "rate")
RAGS = ("R", "A", "G", "")

_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _check_number(text: str, where: str) -> None:
    if text == "":
        return
    try:
        float(text)
    except ValueError:
        raise DatasetError(f"{where}: {text!r} is not a number") from None


def validate_dataset(directory: Path) -> tuple[list[dict], list[dict], dict]:
    """Read and check the dataset in `directory`, giving (indicators, figures, extraction)."""
    directory = Path(directory)
    for name in (INDICATORS_FILE, FIGURES_FILE, EXTRACTION_FILE):
        if not (directory / name).is_file():
            raise DatasetError(f"{directory / name} is missing: run extract first")
    indicators = read_rows(directory / INDICATORS_FILE, INDICATOR_COLUMNS)
    figures = read_rows(directory / FIGURES_FILE, FIGURE_COLUMNS)
    try:
        extraction = json.loads((directory / EXTRACTION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{directory / EXTRACTION_FILE} is not valid JSON: {exc}") from None
    if not isinstance(extraction, dict):
        raise DatasetError(f"{directory / EXTRACTION_FILE} must hold a JSON object")

    keys: set[str] = set()
    for number, row in enumerate(indicators, start=2):
        where = f"{INDICATORS_FILE} line {number}"
        if not row["key"]:
            raise DatasetError(f"{where}: empty key")
        if row["key"] in keys:
            raise DatasetError(f"{where}: key {row['key']!r} repeats")
        keys.add(row["key"])
        for column in ("target", "national", "comparator"):
            _check_number(row[column], f"{where} {column}")
    if not indicators:
        raise DatasetError(f"{directory / INDICATORS_FILE} has no indicators")

    seen: set[tuple[str, str, str]] = set()
    for number, row in enumerate(figures, start=2):
        where = f"{FIGURES_FILE} line {number}"
        if row["key"] not in keys:
            raise DatasetError(f"{where}: key {row['key']!r} is not in {INDICATORS_FILE}")
        if not _PERIOD.match(row["period"]):
            raise DatasetError(f"{where}: period {row['period']!r} is not YYYY-MM")
        if row["measure"] not in MEASURES:
            raise DatasetError(f"{where}: measure {row['measure']!r} is not one of {MEASURES}")
        if row["rag"] not in RAGS:
            raise DatasetError(f"{where}: rag {row['rag']!r} is not R, A, G or empty")
        _check_number(row["value"], f"{where} value")
        ident = (row["key"], row["period"], row["measure"])
        if ident in seen:
            raise DatasetError(f"{where}: {ident} repeats")
        seen.add(ident)
    return indicators, figures, extraction
