"""A section's pages: its title and summary, then each indicator's chart, facts, months and
commentary."""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

from report import charts
from report.model import IndicatorPage, SectionPage
from report.pages.style import (
    Badge,
    IconMark,
    Look,
    figure_badge,
    grid_style,
    heading,
    markup,
    panel_style,
    table,
)
from report.text import safe

# An indicator's months are shown in rows of at most this many, so that "1033 39.0" fits a line.
STRIP_MONTHS = 7


def section(page: SectionPage, look: Look, width: float) -> list:
    """Give the flowables of the section `page` and its indicators, `width` wide."""
    styles = look.styles
    # The section's heading moves with its first indicator: never alone at a page's foot.
    opening = [
        heading(page.title, styles.h1, (0, page.title, page.key, True)),
        Paragraph(safe(page.summary), styles.lead) if page.summary else Spacer(1, 4),
    ]
    flowables = []
    for number, indicator in enumerate(page.indicators):
        flowables += _indicator(indicator, look, width, opening if number == 0 else [])
    return flowables


def _indicator(page: IndicatorPage, look: Look, width: float, opening: list) -> list:
    styles = look.styles
    title = heading(page.title, styles.h2, (1, page.title, page.key, True))
    box = charts.ChartBox(width=min(118 * mm, width * 0.64))
    chart = charts.trend_chart(page.chart, look.brand, look.fonts, box)
    if page.count_chart is not None:
        # A composite's two measures, each on its own axis: its rate or share, then its count.
        box = replace(box, height=box.height * 0.8)
        chart = [
            charts.trend_chart(page.chart, look.brand, look.fonts, box),
            charts.trend_chart(page.count_chart, look.brand, look.fonts, box),
        ]
    facts = _facts(page, look, width - box.width - 4 * mm)
    top = table(
        [[chart, facts]],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        styles,
        colWidths=[box.width + 4 * mm, width - box.width - 4 * mm],
    )
    told = [
        *(Paragraph(safe(line), styles.small) for line in page.chart.untold),
        *([_variation(page, look, width)] if page.chart.variation else []),
        *([Paragraph(safe(page.printed_ref), styles.small)] if page.printed_ref else []),
    ]
    head = [
        *opening,
        title,
        top,
        *told,
        Spacer(1, 2 * mm),
        *_month_strips(page, look, width),
        *(Paragraph(markup(notice), styles.body) for notice in page.notices),
        Paragraph(safe(page.commentary_title), styles.h3),
        *(Paragraph(f"<b>{safe(note)}</b>", styles.body) for note in page.commentary_notes),
    ]
    commentary = (
        Commentary(page.commentary, styles.body)
        if page.commentary
        else Paragraph(safe(page.no_commentary), styles.muted)
    )
    # The indicator starts a page unless it fits with the start of its commentary: all of a
    # short one, the first lines of a long one. Its commentary never breaks leaving a few lines
    # on a page of their own (`Commentary`), nor its headings at a page's foot.
    return [
        CondPageBreak(height(head, width) + Commentary.least(commentary, width) + 6),
        KeepTogether(head),
        commentary,
        Spacer(1, 5 * mm),
    ]


class Commentary(Paragraph):
    """A commentary that breaks across pages only where each page holds `LINES` of it or more."""

    LINES = 5

    def __init__(self, text: str | None, style, **kwargs):
        # reportlab makes the two parts of a split with text None and their fragments.
        super().__init__(None if text is None else safe(text), style, **kwargs)

    def split(self, available_width: float, available_height: float) -> list:
        self.wrap(available_width, available_height)
        lines = len(self.blPara.lines)
        leading = self.style.leading
        fits = int((available_height - self.getSpaceBefore()) // leading)
        if fits < self.LINES or lines - fits < self.LINES and lines < 2 * self.LINES:
            return []
        fits = min(fits, lines - self.LINES)
        return super().split(available_width, fits * leading + self.getSpaceBefore() + 1e-3)

    @classmethod
    def least(cls, flowable, width: float) -> float:
        """Give the least height of `flowable` that may end a page: all of it when it cannot
        break, else its first `LINES` lines."""
        _, whole = flowable.wrap(width, 1e6)
        if not isinstance(flowable, Commentary) or len(flowable.blPara.lines) < 2 * cls.LINES:
            return whole + flowable.getSpaceBefore()
        return cls.LINES * flowable.style.leading + flowable.getSpaceBefore()


def height(flowables: list, width: float) -> float:
    """Give the height `flowables` take one after another, `width` wide, with their spacing."""
    total = 0.0
    for flowable in flowables:
        _, tall = flowable.wrap(width, 1e6)
        total += tall + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


def _facts(page: IndicatorPage, look: Look, width: float) -> Table:
    styles = look.styles
    headline = [Paragraph(safe(page.figure), styles.figure)]
    if page.companion:
        headline.append(Paragraph(safe(page.companion), styles.muted))
    rows = [
        [Paragraph(safe(page.month), styles.h3), ""],
        [headline, ""],
        [Badge(page.rag, look, 14, word=True, check=bool(page.check)), ""],
        *([[Paragraph(safe(page.check), styles.cell_bold), ""]] if page.check else []),
        [Paragraph(markup(page.since), styles.cell), ""],
        *(
            [Paragraph(safe(name), styles.cell), Paragraph(safe(text), styles.cell_right)]
            for name, text in page.benchmarks
        ),
        *(
            [[Paragraph(safe(page.benchmark_context), styles.muted), ""]]
            if page.benchmark_context
            else []
        ),
        [Paragraph(safe(page.polarity), styles.muted), ""],
    ]
    last = len(rows) - 1
    first_benchmark = last - len(page.benchmarks) - bool(page.benchmark_context)
    style = (
        panel_style(look)
        + [
            ("SPAN", (0, r), (1, r))
            for r in (
                *range(first_benchmark),
                last,
                *([last - 1] if page.benchmark_context else []),
            )
        ]
        + [
            ("LINEABOVE", (0, first_benchmark), (-1, first_benchmark), 0.5, look.colour("rule")),
            ("LINEABOVE", (0, last), (-1, last), 0.5, look.colour("rule")),
            # Rows close together, so that the panel is no taller than the chart beside it.
            ("TOPPADDING", (0, 1), (-1, -1), 1.6),
            ("BOTTOMPADDING", (0, 0), (-1, -2), 1.6),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ]
    )
    return table(rows, style, styles, colWidths=[width * 0.68, width * 0.32])


def _month_strips(page: IndicatorPage, look: Look, width: float) -> list:
    """Give the months of `page` as strips of figure and badge, at most a strip's worth a row."""
    styles = look.styles
    months = page.months
    rows_needed = -(-len(months) // STRIP_MONTHS)
    per_row = -(-len(months) // rows_needed)
    column = min(26 * mm, (width - 20 * mm) / per_row)
    month_head, figure_head = page.strip_heads
    strips = []
    for first in range(0, len(months), per_row):
        chunk = months[first : first + per_row]
        rows = [
            [Paragraph(safe(month_head), styles.head)]
            + [Paragraph(safe(label), styles.head_centre) for label, _ in chunk],
            [Paragraph(safe(figure_head), styles.cell_bold)]
            + [figure_badge(mark, look) for _, mark in chunk],
        ]
        style = grid_style(look) + [("ALIGN", (1, 0), (-1, -1), "CENTER")]
        widths = [20 * mm] + [column] * len(chunk)
        strips += [
            table(rows, style, styles, colWidths=widths, hAlign="LEFT"),
            Spacer(1, 2 * mm),
        ]
    return strips


def _variation(page: IndicatorPage, look: Look, width: float) -> Table:
    """Give the variation and assurance icons of `page`'s XmR chart, each with its words."""
    found = page.chart.variation
    icons = [found.variation, *([found.assurance] if found.assurance else [])]
    cells = []
    for icon in icons:
        cells += [IconMark(icon, look, 18), Paragraph(safe(icon.words), look.styles.small)]
    half = (width - 2 * 24) / len(icons)
    return table(
        [cells],
        [
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
        ],
        look.styles,
        colWidths=[24, half] * len(icons),
        hAlign="LEFT",
    )
