"""Vector drawings for the pack: trend charts (from the page model's chart data) and the logo,
with reportlab.graphics.

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

from report.brand import Brand
from report.fonts import Fonts
from report.model import Chart
from report.scale import label_width, place_labels, spread

# Reference lines differ by dash pattern as well as colour, so they read in greyscale; an
# XmR chart's mean is a thin solid line and its limits are dashed.
DASHES = {
    "target": (5, 2.5),
    "national": (1.2, 2.2),
    "comparator": (6, 2, 1.2, 2),
    "mean": (),
    "upper": (3, 1.5),
    "lower": (3, 1.5),
}
LINE_COLOURS = {
    "target": "chart.target",
    "national": "chart.national",
    "comparator": "chart.comparator",
    "mean": "chart.mean",
    "upper": "chart.limit",
    "lower": "chart.limit",
}
RAG_ROLES = {"R": "red", "A": "amber", "G": "green", "": "none"}
# Chart words: 8 pt, the least the pack prints anywhere.
CHART_TEXT = 8
MARKER = 2.6  # a point's radius


@dataclass(frozen=True)
class ChartBox:
    """The size of a trend chart and the margins around its plot area, in points."""

    width: float = 330
    height: float = 160
    left: float = 34
    right: float = 108  # the gutter where reference lines are labelled
    bottom: float = 30
    top: float = 18


def colour(brand: Brand, role: str) -> HexColor:
    """Give the reportlab colour of the brand `role`."""
    return HexColor(brand.colour(role))


def trend_chart(chart: Chart, brand: Brand, fonts: Fonts, box: ChartBox) -> Drawing:
    """Give the drawing of `chart`: its figures, target and benchmarks, labelled."""
    drawing = _drawing(box.width, box.height, fonts)
    left, right = box.left, box.width - box.right
    bottom, top = box.bottom, box.height - box.top
    if chart.empty:
        drawing.add(
            _text(
                chart.empty,
                (left + right) / 2,
                (bottom + top) / 2,
                fonts.italic,
                8,
                colour(brand, "muted"),
                "middle",
            )
        )
        return drawing
    ticks = chart.ticks

    def y_of(number: float) -> float:
        return bottom + (number - ticks[0]) / (ticks[-1] - ticks[0]) * (top - bottom)

    step = (right - left) / max(len(chart.points), 1)

    def x_of(index: int) -> float:
        return left + step * (index + 0.5)

    drawing.add(_grid(chart, y_of, left, right, brand, fonts))
    drawing.add(_month_axis(chart.points, x_of, bottom, brand, fonts))
    drawing.add(_references(chart.lines, y_of, left, right, box, brand, fonts))
    lines = [y_of(line.value) for line in chart.lines if line.on_scale]
    drawing.add(_figures(chart.points, x_of, y_of, lines, brand, fonts))
    drawing.add(
        _text(
            chart.caption,
            left - 4,
            box.height - 9,
            fonts.regular,
            CHART_TEXT,
            colour(brand, "muted"),
            "start",
        )
    )
    return drawing


def _grid(chart: Chart, y_of, left, right, brand, fonts) -> Group:
    group = Group()
    for tick, label in zip(chart.ticks, chart.tick_labels, strict=True):
        y = y_of(tick)
        group.add(Line(left, y, right, y, strokeColor=colour(brand, "chart.grid"), strokeWidth=0.5))
        group.add(
            _text(label, left - 4, y - 2.5, fonts.regular, CHART_TEXT, colour(brand, "muted"), "end")
        )
    group.add(
        Line(
            left,
            y_of(chart.ticks[0]),
            right,
            y_of(chart.ticks[0]),
            strokeColor=colour(brand, "rule"),
            strokeWidth=0.8,
        )
    )
    return group


def _month_axis(points, x_of, bottom, brand, fonts) -> Group:
    group = Group()
    for index, point in enumerate(points):
        if not point.month:
            continue
        x = x_of(index)
        group.add(
            _text(point.month, x, bottom - 10, fonts.regular, CHART_TEXT, colour(brand, "ink"), "middle")
        )
        if point.year:
            group.add(
                _text(
                    point.year, x, bottom - 19, fonts.regular, CHART_TEXT, colour(brand, "muted"), "middle"
                )
            )
    return group


def _references(lines, y_of, left, right, box, brand, fonts) -> Group:
    group = Group()
    wanted = [y_of(line.value) if line.on_scale else box.height - box.top for line in lines]
    placed = spread(wanted, 10, box.bottom, box.height - box.top)
    for line, label_y in zip(lines, placed, strict=True):
        ink = colour(brand, LINE_COLOURS[line.role])
        if line.on_scale:
            y = y_of(line.value)
            group.add(
                Line(
                    left,
                    y,
                    right,
                    y,
                    strokeColor=ink,
                    strokeWidth=0.8 if line.role in ("mean", "upper", "lower") else 1.1,
                    strokeDashArray=DASHES[line.role] or None,
                )
            )
            group.add(Line(right, y, right + 6, label_y, strokeColor=ink, strokeWidth=0.5))
        group.add(
            Line(
                right + 6,
                label_y,
                right + 16,
                label_y,
                strokeColor=ink,
                strokeWidth=1.1,
                strokeDashArray=DASHES[line.role] or None,
            )
        )
        group.add(
            _text(line.label, right + 19, label_y - 2.3, fonts.regular, CHART_TEXT, ink, "start")
        )
    return group


def _figures(points, x_of, y_of, lines, brand, fonts) -> Group:
    group = Group()
    ink = colour(brand, "chart.figure")
    at = [
        (x_of(index), y_of(point.value)) if point.value is not None else None
        for index, point in enumerate(points)
    ]
    places = place_labels(
        at, [label_width(p.label, CHART_TEXT) if p.label else 0 for p in points], lines,
        CHART_TEXT, MARKER,
    )
    runs: list[list[float]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            runs.append([])
        else:
            runs[-1].extend((x_of(index), y_of(point.value)))
    for run in runs:
        if len(run) >= 4:
            group.add(PolyLine(run, strokeColor=ink, strokeWidth=1.8, strokeLineJoin=1))
    for point, xy, place in zip(points, at, places, strict=True):
        if xy is None:
            continue
        x, y = xy
        # A month of special cause is filled with its variation's colour (Making Data Count).
        fill = f"spc.{point.special}" if point.special else "heading_ink"
        edge = colour(brand, f"spc.{point.special}") if point.special else ink
        marker = Circle(x, y, MARKER, fillColor=colour(brand, fill), strokeColor=edge)
        marker.strokeWidth = 1.4
        group.add(marker)
        if place:
            at_x, at_y, anchor = place
            group.add(
                _text(point.label, at_x, at_y, fonts.bold, CHART_TEXT, colour(brand, "ink"), anchor)
            )
    return group


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
