"""Chart arithmetic: axis ticks and label positions. Pure numbers, no drawing."""

from __future__ import annotations

import math
from collections.abc import Sequence

NICE_STEPS = (1, 2, 2.5, 5, 10)


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Give at most `most` + 1 evenly spaced round ticks that cover `low` to `high`."""
    if high < low:
        low, high = high, low
    if high - low < 1e-9:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in NICE_STEPS if s * power >= raw)
    start = math.floor(low / step + 1e-9) * step
    ticks = []
    tick = start
    while tick < high + step - 1e-9 and len(ticks) <= most + 1:
        ticks.append(round(tick, 10))
        tick += step
    return ticks


def axis_range(
    values: Sequence[float],
    references: Sequence[float],
    counts: bool,
    ceiling: float | None = None,
) -> list[float]:
    """Give the ticks of an axis showing `values` and `references`; from zero for `counts` near
    it, and ending at `ceiling` (100 for a percentage) unless something shown passes it."""
    shown = [*values, *references]
    low, high = min(shown), max(shown)
    span = (high - low) or abs(high) or 1.0
    low, high = low - span * 0.15, high + span * 0.15
    if min(shown) >= 0 and (low < 0 or (counts and low < span)):
        low = 0.0
    if ceiling is not None and max(shown) <= ceiling:
        high = min(high, ceiling)
        if low >= high:
            low = high - span
    # A round step (1, 2, 2.5 or 5 × 10ⁿ, at most 25 below 100) divides 100, so an axis that
    # reaches the ceiling ends on it.
    return nice_ticks(low, high)


def on_scale(reference: float, values: Sequence[float]) -> bool:
    """Give True when `reference` is close enough to `values` to share their axis."""
    if not values:
        return True
    low, high = min(values), max(values)
    reach = max(high - low, abs(high), abs(low)) * 2
    return low - reach <= reference <= high + reach


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Give positions near `wanted` (any order) at least `gap` apart, kept within `low`..`high`."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [min(max(wanted[i], low), high) for i in order]
    for n in range(1, len(placed)):
        placed[n] = max(placed[n], placed[n - 1] + gap)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [p - overflow for p in placed]
        for n in range(len(placed) - 2, -1, -1):
            placed[n] = min(placed[n], placed[n + 1] - gap)
    result = [0.0] * len(wanted)
    for n, i in enumerate(order):
        result[i] = placed[n]
    return result


Box = tuple[float, float, float, float]  # left, bottom, right, top


def label_box(x: float, baseline: float, anchor: str, width: float, size: float) -> Box:
    """Give the box a label `width` wide in a font of `size` takes at (`x`, `baseline`)."""
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left, baseline - size * 0.25, left + width, baseline + size * 0.8)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """Give True when the segment from `start` to `end` passes through `box`."""
    for step in range(21):
        t = step / 20
        x, y = start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            return True
    return False


def place_labels(
    points: Sequence[tuple[float, float] | None],
    widths: Sequence[float],
    lines: Sequence[float],
    size: float,
    radius: float,
) -> list[tuple[float, float, str] | None]:
    """Give where each point's label goes (x, baseline, anchor), or None for a point without
    a label (`widths` 0) or a value: above, below, right or left of its point, the first
    place that covers no marker of `radius`, no segment of the line joining the points, no
    horizontal line at a height in `lines` and no label already placed; None when none is
    free."""
    markers = [
        (p[0] - radius, p[1] - radius, p[0] + radius, p[1] + radius) for p in points if p
    ]
    segments = [
        (points[i], points[i + 1])
        for i in range(len(points) - 1)
        if points[i] is not None and points[i + 1] is not None
    ]
    placed: list[Box] = []
    result: list[tuple[float, float, str] | None] = []
    for point, width in zip(points, widths, strict=True):
        if point is None or not width:
            result.append(None)
            continue
        x, y = point
        gap = radius + 2
        candidates = [
            (x, y + gap + size * 0.25, "middle"),
            (x, y - gap - size * 0.8, "middle"),
            (x + gap, y - size * 0.3, "start"),
            (x - gap, y - size * 0.3, "end"),
            (x, y + gap + size * 1.3, "middle"),
            (x, y - gap - size * 1.85, "middle"),
        ]

        def free(candidate: tuple[float, float, str], width: float = width) -> bool:
            box = label_box(candidate[0], candidate[1], candidate[2], width, size)
            return (
                not any(_overlaps(box, other) for other in (*markers, *placed))
                and not any(_crosses(box, a, b) for a, b in segments)
                and not any(box[1] <= line <= box[3] for line in lines)
            )

        # A label with nowhere free is left off: its figure is in the table under the chart.
        chosen = next((c for c in candidates if free(c)), None)
        if chosen:
            placed.append(label_box(chosen[0], chosen[1], chosen[2], width, size))
        result.append(chosen)
    return result


# Advance widths in em of DejaVu Sans Bold, the brand font, for what chart labels print.
_EM = {".": 0.38, ",": 0.38, "%": 1.0, "-": 0.42, " ": 0.35}


def label_width(text: str, size: float) -> float:
    """Give how wide `text` is in the charts' bold font at `size`, from DejaVu Sans Bold's
    widths (figures 0.7 em; a wider font than most, so a safe estimate for another brand's),
    the same in every renderer so that they place labels alike."""
    return sum(_EM.get(ch, 0.7 if ch.isdigit() else 0.75) for ch in text) * size
