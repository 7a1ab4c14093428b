"""The at-a-glance page: counts by rating, reds for three months, rating moves, travel."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from report.model import AtAGlance, Block
from report.pages.style import (
    Badge,
    IconMark,
    Look,
    block,
    figure_badge,
    grid_style,
    head_row,
    heading,
    markup,
    name_cell,
    panel_style,
    table,
)
from report.text import safe


def story(page: AtAGlance, look: Look, width: float) -> list:
    """Give the flowables of the at-a-glance `page`, `width` wide."""
    styles = look.styles
    flowables = [
        heading(page.title, styles.h1, (0, page.title, page.key, True)),
        Paragraph(safe(page.lead), styles.lead),
        _tiles(page, look, width),
        Spacer(1, 6 * mm),
        *(Paragraph(safe(notice), styles.body) for notice in page.notices),
    ]
    # No ratings to check: the notice above says so, and the page keeps its room.
    if page.checks.rows:
        flowables += block(page.checks, look, width, _checks)
    flowables += block(page.red_runs, look, width, _red_runs)
    flowables += block(page.moves, look, width, _moves)
    flowables += block(page.travel, look, width, _travel)
    if page.variation is not None:
        flowables += block(page.variation, look, width, _variation)
    return flowables


def _tiles(page: AtAGlance, look: Look, width: float) -> Table:
    styles = look.styles
    cells = [
        [
            Badge(tile.rag, look, 16, word=True),
            Spacer(1, 2 * mm),
            Paragraph(safe(tile.count), styles.big),
            Paragraph(safe(tile.change), styles.muted),
        ]
        for tile in page.tiles
    ]
    style = panel_style(look) + [
        ("LINEAFTER", (0, 0), (-2, -1), 4, look.colour("heading_ink")),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
    ]
    return table([cells], style, styles, colWidths=[width / len(cells)] * len(cells))


def _red_runs(block: Block, look: Look, width: float) -> Table:
    styles = look.styles
    rows = [head_row(block.heads, styles)]
    for row in block.rows:
        rows.append(
            [
                name_cell(row.indicator, styles),
                *(figure_badge(mark, look) for mark in row.marks),
                Paragraph(safe(row.target), styles.cell_centre),
            ]
        )
    style = grid_style(look) + [("ALIGN", (1, 0), (-1, -1), "CENTER")]
    columns = len(block.heads) - 1
    return table(
        rows,
        style,
        styles,
        colWidths=[width - columns * 22 * mm, *[22 * mm] * columns],
        repeatRows=1,
    )


def _checks(block: Block, look: Look, width: float) -> Table:
    styles = look.styles
    rows = [head_row(block.heads, styles)]
    for row in block.rows:
        rows.append(
            [
                name_cell(row.indicator, styles),
                Paragraph(safe(row.figure), styles.cell_centre),
                Badge(row.printed, look, 11, check=True),
                Badge(row.expected, look, 11),
                Paragraph(safe(row.reason), styles.cell),
            ]
        )
    style = grid_style(look) + [("ALIGN", (1, 0), (3, -1), "CENTER")]
    widths = [width - 116 * mm, 18 * mm, 16 * mm, 20 * mm, 62 * mm]
    return table(rows, style, styles, colWidths=widths, repeatRows=1)


def _moves(block: Block, look: Look, width: float) -> Table:
    styles = look.styles
    rows = [head_row(block.heads, styles)]
    for row in block.rows:
        rows.append(
            [
                name_cell(row.indicator, styles),
                figure_badge(row.before, look),
                figure_badge(row.after, look),
                Paragraph(markup(row.change), styles.cell),
            ]
        )
    style = grid_style(look) + [("ALIGN", (1, 0), (2, -1), "CENTER")]
    widths = [width - 90 * mm, 22 * mm, 22 * mm, 46 * mm]
    return table(rows, style, styles, colWidths=widths, repeatRows=1)


def _travel(block: Block, look: Look, width: float) -> Table:
    styles = look.styles
    rows = [head_row(block.heads, styles)]
    for row in block.rows:
        rows.append(
            [
                Paragraph(f"<b>{safe(row.word)}</b>", styles.cell),
                Paragraph(safe(row.count), styles.cell_centre),
                Paragraph(safe(row.names), styles.cell),
            ]
        )
    widths = [32 * mm, 16 * mm, width - 48 * mm]
    return table(rows, grid_style(look), styles, colWidths=widths, repeatRows=1)


def _variation(block: Block, look: Look, width: float) -> Table:
    styles = look.styles
    rows = [head_row(block.heads, styles)]
    for row in block.rows:
        rows.append(
            [
                table(
                    [[IconMark(row.icon, look), Paragraph(safe(row.icon.words), styles.cell)]],
                    [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
                    styles,
                    colWidths=[19, 66 * mm - 19],
                ),
                Paragraph(safe(row.count), styles.cell_centre),
                Paragraph(safe(row.names), styles.cell),
            ]
        )
    widths = [70 * mm, 16 * mm, width - 86 * mm]
    return table(rows, grid_style(look), styles, colWidths=widths, repeatRows=1)
