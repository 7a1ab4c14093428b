"""A section's pages: its title and summary, then each indicator's chart, facts, months and
commentary."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table

from report import charts
from report.model import IndicatorPage, SectionPage
from report.pages.style import (
    Badge,
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
    flowables = [
        CondPageBreak(120 * mm),
        heading(page.title, styles.h1, (0, page.title, page.key, True)),
        Paragraph(safe(page.summary), styles.lead) if page.summary else Spacer(1, 4),
    ]
    for indicator in page.indicators:
        flowables += _indicator(indicator, look, width)
    return flowables


def _indicator(page: IndicatorPage, look: Look, width: float) -> list:
    styles = look.styles
    title = heading(page.title, styles.h2, (1, page.title, page.key, True))
    box = charts.ChartBox(width=min(118 * mm, width * 0.64))
    chart = charts.trend_chart(page.chart, look.brand, look.fonts, box)
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
    return [
        CondPageBreak(70 * mm),
        KeepTogether([title, top, Spacer(1, 2 * mm), *_month_strips(page, look, width)]),
        *(Paragraph(markup(notice), styles.body) for notice in page.notices),
        Paragraph(safe(page.commentary_title), styles.h3),
        Paragraph(safe(page.commentary), styles.body)
        if page.commentary
        else Paragraph(safe(page.no_commentary), styles.muted),
        Spacer(1, 5 * mm),
    ]


def _facts(page: IndicatorPage, look: Look, width: float) -> Table:
    styles = look.styles
    headline = [Paragraph(safe(page.figure), styles.figure)]
    if page.companion:
        headline.append(Paragraph(safe(page.companion), styles.muted))
    rows = [
        [Paragraph(safe(page.month), styles.h3), ""],
        [headline, ""],
        [Badge(page.rag, look, 14, word=True), ""],
        [Paragraph(markup(page.since), styles.cell), ""],
        *(
            [Paragraph(safe(name), styles.cell), Paragraph(safe(text), styles.cell_right)]
            for name, text in page.benchmarks
        ),
        [Paragraph(safe(page.polarity), styles.muted), ""],
    ]
    last = len(rows) - 1
    first_benchmark = last - len(page.benchmarks)
    style = (
        panel_style(look)
        + [("SPAN", (0, r), (1, r)) for r in (0, 1, 2, 3, last)]
        + [
            ("LINEABOVE", (0, first_benchmark), (-1, first_benchmark), 0.5, look.colour("rule")),
            ("LINEABOVE", (0, last), (-1, last), 0.5, look.colour("rule")),
            ("TOPPADDING", (0, 0), (-1, 0), 7),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ]
    )
    return table(rows, style, styles, colWidths=[width * 0.55, width * 0.45])


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
