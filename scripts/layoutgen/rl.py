"""Layouts drawn with reportlab: platypus tables, or text and lines placed on a canvas."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import PageBreak

from layoutgen.office import placed
from layoutgen.sheet import Cell, Sheet

PAGES = {"a4-landscape": landscape(A4), "a4-portrait": portrait(A4), "a3-landscape": landscape(A3)}
FAMILIES = {"sans": "Liberation Sans", "serif": "Liberation Serif", "dejavu": "DejaVu Sans"}
MARGIN = 36.0
ZEBRA = "#EEF3F8"


def _font(family: str, bold: bool = False) -> str:
    """Give the name of `family` registered with reportlab from the system's fonts."""
    name = family.replace(" ", "") + ("-Bold" if bold else "")
    if name not in pdfmetrics.getRegisteredFontNames():
        query = f"{family}:bold" if bold else family
        found = subprocess.run([shutil.which("fc-match") or "fc-match", "-f", "%{file}", query],
                               capture_output=True, text=True, check=True).stdout.strip()
        pdfmetrics.registerFont(TTFont(name, found))
    return name


def _hex(value: str | None):
    return colors.HexColor(f"#{value}") if value else None


class Mark(Flowable):
    """A filled circle or square drawn as a vector path in a cell."""

    def __init__(self, shape: str, colour: str, size: float = 7.0):
        super().__init__()
        self.shape, self.colour, self.size = shape, colour, size
        self.width = self.height = size

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(_hex(self.colour))
        if self.shape == "circle":
            c.circle(self.size / 2, self.size / 2, self.size / 2, stroke=0, fill=1)
        else:
            c.rect(0, 0, self.size, self.size, stroke=0, fill=1)


def _running(sheet: Sheet, font: str):
    def on_page(c, doc) -> None:
        if not sheet.running_head:
            return
        width, height = c._pagesize
        c.saveState()
        c.setFont(font, 8)
        c.drawCentredString(width / 2, height - 20, sheet.running_head)
        c.drawRightString(width - MARGIN, 16, f"Page {c.getPageNumber()}")
        c.restoreState()
    return on_page


def reportlab_pdf(sheet: Sheet, work: Path) -> Path:
    """Draw `sheet` with platypus or on a bare canvas, by its producer."""
    pdf = work / "card.pdf"
    if sheet.layout.producer == "rl-platypus":
        _platypus(sheet, pdf)
    else:
        _canvas(sheet, pdf)
    return pdf


# --- platypus ---------------------------------------------------------------------------------


def _platypus(sheet: Sheet, pdf: Path) -> None:
    layout = sheet.layout
    page = PAGES[layout.page]
    family = FAMILIES[layout.font]
    regular, bold = _font(family), _font(family, True)
    doc = SimpleDocTemplate(str(pdf), pagesize=page, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=sheet.title[0])
    usable = page[0] - 2 * MARGIN
    story: list = [Paragraph(escape(sheet.title[0]), ParagraphStyle("t", fontName=bold, fontSize=14, leading=17))]
    story += [Paragraph(escape(line), ParagraphStyle("s", fontName=regular, fontSize=10, leading=13))
              for line in sheet.title[1:]]
    if sheet.key:
        shape = layout.rag if layout.rag in ("circle", "square") else "square"
        cells = [Paragraph("Key:", ParagraphStyle("k", fontName=regular, fontSize=8))]
        for label, colour in sheet.key:
            cells += [Mark(shape, colour), Paragraph(escape(label), ParagraphStyle("k", fontName=regular, fontSize=8))]
        story.append(Table([cells], colWidths=[30] + [12, 110] * len(sheet.key), hAlign="LEFT"))
    story.append(Spacer(1, 6))
    for table in sheet.tables:
        if table.heading:
            if table.new_page:
                story.append(PageBreak())
            story.append(Paragraph(escape(table.heading), ParagraphStyle("h", fontName=bold, fontSize=11, leading=15)))
        rows = table.head + table.body
        n_cols = len(table.widths)
        total = sum(table.widths)
        widths = [usable * w / total for w in table.widths]
        data = [["" for _ in range(n_cols)] for _ in rows]
        commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTSIZE", (0, 0), (-1, -1), layout.size),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
        for line in placed(table):
            for r, c, cell in line:
                data[r][c] = _flowable(cell, regular, bold, layout.size)
                end = (c + cell.colspan - 1, r + cell.rowspan - 1)
                if end != (c, r):
                    commands.append(("SPAN", (c, r), end))
                fill = cell.fill
                if fill is None and layout.rules.startswith("zebra") and rows[r].code and rows[r].code % 2 == 0:
                    fill = ZEBRA[1:]
                if fill:
                    commands.append(("BACKGROUND", (c, r), end, _hex(fill)))
        commands += _rules(layout.rules, len(rows))
        story.append(Table(data, colWidths=widths, repeatRows=len(table.head) if layout.repeat_header else 0,
                           style=TableStyle(commands), splitInRow=1 if layout.split_rows else 0,
                           hAlign="LEFT"))
        story.append(Spacer(1, 8))
    on_page = _running(sheet, regular)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def _flowable(cell: Cell, regular: str, bold: str, size: float):
    if cell.mark:
        return Mark(cell.mark, cell.mark_colour)
    align = {"left": 0, "center": 1, "right": 2}[cell.align]
    style = ParagraphStyle("c", fontName=bold if cell.bold else regular, fontSize=size,
                           leading=size * 1.2, alignment=align,
                           textColor=_hex(cell.colour) or colors.black, splitLongWords=1)
    return Paragraph("<br/>".join(escape(line) for line in cell.text.split("\n")), style)


def _rules(rules: str, n_rows: int) -> list:
    black = colors.black
    if rules == "grid":
        return [("GRID", (0, 0), (-1, -1), 0.5, black)]
    if rules in ("horizontal", "zebra-horizontal"):
        return [("LINEBELOW", (0, 0), (-1, -1), 0.5, black), ("LINEABOVE", (0, 0), (-1, 0), 0.5, black)]
    if rules == "box":
        return [("BOX", (0, 0), (-1, -1), 0.8, black)]
    return []


# --- canvas -----------------------------------------------------------------------------------


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Give `text` wrapped to `width`, a word wider than the column broken inside itself."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line)
                while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                out.append(line[:cut])
                line = line[cut:]
            out.append(line)
    return out


def _open_spans(x0: float, x1: float, blocked: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Give the stretches of `x0`..`x1` outside every `blocked` stretch, left to right."""
    out, at = [], x0
    for b0, b1 in sorted(blocked):
        if b0 > at:
            out.append((at, b0))
        at = max(at, b1)
    return out + [(at, x1)] if at < x1 else out


def _canvas(sheet: Sheet, pdf: Path) -> None:
    layout = sheet.layout
    page_w, page_h = PAGES[layout.page]
    family = FAMILIES[layout.font]
    regular, bold = _font(family), _font(family, True)
    size, leading, pad = layout.size, layout.size * 1.25, 2.5
    c = pdfcanvas.Canvas(str(pdf), pagesize=(page_w, page_h))
    c.setTitle(sheet.title[0])
    on_page = _running(sheet, regular)
    y = page_h - MARGIN

    def new_page() -> None:
        nonlocal y
        on_page(c, None)
        c.showPage()
        y = page_h - MARGIN

    c.setFont(bold, 14)
    c.drawString(MARGIN, y - 14, sheet.title[0])
    y -= 20
    c.setFont(regular, 10)
    for line in sheet.title[1:]:
        c.drawString(MARGIN, y - 10, line)
        y -= 14
    if sheet.key:
        x = MARGIN
        c.setFont(regular, 8)
        c.drawString(x, y - 8, "Key:")
        x += 24
        for label, colour in sheet.key:
            c.setFillColor(_hex(colour))
            if layout.rag == "circle":
                c.circle(x + 3.5, y - 5, 3.5, stroke=0, fill=1)
            else:
                c.rect(x, y - 8.5, 7, 7, stroke=0, fill=1)
            c.setFillColor(colors.black)
            c.drawString(x + 10, y - 8, label)
            x += 20 + pdfmetrics.stringWidth(label, regular, 8)
        y -= 14
    usable = page_w - 2 * MARGIN
    for table in sheet.tables:
        total = sum(table.widths)
        xs = [MARGIN]
        for w in table.widths:
            xs.append(xs[-1] + usable * w / total)
        lines = placed(table)
        rows = table.head + table.body
        n_head = len(table.head)

        def height_of(index: int) -> float:
            tallest = 1
            for _, col, cell in lines[index]:
                if cell.rowspan > 1 or cell.mark:
                    continue
                width = xs[col + cell.colspan] - xs[col] - 2 * pad
                font = bold if cell.bold else regular
                tallest = max(tallest, len(_wrap(cell.text, font, size, width)))
            return tallest * leading + 2 * pad

        heights = [height_of(i) for i in range(len(rows))]
        for index, line in enumerate(lines):
            for _, col, cell in line:
                if cell.rowspan > 1:
                    # A merged cell's text needs its rows tall enough between them.
                    width = xs[col + cell.colspan] - xs[col] - 2 * pad
                    need = len(_wrap(cell.text, regular, size, width)) * leading + 2 * pad
                    spare = need - sum(heights[index:index + cell.rowspan])
                    if spare > 0:
                        heights[index + cell.rowspan - 1] += spare
        head_h = sum(heights[:n_head])
        if table.heading:
            if table.new_page or y - 16 - head_h - heights[n_head] < MARGIN:
                new_page()
            c.setFillColor(colors.black)
            c.setFont(bold, 11)
            c.drawString(MARGIN, y - 12, table.heading)
            y -= 18

        def draw_row(index: int) -> None:
            nonlocal y
            row, h = rows[index], heights[index]
            zebra = layout.rules.startswith("zebra") and row.code and row.code % 2 == 0
            for _, col, cell in lines[index]:
                x0, x1 = xs[col], xs[col + cell.colspan]
                cell_h = sum(heights[index:index + cell.rowspan])
                fill = cell.fill or (ZEBRA[1:] if zebra else None)
                if fill:
                    c.setFillColor(_hex(fill))
                    c.rect(x0, y - cell_h, x1 - x0, cell_h, stroke=0, fill=1)
                if cell.mark:
                    c.setFillColor(_hex(cell.mark_colour))
                    cx, cy = (x0 + x1) / 2, y - pad - 4
                    if cell.mark == "circle":
                        c.circle(cx, cy, 3.5, stroke=0, fill=1)
                    else:
                        c.rect(cx - 3.5, cy - 3.5, 7, 7, stroke=0, fill=1)
                font = bold if cell.bold else regular
                c.setFont(font, size)
                c.setFillColor(_hex(cell.colour) or colors.black)
                for n, text in enumerate(_wrap("" if cell.mark else cell.text, font, size, x1 - x0 - 2 * pad)):
                    base = y - pad - size - n * leading
                    if cell.align == "right":
                        c.drawRightString(x1 - pad, base, text)
                    elif cell.align == "center":
                        c.drawCentredString((x0 + x1) / 2, base, text)
                    else:
                        c.drawString(x0 + pad, base, text)
                if layout.rules == "grid":
                    c.setStrokeColor(colors.black)
                    c.setLineWidth(0.5)
                    c.rect(x0, y - cell_h, x1 - x0, cell_h, stroke=1, fill=0)
            if layout.rules in ("horizontal", "zebra-horizontal"):
                c.setStrokeColor(colors.black)
                c.setLineWidth(0.5)
                # A cell merged down across rows has no rule through it, as in a word processor.
                for cut, edge in ((index, y - h), (index - 1, y)):
                    inside = [(xs[col], xs[col + cell.colspan]) for at, line in enumerate(lines)
                              for _, col, cell in line if at <= cut < at + cell.rowspan - 1]
                    for x0, x1 in _open_spans(xs[0], xs[-1], inside):
                        c.line(x0, edge, x1, edge)
            y -= h

        top = y
        for index in range(n_head):
            draw_row(index)
        index = n_head
        while index < len(rows):
            span = max(cell.rowspan for _, _, cell in lines[index]) if lines[index] else 1
            need = sum(heights[index:index + span])
            if y - need < MARGIN:
                if layout.rules == "box":
                    c.rect(xs[0], y, xs[-1] - xs[0], top - y, stroke=1, fill=0)
                new_page()
                top = y
                if layout.repeat_header:
                    for h in range(n_head):
                        draw_row(h)
            for step in range(span):
                draw_row(index + step)
            index += span
        if layout.rules == "box":
            c.setStrokeColor(colors.black)
            c.rect(xs[0], y, xs[-1] - xs[0], top - y, stroke=1, fill=0)
        y -= 12
    on_page(c, None)
    c.save()
