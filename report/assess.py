"""Judgements the pack makes about figures: direction of travel, the RAG a target implies, moves."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from dataset.catalogue import expected_rag
from report.text import month_short

RAG_ORDER = {"R": 0, "A": 1, "G": 2}
RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green", "": "Not rated"}
# Two figures this close are the same figure printed twice, not a move.
SAME = 1e-9


class Rated(Protocol):
    period: str
    value: float | None
    rag: str


@dataclass(frozen=True)
class Travel:
    """Which way an indicator moved and whether that is better, by its polarity."""

    word: str  # improving, worsening, no change, increased, decreased, not known
    arrow: str  # ▲, ▼, ► or –

    @property
    def judged(self) -> bool:
        """True when the word says better or worse, not only up or down."""
        return self.word in ("improving", "worsening")


@dataclass(frozen=True)
class Note:
    """One data-quality note for the annex and the build's warnings."""

    code: str
    subject: str  # the indicator's name, or "Extraction"
    message: str

    @property
    def line(self) -> str:
        """The note as one line of text."""
        return f"{self.subject}: {self.message}"


def travel(before: float | None, after: float | None, polarity: str) -> Travel:
    """Give the direction of travel from `before` to `after` for an indicator of `polarity`."""
    if before is None or after is None:
        return Travel("not known", "–")
    if abs(after - before) <= SAME:
        return Travel("no change", "►")
    rising = after > before
    arrow = "▲" if rising else "▼"
    if polarity not in ("higher", "lower"):
        return Travel("increased" if rising else "decreased", arrow)
    better = rising == (polarity == "higher")
    return Travel("improving" if better else "worsening", arrow)


def rag_notes(
    name: str,
    months: Sequence[Rated],
    target: float | None,
    polarity: str,
    tolerance: float,
    unit: str,
) -> list[Note]:
    """Give a note for each month of `months` whose printed RAG disagrees with target and polarity."""
    notes = []
    for month in months:
        wanted = expected_rag(month.value, target, polarity, tolerance)
        if month.rag and wanted and month.rag != wanted:
            notes.append(
                Note(
                    code="rag-disagrees",
                    subject=name,
                    message=f"{month_short(month.period)} is rated {RAG_WORDS[month.rag]} but "
                    f"{show(month.value, unit)} against a target of {show(target, unit)} "
                    f"({polarity} is better, Amber within {margin(tolerance, unit)}) "
                    f"suggests {RAG_WORDS[wanted]}",
                )
            )
    return notes


def show(value: float | None, unit: str) -> str:
    """Give `value` as a reader sees it in `unit` (`22%`, `31.8 per 10k`, `4,011`)."""
    if value is None:
        return "n/a"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit == "per 10k":
        return f"{text} per 10k"
    return text


def margin(tolerance: float, unit: str) -> str:
    """Give an Amber `tolerance` in words: percentage points, not per cent, for a `%` unit."""
    if unit == "%":
        points = show(tolerance, "")
        return f"{points} percentage point" + ("" if tolerance == 1 else "s")
    return show(tolerance, unit)


def rag_counts(rags: Sequence[str]) -> dict[str, int]:
    """Give how many of `rags` are R, A, G and "" (not rated)."""
    counted = Counter(rags)
    return {rag: counted.get(rag, 0) for rag in ("R", "A", "G", "")}


def rag_move(before: str, after: str) -> str:
    """Give "better", "worse" or "" for a RAG that went from `before` to `after`."""
    if before not in RAG_ORDER or after not in RAG_ORDER or before == after:
        return ""
    return "better" if RAG_ORDER[after] > RAG_ORDER[before] else "worse"


def red_run(rags: Sequence[str], length: int = 3) -> bool:
    """Give True when the last `length` of `rags` are all Red."""
    return len(rags) >= length and all(rag == "R" for rag in rags[-length:])
