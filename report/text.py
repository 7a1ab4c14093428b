"""Words and numbers as the pack prints them: months, dates, safe paragraph text."""

from __future__ import annotations

import calendar
from datetime import date
from xml.sax.saxutils import escape

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


def long_date(day: date) -> str:
    """Give `day` as `1 May 2022`."""
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def safe(text: str) -> str:
    """Give dataset `text` as paragraph markup that prints it literally: tags and entities inert."""
    return escape(text)


def or_dash(text: str) -> str:
    """Give `text`, or an en dash when it is empty."""
    return text if text.strip() else "–"
