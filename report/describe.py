"""A trend chart in words: the sentence a reader who cannot see the chart is given instead.

"Re-referrals fell from 17% in March 2022 to 15% in April 2022, better than the 22% target
and the national 24%." Every edition that draws a chart gives it this description.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from dataset.judge import SAME
from report.numbers import show
from report.text import MONTHLY, Periods

BENCHMARK_WORDS = {
    "target": "the {} target",
    "national": "the national {}",
    "comparator": "the comparator {}",
}


class Charted(Protocol):
    period: str
    value: float | None
    places: int | None  # the decimal places the figure was printed to, when known


def chart_title(name: str, periods: Sequence[str], labels: Periods = MONTHLY) -> str:
    """Give the title of the chart of `name` over `periods` named as `labels` says
    ("Re-referrals, February to April 2022", "Re-referrals, Q1 2024/25 to Q3 2024/25")."""
    if not periods:
        return f"{name}: trend"
    first, last = labels.long(periods[0]), labels.long(periods[-1])
    if first == last:
        return f"{name}, {last}"
    if not labels.quarterly and first[-4:] == last[-4:]:
        first = first[:-5]
    return f"{name}, {first} to {last}"


def chart_description(
    name: str,
    months: Sequence[Charted],
    unit: str,
    polarity: str,
    benchmarks: dict[str, float | None],
    apart: Sequence[str] = (),
    labels: Periods = MONTHLY,
) -> str:
    """Give one or two sentences saying what the chart of `months` (named as `labels` says)
    shows: the latest figure, the
    trend over the months shown, and how it stands against each of `benchmarks` drawn (target,
    national, comparator) by `polarity`; then the sentences `apart` (benchmarks not drawn,
    and why)."""
    numbered = [m for m in months if m.value is not None]
    if not numbered:
        return f"{name}: no figures to chart."
    first, last = numbered[0], numbered[-1]
    sentence = f"{name} {_trend(first, last, unit, labels)}"
    extremes = [
        f"{word} {show(month.value, unit, month.places)} in {labels.long(month.period)}"
        for word, month in (
            ("lowest", min(numbered, key=lambda m: m.value)),
            ("highest", max(numbered, key=lambda m: m.value)),
        )
        if month.period not in (first.period, last.period)
    ]
    if extremes:
        sentence += f" ({', '.join(extremes)})"
    drawn = {r: v for r, v in benchmarks.items() if v is not None}
    standing = _standing(last.value, drawn, unit, polarity)
    sentence += f", {standing}." if standing else "."
    for told in apart:
        sentence += f" {told}"
    latest = months[-1] if months else None
    if latest is not None and latest.value is None:
        sentence += f" There is no figure for {labels.long(latest.period)}."
    return sentence


def _trend(first: Charted, last: Charted, unit: str, labels: Periods) -> str:
    if first.period == last.period:
        return f"stood at {show(last.value, unit, last.places)} in {labels.long(last.period)}"
    if abs(last.value - first.value) <= SAME:
        return (
            f"stayed at {show(last.value, unit, last.places)} from {labels.long(first.period)} "
            f"to {labels.long(last.period)}"
        )
    verb = "rose" if last.value > first.value else "fell"
    return (
        f"{verb} from {show(first.value, unit, first.places)} in {labels.long(first.period)} "
        f"to {show(last.value, unit, last.places)} in {labels.long(last.period)}"
    )


def _listed(items: list[str]) -> str:
    """Give `items` as words: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _standing(value: float, drawn: dict[str, float], unit: str, polarity: str) -> str:
    """Give how `value` stands against each of `drawn`: better/worse by `polarity`, else
    above/below; grouped, in the order target, national, comparator."""
    groups: dict[str, list[str]] = {}
    for role, benchmark in drawn.items():
        if abs(value - benchmark) <= SAME:
            word = "level with"
        elif polarity in ("higher", "lower"):
            better = (value > benchmark) == (polarity == "higher")
            word = "better than" if better else "worse than"
        else:
            word = "above" if value > benchmark else "below"
        groups.setdefault(word, []).append(BENCHMARK_WORDS[role].format(show(benchmark, unit)))
    return ", ".join(f"{word} {_listed(names)}" for word, names in groups.items())
