"""How the pack words what dataset.judge decided: rating notes, figures in their unit, counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dataset.judge import Rating
from report.numbers import show
from report.text import MONTHLY, Periods

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

    @property
    def sentence(self) -> str:
        """The note in words for a reader: what kind of note it is, then its message."""
        kind = NOTE_KINDS.get(self.code) or self.code.replace("-", " ").capitalize()
        message = self.message.rstrip()
        return f"{kind}: {message}" + ("" if message.endswith((".", "!", "?")) else ".")


# What each kind of data-quality note is, in words, for the annex (never its code).
NOTE_KINDS = {
    "rag-disagrees": "The printed rating disagrees with the target",
    "composite-disagrees": "The figure's count and its rate or percentage disagree",
    "big-move": "An unusually big move from the month before",
    "impossible-value": "A figure that cannot be right",
    "missing-month": "A month without a figure",
    "duplicate-indicator": "An indicator printed twice",
    "engines-disagree": "The two readings of the table disagree",
    "doubtful-cell": "A cell of the scan that could not be read with confidence",
    "figure-not-understood": "A figure that could not be understood",
    "invalid-rag": "A rating that is not Red, Amber or Green",
    "rag-invalid": "A rating that is not Red, Amber or Green",
    "rag-colour-disagrees": "The rating's colour and its letter disagree",
    "url-joined": "A link broken over two lines, joined by guess",
    "unread-text": "Text inside the table that was not read",
    "unread-mark": "A mark inside the table that was not read",
    "rag-not-read": "A rating that could not be read",
    "row-without-figures": "A row without figures",
    "figures-shifted": "Figures level with another indicator's name",
    "table-not-read": "A table that gave no indicators",
    "narrative-may-be-shared": "Commentary that may cover the indicator below it too",
    "history-gap": "A month no scorecard printed",
    "period": "The reporting month",
    "catalogue": "The KPI catalogue",
    "ratings-not-judged": "Ratings not checked against their targets",
    "not-in-catalogue": "An indicator the KPI catalogue does not know",
}


def rag_notes(name: str, ratings: Sequence[Rating], unit: str, labels: Periods = MONTHLY) -> list[Note]:
    """Give a note for each of `ratings` whose printed RAG disagrees with the one its figure
    earns, the figures shown in `unit`, each period named as `labels` says."""
    notes = []
    for rating in ratings:
        if rating.verdict != "disagrees":
            continue
        printed = {"printed-polarity": " as printed", "inferred": " as inferred"}.get(
            rating.rule, ""
        )
        notes.append(
            Note(
                code="rag-disagrees",
                subject=name,
                message=f"{labels.short(rating.period)} is rated {RAG_WORDS[rating.printed]} but "
                f"{show(rating.value, unit)} against a target of {show(rating.target, unit)} "
                f"({rating.polarity} is better{printed}, Amber within "
                f"{margin(rating.tolerance, unit)}) "
                f"suggests {RAG_WORDS[rating.expected]}",
            )
        )
    return notes


def check_reason(rating: Rating, unit: str, places: int | None = None) -> str:
    """Give what the target says of `rating`'s figure, in `unit` to the `places` it was
    printed to ("15% against a 39% target (higher is better)")."""
    return (
        f"{show(rating.value, unit, places)} against a {show(rating.target, unit)} target "
        f"({rating.polarity} is better"
        + (f", Amber within {margin(rating.tolerance, unit)}" if rating.tolerance else "")
        + ")"
    )


def check_sentence(rating: Rating, unit: str, rag_source: str, places: int | None = None) -> str:
    """Give, for a page, how `rating`'s printed RAG disagrees with its target: "Printed Green;
    15% against a 39% target (higher is better) would be Red." (or, when the pack is rated by
    target, "Rated Red from its target: …; the scorecard printed Green.")."""
    printed, expected = RAG_WORDS[rating.printed], RAG_WORDS[rating.expected]
    if rag_source == "target":
        return (
            f"Rated {expected} from its target: {check_reason(rating, unit, places)}; "
            f"the scorecard printed {printed}."
        )
    return f"Printed {printed}; {check_reason(rating, unit, places)} would be {expected}."


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
