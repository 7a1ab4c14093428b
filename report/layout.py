"""The pack's pages, laid out with reportlab's platypus: the one module that imports it.

Every piece of dataset text goes through `text.safe` before it meets a
Paragraph, so markup in a narrative prints literally and loads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from dataset.catalogue import Catalogue
from dataset.judge import rag_move
from report import charts
from report.assess import RAG_WORDS, rag_counts, red_run
from report.brand import Brand
from report.errors import CannotLayout
from report.fonts import Fonts, register_fonts, text_width
from report.model import Indicator, Pack
from report.text import long_date, month_abbr, month_label, month_short, or_dash, safe

# Dataset text is escaped before layout; should markup ever get through, still fetch nothing.
rl_config.trustedHosts = None
rl_config.trustedSchemes = []

PAGE_SIZES = {"A4": A4, "letter": letter}
# Beyond this many months the scorecard turns to landscape pages to keep a column per month.
PORTRAIT_MONTHS = 4
# An indicator's months are shown in rows of at most this many, so that "1033 39.0" fits a line.
STRIP_MONTHS = 7
POLARITY_WORDS = {
    "higher": "Higher is better",
    "lower": "Lower is better",
    "none": "No better direction",
}
TRAVEL_NOTE = (
    "Direction of travel compares the reporting month with the month before, by the indicator's "
    "polarity: a fall in re-referrals is <b>improving</b>. Volumes with no better direction are "
    "<b>increased</b> or <b>decreased</b>."
)


@dataclass(frozen=True)
class Page:
    """Everything the header, footer and cover print that is the same on every page."""

    brand: Brand
    fonts: Fonts
    pack: Pack
    produced: date


class Styles:
    """The paragraph styles of the pack, from the brand's fonts and colours by role."""

    def __init__(self, brand: Brand, fonts: Fonts):
        ink, muted, heading = (HexColor(brand.colour(r)) for r in ("ink", "muted", "heading"))
        base = ParagraphStyle(
            "body", fontName=fonts.regular, fontSize=9.5, leading=13.5, textColor=ink, spaceAfter=5
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
            "lead", base, fontSize=10.5, leading=14.5, textColor=muted, spaceAfter=10
        )
        self.cell = ParagraphStyle("cell", base, fontSize=7.5, leading=9.2, spaceAfter=0)
        self.cell_centre = ParagraphStyle("cell_centre", self.cell, alignment=TA_CENTER)
        self.cell_right = ParagraphStyle("cell_right", self.cell, alignment=TA_RIGHT)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=fonts.bold)
        self.tight = ParagraphStyle("tight", self.cell, fontSize=7, leading=8.2)
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
                "toc1", base, fontSize=7.5, leading=9.4, leftIndent=12, spaceAfter=0, textColor=ink
            ),
        ]


class PackTemplate(BaseDocTemplate):
    """The document: page templates, bookmarks and contents entries, and "Page X of Y"."""

    def __init__(self, filename: str, page: Page, **kwargs):
        self.page_info = page
        self.page_total = 0  # pages in the previous pass; the footer's "of Y"
        self.page_total_settled = False
        super().__init__(filename, **kwargs)

    def build(self, flowables, **kwargs):
        super().build(flowables, **kwargs)
        self.page_total_settled = self.page == self.page_total
        self.page_total = self.page

    def _allSatisfied(self):
        # A contents page that grows can push every later page on; build again until settled.
        return super()._allSatisfied() and self.page_total_settled

    def beforeDocument(self):
        self.canv.showOutline()

    def afterFlowable(self, flowable):
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        level, title, key, in_contents = outline
        top = self.frame._y + flowable.height + 12
        self.canv.bookmarkHorizontal(key, 0, top)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if in_contents:
            self.notify("TOCEntry", (level, safe(title), self.page, key))


class Anchor(Flowable):
    """A flowable with no size that only carries a bookmark."""

    def __init__(self, outline: tuple):
        super().__init__()
        self.outline = outline
        self.width = self.height = 0

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        pass


def render(pack: Pack, brand: Brand, catalogue: Catalogue, produced: date, path: Path) -> int:
    """Lay out the board pack of `pack` in `brand` into the PDF at `path`; give its page count."""
    fonts = register_fonts(brand)
    styles = Styles(brand, fonts)
    page = Page(brand=brand, fonts=fonts, pack=pack, produced=produced)
    size = PAGE_SIZES[brand.page_size]
    wide = len(pack.periods) > PORTRAIT_MONTHS
    doc = PackTemplate(
        str(path),
        page,
        pagesize=size,
        title=f"{brand.title}: {month_label(pack.period)}",
        author=brand.author,
        subject=f"{brand.subtitle} for the {brand.audience}, {month_label(pack.period)}",
        creator="boardpack",
        keywords=[brand.organisation, "children's services", "key indicators"],
        lang=brand.language,
        invariant=True,
        pageCompression=1,
        initialFontName=fonts.regular,
        displayDocTitle=True,
    )
    doc.addPageTemplates(_templates(size, brand.margin_mm * mm))
    body_width = size[0] - 2 * brand.margin_mm * mm
    card_width = (landscape(size)[0] if wide else size[0]) - 2 * brand.margin_mm * mm
    story = [
        *_cover(),
        *_contents(styles, brand, fonts),
        *_at_a_glance(pack, styles, brand, fonts, body_width),
        *_scorecard(pack, styles, brand, fonts, card_width, wide),
        *(
            f
            for view in pack.sections
            for f in _section(view, pack, styles, brand, fonts, body_width)
        ),
        PageBreak(),
        *_data_quality(pack, styles, brand, body_width),
        *_glossary(catalogue, styles, brand, body_width),
        *_source(pack, styles, brand, body_width, produced),
    ]
    # Seeded with every entry (at page 0), the first pass lays the contents out at its full
    # length, so page numbers settle in two passes rather than three.
    for flowable in story:
        if isinstance(flowable, TableOfContents):
            flowable._entries = _contents_entries(story)
    try:
        doc.multiBuild(story)
    except LayoutError as exc:
        raise CannotLayout(str(exc).splitlines()[0][:200]) from None
    return doc.page_total


# Page templates, header, footer and cover ------------------------------------------------


def _templates(size, margin: float) -> list[PageTemplate]:
    def frame(page_size, name):
        width, height = page_size
        return Frame(
            margin,
            18 * mm,
            width - 2 * margin,
            height - 18 * mm - 22 * mm,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    cover = Frame(margin, 18 * mm, size[0] - 2 * margin, 30 * mm, id="cover")
    return [
        PageTemplate(id="cover", frames=[cover], onPage=_draw_cover, pagesize=size),
        PageTemplate(
            id="body", frames=[frame(size, "body")], onPage=_draw_furniture, pagesize=size
        ),
        PageTemplate(
            id="wide",
            frames=[frame(landscape(size), "wide")],
            onPage=_draw_furniture,
            pagesize=landscape(size),
        ),
    ]


def _draw_furniture(canvas, doc: PackTemplate) -> None:
    info = doc.page_info
    brand, fonts = info.brand, info.fonts
    width, height = canvas._pagesize
    margin = brand.margin_mm * mm
    canvas.saveState()
    muted = HexColor(brand.colour("muted"))
    canvas.setFillColor(HexColor(brand.colour("heading")))
    canvas.rect(0, height - 4 * mm, width, 4 * mm, stroke=0, fill=1)
    canvas.setFont(fonts.bold, 8)
    canvas.setFillColor(HexColor(brand.colour("heading")))
    canvas.drawString(
        margin, height - 12 * mm, f"{brand.title}  |  {month_label(info.pack.period)}"
    )
    canvas.setFont(fonts.regular, 8)
    canvas.setFillColor(muted)
    canvas.drawRightString(width - margin, height - 12 * mm, brand.organisation)
    canvas.setStrokeColor(HexColor(brand.colour("rule")))
    canvas.setLineWidth(0.6)
    canvas.line(margin, height - 14.5 * mm, width - margin, height - 14.5 * mm)
    canvas.line(margin, 13 * mm, width - margin, 13 * mm)
    _draw_footer(canvas, doc)
    canvas.restoreState()


def _draw_footer(canvas, doc: PackTemplate) -> None:
    info = doc.page_info
    brand, fonts = info.brand, info.fonts
    width = canvas._pagesize[0]
    margin = brand.margin_mm * mm
    canvas.setFont(fonts.regular, 7.5)
    canvas.setFillColor(HexColor(brand.colour("muted")))
    canvas.drawString(margin, 8.5 * mm, f"Produced {long_date(info.produced)}")
    canvas.drawRightString(width - margin, 8.5 * mm, f"Page {doc.page} of {doc.page_total or '…'}")
    canvas.setFont(fonts.bold, 8.5)
    canvas.setFillColor(HexColor(brand.colour("marking")))
    canvas.drawCentredString(width / 2, 8.5 * mm, brand.marking)


def _draw_cover(canvas, doc: PackTemplate) -> None:
    info = doc.page_info
    brand, fonts, pack = info.brand, info.fonts, info.pack
    width, height = canvas._pagesize
    margin = brand.margin_mm * mm
    heading, on_heading = HexColor(brand.colour("heading")), HexColor(brand.colour("heading_ink"))
    canvas.saveState()
    canvas.setFont(fonts.bold, 9)
    canvas.setFillColor(HexColor(brand.colour("marking")))
    canvas.drawCentredString(width / 2, height - 10 * mm, brand.marking)

    charts.logo(brand, fonts, 24 * mm).drawOn(canvas, margin, height - 44 * mm)
    name = ParagraphStyle("org", fontName=fonts.bold, fontSize=17, leading=20, textColor=heading)
    unit = ParagraphStyle(
        "dir",
        name,
        fontName=fonts.regular,
        fontSize=10.5,
        leading=13,
        textColor=HexColor(brand.colour("muted")),
    )
    _place(
        canvas,
        Paragraph(safe(brand.organisation), name),
        margin + 29 * mm,
        height - 30 * mm,
        width - 2 * margin - 29 * mm,
    )
    _place(
        canvas,
        Paragraph(safe(brand.directorate), unit),
        margin + 29 * mm,
        height - 37 * mm,
        width - 2 * margin - 29 * mm,
    )

    band_top, band_bottom = height - 62 * mm, height - 168 * mm
    canvas.setFillColor(heading)
    canvas.rect(0, band_bottom, width, band_top - band_bottom, stroke=0, fill=1)
    canvas.setFillColor(HexColor(brand.colour("accent")))
    canvas.rect(0, band_bottom - 2.5 * mm, width, 2.5 * mm, stroke=0, fill=1)
    kicker = ParagraphStyle(
        "kicker",
        fontName=fonts.bold,
        fontSize=11,
        leading=14,
        textColor=HexColor(brand.colour("accent_light")),
    )
    title = ParagraphStyle(
        "title", fontName=fonts.bold, fontSize=30, leading=35, textColor=on_heading
    )
    month = ParagraphStyle("month", title, fontName=fonts.regular, fontSize=22, leading=27)
    inner = width - 2 * margin
    y = band_top - 14 * mm
    y = _place(canvas, Paragraph(safe(brand.subtitle.upper()), kicker), margin, y, inner) - 5 * mm
    y = _place(canvas, Paragraph(safe(brand.title), title), margin, y, inner) - 5 * mm
    _place(canvas, Paragraph(safe(month_label(pack.period)), month), margin, y, inner)

    label = ParagraphStyle(
        "label",
        fontName=fonts.bold,
        fontSize=8,
        leading=10,
        textColor=HexColor(brand.colour("muted")),
    )
    value = ParagraphStyle(
        "value",
        fontName=fonts.regular,
        fontSize=11,
        leading=14,
        textColor=HexColor(brand.colour("ink")),
    )
    first, last = month_short(pack.periods[0]), month_short(pack.periods[-1])
    facts = [
        ("REPORT TO", brand.audience),
        ("REPORTING MONTH", f"{month_label(pack.period)} (figures from {first} to {last})"),
        ("PRODUCED", f"{long_date(info.produced)} by the {brand.author}"),
        ("SOURCE", str(pack.source.get("file") or "not recorded")),
        ("PROTECTIVE MARKING", brand.marking),
    ]
    y = band_bottom - 16 * mm
    for caption, words in facts:
        y = _place(canvas, Paragraph(caption, label), margin, y, inner) - 1 * mm
        y = _place(canvas, Paragraph(safe(words), value), margin, y, inner) - 5 * mm
    canvas.setStrokeColor(HexColor(brand.colour("rule")))
    canvas.line(margin, 13 * mm, width - margin, 13 * mm)
    _draw_footer(canvas, doc)
    canvas.restoreState()


def _place(canvas, paragraph: Paragraph, x: float, top: float, width: float) -> float:
    """Draw `paragraph` with its top at `top`; give the y of its bottom."""
    _, height = paragraph.wrapOn(canvas, width, 1000)
    paragraph.drawOn(canvas, x, top - height)
    return top - height


def _cover() -> list:
    return [
        Anchor((0, "Cover", "cover", False)),
        NextPageTemplate("body"),
        PageBreak(),
    ]


# Contents and how to read the pack ------------------------------------------------------


def _contents_entries(flowables: list) -> list[tuple]:
    """Give the contents entries the headings among `flowables` will notify, at page 0."""
    entries = []
    for flowable in flowables:
        outline = getattr(flowable, "outline", None)
        if outline and outline[3]:
            level, title, key, _ = outline
            entries.append((level, safe(title), 0, key))
        # An indicator's heading sits inside a KeepTogether.
        entries += _contents_entries(getattr(flowable, "_content", None) or [])
    return entries


def _heading(words: str, style: ParagraphStyle, outline: tuple) -> Paragraph:
    """Give a heading paragraph that the document bookmarks (and lists in contents)."""
    paragraph = Paragraph(safe(words), style)
    paragraph.outline = outline
    return paragraph


def _contents(styles: Styles, brand: Brand, fonts: Fonts) -> list:
    toc = TableOfContents(levelStyles=styles.toc, dotsMinLevel=1, rightColumnWidth=30)
    toc.tableStyle = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), styles.cell.fontName, 7.5),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *(
                (side, (0, 0), (-1, -1), 0)
                for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
            ),
        ]
    )
    return [
        _heading("Contents", styles.h1, (0, "Contents", "contents", False)),
        Spacer(1, 4 * mm),
        toc,
        Spacer(1, 8 * mm),
        KeepTogether(_reading_key(styles, brand, fonts)),
        PageBreak(),
    ]


def _reading_key(styles: Styles, brand: Brand, fonts: Fonts) -> list:
    rows = [
        [Badge(rag, brand, fonts, 13, word=True), Paragraph(text, styles.small)]
        for rag, text in (
            ("G", "<b>Green</b>: on or better than target."),
            ("A", "<b>Amber</b>: short of target, within the tolerance the catalogue sets."),
            ("R", "<b>Red</b>: short of target by more than that tolerance."),
            ("", "<b>Not rated</b>: no target, or no rating printed."),
        )
    ]
    rows.append(["", Paragraph(TRAVEL_NOTE, styles.small)])
    rows.append(
        [
            "",
            Paragraph(
                "Charts show each month's figure (solid line), the target (dashed) and the national "
                "(dotted) and comparator (dash-dot) benchmarks, each labelled with its value.",
                styles.small,
            ),
        ]
    )
    table = _table(
        rows,
        _panel_style(brand) + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
        styles,
        colWidths=[22 * mm, None],
        hAlign="LEFT",
    )
    return [Paragraph("How to read this pack", styles.h2), table]


def _panel_style(brand: Brand) -> list:
    return [
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(brand.colour("panel"))),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


# At a glance ----------------------------------------------------------------------------


def _at_a_glance(pack: Pack, styles: Styles, brand: Brand, fonts: Fonts, width: float) -> list:
    this, last = month_label(pack.period), _previous_label(pack)
    story = [
        _heading("At a glance", styles.h1, (0, "At a glance", "at-a-glance", True)),
        Paragraph(
            f"How the {len(pack.indicators)} indicators stand in {safe(this)}"
            + (f", against {safe(last)}." if last else "."),
            styles.lead,
        ),
        _rag_tiles(pack, styles, brand, fonts, width),
        Spacer(1, 6 * mm),
    ]
    reds = [i for i in pack.indicators if red_run([m.rag for m in i.months])]
    story.append(Paragraph("Red for three months running", styles.h2))
    if reds:
        story.append(_exception_table(reds, pack, styles, brand, fonts, width))
    else:
        story.append(
            Paragraph(
                _none_words(pack, "No indicator has been Red for three months running."),
                styles.body,
            )
        )
    moved = [i for i in pack.indicators if i.previous and rag_move(i.previous.rag, i.latest.rag)]
    story.append(Paragraph("Rating changed since last month", styles.h2))
    if moved:
        story.append(_moves_table(moved, styles, brand, fonts, width))
    else:
        story.append(Paragraph("No indicator changed rating since last month.", styles.body))
    story.append(Paragraph("Direction of travel", styles.h2))
    story.append(_travel_table(pack, styles, brand, width))
    return story


def _previous_label(pack: Pack) -> str:
    return month_label(pack.periods[-2]) if len(pack.periods) > 1 else ""


def _none_words(pack: Pack, words: str) -> str:
    if len(pack.periods) < 3:
        return f"The dataset holds {len(pack.periods)} months: three are needed to tell."
    return words


def _rag_tiles(pack: Pack, styles: Styles, brand: Brand, fonts: Fonts, width: float) -> Table:
    now = rag_counts([i.latest.rag for i in pack.indicators])
    before = rag_counts([i.previous.rag for i in pack.indicators if i.previous])
    has_before = any(i.previous for i in pack.indicators)
    cells = []
    for rag in ("R", "A", "G", ""):
        change = (
            f"{before[rag]} in {month_short(pack.periods[-2])}" if has_before else "first month"
        )
        cells.append(
            [
                Badge(rag, brand, fonts, 16, word=True),
                Spacer(1, 2 * mm),
                Paragraph(str(now[rag]), styles.big),
                Paragraph(safe(change), styles.muted),
            ]
        )
    style = _panel_style(brand) + [
        ("LINEAFTER", (0, 0), (-2, -1), 4, HexColor(brand.colour("heading_ink"))),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
    ]
    return _table([cells], style, styles, colWidths=[width / 4] * 4)


def _table(rows: list, style: list, styles: Styles, **kwargs) -> Table:
    """Give a table of `rows` in `style`; any plain-text cell is set in the brand font."""
    table = Table(rows, **kwargs)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), styles.cell.fontName, 7.5), *style]))
    return table


def _head_row(words: list[str], styles: Styles) -> list:
    return [Paragraph(safe(w), styles.head) for w in words]


def _grid_style(brand: Brand, header_rows: int = 1) -> list:
    return [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HexColor(brand.colour("heading"))),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.4, HexColor(brand.colour("rule"))),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def _name_cell(indicator: Indicator, styles: Styles) -> Paragraph:
    ref = f"<b>{safe(indicator.ref)}</b>&nbsp;&nbsp;" if indicator.ref else ""
    return Paragraph(ref + safe(indicator.name), styles.cell)


def _exception_table(reds, pack, styles, brand, fonts, width) -> Table:
    periods = pack.periods[-3:]
    rows = [_head_row(["Indicator", *(month_short(p) for p in periods), "Target"], styles)]
    for indicator in reds:
        months = indicator.months[-3:]
        rows.append(
            [
                _name_cell(indicator, styles),
                *(_figure_badge(m.figure_text, m.rag, styles, brand, fonts) for m in months),
                Paragraph(safe(or_dash(indicator.target_text)), styles.cell_centre),
            ]
        )
    style = _grid_style(brand) + [("ALIGN", (1, 0), (-1, -1), "CENTER")]
    return _table(
        rows, style, styles, colWidths=[width - 4 * 22 * mm, *[22 * mm] * 4], repeatRows=1
    )


def _moves_table(moved, styles, brand, fonts, width) -> Table:
    rows = [_head_row(["Indicator", "Last month", "This month", "Change"], styles)]
    for indicator in moved:
        before, after = indicator.previous, indicator.latest
        rows.append(
            [
                _name_cell(indicator, styles),
                _figure_badge(before.figure_text, before.rag, styles, brand, fonts),
                _figure_badge(after.figure_text, after.rag, styles, brand, fonts),
                Paragraph(
                    f"<b>{rag_move(before.rag, after.rag)}</b>: {RAG_WORDS[before.rag]} to "
                    f"{RAG_WORDS[after.rag]}",
                    styles.cell,
                ),
            ]
        )
    style = _grid_style(brand) + [("ALIGN", (1, 0), (2, -1), "CENTER")]
    widths = [width - 80 * mm, 22 * mm, 22 * mm, 36 * mm]
    return _table(rows, style, styles, colWidths=widths, repeatRows=1)


def _travel_table(pack: Pack, styles: Styles, brand: Brand, width: float) -> Table:
    order = ("improving", "worsening", "no change", "increased", "decreased", "not known")
    groups = {word: [i for i in pack.indicators if i.travel.word == word] for word in order}
    rows = [_head_row(["Since last month", "Count", "Indicators"], styles)]
    for word, members in groups.items():
        if members:
            names = "; ".join(safe(i.short_name) for i in members)
            rows.append(
                [
                    Paragraph(f"<b>{word}</b>", styles.cell),
                    Paragraph(str(len(members)), styles.cell_centre),
                    Paragraph(names, styles.cell),
                ]
            )
    widths = [32 * mm, 16 * mm, width - 48 * mm]
    return _table(rows, _grid_style(brand), styles, colWidths=widths, repeatRows=1)


class Badge(Flowable):
    """A RAG badge, the brand's RAG colour with its letter (or word), painted straight on the
    canvas: a pack has thousands, and a Drawing each costs a fifth of the layout."""

    def __init__(self, rag: str, brand: Brand, fonts: Fonts, size: float = 13, word: bool = False):
        super().__init__()
        self.rag, self.brand, self.fonts, self.size = rag, brand, fonts, size
        self.label = RAG_WORDS[rag] if word else (rag or "\u2013")
        self.font_size = size * 0.62
        self.width = text_width(self.label, fonts.bold, self.font_size) + size * 0.9 if word else size
        self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        role = charts.RAG_ROLES[self.rag]
        canvas, size = self.canv, self.size
        canvas.setFillColor(charts.colour(self.brand, f"rag.{role}"))
        canvas.setStrokeColor(charts.colour(self.brand, "rule" if not self.rag else f"rag.{role}"))
        canvas.setLineWidth(0.8)
        canvas.roundRect(0.4, 0.4, self.width - 0.8, size - 0.8, size * 0.22, stroke=1, fill=1)
        canvas.setFillColor(charts.colour(self.brand, f"rag_ink.{role}"))
        canvas.setFont(self.fonts.bold, self.font_size)
        canvas.drawCentredString(self.width / 2, (size - self.font_size * 0.72) / 2, self.label)


def _figure_badge(
    figure: str, rag: str, styles: Styles, brand: Brand, fonts: Fonts, tight: bool = False
) -> list:
    """Give a table cell with the figure as printed above its RAG badge."""
    badge = Badge(rag, brand, fonts, 9.5 if tight else 11)
    badge.hAlign = "CENTER"
    style = styles.tight_centre if tight else styles.cell_centre
    return [Paragraph(safe(or_dash(figure)), style), Spacer(1, 1), badge]


# Scorecard ------------------------------------------------------------------------------


def _scorecard(pack: Pack, styles: Styles, brand: Brand, fonts: Fonts, width: float, wide: bool):
    months = len(pack.periods)
    # Ref, Target, National, Comparator and Travel; the name takes what the months leave.
    fixed = [10 * mm, 14 * mm, 16 * mm, 21 * mm, 21 * mm]
    month_width = min(17 * mm, (width - sum(fixed) - 55 * mm) / months)
    name_width = width - sum(fixed) - month_width * months
    widths = [fixed[0], name_width, *fixed[1:4], *[month_width] * months, fixed[4]]
    head = _head_row(["Ref", "Indicator", "Target", "National", "Comparator"], styles)
    head += [Paragraph(f"{month_abbr(p)}<br/>{p[:4]}", styles.head_centre) for p in pack.periods]
    head += [Paragraph("Travel", styles.head)]
    rows, style = (
        [head],
        _grid_style(brand)
        + [
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
            ("LEFTPADDING", (5, 1), (-2, -1), 1.5),
            ("RIGHTPADDING", (5, 1), (-2, -1), 1.5),
            ("ALIGN", (5, 1), (-2, -1), "CENTER"),
        ],
    )
    for view in pack.sections:
        rows.append(
            [Paragraph(safe(view.section.title), styles.cell_bold)] + [""] * (len(head) - 1)
        )
        row = len(rows) - 1
        style += [
            ("SPAN", (0, row), (-1, row)),
            ("BACKGROUND", (0, row), (-1, row), HexColor(brand.colour("accent_light"))),
        ]
        for indicator in view.indicators:
            benchmarks = (indicator.target_text, indicator.national_text, indicator.comparator_text)
            travel = indicator.travel
            rows.append(
                [
                    Paragraph(safe(indicator.ref), styles.tight_bold),
                    Paragraph(safe(indicator.name), styles.tight),
                    *(Paragraph(safe(or_dash(text)), styles.tight_centre) for text in benchmarks),
                    *(
                        _figure_badge(m.figure_text, m.rag, styles, brand, fonts, tight=True)
                        for m in indicator.months
                    ),
                    Paragraph(f"<b>{travel.arrow}</b> {travel.word}", styles.tight),
                ]
            )
    table = _table(rows, style, styles, colWidths=widths, repeatRows=1)
    return [
        NextPageTemplate("wide" if wide else "body"),
        PageBreak(),
        _heading("Scorecard", styles.h1, (0, "Scorecard", "scorecard", True)),
        Paragraph(
            f"Every indicator for {safe(month_label(pack.period))} and the months before it: "
            "the figure as printed with its RAG rating, and the direction of travel.",
            styles.lead,
        ),
        table,
        NextPageTemplate("body"),
        PageBreak(),
    ]


# Sections and indicators ----------------------------------------------------------------


def _section(view, pack: Pack, styles: Styles, brand: Brand, fonts: Fonts, width: float) -> list:
    key = f"section-{view.section.id}"
    story = [
        CondPageBreak(120 * mm),
        _heading(view.section.title, styles.h1, (0, view.section.title, key, True)),
        Paragraph(safe(view.section.summary), styles.lead)
        if view.section.summary
        else Spacer(1, 4),
    ]
    for number, indicator in enumerate(view.indicators):
        story += _indicator(indicator, f"{key}-{number}", pack, styles, brand, fonts, width)
    return story


def _indicator(indicator: Indicator, key: str, pack, styles, brand, fonts, width) -> list:
    title = f"{indicator.ref} {indicator.name}".strip()
    heading = _heading(title, styles.h2, (1, title, key, True))
    box = charts.ChartBox(width=min(118 * mm, width * 0.64))
    chart = charts.trend_chart(indicator, brand, fonts, box)
    facts = _facts(indicator, styles, brand, fonts, width - box.width - 4 * mm)
    top = _table(
        [[chart, facts]],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        styles,
        colWidths=[box.width + 4 * mm, width - box.width - 4 * mm],
    )
    narrative = indicator.narrative.strip()
    return [
        CondPageBreak(70 * mm),
        KeepTogether(
            [
                heading,
                top,
                Spacer(1, 2 * mm),
                *_month_strips(indicator, styles, brand, fonts, width),
            ]
        ),
        Paragraph("COMMENTARY", styles.h3),
        Paragraph(safe(narrative), styles.body)
        if narrative
        else Paragraph("No commentary was given for this indicator.", styles.muted),
        Spacer(1, 5 * mm),
    ]


def _headline(month, styles: Styles) -> list:
    """Give the month's figure large; a composite as its count over what the second number is."""
    if month.spelled[0]:
        return [Paragraph(safe(month.spelled[0]), styles.figure), Paragraph(safe(month.spelled[1]), styles.muted)]
    return [Paragraph(safe(or_dash(month.figure_text)), styles.figure)]


def _facts(indicator: Indicator, styles: Styles, brand: Brand, fonts: Fonts, width: float) -> Table:
    latest, previous, travel = indicator.latest, indicator.previous, indicator.travel
    since = (
        f" from {safe(or_dash(previous.figure_text))} in {month_short(previous.period)}"
        if previous
        else ""
    )
    rows = [
        [Paragraph(safe(month_label(latest.period)).upper(), styles.h3), ""],
        [_headline(latest, styles), ""],
        [Badge(latest.rag, brand, fonts, 14, word=True), ""],
        [Paragraph(f"<b>{travel.arrow} {travel.word}</b>{since}", styles.cell), ""],
        [
            Paragraph("Target", styles.cell),
            Paragraph(safe(or_dash(indicator.target_text)), styles.cell_right),
        ],
        [
            Paragraph("National", styles.cell),
            Paragraph(safe(or_dash(indicator.national_text)), styles.cell_right),
        ],
        [
            Paragraph("Comparator", styles.cell),
            Paragraph(safe(or_dash(indicator.comparator_text)), styles.cell_right),
        ],
        [Paragraph(POLARITY_WORDS[indicator.polarity], styles.muted), ""],
    ]
    style = (
        _panel_style(brand)
        + [("SPAN", (0, r), (1, r)) for r in (0, 1, 2, 3, 7)]
        + [
            ("LINEABOVE", (0, 4), (-1, 4), 0.5, HexColor(brand.colour("rule"))),
            ("LINEABOVE", (0, 7), (-1, 7), 0.5, HexColor(brand.colour("rule"))),
            ("TOPPADDING", (0, 0), (-1, 0), 7),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 7),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 9),
        ]
    )
    return _table(rows, style, styles, colWidths=[width * 0.55, width * 0.45])


def _month_strips(
    indicator: Indicator, styles: Styles, brand: Brand, fonts: Fonts, width: float
) -> list:
    """Give the months of `indicator` as strips of figure and badge, at most a strip's worth a row."""
    months = indicator.months
    rows_needed = -(-len(months) // STRIP_MONTHS)
    per_row = -(-len(months) // rows_needed)
    column = min(26 * mm, (width - 20 * mm) / per_row)
    strips = []
    for first in range(0, len(months), per_row):
        chunk = months[first : first + per_row]
        rows = [
            [Paragraph("Month", styles.head)]
            + [Paragraph(safe(month_short(m.period)), styles.head_centre) for m in chunk],
            [Paragraph("Figure", styles.cell_bold)]
            + [_figure_badge(m.figure_text, m.rag, styles, brand, fonts) for m in chunk],
        ]
        style = _grid_style(brand) + [("ALIGN", (1, 0), (-1, -1), "CENTER")]
        widths = [20 * mm] + [column] * len(chunk)
        strips += [_table(rows, style, styles, colWidths=widths, hAlign="LEFT"), Spacer(1, 2 * mm)]
    return strips


# Annexes --------------------------------------------------------------------------------


def _annex(letter_: str, title: str, styles: Styles) -> Paragraph:
    words = f"Annex {letter_}: {title}"
    return _heading(words, styles.h1, (0, words, f"annex-{letter_.lower()}", True))


def _notes_table(rows: list[list[str]], heads: list[str], widths: list, styles, brand) -> Table:
    body = [_head_row(heads, styles)] + [
        [Paragraph(safe(cell), styles.cell) for cell in row] for row in rows
    ]
    style = _grid_style(brand) + [("VALIGN", (0, 0), (-1, -1), "TOP")]
    return _table(body, style, styles, colWidths=widths, repeatRows=1)


def _data_quality(pack: Pack, styles: Styles, brand: Brand, width: float) -> list:
    story = [
        _annex("A", "Data-quality notes", styles),
        Paragraph(
            "What the reading of the source scorecard found, ratings that do not agree with "
            "the target and polarity, and figures that later scorecards revised.",
            styles.lead,
        ),
    ]
    groups = (
        (
            "Notes from reading the scorecard",
            lambda n: n.code not in ("rag-disagrees", "not-in-catalogue"),
        ),
        ("Ratings that disagree with target and polarity", lambda n: n.code == "rag-disagrees"),
        ("Indicators not in the KPI catalogue", lambda n: n.code == "not-in-catalogue"),
    )
    for title, wanted in groups:
        notes = [n for n in pack.notes if wanted(n)]
        story.append(Paragraph(title, styles.h2))
        if notes:
            rows = [[n.subject, n.code, n.message] for n in notes]
            story.append(
                _notes_table(
                    rows,
                    ["Indicator", "Code", "Note"],
                    [52 * mm, 28 * mm, width - 80 * mm],
                    styles,
                    brand,
                )
            )
        else:
            story.append(Paragraph("None this month.", styles.body))
    story.append(Paragraph("Revised figures", styles.h2))
    if pack.revisions:
        rows = [
            [
                r.name,
                month_short(r.period),
                r.measure,
                f"{r.old_value} → {r.new_value}",
                f"{r.old_source} → {r.new_source}",
            ]
            for r in pack.revisions
        ]
        story.append(
            _notes_table(
                rows,
                ["Indicator", "Month", "Measure", "Figure", "Sources"],
                [52 * mm, 18 * mm, 18 * mm, 26 * mm, width - 114 * mm],
                styles,
                brand,
            )
        )
    else:
        story.append(Paragraph("No figure from an earlier month was revised.", styles.body))
    story.append(PageBreak())
    return story


def _glossary(catalogue: Catalogue, styles: Styles, brand: Brand, width: float) -> list:
    rows = [[term, meaning] for term, meaning in catalogue.glossary.items()]
    table = _notes_table(
        rows, ["Abbreviation", "Meaning"], [28 * mm, width - 28 * mm], styles, brand
    )
    return [
        _annex("B", "Glossary", styles),
        Paragraph("Abbreviations used in the scorecard and its commentary.", styles.lead),
        table,
        CondPageBreak(80 * mm),
        Spacer(1, 8 * mm),
    ]


def _source(pack: Pack, styles: Styles, brand: Brand, width: float, produced: date) -> list:
    source = pack.source
    rows = [
        ["File", str(source.get("file") or "not recorded")],
        ["SHA-256", str(source.get("sha256") or "not recorded")],
        [
            "Pages",
            str(source.get("pages") if source.get("pages") not in (None, "") else "not recorded"),
        ],
        ["Read", str(source.get("read_at") or "not recorded")],
        ["Months", ", ".join(month_short(p) for p in pack.periods)],
        ["Reporting month", month_label(pack.period)],
        ["Pack produced", long_date(produced)],
    ]
    if pack.history_sources:
        rows.append(["Earlier scorecards", "; ".join(pack.history_sources)])
    return [
        _annex("C", "Source", styles),
        Paragraph("The scorecard this pack was built from.", styles.lead),
        _notes_table(rows, ["", ""], [34 * mm, width - 34 * mm], styles, brand),
    ]
