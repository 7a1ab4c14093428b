"""The chair's summary, the page after the cover: purpose, key messages, what is asked."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer

from report.model import ChairSummary
from report.pages.style import Look, heading, markup, panel_style, table
from report.text import safe


def story(page: ChairSummary, look: Look, width: float) -> list:
    """Give the flowables of the chair's summary `page`, `width` wide, ending its page."""
    styles = look.styles
    # The bullet in the brand's font: reportlab's default bullet font is not embedded.
    message = ParagraphStyle(
        "message", styles.body, bulletFontName=styles.body.fontName, leftIndent=10
    )
    asks = table(
        [[Paragraph(safe(page.asks), styles.body)]],
        panel_style(look)
        + [(side, (0, 0), (-1, -1), 8) for side in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING")],
        styles,
        colWidths=[width],
    )
    return [
        heading(page.title, styles.h1, (0, page.title, page.key, True)),
        Paragraph(safe(page.purpose_title), styles.h2),
        Paragraph(safe(page.purpose), styles.body),
        Paragraph(safe(page.messages_title), styles.h2),
        *(Paragraph(markup(words), message, bulletText="\u2022") for words in page.messages),
        Spacer(1, 2 * mm),
        Paragraph(safe(page.asks_title), styles.h2),
        asks,
        PageBreak(),
    ]
