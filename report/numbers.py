"""The one number formatter of the pack: every figure in a table, headline, chart label and
sentence is written here, with thousands separators, the precision the scorecard printed,
its unit, and one symbol for "no figure".

>>> show(3550, "count")
'3,550'
>>> show(39, "per 10k", places=1)
'39.0 per 10k'
>>> figure("1033 39.0")
'1,033 39.0'
>>> figure("N/A")
'–'
"""

from __future__ import annotations

import re

# The one symbol for "no figure"; the key says why a figure may be missing.
NO_FIGURE = "–"
NO_FIGURE_REASON = (
    "no figure: none was printed, or the scorecard printed N/A, TBC or a dash "
    "(not applicable, or not yet available)"
)
# What scorecards print for "no figure", compared case-blind without spaces.
NOT_FIGURES = frozenset({"", "n/a", "na", "tbc", "-", "–", "—", "nil", "none", "not available"})
_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<digits>\d[\d,]*)(?P<fraction>\.\d+)?(?P<unit>%?)$")


def places(text: str) -> int | None:
    """Give how many decimal places the printed number `text` has ("39.0%" → 1), or None
    when it is not a number."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    return len(match["fraction"]) - 1 if match["fraction"] else 0


def show(value: float | None, unit: str = "", places: int | None = None) -> str:
    """Give `value` as a reader sees it in `unit` (`22%`, `31.8 per 10k`, `4,011`): with
    thousands separators, to `places` decimals (the source's precision) when given, else
    as few as it needs, up to one; NO_FIGURE when there is none."""
    if value is None:
        return NO_FIGURE
    if places is not None:
        text = f"{value:,.{places}f}"
    elif float(value).is_integer():
        text = f"{value:,.0f}"
    else:
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit in ("per 10k", "per 100k", "days"):
        return f"{text} {unit}"
    if unit == "£":
        return f"-£{text[1:]}" if text.startswith("-") else f"£{text}"
    return text


def figure(text: str) -> str:
    """Give a figure as printed (`3550`, `1033 39.0`, `N/A`) in the pack's style: each number
    with thousands separators and its printed precision; NO_FIGURE for "no figure"; any other
    words as printed."""
    if text.replace(" ", "").casefold() in NOT_FIGURES:
        return NO_FIGURE
    return " ".join(_number(token) for token in text.split())


def _number(token: str) -> str:
    match = _NUMBER.match(token)
    if not match or ("," in match["digits"] and not _grouped(match["digits"])):
        return token
    whole = int(match["digits"].replace(",", ""))
    return f"{match['sign']}{whole:,}{match['fraction'] or ''}{match['unit']}"


def _grouped(digits: str) -> bool:
    """True when `digits` with commas is grouped in thousands ("1,033"), not a list ("1,2")."""
    head, *groups = digits.split(",")
    return 1 <= len(head) <= 3 and all(len(g) == 3 for g in groups)
