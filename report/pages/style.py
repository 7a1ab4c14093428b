"""The look shared by every page: paragraph styles, table styles, RAG badges and headings.

Every piece of text from the page model goes through `text.safe` before it meets a
Paragraph, so markup in a narrative prints literally and loads nothing.
"""

from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from report import charts
from report.brand import Brand
from report.fonts import Fonts, text_width
from report.model import CHECK_MARK, Block, Mark, Named, Rag, Sentence
from report.text import safe
from report.variation import Icon

# The smallest text the pack prints: tables, badges, charts and captions (body text is 10 pt).
MIN_TEXT = 8


class Styles:
    """The paragraph styles of the pack, from the brand's fonts and colours by role."""

    def __init__(self, brand: Brand, fonts: Fonts):
        ink, muted, heading = (HexColor(brand.colour(r)) for r in ("ink", "muted", "heading"))
        base = ParagraphStyle(
            "body", fontName=fonts.regular, fontSize=10, leading=14, textColor=ink, spaceAfter=5
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=8, leading=10.5, spaceAfter=3)
        self.muted = ParagraphStyle("muted", self.small, textColor=muted)
        self.h1 = ParagraphStyle(
            "h1",
            base,
            fontName=fonts.bold,
            fontSize=19,
            leading=23,
            textColor=heading,
            spaceAfter=4,
            keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=fonts.bold,
            fontSize=12,
            leading=15,
            textColor=heading,
            spaceBefore=10,
            spaceAfter=6,
        )
        self.h3 = ParagraphStyle(
            "h3",
            base,
            fontName=fonts.bold,
            fontSize=8,
            leading=10,
            textColor=muted,
            spaceBefore=4,
            spaceAfter=2,
        )
        self.lead = ParagraphStyle(
            "lead", base, fontSize=10.5, leading=14.5, textColor=muted, spaceAfter=10, keepWithNext=1
        )
        self.cell = ParagraphStyle("cell", base, fontSize=8, leading=9.6, spaceAfter=0)
        self.cell_centre = ParagraphStyle("cell_centre", self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", self.cell, alignment=TA_RIGHT)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=fonts.bold)
        self.tight = ParagraphStyle("tight", self.cell, fontSize=8, leading=8.8)
        self.tight_centre = ParagraphStyle("tight_centre", self.tight, alignment=TA_CENTER)
        self.tight_bold = ParagraphStyle("tight_bold", self.tight, fontName=fonts.bold)
        self.head = ParagraphStyle(
            "head", self.cell, fontName=fonts.bold, textColor=HexColor(brand.colour("heading_ink"))
        )
        self.head_centre = ParagraphStyle("head_centre", self.head, alignment=TA_CENTER)
        self.big = ParagraphStyle(
            "big",
            base,
            fontName=fonts.bold,
            fontSize=24,
            leading=27,
            textColor=heading,
            spaceAfter=0,
        )
        self.figure = ParagraphStyle(
            "figure",
            base,
            fontName=fonts.bold,
            fontSize=17,
            leading=20,
            textColor=heading,
            spaceAfter=0,
        )
        self.toc = [
            ParagraphStyle(
                "toc0",
                base,
                fontName=fonts.bold,
                fontSize=9.5,
                leading=12,
                spaceBefore=5,
                spaceAfter=1,
                textColor=heading,
            ),
            ParagraphStyle(
                "toc1", base, fontSize=8, leading=9.8, leftIndent=12, spaceAfter=0, textColor=ink
            ),
        ]


class Look:
    """What every page kind draws with: the brand, its fonts and the paragraph styles."""

    def __init__(self, brand: Brand, fonts: Fonts):
        self.brand, self.fonts, self.styles = brand, fonts, Styles(brand, fonts)

    def colour(self, role: str) -> HexColor:
        """Give the reportlab colour of the brand `role`."""
        return HexColor(self.brand.colour(role))


def markup(sentence: Sentence) -> str:
    """Give `sentence` as paragraph markup: each span escaped, the strong ones bold."""
    return "".join(f"<b>{safe(s.text)}</b>" if s.strong else safe(s.text) for s in sentence)


def heading(words: str, style: ParagraphStyle, outline: tuple) -> Paragraph:
    """Give a heading paragraph that the document bookmarks (and lists in contents)."""
    paragraph = Paragraph(safe(words), style)
    paragraph.outline = outline
    return paragraph


def block(part: Block, look: Look, width: float, draw) -> list:
    """Give the flowables of `part`: its title, then the table `draw` gives, or its empty words."""
    # A block's title never ends a page: it starts one unless its table's first rows fit too.
    flowables = (
        [CondPageBreak(32 * mm), Paragraph(safe(part.title), look.styles.h2)] if part.title else []
    )
    if part.rows or not part.empty:
        flowables.append(draw(part, look, width))
    else:
        flowables.append(Paragraph(safe(part.empty), look.styles.body))
    return flowables


def table(rows: list, style: list, styles: Styles, **kwargs) -> Table:
    """Give a table of `rows` in `style`; any plain-text cell is set in the brand font."""
    made = Table(rows, **kwargs)
    made.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), styles.cell.fontName, 8), *style]))
    return made


def head_row(words, styles: Styles) -> list:
    """Give a table's head row of `words`."""
    return [Paragraph(safe(w), styles.head) for w in words]


def panel_style(look: Look) -> list:
    """Give the table style of a shaded panel."""
    return [
        ("BACKGROUND", (0, 0), (-1, -1), look.colour("panel")),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def grid_style(look: Look, header_rows: int = 1) -> list:
    """Give the table style of a ruled grid under a coloured head row."""
    return [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), look.colour("heading")),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.4, look.colour("rule")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def name_cell(indicator: Named, styles: Styles) -> Paragraph:
    """Give a table cell with an indicator's reference in bold before its name."""
    ref = f"<b>{safe(indicator.ref)}</b>&nbsp;&nbsp;" if indicator.ref else ""
    return Paragraph(ref + safe(indicator.name), styles.cell)


class Badge(Flowable):
    """A RAG badge, the brand's RAG colour with its letter (or word), painted straight on the
    canvas: a pack has thousands, and a Drawing each costs a fifth of the layout."""

    def __init__(
        self, rag: Rag, look: Look, size: float = 13, word: bool = False, check: bool = False
    ):
        super().__init__()
        self.rag, self.brand, self.fonts, self.size = rag.code, look.brand, look.fonts, size
        self.label = rag.word if word else (rag.code or "\u2013")
        # A rating to check carries a visible mark after its letter, not only a colour.
        if check:
            self.label += f" {CHECK_MARK}" if word else CHECK_MARK
        # Badge letters are never under 8 pt, however small the badge.
        self.font_size = max(size * 0.62, MIN_TEXT)
        self.width = (
            text_width(self.label, look.fonts.bold, self.font_size) + size * 0.9
            if word or check
            else size
        )
        self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        role = charts.RAG_ROLES[self.rag]
        canvas, size = self.canv, self.size
        canvas.setFillColor(charts.colour(self.brand, f"rag.{role}"))
        canvas.setStrokeColor(charts.colour(self.brand, f"rag_edge.{role}"))
        canvas.setLineWidth(0.8)
        canvas.roundRect(0.4, 0.4, self.width - 0.8, size - 0.8, size * 0.22, stroke=1, fill=1)
        canvas.setFillColor(charts.colour(self.brand, f"rag_ink.{role}"))
        canvas.setFont(self.fonts.bold, self.font_size)
        canvas.drawCentredString(self.width / 2, (size - self.font_size * 0.72) / 2, self.label)


class IconMark(Flowable):
    """A variation or assurance icon of "Making Data Count", drawn by the pack: a disc in the
    icon's colour with its white letter, or for common cause a line of white dots."""

    def __init__(self, icon: Icon, look: Look, size: float = 15):
        super().__init__()
        self.icon, self.brand, self.fonts = icon, look.brand, look.fonts
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas, size = self.canv, self.width
        white = charts.colour(self.brand, "heading_ink")
        canvas.setFillColor(charts.colour(self.brand, self.icon.role))
        canvas.circle(size / 2, size / 2, size / 2 - 0.3, stroke=0, fill=1)
        canvas.setFillColor(white)
        if self.icon.letter:
            font = max(size * 0.6, MIN_TEXT)
            canvas.setFont(self.fonts.bold, font)
            canvas.drawCentredString(size / 2, (size - font * 0.72) / 2, self.icon.letter)
            return
        for n, lift in enumerate((0, 0.12, -0.08, 0.1, -0.05)):
            canvas.circle(size * (0.22 + 0.14 * n), size * (0.5 + lift), size * 0.065, 0, 1)


def figure_badge(mark: Mark, look: Look, tight: bool = False) -> list:
    """Give a table cell with the figure as printed above its RAG badge."""
    badge = Badge(mark.rag, look, 10 if tight else 13, check=bool(mark.check))
    badge.hAlign = "CENTER"
    style = look.styles.tight_centre if tight else look.styles.cell_centre
    return [Paragraph(safe(mark.figure), style), Spacer(1, 1), badge]
