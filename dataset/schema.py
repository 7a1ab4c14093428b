"""Columns of the dataset files, the one function that writes a dataset directory and the one
that checks it."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from dataset.csvio import read_rows, rows_to_csv_text
from dataset.errors import DatasetError
from dataset.periods import check_periods, frequency_of

INDICATORS_FILE = "indicators.csv"
FIGURES_FILE = "figures.csv"
EXTRACTION_FILE = "extraction.json"

# The pack shows up to TREND_MONTHS months (scorecard, month strips, run charts); a monthly
# run's dataset holds up to HISTORY_MONTHS, so that an XmR chart has the 15 or more figures
# its limits need (report/spc.py).
TREND_MONTHS = 13
HISTORY_MONTHS = 24

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
    "rag_source",  # "text", "fill", "mark" or ""
)

# The coverage audit's warnings in extraction.json's `warnings` (docs/dataset.md): something
# inside a table read into nothing, or rows that look wrong beside their neighbours.
AUDIT_CODES = ("unread-text", "unread-mark", "rag-not-read", "row-without-figures", "figures-shifted",
               "table-not-read", "narrative-may-be-shared")

# A figure that a later scorecard printed differently, as extraction.json's `revisions` lists it.
REVISION_COLUMNS = ("key", "period", "measure", "old_value", "new_value", "old_source", "new_source")

# extraction.json's `ratings`: one per indicator x month, made by `dataset.judge.rate_months`.
RATINGS = "ratings"
RATING_FIELDS = (
    "key",
    "period",
    "measure",  # the headline measure judged (dataset.judge.headline)
    "value",  # its number, "" when the month has none
    "unit",
    "printed",  # the RAG printed: R, A, G or ""
    "expected",  # the RAG the value earns against target: R, A, G or "" (not judged)
    "verdict",  # "agrees", "disagrees", or "" when there is no printed RAG or no expected one
    "rule",  # one of RATING_RULES
    "target",  # the number judged against, "" when none
    "polarity",  # higher, lower or none: the polarity judged by
    "tolerance",  # how far on the wrong side of target still rates Amber, in the target's unit
)
RATING_RULES = (
    "catalogue",  # judged by the catalogue's polarity and Amber tolerance
    "printed-polarity",  # not in the catalogue: judged by the polarity printed, no Amber tolerance
    "inferred",  # not in the catalogue: judged by the polarity and Amber band that every
    # month held agrees on (dataset.infer, at least two rated months, none against)
    "no-target",  # not judged: no target that is a number
    "no-polarity",  # not judged: neither direction is better (or none is known)
    "no-figure",  # not judged: no number this month
    "unit-differs",  # not judged: the figure is in another unit than the target
)
VERDICTS = ("agrees", "disagrees", "")

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


def write_dataset(
    directory: Path, indicators: Sequence[dict], figures: Sequence[dict], extraction: dict,
    beside: Mapping[str, bytes] | None = None,
) -> Path:
    """Write the dataset of `indicators`, `figures` and `extraction` into `directory`, all three
    files or none of them, with the files `beside` it (`doubtful/1-4-5.png`: a name the code
    made, one folder deep); give `directory`. A folder of `beside` replaces an earlier one."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        (staging / INDICATORS_FILE).write_text(
            rows_to_csv_text(indicators, INDICATOR_COLUMNS), encoding="utf-8")
        (staging / FIGURES_FILE).write_text(
            rows_to_csv_text(figures, FIGURE_COLUMNS), encoding="utf-8")
        (staging / EXTRACTION_FILE).write_text(
            json.dumps(extraction, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        folders = sorted({Path(name).parts[0] for name in beside or {}})
        for name, data in (beside or {}).items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        if directory.exists():
            for name in (INDICATORS_FILE, FIGURES_FILE, EXTRACTION_FILE):
                os.replace(staging / name, directory / name)
            for folder in folders:
                shutil.rmtree(directory / folder, ignore_errors=True)
                os.replace(staging / folder, directory / folder)
        else:
            os.replace(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory


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
    _check_ratings(extraction.get(RATINGS), keys, f"{directory / EXTRACTION_FILE} {RATINGS}")
    frequency = frequency_of(extraction)
    check_periods([row["period"] for row in figures], frequency, str(directory / FIGURES_FILE))
    return indicators, figures, extraction


def _check_ratings(ratings: object, keys: set[str], where: str) -> None:
    if ratings is None:
        return
    if not isinstance(ratings, list):
        raise DatasetError(f"{where} must be a list")
    for number, item in enumerate(ratings):
        here = f"{where}[{number}]"
        if not isinstance(item, dict) or any(name not in item for name in RATING_FIELDS):
            raise DatasetError(f"{here} must hold {', '.join(RATING_FIELDS)}")
        if item["key"] not in keys:
            raise DatasetError(f"{here}: key {item['key']!r} is not in {INDICATORS_FILE}")
        for name, allowed in (("printed", RAGS), ("expected", RAGS), ("verdict", VERDICTS),
                              ("rule", RATING_RULES)):
            if item[name] not in allowed:
                raise DatasetError(f"{here}: {name} {item[name]!r} is not one of {allowed}")
        for name in ("value", "target", "tolerance"):
            _check_number(str(item[name]), f"{here} {name}")
        judged = item["printed"] and item["expected"]
        verdict = ("agrees" if item["printed"] == item["expected"] else "disagrees") if judged else ""
        if item["verdict"] != verdict:
            raise DatasetError(f"{here}: verdict {item['verdict']!r} does not follow from "
                               f"printed {item['printed']!r} and expected {item['expected']!r}")
