"""Trend charts and the logo as inline SVG, drawn to the print pack's geometry (`report.charts`).

Every word is escaped; the chart is one `role="img"` with a `<title>` and a `<desc>`, and
nothing inside it is read out piece by piece.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from report.brand import Brand
from report.charts import CHART_TEXT, DASHES, LINE_COLOURS, MARKER, ChartBox
from report.model import Chart
from report.scale import label_width, place_labels, spread
from report.variation import Icon


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


class _Canvas:
    """SVG elements in the print pack's coordinates (origin bottom left), flipped on output."""

    def __init__(self, box: ChartBox, brand: Brand):
        self.box, self.brand, self.parts = box, brand, []

    def y(self, y: float) -> str:
        return _number(self.box.height - y)

    def line(self, x1, y1, x2, y2, role: str, width: float, dash: tuple = ()) -> None:
        dashes = f' stroke-dasharray="{" ".join(_number(d) for d in dash)}"' if dash else ""
        self.parts.append(
            f'<line x1="{_number(x1)}" y1="{self.y(y1)}" x2="{_number(x2)}" y2="{self.y(y2)}" '
            f'stroke="{self.brand.colour(role)}" stroke-width="{_number(width)}"{dashes}/>'
        )

    def polyline(self, points: list[tuple[float, float]], role: str, width: float) -> None:
        joined = " ".join(f"{_number(x)},{self.y(y)}" for x, y in points)
        self.parts.append(
            f'<polyline points="{joined}" fill="none" stroke="{self.brand.colour(role)}" '
            f'stroke-width="{_number(width)}" stroke-linejoin="round"/>'
        )

    def circle(self, x: float, y: float, radius: float, fill: str, stroke: str) -> None:
        self.parts.append(
            f'<circle cx="{_number(x)}" cy="{self.y(y)}" r="{_number(radius)}" '
            f'fill="{self.brand.colour(fill)}" stroke="{self.brand.colour(stroke)}" '
            'stroke-width="1.4"/>'
        )

    def text(
        self,
        words: str,
        x: float,
        y: float,
        size: float,
        role: str,
        anchor: str,
        bold: bool = False,
        italic: bool = False,
    ) -> None:
        style = (' font-weight="bold"' if bold else "") + (' font-style="italic"' if italic else "")
        self.parts.append(
            f'<text x="{_number(x)}" y="{self.y(y)}" font-size="{_number(size)}" '
            f'fill="{self.brand.colour(role)}" text-anchor="{anchor}"{style}>{escape(words)}</text>'
        )


def trend_svg(chart: Chart, brand: Brand, ident: str, box: ChartBox | None = None) -> Markup:
    """Give `chart` as an inline SVG image titled and described for a screen reader; `ident`
    makes its element ids unique in the page."""
    box = box or ChartBox()
    canvas = _Canvas(box, brand)
    left, right = box.left, box.width - box.right
    bottom, top = box.bottom, box.height - box.top
    if chart.empty:
        canvas.text(
            chart.empty, (left + right) / 2, (bottom + top) / 2, 8, "muted", "middle", italic=True
        )
    else:
        _draw(chart, canvas, left, right, bottom, top)
    return Markup(
        f'<svg class="chart" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'viewBox="0 0 {_number(box.width)} {_number(box.height)}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(chart.title)}</title>'
        f'<desc id="{ident}-desc">{escape(chart.description)}</desc>'
        + "".join(canvas.parts)
        + "</svg>"
    )


def _draw(chart: Chart, canvas: _Canvas, left, right, bottom, top) -> None:
    ticks, box = chart.ticks, canvas.box

    def y_of(number: float) -> float:
        return bottom + (number - ticks[0]) / (ticks[-1] - ticks[0]) * (top - bottom)

    step = (right - left) / max(len(chart.points), 1)

    def x_of(index: int) -> float:
        return left + step * (index + 0.5)

    for tick, label in zip(ticks, chart.tick_labels, strict=True):
        canvas.line(left, y_of(tick), right, y_of(tick), "chart.grid", 0.5)
        canvas.text(label, left - 4, y_of(tick) - 2.5, CHART_TEXT, "muted", "end")
    canvas.line(left, y_of(ticks[0]), right, y_of(ticks[0]), "rule", 0.8)
    for index, point in enumerate(chart.points):
        if point.month:
            canvas.text(point.month, x_of(index), bottom - 10, CHART_TEXT, "ink", "middle")
        if point.year:
            canvas.text(point.year, x_of(index), bottom - 19, CHART_TEXT, "muted", "middle")
    wanted = [y_of(line.value) if line.on_scale else top for line in chart.lines]
    for line, label_y in zip(chart.lines, spread(wanted, 10, bottom, top), strict=True):
        role = LINE_COLOURS[line.role]
        if line.on_scale:
            thin = line.role in ("mean", "upper", "lower")
            canvas.line(
                left, y_of(line.value), right, y_of(line.value), role, 0.8 if thin else 1.1,
                DASHES[line.role],
            )
            canvas.line(right, y_of(line.value), right + 6, label_y, role, 0.5)
        canvas.line(right + 6, label_y, right + 16, label_y, role, 1.1, DASHES[line.role])
        canvas.text(line.label, right + 19, label_y - 2.3, CHART_TEXT, role, "start")
    runs: list[list[tuple[float, float]]] = [[]]
    for index, point in enumerate(chart.points):
        if point.value is None:
            runs.append([])
        else:
            runs[-1].append((x_of(index), y_of(point.value)))
    for run in runs:
        if len(run) >= 2:
            canvas.polyline(run, "chart.figure", 1.8)
    lines = [y_of(line.value) for line in chart.lines if line.on_scale]
    at = [
        (x_of(index), y_of(point.value)) if point.value is not None else None
        for index, point in enumerate(chart.points)
    ]
    widths = [label_width(p.label, CHART_TEXT) if p.label else 0 for p in chart.points]
    places = place_labels(at, widths, lines, CHART_TEXT, MARKER)
    for point, xy, place in zip(chart.points, at, places, strict=True):
        if xy is None:
            continue
        special = f"spc.{point.special}" if point.special else ""
        canvas.circle(*xy, MARKER, special or "heading_ink", special or "chart.figure")
        if place:
            canvas.text(point.label, *place[:2], CHART_TEXT, "ink", place[2], bold=True)
    canvas.text(chart.caption, left - 4, box.height - 9, CHART_TEXT, "muted", "start")


def icon_svg(icon: Icon, brand: Brand, ident: str) -> Markup:
    """Give a variation or assurance `icon` as an inline SVG image titled with its words, drawn
    as the print pack draws it (a disc with its white letter, or common cause's dots); `ident`
    makes its title's id unique in the page."""
    fill, white = brand.colour(icon.role), brand.colour("heading_ink")
    if icon.letter:
        inside = (
            f'<text x="10" y="14.2" font-size="12" font-weight="bold" text-anchor="middle" '
            f'fill="{white}">{escape(icon.letter)}</text>'
        )
    else:
        inside = "".join(
            f'<circle cx="{_number(4.4 + 2.8 * n)}" cy="{_number(10 - 20 * lift)}" r="1.3" '
            f'fill="{white}"/>'
            for n, lift in enumerate((0, 0.12, -0.08, 0.1, -0.05))
        )
    return Markup(
        f'<svg class="icon" role="img" aria-labelledby="{ident}" viewBox="0 0 20 20" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}">{escape(icon.words)}</title>'
        f'<circle cx="10" cy="10" r="9.7" fill="{fill}"/>{inside}</svg>'
    )


def logo_svg(brand: Brand) -> Markup:
    """Give the brand's vector logo as an inline SVG image named "`organisation` logo"."""
    parts = []
    for shape in brand.logo_shapes:
        fill = brand.colour(shape.fill)
        n = [_number(v) for v in shape.numbers]
        if shape.kind == "polygon":
            points = " ".join(
                f"{n[i]},{_number(100 - shape.numbers[i + 1])}" for i in range(0, len(n), 2)
            )
            parts.append(f'<polygon points="{points}" fill="{fill}"/>')
        elif shape.kind == "circle":
            parts.append(
                f'<circle cx="{n[0]}" cy="{_number(100 - shape.numbers[1])}" r="{n[2]}" fill="{fill}"/>'
            )
        else:
            top = _number(100 - shape.numbers[1] - shape.numbers[3])
            parts.append(
                f'<rect x="{n[0]}" y="{top}" width="{n[2]}" height="{n[3]}" fill="{fill}"/>'
            )
    return Markup(
        '<svg class="logo" role="img" aria-labelledby="logo-title" viewBox="0 0 100 100" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="logo-title">{escape(brand.organisation)} logo</title>'
        + "".join(parts)
        + "</svg>"
    )
