"""Targets and benchmarks in context: who the comparator is, which period a benchmark is for,
and whether it measures the same thing as the figure, so that only a comparable one is drawn
as a line on the chart and any other is given in words with the reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from report.assess import show
from report.scale import on_scale

ROLES = ("target", "national", "comparator")
ROLE_WORDS = {"target": "Target", "national": "National", "comparator": "Comparator"}
UNIT_WORDS = {
    "%": "a percentage",
    "per 10k": "a rate per 10,000 children",
    "per 100k": "a rate per 100,000",
    "count": "a count",
    "days": "a number of days",
    "£": "an amount in pounds",
}


@dataclass(frozen=True)
class Context:
    """Who and when the benchmarks describe: the brand's defaults, an indicator's own period."""

    national: str = ""  # "England"
    comparator: str = ""  # "Statistical neighbours"
    period: str = ""  # "2020-21"

    def group(self, role: str) -> str:
        """Give who the benchmark of `role` describes, or ""."""
        return {"national": self.national, "comparator": self.comparator}.get(role, "")


@dataclass(frozen=True)
class Benchmark:
    """A target or benchmark as the pack shows it: drawn as a line, or told with the reason."""

    role: str  # target, national or comparator
    value: float
    label: str  # "National (England, 2020-21)"
    shown: str  # the figure in the indicator's unit, "24%"
    drawn: bool
    reason: str  # why it is not drawn, "" when it is


def label(role: str, context: Context) -> str:
    """Give the label of the benchmark of `role`: its group and period in brackets."""
    if role == "target":
        return ROLE_WORDS[role]
    about = ", ".join(part for part in (context.group(role), context.period) if part)
    return f"{ROLE_WORDS[role]} ({about})" if about else ROLE_WORDS[role]


def context_words(context: Context) -> str:
    """Give who and when the benchmarks describe in a line ("National: England. Comparator:
    Statistical neighbours. For 2020-21."), or "" when the brand names none."""
    parts = [
        f"{ROLE_WORDS[role]}: {context.group(role)}."
        for role in ("national", "comparator")
        if context.group(role)
    ]
    if context.period:
        parts.append(f"For {context.period}.")
    return " ".join(parts)


def benchmarks(
    numbers: dict[str, float | None],
    values: Sequence[float],
    unit: str,
    context: Context,
    benchmark_unit: str = "",
) -> tuple[Benchmark, ...]:
    """Give each of `numbers` (role → value) against the charted `values` in `unit`; the
    national and comparator figures measure `benchmark_unit` when the catalogue says so."""
    found = []
    for role in ROLES:
        number = numbers.get(role)
        if number is None:
            continue
        why = reason(role, number, values, unit, benchmark_unit)
        found.append(
            Benchmark(
                role=role,
                value=number,
                label=label(role, context),
                shown=show(number, unit if not why or unit == "%" else ""),
                drawn=not why,
                reason=why,
            )
        )
    return tuple(found)


def reason(
    role: str, number: float, values: Sequence[float], unit: str, benchmark_unit: str = ""
) -> str:
    """Give why the benchmark `number` of `role` cannot share an axis with `values` in `unit`,
    or "" when it can."""
    if role != "target":
        if benchmark_unit and benchmark_unit != unit:
            return (
                f"it is {UNIT_WORDS.get(benchmark_unit, benchmark_unit)} and the figure is "
                f"{UNIT_WORDS.get(unit, unit or 'a number')}"
            )
        if unit == "count" and not benchmark_unit:
            # A national or comparator figure is not a count of this council's children:
            # "National 85" beside a monthly count of 48 is a rate, or another period's total.
            return "a count of this council's children cannot be compared with another area's"
    if unit == "%" and not 0 <= number <= 100:
        return f"a percentage cannot be {show(number, '')}"
    if values and not on_scale(number, values):
        low, high = min(values), max(values)
        return (
            f"it is far outside the figures charted ({show(low, unit)} to {show(high, unit)}), "
            "so it measures something else"
        )
    return ""


def not_drawn(found: Sequence[Benchmark]) -> tuple[str, ...]:
    """Give a sentence for each of `found` that is not drawn, saying why."""
    return tuple(
        f"{b.label} {b.shown} is not drawn on the chart: {b.reason}." for b in found if not b.drawn
    )
