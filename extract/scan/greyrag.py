"""RAG ratings told from grey shading, calibrated on the same document: a grey photocopy
keeps no hue, but each rating's fill keeps a lightness of its own, learnt from the RAG cells
that also print their rating.

Pure functions over numbers: what a cell's shading is measured as lives in `image.shade`.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

RATINGS = ("R", "A", "G")
# Shadings whose lightness (0..255) lies within this of each other are one level: scanner
# noise and JPEG move a cell's middle lightness by a few steps.
SAME_LEVEL = 12
# Two ratings' levels must lie at least this far apart to tell them by lightness alone.
APART = 30
# A cell is rated only when its lightness lies this near its rating's level.
NEAR = 10
# A cell whose shading is this much rougher than the cells a rating was learnt from (hatching,
# a pattern, a mark) is not rated by its lightness.
ROUGHER = 1.5


@dataclass(frozen=True)
class Shade:
    """The shading of one RAG cell: its middle lightness and how much it varies (its texture),
    and the rating printed in it ("" when none is)."""

    level: float
    texture: float
    rating: str = ""


@dataclass(frozen=True)
class Level:
    """The lightness a rating's fill has in a document, and how it was found."""

    rating: str
    level: float
    texture: float  # the roughest shading it was learnt from
    samples: int  # cells that print this rating on it; 0 when it is the one level left over


@dataclass(frozen=True)
class Rated:
    """A rating read from a cell's grey level, or "" and why not."""

    rating: str
    why: str


def _levels_of(values: list[float]) -> list[list[float]]:
    """Give `values` grouped into levels: sorted, a new level where two lie over `SAME_LEVEL` apart."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= SAME_LEVEL:
            groups[-1].append(value)
        else:
            groups.append([value])
    return groups


def calibrate(shades: list[Shade]) -> list[Level]:
    """Give each rating's level that the shaded RAG cells `shades` of one document show
    unambiguously: most cells printing the rating lie on that level, no other rating's cells
    do (a letter printed on another rating's fill, as "a printed letter beats the fill", is
    set aside), and every two ratings' levels lie at least `APART`. When two ratings are so
    learnt and the cells show exactly one more level, far from both, it is the third's."""
    groups = _levels_of([s.level for s in shades])

    def group_of(value: float) -> int:
        return next(i for i, g in enumerate(groups) if g[0] <= value <= g[-1])

    chosen: dict[str, int] = {}
    for rating in RATINGS:
        where = [group_of(s.level) for s in shades if s.rating == rating]
        if not where:
            continue
        best = max(set(where), key=where.count)
        if where.count(best) * 2 > len(where):  # a strict majority of the cells printing it
            chosen[rating] = best
    # A level that two ratings claim tells neither.
    claimed = [g for g in chosen.values()]
    chosen = {r: g for r, g in chosen.items() if claimed.count(g) == 1}
    levels = []
    for rating, group in chosen.items():
        on = [s for s in shades if s.rating == rating and group_of(s.level) == group]
        levels.append(Level(rating, statistics.median(s.level for s in on), max(s.texture for s in on), len(on)))
    left = [r for r in RATINGS if r not in chosen]
    unclaimed = [i for i in range(len(groups)) if i not in chosen.values()]
    if len(levels) == 2 and len(left) == 1 and len(unclaimed) == 1:
        on = [s for s in shades if group_of(s.level) == unclaimed[0]]
        levels.append(Level(left[0], statistics.median(s.level for s in on), max(s.texture for s in on), 0))
    # Levels too near each other are told apart by noise, not by lightness: neither is used.
    return [a for a in levels if all(a is b or abs(a.level - b.level) >= APART for b in levels)]


_WORDS = {"R": "red", "A": "amber", "G": "green"}


def rate(levels: list[Level], shade: Shade) -> Rated:
    """Give the rating of a shaded cell with nothing printed in it, by its `shade` against the
    document's `levels`, or "" with why it cannot be told."""
    if not levels:
        return Rated("", "no RAG cell of this document prints its rating on a grey fill to learn the levels from")
    nearest = min(levels, key=lambda lv: abs(lv.level - shade.level))
    if abs(nearest.level - shade.level) > NEAR:
        known = ", ".join(f"{_WORDS[lv.rating]} {lv.level:.0f}" for lv in sorted(levels, key=lambda lv: lv.level))
        return Rated("", f"its grey ({shade.level:.0f}) is no rating's level on this document ({known})")
    if shade.texture > nearest.texture * ROUGHER + 2:
        return Rated("", f"its shading is rougher than {_WORDS[nearest.rating]}'s fills on this document")
    if nearest.samples:
        how = f"{_WORDS[nearest.rating]}'s level here ({nearest.level:.0f}), learnt from {nearest.samples} " \
              f"cell{'s' if nearest.samples > 1 else ''} printing it"
    else:
        how = f"the one level left ({nearest.level:.0f}) once the others were learnt from cells printing them"
    return Rated(nearest.rating, f"rated {_WORDS[nearest.rating]} from its grey ({shade.level:.0f}): {how}")
