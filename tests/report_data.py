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


def reference_dataset(
    directory: Path, printed: dict[str, str] | None = None, **extraction_extra
) -> Path:
    """Write the reference scorecard as a dataset into `directory`, the reporting month's RAG
    of each indicator named in `printed` printed as given there (a wrong one, to be checked)."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for item in reference["indicators"]:
        if item["name"] in (printed or {}):
            item["rag"][-1] = printed[item["name"]]
    indicators, figures = reference_rows(reference)
    extraction = extraction_for(reference["periods"], **extraction_extra)
    return write_judged(directory, indicators, figures, extraction)


# A long history, loaded month by month through the history store as `make report` loads it ---

# Indicators whose series `history_dataset` shapes so that their variation is known, by name:
# re-referrals (lower is better) fall below their mean for the last 8 months (a shift:
# special cause, improving); assessments in 45 days (higher is better) never come near their
# 90% target (consistently failing); CIN visits drop far below their limits in the latest
# month (special cause, concerning).
SHIFTED = "Re-referrals to Children's Services"
FAILING = "Proportion of Assessments completed within 45 working days"
DROPPED = "Child In Need Visits up to date"


def _series(index: int, name: str, first: float, months: int) -> list[float]:
    """Give `months` values of the indicator `name` (the `index`th), wobbling around `first`
    without a pattern unless it is one of the shaped ones."""
    wobble = [0, 2, -1, 1, -2, 1, 0, -1, 2, -2, 1, -1]
    values = [first + wobble[(n + index) % len(wobble)] * max(abs(first) * 0.02, 0.1)
              for n in range(months)]
    if name == SHIFTED:
        values = [v + (-3 if n >= months - 8 else 1.5) for n, v in enumerate(values)]
    if name == FAILING:
        values = [70 + wobble[n % len(wobble)] for n in range(months)]
    if name == DROPPED:
        values[-1] = first - 30
    return values


def _printed(text: str, value: float) -> str:
    """Give `value` printed as the reference prints `text` (`15%`, `1033 39.0`, `4011`)."""
    parts = text.split()
    if text.replace(" ", "") in NOT_A_NUMBER or not all(_PLAIN.match(p) for p in parts):
        return text
    if len(parts) == 2:
        return f"{round(value * 26.5)} {value:.1f}" if not parts[1].endswith("%") else (
            f"{round(value * 40)} {round(value)}%")
    if parts[0].endswith("%"):
        return f"{value:.1f}%" if "." in parts[0] else f"{round(value)}%"
    return f"{value:.1f}" if "." in parts[0] else f"{round(value)}"


def history_reference(months: int, end: str = "2022-04") -> dict:
    """Give the reference scorecard stretched over `months` months ending `end`, every
    indicator's figures drawn by `_series` from its first printed figure."""
    from dataset.history import shift_period

    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    reference["periods"] = [shift_period(end, n) for n in range(1 - months, 1)]
    for index, item in enumerate(reference["indicators"]):
        text = item["figures"][0]
        parts = text.split()
        try:
            first = float(parts[-1].rstrip("%"))
        except (ValueError, IndexError):
            first = None
        if first is None:
            item["figures"] = [text] * months
        else:
            item["figures"] = [
                _printed(text, v) for v in _series(index, item["name"], first, months)
            ]
        item["rag"] = [item["rag"][n % 3] for n in range(months)]
    return reference


def history_dataset(directory: Path, history_file: Path, months: int = 18) -> Path:
    """Load `months` monthly scorecards (each printing its month and the two before) into the
    history store at `history_file` through `dataset.history`, then write the pack's dataset
    for the latest as `make report` does (`monthly.outputs.history_to_pack_data`)."""
    from dataset.history import History
    from monthly.outputs import history_to_pack_data
    from monthly.stages import catalogue_series_key

    reference = history_reference(months + 2)
    indicators, figures = reference_rows(reference)
    catalogue = load_catalogue(CATALOGUE)
    with History(history_file) as history:
        for end in reference["periods"][2:]:
            shown = [p for p in reference["periods"] if p <= end][-3:]
            extraction = extraction_for(shown, file=f"scorecard-{end}.pdf")
            rows = [f for f in figures if f["period"] in shown]
            extraction[RATINGS] = rate_dataset(indicators, rows, catalogue)
            source = history.load(
                file_name=f"scorecard-{end}.pdf",
                sha256=f"{end:0>64}",
                meta=extraction,
                indicators=indicators,
                figures=rows,
                series_key=catalogue_series_key(CATALOGUE),
                loaded_at="2022-05-09T09:30:00+01:00",
            ).source
        data = history_to_pack_data(history, source, catalogue=catalogue)
    return write_dataset(directory, data.indicators, data.figures, data.meta)
