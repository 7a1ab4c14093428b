"""What the pack says about an indicator's variation and assurance: `report.spc`'s XmR chart
turned into the icons and words of "Making Data Count", as plain data for every renderer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from report.spc import (
    COMMON,
    CONCERNING,
    FAIL,
    HIT_AND_MISS,
    IMPROVING,
    MIN_POINTS,
    NEITHER,
    PASS,
    Xmr,
    variation,
    xmr,
)


@dataclass(frozen=True)
class Icon:
    """A round icon drawn by the pack: a colour role, the letter inside it (or a mark drawn
    for common cause), and the words a screen reader and the page give for it."""

    role: str  # a brand colour role, e.g. "spc.improving"
    letter: str  # "H", "L", "P", "F", "?", or "" for common cause's line of dots
    words: str


@dataclass(frozen=True)
class Variation:
    """An indicator's XmR reading: its chart lines and flagged months, and its two icons."""

    mean: float
    lower: float
    upper: float
    special: tuple[str, ...]  # per month charted: IMPROVING, CONCERNING, NEITHER or ""
    variation: Icon
    assurance: Icon | None  # None without a target or a better direction
    points: int  # the figures the limits come from
    kind: str  # the latest point's variation: COMMON, IMPROVING, CONCERNING or NEITHER
    assured: str  # PASS, FAIL, HIT_AND_MISS or ""


VARIATION_ROLES = {
    COMMON: "spc.common",
    IMPROVING: "spc.improving",
    CONCERNING: "spc.concerning",
    NEITHER: "spc.neither",
}
ASSURANCE_ICONS = {
    PASS: ("spc.improving", "P"),
    FAIL: ("spc.concerning", "F"),
    HIT_AND_MISS: ("spc.common", "?"),
}


def series_variation(
    values: Sequence[float | None], polarity: str, target: float | None, unit: str
) -> Variation | None:
    """Give the variation of the monthly `values` of an indicator of `polarity`, `target` and
    `unit`, or None when it has fewer than `spc.MIN_POINTS` figures."""
    chart = xmr(
        values,
        polarity,
        target,
        floor=0.0 if min((v for v in values if v is not None), default=0) >= 0 else None,
        ceiling=100.0 if unit == "%" else None,
    )
    if chart is None:
        return None
    return Variation(
        mean=chart.mean,
        lower=chart.lower,
        upper=chart.upper,
        special=tuple(
            _point_kind(chart, value, polarity) if flagged else ""
            for value, flagged in zip(values, chart.special, strict=True)
        ),
        variation=Icon(
            role=VARIATION_ROLES[chart.variation],
            letter={"high": "H", "low": "L"}.get(chart.side, ""),
            words=chart.variation_words,
        ),
        assurance=Icon(
            role=ASSURANCE_ICONS[chart.assurance][0],
            letter=ASSURANCE_ICONS[chart.assurance][1],
            words=chart.assurance_words,
        )
        if chart.assurance
        else None,
        points=chart.points,
        kind=chart.variation,
        assured=chart.assurance,
    )


def _point_kind(chart: Xmr, value: float | None, polarity: str) -> str:
    if value is None:
        return ""
    return variation("high" if value > chart.mean else "low", polarity)


def too_short(months: int) -> str:
    """Give why a chart of `months` figures makes no variation claim."""
    return (
        f"A run chart: {months} month{'s' if months != 1 else ''} of figures, and variation is "
        f"judged from {MIN_POINTS} (Making Data Count)."
    )
