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


def axis_range(values: Sequence[float], references: Sequence[float], counts: bool) -> list[float]:
    """Give the ticks of an axis showing `values` and `references`; from zero for `counts` near it."""
    shown = [*values, *references]
    low, high = min(shown), max(shown)
    span = (high - low) or abs(high) or 1.0
    low, high = low - span * 0.15, high + span * 0.15
    if min(shown) >= 0 and (low < 0 or (counts and low < span)):
        low = 0.0
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
