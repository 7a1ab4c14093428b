"""The scorecard: every indicator by section, a column per month, on portrait or landscape pages."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph

from report.model import Scorecard
from report.pages.style import Look, figure_badge, grid_style, head_row, heading, table
from report.text import safe


def story(card: Scorecard, look: Look, width: float, wide: bool) -> list:
    """Give the scorecard's flowables, `width` wide, on landscape pages when `wide`."""
    styles = look.styles
    months = len(card.months)
    # Ref, Target, National, Comparator and Travel; the name takes what the months leave.
    fixed = [10 * mm, 14 * mm, 16 * mm, 21 * mm, 21 * mm]
    month_width = min(17 * mm, (width - sum(fixed) - 55 * mm) / months)
    name_width = width - sum(fixed) - month_width * months
    widths = [fixed[0], name_width, *fixed[1:4], *[month_width] * months, fixed[4]]
    head = head_row(card.heads, styles)
    head += [
        Paragraph(f"{safe(month)}<br/>{safe(year)}", styles.head_centre)
        for month, year in card.months
    ]
    head += [Paragraph(safe(card.travel_head), styles.head)]
    rows, style = (
        [head],
        grid_style(look)
        + [
            ("TOPPADDING", (0, 1), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 1),
            # Month columns are narrow on a year's scorecard: "2021" must fit its head at 8 pt.
            ("LEFTPADDING", (5, 0), (-2, -1), 1),
            ("RIGHTPADDING", (5, 0), (-2, -1), 1),
            ("ALIGN", (5, 1), (-2, -1), "CENTER"),
        ],
    )
    for group in card.groups:
        rows.append([Paragraph(safe(group.title), styles.cell_bold)] + [""] * (len(head) - 1))
        row = len(rows) - 1
        style += [
            ("SPAN", (0, row), (-1, row)),
            ("BACKGROUND", (0, row), (-1, row), look.colour("accent_light")),
        ]
        for line in group.rows:
            rows.append(
                [
                    Paragraph(safe(line.indicator.ref), styles.tight_bold),
                    Paragraph(safe(line.indicator.name), styles.tight),
                    *(Paragraph(safe(text), styles.tight_centre) for text in line.benchmarks),
                    *(figure_badge(mark, look, tight=True) for mark in line.marks),
                    Paragraph(
                        "<br/>".join(
                            f"<b>{safe(moved.arrow)}</b> {safe(moved.word)}"
                            for moved in (line.count_travel, line.travel)
                            if moved is not None
                        ),
                        styles.tight,
                    ),
                ]
            )
    return [
        NextPageTemplate("wide" if wide else "body"),
        PageBreak(),
        heading(card.title, styles.h1, (0, card.title, card.key, True)),
        Paragraph(safe(card.lead), styles.lead),
        table(rows, style, styles, colWidths=widths, repeatRows=1),
        NextPageTemplate("body"),
        PageBreak(),
    ]
