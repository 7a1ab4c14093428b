"""Statistical process control for a monthly series: the XmR chart's mean and natural process
limits, the points that signal special cause, and the variation and assurance that NHS England's
"Making Data Count" (MDC) reads from them. Pure numbers and words, no drawing.

The rules are those of MDC's "plot the dots" as the NHS-R Community's NHSRplotthedots package
implements them (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R and
R/ptd_calculate_assurance_type.R): limits at the mean ± 2.66 × the mean moving range; special
cause where a point lies outside the limits, where it is one of a run of 7 on one side of the
mean (a shift) or of 7 rising or falling (a trend), or where 2 of 3 points on one side of the
mean lie between two thirds of the way to a limit and the limit. MDC's training material also
allows runs of 6; the package's 7 is kept so that the pack agrees with the NHS tool most trusts
run. A series needs `MIN_POINTS` figures before its limits mean anything (MDC: at least 15).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LIMIT = 2.66  # 3 / 1.128: three sigma from the mean moving range
NEAR = LIMIT * 2 / 3  # two sigma: "close to a limit" begins here
SHIFT = 7  # points in a row on one side of the mean
TREND = 7  # points in a row each higher (or each lower) than the one before
MIN_POINTS = 15  # figures a series needs before variation is judged

# What a point's variation is, by the indicator's polarity and the side of the mean it lies on.
COMMON, IMPROVING, CONCERNING, NEITHER = "common", "improving", "concerning", "neither"
PASS, FAIL, HIT_AND_MISS = "pass", "fail", "hit-and-miss"

VARIATION_WORDS = {
    (COMMON, ""): "Common cause variation: no significant change",
    (IMPROVING, "high"): "Special cause variation, improving: higher than expected",
    (IMPROVING, "low"): "Special cause variation, improving: lower than expected",
    (CONCERNING, "high"): "Special cause variation, concerning: higher than expected",
    (CONCERNING, "low"): "Special cause variation, concerning: lower than expected",
    (NEITHER, "high"): "Special cause variation: higher than expected (neither better nor worse)",
    (NEITHER, "low"): "Special cause variation: lower than expected (neither better nor worse)",
}
ASSURANCE_WORDS = {
    PASS: "Assurance: the process will consistently meet the target",
    FAIL: "Assurance: the process will consistently miss the target unless something changes",
    HIT_AND_MISS: "Assurance: the process will hit and miss the target (it lies between the "
    "limits)",
}


@dataclass(frozen=True)
class Xmr:
    """An XmR chart of a series: its centre line, limits and what each point signals."""

    mean: float
    lower: float  # the lower natural process limit
    upper: float  # the upper natural process limit
    special: tuple[bool, ...]  # per value given (False where it is None): a special cause point
    variation: str  # the latest point's: COMMON, IMPROVING, CONCERNING or NEITHER
    side: str  # "high" or "low" for a special cause latest point, else ""
    assurance: str  # PASS, FAIL, HIT_AND_MISS, or "" (no target, or no better direction)
    points: int  # how many figures the limits come from

    @property
    def variation_words(self) -> str:
        """The latest point's variation in MDC's words."""
        return VARIATION_WORDS[(self.variation, self.side)]

    @property
    def assurance_words(self) -> str:
        """The assurance in MDC's words, or "" when there is none."""
        return ASSURANCE_WORDS.get(self.assurance, "")


def xmr(
    values: Sequence[float | None],
    polarity: str,
    target: float | None = None,
    floor: float | None = None,
    ceiling: float | None = None,
) -> Xmr | None:
    """Give the XmR chart of the monthly `values` (None for a month without a figure) for an
    indicator of `polarity` ("higher", "lower" or "none") and `target`, its limits kept within
    `floor` and `ceiling` (a percentage cannot pass 0 or 100); None when fewer than
    `MIN_POINTS` figures are given."""
    present = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(present) < MIN_POINTS:
        return None
    ys = [v for _, v in present]
    mean = sum(ys) / len(ys)
    # A moving range joins two months in a row; a month without a figure breaks the chain.
    ranges = [
        abs(values[i + 1] - values[i])
        for i in range(len(values) - 1)
        if values[i] is not None and values[i + 1] is not None
    ]
    spread = sum(ranges) / len(ranges) if ranges else 0.0
    lower, upper = mean - LIMIT * spread, mean + LIMIT * spread
    near_lower, near_upper = mean - NEAR * spread, mean + NEAR * spread
    if floor is not None:
        lower, near_lower = max(lower, floor), max(near_lower, floor)
    if ceiling is not None:
        upper, near_upper = min(upper, ceiling), min(near_upper, ceiling)
    flags = special_causes(ys, mean, lower, upper, near_lower, near_upper)
    special = [False] * len(values)
    for (index, _), flag in zip(present, flags, strict=True):
        special[index] = flag
    latest = ys[-1]
    side = ("high" if latest > mean else "low") if flags[-1] else ""
    return Xmr(
        mean=mean,
        lower=lower,
        upper=upper,
        special=tuple(special),
        variation=variation(side, polarity),
        side=side,
        assurance=assurance(target, lower, upper, polarity),
        points=len(ys),
    )


def special_causes(
    ys: Sequence[float],
    mean: float,
    lower: float,
    upper: float,
    near_lower: float,
    near_upper: float,
) -> list[bool]:
    """Give for each of `ys` whether it signals special cause: outside `lower`..`upper`, part of
    a shift or a trend, or one of 2 in 3 on one side between a near limit and its limit."""
    n = len(ys)
    sides = [(y > mean) - (y < mean) for y in ys]
    flags = [y > upper or y < lower for y in ys]
    for end in range(SHIFT - 1, n):
        window = sides[end - SHIFT + 1 : end + 1]
        if window[0] != 0 and all(s == window[0] for s in window):
            for i in range(end - SHIFT + 1, end + 1):
                flags[i] = True
    for end in range(TREND - 1, n):
        steps = [ys[i + 1] - ys[i] for i in range(end - TREND + 1, end)]
        if all(s > 0 for s in steps) or all(s < 0 for s in steps):
            for i in range(end - TREND + 1, end + 1):
                flags[i] = True
    near = [not (y > upper or y < lower) and (y > near_upper or y < near_lower) for y in ys]
    for start in range(n - 2):
        window = range(start, start + 3)
        if abs(sum(sides[i] for i in window)) == 3 and sum(near[i] for i in window) >= 2:
            for i in window:
                flags[i] = flags[i] or near[i]
    return flags


def variation(side: str, polarity: str) -> str:
    """Give the variation of a point on `side` ("high", "low", or "" for common cause) of the
    mean of an indicator of `polarity`."""
    if not side:
        return COMMON
    if polarity not in ("higher", "lower"):
        return NEITHER
    return IMPROVING if (side == "high") == (polarity == "higher") else CONCERNING


def assurance(target: float | None, lower: float, upper: float, polarity: str) -> str:
    """Give whether a process between `lower` and `upper` will meet `target` by `polarity`:
    PASS or FAIL when the target lies outside the limits, HIT_AND_MISS inside, "" when there
    is no target or no better direction."""
    if target is None or polarity not in ("higher", "lower"):
        return ""
    if target > upper:
        return FAIL if polarity == "higher" else PASS
    if target < lower:
        return PASS if polarity == "higher" else FAIL
    return HIT_AND_MISS
