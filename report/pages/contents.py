"""The contents page and the key to reading the pack."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from report.model import Contents
from report.pages.style import Badge, IconMark, Look, heading, markup, panel_style, table
from report.text import safe


def story(contents: Contents, look: Look) -> list:
    """Give the contents page's flowables; the document fills in the entries."""
    styles = look.styles
    toc = TableOfContents(levelStyles=styles.toc, dotsMinLevel=1, rightColumnWidth=30)
    toc.tableStyle = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), styles.cell.fontName, 8),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *(
                (side, (0, 0), (-1, -1), 0)
                for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
            ),
        ]
    )
    return [
        heading(contents.title, styles.h1, (0, contents.title, contents.key, False)),
        Spacer(1, 4 * mm),
        toc,
        Spacer(1, 8 * mm),
        KeepTogether(_reading_key(contents, look)),
        PageBreak(),
    ]


def _reading_key(contents: Contents, look: Look) -> list:
    styles = look.styles
    rows = [
        [
            Badge(entry.rag, look, 13, word=True)
            if entry.rag
            else (IconMark(entry.icon, look, 13) if entry.icon else ""),
            Paragraph(markup(entry.sentence), styles.small),
        ]
        for entry in contents.key_entries
    ]
    key = table(
        rows,
        panel_style(look) + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
        styles,
        colWidths=[22 * mm, None],
        hAlign="LEFT",
    )
    return [Paragraph(safe(contents.key_title), styles.h2), key]
