"""Whether an indicator's commentary is this month's: unchanged from earlier scorecards, or
naming months other than the one reported and the one before.

>>> stale_months("Referrals decreased in April and rose in July 2022.", "2022-07")
['April']
>>> unchanged_since("Same words.", [("2022-05", "Same words."), ("2022-06", "Same  words.")], "2022-07")
'2022-05'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from report.text import MONTH_NAMES, MONTHLY, Periods

# "May" is also a verb: it names a month only after a word that leads to a date, or before a year.
_MONTH = re.compile(
    r"\b(" + "|".join(name for name in MONTH_NAMES if name and name != "May") + r"|Sept)\b"
    r"|(?:\b(?:in|since|of|from|to|during|until|till|for|end|early|late|mid|last|this|and)\s+|-)"
    r"(May)\b"
    r"|\b(May)(?=\s+(?:19|20)\d\d\b)"
)
_SPACE = re.compile(r"\s+")


def months_named(text: str) -> list[int]:
    """Give the months (1-12) that `text` names, in the order first named."""
    found: list[int] = []
    for match in _MONTH.finditer(text):
        word = next(group for group in match.groups() if group)
        number = 9 if word == "Sept" else MONTH_NAMES.index(word)
        if number not in found:
            found.append(number)
    return found


def stale_months(text: str, period: str, labels: Periods = MONTHLY) -> list[str]:
    """Give the names of the months `text` names other than `period`'s month and the one before
    (for a quarter: its months and the quarter's before, as `labels` says)."""
    month = int(period[5:7])
    current = {(month - 1 - back) % 12 + 1 for back in range(2 * labels.step)}
    return [MONTH_NAMES[m] for m in months_named(text) if m not in current]


def same_words(one: str, other: str) -> bool:
    """Give True when `one` and `other` are the same commentary, spacing aside."""
    return _SPACE.sub(" ", one).strip() == _SPACE.sub(" ", other).strip()


def unchanged_since(narrative: str, earlier: Sequence[tuple[str, str]], period: str,
                    step: int = 1) -> str | None:
    """Give the first period of the unbroken run of `earlier` (period, commentary) that printed
    `narrative` word for word up to the period before `period` (`step` months before: 3 for a
    quarter), or None when the period before said something else (or is not known)."""
    by_period = dict(earlier)
    if not narrative.strip():
        return None
    since = None
    month = _before(period, step)
    while month in by_period and same_words(by_period[month], narrative):
        since, month = month, _before(month, step)
    return since


def freshness_notes(
    narrative: str, earlier: Sequence[tuple[str, str]], period: str, labels: Periods = MONTHLY
) -> tuple[str, ...]:
    """Give what a reader should know about the freshness of `narrative` in the pack for
    `period` (named as `labels` says): "Unchanged since May 2022." and "Mentions April; this
    pack is for July 2022."."""
    notes = []
    since = unchanged_since(narrative, earlier, period, labels.step)
    if since:
        notes.append(f"Unchanged since {labels.long(since)}: the same words as last {labels.noun}'s.")
    stale = stale_months(narrative, period, labels)
    if stale:
        named = stale[0] if len(stale) == 1 else f"{', '.join(stale[:-1])} and {stale[-1]}"
        notes.append(f"Mentions {named}; this pack is for {labels.long(period)}.")
    return tuple(notes)


def _before(period: str, step: int = 1) -> str:
    index = int(period[:4]) * 12 + int(period[5:7]) - 1 - step
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
