"""Words and numbers as the pack prints them: months and quarters, dates, safe paragraph text."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from dataset.periods import quarter_label

MONTH_NAMES = tuple(calendar.month_name)
MONTH_ABBRS = tuple(calendar.month_abbr)


def month_label(period: str) -> str:
    """Give `period` (`2022-04`) as `April 2022`."""
    year, month = period.split("-")
    return f"{MONTH_NAMES[int(month)]} {year}"


def month_short(period: str) -> str:
    """Give `period` (`2022-04`) as `Apr 2022`."""
    year, month = period.split("-")
    return f"{MONTH_ABBRS[int(month)]} {year}"


def month_abbr(period: str) -> str:
    """Give the month of `period` (`2022-04`) as `Apr`."""
    return MONTH_ABBRS[int(period.split("-")[1])]


@dataclass(frozen=True)
class Periods:
    """How the pack names the periods of a dataset of `frequency` (`monthly`, `quarterly`):
    a quarter is always named as a quarter (`Q3 2024/25`), never by its last month."""

    frequency: str = "monthly"

    @property
    def quarterly(self) -> bool:
        """Say whether the periods are quarters."""
        return self.frequency == "quarterly"

    @property
    def noun(self) -> str:
        """Give `month` or `quarter`."""
        return "quarter" if self.quarterly else "month"

    @property
    def nouns(self) -> str:
        """Give `months` or `quarters`."""
        return self.noun + "s"

    @property
    def step(self) -> int:
        """Give how many months one period spans: 1, or 3 for a quarter."""
        return 3 if self.quarterly else 1

    def long(self, period: str) -> str:
        """Give `period` as `April 2022`, or `Q3 2024/25` for a quarter."""
        return quarter_label(period) if self.quarterly else month_label(period)

    def short(self, period: str) -> str:
        """Give `period` as `Apr 2022`, or `Q3 2024/25` for a quarter."""
        return quarter_label(period) if self.quarterly else month_short(period)

    def head(self, period: str) -> tuple[str, str]:
        """Give `period` as a column heading on two lines: (`Apr`, `2022`) or (`Q3`, `24/25`),
        a quarter's year short to fit a month's column."""
        if self.quarterly:
            number, year = quarter_label(period).split(" ")
            return number, year[2:]
        return month_abbr(period), period[:4]


MONTHLY = Periods()


def long_date(day: date) -> str:
    """Give `day` as `1 May 2022`."""
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def safe(text: str) -> str:
    """Give dataset `text` as paragraph markup that prints it literally: tags and entities inert."""
    return escape(text)


def or_dash(text: str) -> str:
    """Give `text`, or an en dash when it is empty."""
    return text if text.strip() else "–"
