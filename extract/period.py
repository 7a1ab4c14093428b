"""Months, quarters and years: from headers like `Feb`, `Jul 22`, `April 2022`, `Q3 2024/25`,
`Oct–Dec 2024`, file names and dates."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from dataset.periods import QUARTER_OF_END, quarter_label  # noqa: F401  (re-exported)
from extract.errors import BadPeriod

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
# "April 2022", "Apr-22", "Jul 22", "Sept 2021"; the year must not run on into more digits.
_MONTH_YEAR = re.compile(rf"\b({_MONTH_ALT})[\s.\-/']*((?:19|20)\d{{2}}|\d{{2}})(?!\d)", re.IGNORECASE)
_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(0[1-9]|1[0-2])(?!\d)")
# Month headers written as numbers: "2022-04", "2022/04", "04/2022", "04-2022".
_HEADER_ISO = re.compile(r"(?<![\d/])(?P<year>(?:19|20)\d{2})[-/.](?P<month>0?[1-9]|1[0-2])(?![\d/])")
_HEADER_MONTH_FIRST = re.compile(r"(?<![\d/])(?P<month>0?[1-9]|1[0-2])[-/.](?P<year>(?:19|20)\d{2})(?![\d/])")
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_period(text: str) -> tuple[int, int]:
    """Give (year, month) of a `YYYY-MM` period, or raise BadPeriod."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise BadPeriod(repr(text))
    return int(match[1]), int(match[2])


def period_text(year: int, month: int) -> str:
    """Give `YYYY-MM`."""
    return f"{year:04d}-{month:02d}"


def shift(year: int, month: int, months: int) -> tuple[int, int]:
    """Give the month `months` after (year, month); negative goes back."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def month_years(text: str) -> list[tuple[int, int]]:
    """Give every (year, month) written as a month and a year in `text`, in order."""
    return [(_year(m[2]), MONTHS[m[1].lower()]) for m in _MONTH_YEAR.finditer(text)]


# A quarter: a UK financial year's ("Q3 2024/25", "Q3 24/25", "2024/25 Q3", "Q3 2024-25"),
# three months ("Oct–Dec 2024", "Oct-Dec 24", "October to December 2024"), or a quarter of
# one year ("Q4 2024"), which does not say whether the year is a calendar or financial one.
_DASH = r"\s*(?:[-\u2010-\u2015\u2212/]|\bto\b)\s*"
_FY = r"(?:fy\s*)?((?:19|20)?\d{2})\s*[/-]\s*((?:19|20)?\d{2})"
_Q_FY = re.compile(rf"(?<![a-z0-9])q(?:tr|uarter)?\s*([1-4])[\s,:]*{_FY}(?![\d/-])")
_FY_Q = re.compile(rf"(?<![\d/-]){_FY}[\s,:]*q(?:tr|uarter)?\s*([1-4])(?![0-9])")
_Q_YEAR = re.compile(r"(?<![a-z0-9])q(?:tr|uarter)?\s*([1-4])[\s,:]*((?:19|20)\d{2})(?![\d/-])")
_RANGE = re.compile(rf"\b({_MONTH_ALT})\.?{_DASH}({_MONTH_ALT})\b\.?[\s,.\-/']*((?:19|20)\d{{2}}|\d{{2}})?(?![\d/])")
_OPEN_SPAN = re.compile(rf"\b({_MONTH_ALT})\.?\s+to\s+((?:19|20)\d{{2}})\b")
# The same, for a heading wrapped inside its words in a narrow cell ("July to Septem ber
# 2021", "Q3 2024/2 5"): read with every character but letters and digits dropped.
_Q_FY_JOINED = re.compile(r"(?<![a-z0-9])q([1-4])((?:19|20)\d{2}|\d{2})(\d{2})(?!\d)")
_FY_Q_JOINED = re.compile(r"(?<!\d)((?:19|20)\d{2}|\d{2})(\d{2})q([1-4])(?!\d)")
_RANGE_JOINED = re.compile(rf"({_MONTH_ALT})(?:to)?({_MONTH_ALT})((?:19|20)\d{{2}}|\d{{2}})?(?!\d)")
# A quarter's last month: a financial year's Q1 ends in June, Q4 in March of the next year.
FINANCIAL_QUARTER_END = {quarter: month for month, quarter in QUARTER_OF_END.items()}


@dataclass(frozen=True)
class Quarter:
    """A quarter a heading names, as its last month: Q3 2024/25 is Oct–Dec 2024, (12, 2024).
    `ambiguous` says why the heading cannot be read as one quarter, else it is ""."""

    month: int
    year: int | None
    ambiguous: str = ""


def _full_year(first: str, second: str) -> int | None:
    """Give the first year of the financial year `first`/`second` (`2024`/`25`), or None when
    the two are not consecutive years."""
    start = _year(first)
    end = int(second) % 100
    return start if (start + 1) % 100 == end else None


def _strip_words(joined: str) -> str:
    """Give a joined heading without the words around a period (`actual`, `rag`)."""
    joined = re.sub(r"^(figures?|actual|values?|data)?(for)?", "", joined)
    return re.sub(r"(actual|rag|rating|status|figures?)+$", "", joined)


def header_quarter(text: str) -> Quarter | None:
    """Give the quarter a column header names (`Q3 2024/25`, `2024/25 Q3`, `Oct-Dec 24`),
    or None when it names none.

    >>> header_quarter("Q3 2024/25")
    Quarter(month=12, year=2024, ambiguous='')
    """
    lowered = text.lower().replace("\u00a0", " ")
    joined = re.sub(r"[^a-z0-9]", "", lowered)
    fy = None
    # Read joined up only what does not read as written: "Q4 2024" is not "Q4 20/24".
    calendar = _Q_YEAR.search(lowered) is not None
    if match := _Q_FY.search(lowered) or (not calendar and _Q_FY_JOINED.search(joined)):
        quarter, start = int(match[1]), _full_year(match[2], match[3])
        fy = (quarter, start)
    elif match := _FY_Q.search(lowered) or (not calendar and _FY_Q_JOINED.search(joined)):
        quarter, start = int(match[3]), _full_year(match[1], match[2])
        fy = (quarter, start)
    found = None
    if fy is not None:
        quarter, start = fy
        if start is None:
            return Quarter(FINANCIAL_QUARTER_END[quarter], None, f"{text!r} names no financial year")
        end = FINANCIAL_QUARTER_END[quarter]
        found = Quarter(end, start + 1 if end == 3 else start)
    if match := _RANGE.search(lowered) or _RANGE_JOINED.fullmatch(_strip_words(joined)):
        first, last = MONTHS[match[1]], MONTHS[match[2]]
        if (last - first) % 12 != 2:
            return found  # not three months ("Apr-Sep" year to date): no quarter
        if first not in (1, 4, 7, 10):
            return Quarter(last, None, f"{text!r} is three months but not a quarter (Jan-Mar, "
                                       "Apr-Jun, Jul-Sep, Oct-Dec)")
        ranged = Quarter(last, _year(match[3]) if match[3] else None)
        if found is not None and (found.month, found.year) != (ranged.month, ranged.year or found.year):
            return Quarter(last, None, f"{text!r} names two different quarters")
        return found or ranged
    if found is not None:
        return found
    if match := _OPEN_SPAN.search(lowered):
        # "April to 2022": a span's end lost (a heading wrapped apart); not April 2022.
        return Quarter(MONTHS[match[1]], None, f"{text!r} names where a span of months starts "
                                               "but not where it ends")
    if match := _Q_YEAR.search(lowered):
        # Councils number quarters from April; "Q4 2024" may be Oct-Dec 2024 or Jan-Mar of
        # 2024 or 2025. Refused by name rather than guessed.
        number, year = int(match[1]), int(match[2])
        months = f"{_ABBR[3 * number - 3]}-{_ABBR[3 * number - 1]} {year}"
        return Quarter(3 * number, year,
                       f"{text!r} does not say whether Q{number} is of a calendar or a financial "
                       f"year: print it as Q{number} {year}/{(year + 1) % 100:02d} for a financial "
                       f"year's, or by its months ({months}) for the calendar's")
    return None


def is_quarter_word(text: str) -> bool:
    """Say whether `text` is a quarter's number alone (`Q3`), as one word of a heading."""
    return re.fullmatch(r"q(?:tr)?[1-4]", text.strip().lower()) is not None


def header_month(text: str) -> tuple[int, int | None] | None:
    """Give (month, year or None) a column header names (`Figure for: Feb`, `Fe b RA G`,
    `Jul 22`), the last month of a quarter it names (`Q3 2024/25` is (12, 2024)), or None
    when it names neither."""
    lowered = text.lower()
    if (quarter := header_quarter(text)) is not None:
        return quarter.month, quarter.year
    found = month_years(text)
    if found:
        year, month = found[0]
        return month, year
    # "2011-12" is more often a financial year than December 2011.
    if (match := _HEADER_ISO.search(lowered)) and int(match["month"]) != (int(match["year"]) + 1) % 100:
        return int(match["month"]), int(match["year"])
    if match := _HEADER_MONTH_FIRST.search(lowered):
        return int(match["month"]), int(match["year"])
    # Narrow cells wrap words inside themselves: "Fe b RA G" is "Feb RAG", and
    # "Sep te mb er 202 2 RA G" is September 2022, not a September of no year.
    joined = re.sub(r"[^a-z0-9]", "", lowered)
    joined = re.sub(r"^(figure|figures|actual|value|data)?(for)?", "", joined)
    match = re.match(rf"^({_MONTH_ALT})((?:19|20)?\d{{2}})?(rag|rating|status)?$", joined)
    if match:
        return MONTHS[match[1]], _year(match[2]) if match[2] else None
    words = re.findall(r"[a-z]+", lowered)
    for word in words:
        if word in MONTHS:
            return MONTHS[word], None
    return None


def file_name_month(name: str) -> tuple[int, int] | None:
    """Give the (year, month) a file name carries (`scorecard-2022-04.pdf`, `April 2022.pdf`)."""
    stem = re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE)
    found = month_years(stem.replace("_", " "))
    if found:
        return found[-1]
    match = _ISO.search(stem)
    if match:
        return int(match[1]), int(match[2])
    return None


_FINANCIAL_YEAR = re.compile(r"(?<![\d/-])((?:19|20)\d{2})\s*[/-]\s*(\d{2})(?![\d/-])")


def financial_year(text: str) -> int | None:
    """Give the first year of the last UK financial year written in `text` (`2022/23`,
    `2022-23`), or None."""
    found = [int(m[1]) for m in _FINANCIAL_YEAR.finditer(text) if int(m[2]) == (int(m[1]) + 1) % 100]
    return found[-1] if found else None


def pdf_date(value: object) -> tuple[int, int] | None:
    """Give (year, month) of a PDF date string (`D:20220503...`), or None."""
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    if not isinstance(value, str):
        return None
    match = re.match(r"^(?:D:)?((?:19|20)\d{2})(0[1-9]|1[0-2])", value.strip())
    if not match:
        return None
    return int(match[1]), int(match[2])


def latest_year(latest_month: int, anchors: list[tuple[int, int]], not_after: bool) -> int | None:
    """Give the year of `latest_month` from dated `anchors`: an anchor in the same month
    wins; else the nearest month not after an anchor (`not_after`) or around it."""
    for year, month in anchors:
        if month == latest_month:
            return year
    if not anchors:
        return None
    year, month = anchors[0]
    if not_after:
        return year if latest_month <= month else year - 1
    # A report dated a month or two after its latest figures.
    return year if 0 <= month - latest_month <= 3 else (year - 1 if latest_month > month else year)



@dataclass(frozen=True)
class PeriodClues:
    """What may tell the year: the --period flag, the document's words, its file name,
    its creation date."""

    flag: tuple[int, int] | None = None
    text: tuple[tuple[int, int], ...] = ()
    financial_year: int | None = None  # "2022/23" in the document: April 2022 to March 2023
    file_name: tuple[int, int] | None = None
    created: tuple[int, int] | None = None


def chronological(months: list[int]) -> list[int]:
    """Give the distinct `months` (as printed, either direction) oldest first."""
    distinct = list(dict.fromkeys(months))
    if len(distinct) < 2:
        return distinct
    steps = [(b - a) % 12 for a, b in itertools.pairwise(distinct)]
    if all(1 <= s <= 6 for s in steps):
        return distinct
    if all(6 <= s <= 11 for s in steps):
        return distinct[::-1]
    return distinct


def resolve_periods(slots: list[tuple[int, int | None]], clues: PeriodClues) -> tuple[dict, str, list[str]]:
    """Give (slot → YYYY-MM, which clue gave the year, notes) for the month `slots`
    (month, year-or-None) of a table, or raise NoPeriod."""
    from extract.errors import NoPeriod

    notes: list[str] = []
    order = chronological([month for month, _ in slots])
    latest = order[-1]
    dated = [(year, month) for month, year in slots if year is not None]
    year, source = None, ""
    if clues.flag is not None:
        if clues.flag[1] != latest:
            notes.append(f"--period {period_text(*clues.flag)} but the latest month printed is "
                         f"{latest:02d}; years taken from the flag")
        year, source = latest_year(latest, [clues.flag], not_after=True), "--period"
    elif dated:
        year = next((y for y, m in dated if m == latest), None)
        if year is None:
            y, m = dated[0]
            steps = (order.index(latest) - order.index(m)) if m in order else 0
            year = shift(y, m, steps)[0]
        source = "header"
    elif clues.text and (found := latest_year(latest, list(clues.text), not_after=False)):
        year, source = found, "document text"
    elif clues.financial_year is not None:
        year = clues.financial_year if latest >= 4 else clues.financial_year + 1
        source = "financial year"
    elif clues.file_name:
        year, source = latest_year(latest, [clues.file_name], not_after=False), "file name"
    elif clues.created:
        year, source = latest_year(latest, [clues.created], not_after=True), "creation date"
    if year is None:
        raise NoPeriod()
    years: dict[int, int] = {}
    y, m = year, latest
    for month in reversed(order):
        while m != month:
            y, m = shift(y, m, -1)
        years[month] = y
    mapping = {}
    for month, printed_year in slots:
        mapping[(month, printed_year)] = period_text(printed_year or years[month], month)
    return mapping, source, notes
