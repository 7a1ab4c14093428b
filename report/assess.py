"""How the pack words what dataset.judge decided: rating notes, figures in their unit, counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dataset.judge import Rating
from report.text import month_short

RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green", "": "Not rated"}


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


def rag_notes(name: str, ratings: Sequence[Rating], unit: str) -> list[Note]:
    """Give a note for each of `ratings` whose printed RAG disagrees with the one its figure
    earns, the figures shown in `unit`."""
    notes = []
    for rating in ratings:
        if rating.verdict != "disagrees":
            continue
        printed = {"printed-polarity": " as printed", "inferred": " as inferred"}.get(rating.rule, "")
        notes.append(
            Note(
                code="rag-disagrees",
                subject=name,
                message=f"{month_short(rating.period)} is rated {RAG_WORDS[rating.printed]} but "
                f"{show(rating.value, unit)} against a target of {show(rating.target, unit)} "
                f"({rating.polarity} is better{printed}, Amber within "
                f"{margin(rating.tolerance, unit)}) "
                f"suggests {RAG_WORDS[rating.expected]}",
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


def red_run(rags: Sequence[str], length: int = 3) -> bool:
    """Give True when the last `length` of `rags` are all Red."""
    return len(rags) >= length and all(rag == "R" for rag in rags[-length:])
