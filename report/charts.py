"""Vector drawings for the pack: trend charts, RAG badges and the logo, with reportlab.graphics.

Drawn directly as reportlab shapes so that charts are vectors in the PDF, set in
the brand's embedded fonts, and cost little time (no plotting library per chart).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import (
    Circle,
    Drawing,
    Group,
    Image,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)
from reportlab.lib.colors import HexColor

from report.assess import show
from report.brand import Brand
from report.fonts import Fonts
from report.model import Indicator
from report.scale import axis_range, on_scale, spread
from report.text import month_abbr

# Reference lines differ by dash pattern as well as colour, so they read in greyscale.
DASHES = {"target": (5, 2.5), "national": (1.2, 2.2), "comparator": (6, 2, 1.2, 2)}
REFERENCE_WORDS = {"target": "Target", "national": "National", "comparator": "Comparator"}
RAG_ROLES = {"R": "red", "A": "amber", "G": "green", "": "none"}


@dataclass(frozen=True)
class ChartBox:
    """The size of a trend chart and the margins around its plot area, in points."""

    width: float = 330
    height: float = 170
    left: float = 34
    right: float = 100  # the gutter where reference lines are labelled
    bottom: float = 30
    top: float = 18


def colour(brand: Brand, role: str) -> HexColor:
    """Give the reportlab colour of the brand `role`."""
    return HexColor(brand.colour(role))


def trend_chart(indicator: Indicator, brand: Brand, fonts: Fonts, box: ChartBox) -> Drawing:
    """Give the trend chart of `indicator`: its figures, target and benchmarks, labelled."""
    drawing = _drawing(box.width, box.height, fonts)
    months = indicator.months
    values = [m.value for m in months if m.value is not None]
    references = {
        role: number
        for role, number in (
            ("target", indicator.target),
            ("national", indicator.national),
            ("comparator", indicator.comparator),
        )
        if number is not None
    }
    shown = {role: n for role, n in references.items() if on_scale(n, values)}
    left, right = box.left, box.width - box.right
    bottom, top = box.bottom, box.height - box.top
    if not values and not shown:
        drawing.add(
            _text(
                "No figures to chart",
                (left + right) / 2,
                (bottom + top) / 2,
                fonts.italic,
                8,
                colour(brand, "muted"),
                "middle",
            )
        )
        return drawing
    ticks = axis_range(
        values or list(shown.values()), list(shown.values()), indicator.unit == "count"
    )

    def y_of(number: float) -> float:
        return bottom + (number - ticks[0]) / (ticks[-1] - ticks[0]) * (top - bottom)

    step = (right - left) / max(len(months), 1)

    def x_of(index: int) -> float:
        return left + step * (index + 0.5)

    drawing.add(_grid(ticks, y_of, left, right, indicator.unit, brand, fonts))
    drawing.add(_month_axis(months, x_of, bottom, brand, fonts))
    drawing.add(
        _references(references, shown, y_of, left, right, box, indicator.unit, brand, fonts)
    )
    lines = [y_of(number) for number in shown.values()]
    drawing.add(_figures(months, x_of, y_of, indicator.unit, lines, brand, fonts))
    drawing.add(
        _text(
            _unit_caption(indicator.unit),
            left - 4,
            box.height - 9,
            fonts.regular,
            6.5,
            colour(brand, "muted"),
            "start",
        )
    )
    return drawing


def _unit_caption(unit: str) -> str:
    return {"%": "Per cent", "per 10k": "Rate per 10,000 children", "count": "Number"}.get(unit, "")


def _grid(ticks, y_of, left, right, unit, brand, fonts) -> Group:
    group = Group()
    for tick in ticks:
        y = y_of(tick)
        group.add(Line(left, y, right, y, strokeColor=colour(brand, "chart.grid"), strokeWidth=0.5))
        group.add(
            _text(
                show(tick, _label_unit(unit)),
                left - 4,
                y - 2.5,
                fonts.regular,
                6.5,
                colour(brand, "muted"),
                "end",
            )
        )
    group.add(
        Line(
            left,
            y_of(ticks[0]),
            right,
            y_of(ticks[0]),
            strokeColor=colour(brand, "rule"),
            strokeWidth=0.8,
        )
    )
    return group


def _month_axis(months, x_of, bottom, brand, fonts) -> Group:
    group = Group()
    every = 1 if len(months) <= 7 else 2
    last = len(months) - 1
    shown_year = ""
    for index, month in enumerate(months):
        # With a year of months, every other label keeps them apart; the latest is always shown.
        if (index % every and index != last) or (index == last - 1 and every > 1):
            continue
        x = x_of(index)
        group.add(
            _text(
                month_abbr(month.period),
                x,
                bottom - 10,
                fonts.regular,
                6.5,
                colour(brand, "ink"),
                "middle",
            )
        )
        if month.period[:4] != shown_year:
            shown_year = month.period[:4]
            group.add(
                _text(
                    month.period[:4],
                    x,
                    bottom - 19,
                    fonts.regular,
                    6,
                    colour(brand, "muted"),
                    "middle",
                )
            )
    return group


def _references(references, shown, y_of, left, right, box, unit, brand, fonts) -> Group:
    group = Group()
    roles = list(references)
    wanted = [y_of(shown[r]) if r in shown else box.height - box.top for r in roles]
    placed = spread(wanted, 10, box.bottom, box.height - box.top)
    for role, label_y in zip(roles, placed, strict=True):
        ink = colour(brand, f"chart.{role}")
        words = f"{REFERENCE_WORDS[role]} {show(references[role], unit)}"
        if role in shown:
            y = y_of(shown[role])
            group.add(
                Line(
                    left,
                    y,
                    right,
                    y,
                    strokeColor=ink,
                    strokeWidth=1.1,
                    strokeDashArray=DASHES[role],
                )
            )
            group.add(Line(right, y, right + 6, label_y, strokeColor=ink, strokeWidth=0.5))
        else:
            words += " (off scale)"
        group.add(
            Line(
                right + 6,
                label_y,
                right + 16,
                label_y,
                strokeColor=ink,
                strokeWidth=1.1,
                strokeDashArray=DASHES[role],
            )
        )
        group.add(_text(words, right + 19, label_y - 2.3, fonts.regular, 6.5, ink, "start"))
    return group


def _figures(months, x_of, y_of, unit, lines, brand, fonts) -> Group:
    group = Group()
    ink = colour(brand, "chart.figure")
    runs: list[list[float]] = [[]]
    for index, month in enumerate(months):
        if month.value is None:
            runs.append([])
        else:
            runs[-1].extend((x_of(index), y_of(month.value)))
    for run in runs:
        if len(run) >= 4:
            group.add(PolyLine(run, strokeColor=ink, strokeWidth=1.8, strokeLineJoin=1))
    labelled = _labelled(months)
    for index, month in enumerate(months):
        if month.value is None:
            continue
        x, y = x_of(index), y_of(month.value)
        marker = Circle(x, y, 2.6, fillColor=colour(brand, "heading_ink"), strokeColor=ink)
        marker.strokeWidth = 1.4
        group.add(marker)
        if index in labelled:
            words = show(month.value, _label_unit(unit))
            at_x, at_y, anchor = label_place(x, y, lines)
            group.add(_text(words, at_x, at_y, fonts.bold, 6.5, colour(brand, "ink"), anchor))
    return group


def label_place(x: float, y: float, lines: list[float]) -> tuple[float, float, str]:
    """Give where a point's label goes (x, baseline, anchor): above the point, else below it,
    else beside it, whichever no reference line crosses."""
    for baseline in (y + 5.5, y - 10.5):
        if not any(baseline - 2 <= line <= baseline + 7 for line in lines):
            return x, baseline, "middle"
    return x + 5, y - 2.3, "start"


def _label_unit(unit: str) -> str:
    # "per 10k" is in the chart's caption; on every tick and point it only crowds the numbers.
    return "%" if unit == "%" else ""


def _labelled(months) -> set[int]:
    """Give the indexes of months whose figure is printed on the chart: all, or the telling ones."""
    numbered = [i for i, m in enumerate(months) if m.value is not None]
    if len(numbered) <= 7:
        return set(numbered)
    highest = max(numbered, key=lambda i: months[i].value)
    lowest = min(numbered, key=lambda i: months[i].value)
    return {numbered[0], numbered[-1], highest, lowest}


def logo(brand: Brand, fonts: Fonts, size: float) -> Drawing:
    """Give the brand's logo, `size` points square: its vector shapes, or its image."""
    drawing = _drawing(size, size, fonts)
    if brand.logo_image:
        drawing.add(Image(0, 0, size, size, str(brand.logo_image)))
        return drawing
    group = Group()
    for shape in brand.logo_shapes:
        fill = colour(brand, shape.fill)
        n = shape.numbers
        if shape.kind == "polygon":
            group.add(Polygon(list(n), fillColor=fill, strokeColor=None))
        elif shape.kind == "circle":
            group.add(Circle(n[0], n[1], n[2], fillColor=fill, strokeColor=None))
        else:
            group.add(Rect(n[0], n[1], n[2], n[3], fillColor=fill, strokeColor=None))
    group.scale(size / 100, size / 100)
    drawing.add(group)
    return drawing


def _drawing(width: float, height: float, fonts: Fonts) -> Drawing:
    # A drawing otherwise starts in Helvetica, which would add an unembedded font to the PDF.
    return Drawing(width, height, initialFontName=fonts.regular, initialFontSize=8)


def _text(words: str, x: float, y: float, font: str, size: float, ink, anchor: str) -> String:
    return String(x, y, words, fontName=font, fontSize=size, fillColor=ink, textAnchor=anchor)
