"""The annexes: data-quality notes, glossary and source, each a run of titled tables."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table

from report.model import Annex, Block
from report.pages.style import Look, block, grid_style, head_row, heading, table
from report.text import safe

# Column widths by block, in mm; the last column takes what is left.
WIDTHS = {
    "reading": (52,),
    "ratings": (52,),
    "uncatalogued": (52,),
    "revisions": (52, 18, 18, 26),
    "glossary": (28,),
    "source": (34,),
    "doubtful": (12, 44, 24, 26, 34),
}


def story(annexes: tuple[Annex, ...], look: Look, width: float) -> list:
    """Give the flowables of `annexes`, `width` wide: the first on pages of its own, the others
    following each other where there is room."""
    flowables = []
    for number, annex in enumerate(annexes):
        flowables += _annex(annex, look, width)
        if number == 0:
            flowables.append(PageBreak())
        elif number < len(annexes) - 1:
            flowables += [CondPageBreak(80 * mm), Spacer(1, 8 * mm)]
    return flowables


def _annex(annex: Annex, look: Look, width: float) -> list:
    styles = look.styles
    flowables = [
        heading(annex.title, styles.h1, (0, annex.title, annex.key, True)),
        Paragraph(safe(annex.lead), styles.lead),
    ]
    for part in annex.blocks:
        flowables += block(part, look, width, _notes_table)
    return flowables


def _notes_table(block: Block, look: Look, width: float) -> Table:
    styles = look.styles
    columns = len(block.heads)
    fixed = WIDTHS.get(block.key, ())
    if len(fixed) == columns - 1:
        widths = [*(n * mm for n in fixed), width - sum(fixed) * mm]
    else:
        widths = [width / columns] * columns
    body = [head_row(block.heads, styles)] + [
        [Paragraph(safe(cell), styles.cell) for cell in row] for row in block.rows
    ]
    style = grid_style(look) + [("VALIGN", (0, 0), (-1, -1), "TOP")]
    return table(body, style, styles, colWidths=widths, repeatRows=1)
