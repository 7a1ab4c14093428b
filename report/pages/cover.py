"""The cover, drawn straight on the page: marking, logo, organisation, title band, facts."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph

from report import charts
from report.model import Cover
from report.pages.style import Look
from report.text import safe


def story(anchor: Flowable) -> list:
    """Give the cover's flowables: only its bookmark `anchor`; the page template draws it."""
    return [anchor, NextPageTemplate("body"), PageBreak()]


def draw(canvas, cover: Cover, look: Look) -> None:
    """Draw `cover` on `canvas`."""
    brand, fonts = look.brand, look.fonts
    width, height = canvas._pagesize
    margin = brand.margin_mm * mm
    heading, on_heading = look.colour("heading"), look.colour("heading_ink")
    canvas.setFont(fonts.bold, 9)
    canvas.setFillColor(look.colour("marking"))
    canvas.drawCentredString(width / 2, height - 10 * mm, cover.marking)

    charts.logo(brand, fonts, 24 * mm).drawOn(canvas, margin, height - 44 * mm)
    name = ParagraphStyle("org", fontName=fonts.bold, fontSize=17, leading=20, textColor=heading)
    unit = ParagraphStyle(
        "dir",
        name,
        fontName=fonts.regular,
        fontSize=10.5,
        leading=13,
        textColor=look.colour("muted"),
    )
    _place(
        canvas,
        Paragraph(safe(cover.organisation), name),
        margin + 29 * mm,
        height - 30 * mm,
        width - 2 * margin - 29 * mm,
    )
    _place(
        canvas,
        Paragraph(safe(cover.directorate), unit),
        margin + 29 * mm,
        height - 37 * mm,
        width - 2 * margin - 29 * mm,
    )

    band_top, band_bottom = height - 62 * mm, height - 168 * mm
    canvas.setFillColor(heading)
    canvas.rect(0, band_bottom, width, band_top - band_bottom, stroke=0, fill=1)
    canvas.setFillColor(look.colour("accent"))
    canvas.rect(0, band_bottom - 2.5 * mm, width, 2.5 * mm, stroke=0, fill=1)
    kicker = ParagraphStyle(
        "kicker",
        fontName=fonts.bold,
        fontSize=11,
        leading=14,
        textColor=look.colour("accent_light"),
    )
    title = ParagraphStyle(
        "title", fontName=fonts.bold, fontSize=30, leading=35, textColor=on_heading
    )
    month = ParagraphStyle("month", title, fontName=fonts.regular, fontSize=22, leading=27)
    inner = width - 2 * margin
    y = band_top - 14 * mm
    y = _place(canvas, Paragraph(safe(cover.kicker), kicker), margin, y, inner) - 5 * mm
    y = _place(canvas, Paragraph(safe(cover.title), title), margin, y, inner) - 5 * mm
    _place(canvas, Paragraph(safe(cover.month), month), margin, y, inner)

    label = ParagraphStyle(
        "label", fontName=fonts.bold, fontSize=8, leading=10, textColor=look.colour("muted")
    )
    value = ParagraphStyle(
        "value", fontName=fonts.regular, fontSize=11, leading=14, textColor=look.colour("ink")
    )
    y = band_bottom - 16 * mm
    for caption, words in cover.facts:
        y = _place(canvas, Paragraph(safe(caption), label), margin, y, inner) - 1 * mm
        y = _place(canvas, Paragraph(safe(words), value), margin, y, inner) - 5 * mm


def _place(canvas, paragraph: Paragraph, x: float, top: float, width: float) -> float:
    """Draw `paragraph` with its top at `top`; give the y of its bottom."""
    _, height = paragraph.wrapOn(canvas, width, 1000)
    paragraph.drawOn(canvas, x, top - height)
    return top - height
