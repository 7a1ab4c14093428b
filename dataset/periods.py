"""A dataset's periods: months `YYYY-MM`, or quarters each keyed by its last month."""

from __future__ import annotations

import re

from dataset.errors import DatasetError

FREQUENCIES = ("monthly", "quarterly")
# A UK financial year's quarters, by their last month: Q1 is April to June, Q4 January to March.
QUARTER_OF_END = {6: 1, 9: 2, 12: 3, 3: 4}
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def quarter_label(period: str) -> str:
    """Give the financial quarter that ends in `period` (`2024-12`) as `Q3 2024/25`.

    >>> quarter_label("2025-03")
    'Q4 2024/25'
    """
    match = _PERIOD.match(period)
    if not match or int(match[2]) not in QUARTER_OF_END:
        raise DatasetError(f"period {period!r} does not end a quarter (March, June, September, December)")
    year, month = int(match[1]), int(match[2])
    start = year - 1 if month == 3 else year
    return f"Q{QUARTER_OF_END[month]} {start}/{(start + 1) % 100:02d}"


def period_name(period: str, frequency: str) -> str:
    """Give `period` as a run's summary names it: `YYYY-MM` for a month, `Q3 2024/25` for a
    quarter (its key alone would read as the quarter's last month)."""
    return quarter_label(period) if frequency == "quarterly" else period


def step_of(frequency: str) -> int:
    """Give how many months one period of `frequency` spans: 1, or 3 for a quarter."""
    return 3 if frequency == "quarterly" else 1


def frequency_of(extraction: dict) -> str:
    """Give extraction.json's `frequency` (`monthly` when it has none: written before quarters
    were read), or raise DatasetError for any other value."""
    frequency = extraction.get("frequency", "monthly")
    if frequency not in FREQUENCIES:
        raise DatasetError(f"frequency {frequency!r} is not one of {FREQUENCIES}")
    return frequency


def check_periods(periods: list[str], frequency: str, where: str) -> None:
    """Raise DatasetError when a `quarterly` dataset holds a period that ends no quarter."""
    if frequency != "quarterly":
        return
    for period in periods:
        if _PERIOD.match(period) and int(period[5:]) not in QUARTER_OF_END:
            raise DatasetError(f"{where}: period {period!r} of a quarterly dataset does not end a quarter")
