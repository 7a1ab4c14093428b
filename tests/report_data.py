"""Datasets for the report tests, written the way `extract` writes them (docs/dataset.md).

The reference scorecard (`fixtures/reference/april-2022.json`) is turned into
a dataset directory so that `report` can be built and tested before the
extractor exists; fixture datasets (`fixtures/<stem>.expected/`) get the
`extraction.json` they do not carry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from dataset import RATINGS, write_dataset
from dataset.catalogue import load_catalogue, slug
from dataset.csvio import format_number
from dataset.judge import rate_dataset

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "reference" / "april-2022.json"
CATALOGUE = Path(__file__).resolve().parent.parent / "assets" / "kpis.toml"
NOT_A_NUMBER = ("N/A", "n/a", "TBC", "-", "")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?%?$")


def measures(text: str) -> list[tuple[str, str, str]]:
    """Give (measure, value, unit) for each measure of a figure printed as `text`."""
    parts = text.split()
    if text.replace(" ", "") in NOT_A_NUMBER or not all(_PLAIN.match(p) for p in parts):
        return [("value", "", "")]
    if len(parts) == 1:
        return [("value", *_number(parts[0]))]
    second = "percent" if parts[1].endswith("%") else "rate"
    count, _ = _number(parts[0])
    value, unit = _number(parts[1])
    return [("count", count, "count"), (second, value, unit if second == "percent" else "per 10k")]


def _number(text: str) -> tuple[str, str]:
    if text.endswith("%"):
        return format_number(float(text[:-1])), "%"
    number = float(text)
    return format_number(number), "count" if number.is_integer() and "." not in text else ""


def _benchmark(text: str) -> str:
    stripped = text.rstrip("%")
    return format_number(float(stripped)) if _PLAIN.match(text) else ""


def reference_rows(reference: dict) -> tuple[list[dict], list[dict]]:
    """Give the indicator and figure rows of the `reference` scorecard."""
    indicators, figures, keys = [], [], set()
    for number, item in enumerate(reference["indicators"], start=1):
        key = slug(item["name"])
        suffix = 2
        while key in keys:
            key, suffix = f"{slug(item['name'])}-{suffix}", suffix + 1
        keys.add(key)
        per_month = [measures(text) for text in item["figures"]]
        first = next((m for m in per_month if m[0][1] != ""), per_month[0])
        indicators.append(
            {
                "key": key,
                "ref": item["ref"],
                "name": item["name"],
                "section": "",
                **{
                    field: _benchmark(item[field]) for field in ("target", "national", "comparator")
                },
                **{f"{field}_text": item[field] for field in ("target", "national", "comparator")},
                "unit": first[0][2],
                "polarity": "",
                "narrative": item["narrative"],
                "pages": str(1 + number // 12),
            }
        )
        for period, text, rag, found in zip(
            reference["periods"], item["figures"], item["rag"], per_month, strict=True
        ):
            for measure, value, unit in found:
                figures.append(
                    {
                        "key": key,
                        "period": period,
                        "measure": measure,
                        "value": value,
                        "unit": unit,
                        "figure_text": text,
                        "rag": rag,
                        "rag_text": {"R": "Red", "A": "Amber", "G": "Green"}.get(rag, ""),
                        "rag_source": "text" if rag else "",
                    }
                )
    return indicators, figures


def extraction_for(
    periods: list[str],
    file: str = "april-2022.pdf",
    read_at: str = "2022-05-09T09:30:00+01:00",
    **extra,
) -> dict:
    """Give a minimal extraction.json object for a dataset covering `periods`."""
    return {
        "source": {"file": file, "sha256": "0" * 64, "pages": 3, "read_at": read_at},
        "period": max(periods),
        "periods": sorted(periods),
        "tables": [],
        "warnings": [],
        "checks": [],
        "cells": [],
        **extra,
    }


def write_judged(
    directory: Path, indicators: list[dict], figures: list[dict], extraction: dict
) -> Path:
    """Write a dataset of `indicators`, `figures` and `extraction` into `directory` as extract
    does: with the ratings the bundled catalogue judges, unless `extraction` has its own."""
    ratings = rate_dataset(indicators, figures, load_catalogue(CATALOGUE))
    return write_dataset(directory, indicators, figures, {RATINGS: ratings, **extraction})


def reference_dataset(directory: Path, **extraction_extra) -> Path:
    """Write the reference scorecard as a dataset into `directory`."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    indicators, figures = reference_rows(reference)
    extraction = extraction_for(reference["periods"], **extraction_extra)
    return write_judged(directory, indicators, figures, extraction)
