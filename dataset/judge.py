"""The judgements every stage makes the same way, made here once.

- `expected_rag`: the RAG a figure earns against its target, by polarity and Amber tolerance.
- `headline`: which measure of a composite figure ("533 13%") is the one that is charted,
  compared with target and benchmarks, and rated.
- `parse_polarity`: which way is better, from a Polarity cell as printed ("Smaller is better").
- `standard` and `rate_months`: what an indicator is rated against, and the `Rating` of each
  month (extract records them in extraction.json's `ratings`; the pack shows them).
- `travel` and `rag_move`: direction words, up/down for a volume, better/worse by polarity.

>>> expected_rag(86, 90, "higher", 5)
'A'
>>> parse_polarity("Aim to reduce")
'lower'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from dataset.csvio import format_number

# A composite's measures in the order one of them is the headline when nothing names a unit.
HEADLINE_ORDER = ("value", "percent", "rate", "count")
RAG_ORDER = {"R": 0, "A": 1, "G": 2}
# Two figures this close are the same figure printed twice, not a move.
SAME = 1e-9
# The units a figure is read in (docs/dataset.md) that a catalogue unit compares with: days,
# money and a rate per 100,000 print as plain numbers, whole ("count") or not ("").
FIGURE_UNITS = {"days": ("count",), "£": ("count",), "per 100k": ("count",)}


class Standard(Protocol):
    """What the catalogue says of an indicator, as far as judging it goes."""

    polarity: str
    unit: str
    amber_tolerance: float


def expected_rag(value: float | None, target: float | None, polarity: str, tolerance: float) -> str:
    """Give the RAG that `value` earns against `target`: Green on or past it in the better
    direction (`polarity`), Amber within `tolerance` short of it, Red beyond; "" when it
    cannot be judged."""
    if value is None or target is None or polarity not in ("higher", "lower"):
        return ""
    shortfall = target - value if polarity == "higher" else value - target
    # Printed figures are rounded: a shortfall this small is none.
    if shortfall <= SAME:
        return "G"
    return "A" if shortfall <= tolerance + SAME else "R"


def headline(figures: Iterable[dict], unit: str = "") -> tuple[str, str]:
    """Give (measure, unit) of the headline of one indicator's figure rows `figures`: the
    measure printed in `unit` (the catalogue's) when there is one, else the first of
    HEADLINE_ORDER that holds a number, else the first that is printed at all."""
    rows = list(figures)
    numbered = [row for row in rows if row["value"] != ""]
    if unit:
        match = next((row for row in numbered if row["unit"] == unit), None)
        if match is not None:
            return match["measure"], match["unit"]
    present = {row["measure"] for row in numbered} or {row["measure"] for row in rows}
    measure = next((m for m in HEADLINE_ORDER if m in present), "value")
    units = [row["unit"] for row in numbered if row["measure"] == measure]
    units = units or [row["unit"] for row in rows if row["measure"] == measure]
    return measure, units[0] if units else ""


# --- polarity as printed ---------------------------------------------------------------------

_HIGHER = {
    "high", "higher", "highest", "up", "upward", "upwards", "increase", "increasing", "increased",
    "more", "bigger", "larger", "greater", "maximise", "maximize", "rise", "rising", "raise", "grow",
    "↑", "⬆", "▲", "↗", "⇧",
}
_LOWER = {
    "low", "lower", "lowest", "down", "downward", "downwards", "decrease", "decreasing", "decreased",
    "less", "fewer", "smaller", "reduce", "reducing", "reduced", "reduction", "minimise",
    "minimize", "fall", "falling", "↓", "⬇", "▼", "↘", "⇩",
}
_BAD = {"bad", "worse", "worst", "negative", "poor"}
# Whole cells that abbreviate a direction: "H" and "L" in a narrow Polarity column.
_ABBREVIATED = {"h": "higher", "hi": "higher", "l": "lower", "lo": "lower"}
_TOKEN = re.compile(r"[a-z]+|[↑⬆▲↗⇧↓⬇▼↘⇩]")
# Every word a Polarity cell is made of, to rejoin one wrapped mid-word ("High" / "er").
POLARITY_WORDS = frozenset(_HIGHER | _LOWER | _BAD | {"better", "best", "good", "is", "are", "the"})


def parse_polarity(text: str) -> str:
    """Give "higher", "lower" or "none" for a Polarity cell as printed (`Higher is better`,
    `Smaller is better`, `Aim to reduce`, `↓`, `High is bad`); "none" when it names neither
    direction or both (`Higher or lower`)."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    if folded.strip(".:") in _ABBREVIATED:
        return _ABBREVIATED[folded.strip(".:")]
    words = _TOKEN.findall(folded)
    higher = any(word in _HIGHER for word in words)
    lower = any(word in _LOWER for word in words)
    if higher == lower:
        return "none"
    better = "higher" if higher else "lower"
    # "High is bad": the direction named is the worse one.
    if any(word in _BAD for word in words):
        return "lower" if better == "higher" else "higher"
    return better


# --- the rating of each month ----------------------------------------------------------------


@dataclass(frozen=True)
class Basis:
    """What an indicator's printed RAGs are judged against, and where that came from."""

    target: float | None
    polarity: str  # higher, lower or none
    tolerance: float  # how far on the wrong side of target still rates Amber
    unit: str  # the unit the target is in ("" when not known)
    source: str  # "catalogue", "inferred" or "printed-polarity": the rule of every month judged


def basis(indicator: dict, entry: Standard | None) -> Basis:
    """Give what `indicator` (an indicators.csv row) is rated against: its target with the
    catalogue `entry`'s polarity, Amber tolerance and unit (an inferred entry's only where the
    evidence decided them: dataset.infer); or, for an indicator the catalogue lacks, its
    polarity as printed, no tolerance, and "%" when the target prints one."""
    target = number_of(indicator.get("target", ""))
    if entry is not None:
        source = "catalogue"
        if getattr(entry, "provenance", "catalogue") == "inferred":
            printed = getattr(entry, "polarity_from", "") == "printed"
            source = "printed-polarity" if printed else "inferred"
        return Basis(target, entry.polarity, entry.amber_tolerance, entry.unit, source)
    printed_unit = "%" if str(indicator.get("target_text", "")).strip().endswith("%") else ""
    return Basis(target, parse_polarity(str(indicator.get("polarity", ""))), 0.0, printed_unit,
                 "printed-polarity")


@dataclass(frozen=True)
class Rating:
    """One month of one indicator: the RAG printed, the RAG its headline figure earns, and the
    rule that decided (RATING_RULES in dataset/schema.py)."""

    key: str
    period: str
    measure: str  # the headline measure judged
    value: float | None
    unit: str
    printed: str  # R, A, G or ""
    expected: str  # R, A, G or "" (not judged: `rule` says why)
    rule: str
    target: float | None
    polarity: str
    tolerance: float

    @property
    def verdict(self) -> str:
        """"agrees" or "disagrees" when a printed RAG was judged, else ""."""
        if not self.printed or not self.expected:
            return ""
        return "agrees" if self.printed == self.expected else "disagrees"

    def as_dict(self) -> dict:
        """Give the rating as extraction.json's `ratings` holds it."""
        return {
            "key": self.key, "period": self.period, "measure": self.measure,
            "value": _text(self.value), "unit": self.unit, "printed": self.printed,
            "expected": self.expected, "verdict": self.verdict, "rule": self.rule,
            "target": _text(self.target), "polarity": self.polarity,
            "tolerance": format_number(self.tolerance),
        }

    @classmethod
    def from_dict(cls, item: dict) -> Rating:
        """Give the rating that `as_dict` gave `item`."""
        return cls(
            key=str(item["key"]), period=str(item["period"]), measure=str(item["measure"]),
            value=number_of(item["value"]), unit=str(item["unit"]), printed=str(item["printed"]),
            expected=str(item["expected"]), rule=str(item["rule"]), target=number_of(item["target"]),
            polarity=str(item["polarity"]), tolerance=float(item["tolerance"] or 0),
        )


def rate_month(value: float | None, unit: str, basis: Basis) -> tuple[str, str]:
    """Give (expected RAG, rule) for a headline figure `value` in `unit` against `basis`."""
    if basis.target is None:
        return "", "no-target"
    if basis.polarity not in ("higher", "lower"):
        return "", "no-polarity"
    if value is None:
        return "", "no-figure"
    # A count is not comparable with a percentage target; a unit not known is given the benefit.
    if basis.unit and unit and unit not in FIGURE_UNITS.get(basis.unit, (basis.unit,)):
        return "", "unit-differs"
    return expected_rag(value, basis.target, basis.polarity, basis.tolerance), basis.source


def rate_months(indicator: dict, figures: Sequence[dict], entry: Standard | None) -> list[Rating]:
    """Give the rating of every month of `indicator` from its figures.csv rows `figures` and
    its catalogue `entry` (None when the catalogue lacks it), oldest month first."""
    rules = basis(indicator, entry)
    measure, _ = headline(figures, entry.unit if entry is not None else "")
    ratings = []
    for period in sorted({row["period"] for row in figures}):
        rows = [row for row in figures if row["period"] == period]
        judged = next((row for row in rows if row["measure"] == measure), None)
        value = number_of(judged["value"]) if judged else None
        unit = judged["unit"] if judged else ""
        expected, rule = rate_month(value, unit, rules)
        ratings.append(Rating(
            key=indicator["key"], period=period, measure=measure, value=value, unit=unit,
            printed=next((row["rag"] for row in rows if row["rag"]), ""), expected=expected,
            rule=rule, target=rules.target, polarity=rules.polarity, tolerance=rules.tolerance,
        ))
    return ratings


def rate_dataset(indicators: Sequence[dict], figures: Sequence[dict], catalogue) -> list[dict]:
    """Give extraction.json's `ratings` for the dataset rows `indicators` and `figures`,
    judged with `catalogue` (None: every indicator by its printed polarity)."""
    by_key: dict[str, list[dict]] = {}
    for row in figures:
        by_key.setdefault(row["key"], []).append(row)
    out = []
    for indicator in indicators:
        entry = catalogue.match(indicator["key"], indicator["name"]) if catalogue is not None else None
        out += [r.as_dict() for r in rate_months(indicator, by_key.get(indicator["key"], []), entry)]
    return out


# --- direction words -------------------------------------------------------------------------


@dataclass(frozen=True)
class Travel:
    """Which way an indicator moved and whether that is better, by its polarity."""

    word: str  # improving, worsening, stable, no change, increased, decreased, not known
    arrow: str  # ▲, ▼, ► or –

    @property
    def judged(self) -> bool:
        """True when the word says better or worse, not only up or down."""
        return self.word in ("improving", "worsening")


def travel(
    before: float | None, after: float | None, polarity: str, within: float = 0.0
) -> Travel:
    """Give the direction of travel from `before` to `after` for an indicator of `polarity`:
    "stable" when it moved no more than `within` (its materiality threshold), the arrow
    still saying which way the number went."""
    if before is None or after is None:
        return Travel("not known", "–")
    if abs(after - before) <= SAME:
        return Travel("no change", "►")
    rising = after > before
    arrow = "▲" if rising else "▼"
    if abs(after - before) <= within + SAME:
        return Travel("stable", arrow)
    if polarity not in ("higher", "lower"):
        return Travel("increased" if rising else "decreased", arrow)
    better = rising == (polarity == "higher")
    return Travel("improving" if better else "worsening", arrow)


def rag_move(before: str, after: str) -> str:
    """Give "better", "worse" or "" for a RAG that went from `before` to `after`."""
    if before not in RAG_ORDER or after not in RAG_ORDER or before == after:
        return ""
    return "better" if RAG_ORDER[after] > RAG_ORDER[before] else "worse"


def number_of(text: object) -> float | None:
    """Give the number a dataset cell `text` holds, or None (empty or not a number)."""
    if text is None or text == "":
        return None
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _text(value: float | None) -> str:
    return "" if value is None else format_number(value)
