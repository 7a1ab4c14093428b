"""The document: page templates, header and footer, bookmarks, contents and "Page X of Y"."""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LayoutError,
    PageBreak,
    PageTemplate,
)
from reportlab.platypus.tableofcontents import TableOfContents

from report.brand import Brand
from report.errors import CannotLayout
from report.fonts import register_fonts
from report.model import Pages
from report.pages import annexes, at_a_glance, contents, cover, indicator, scorecard, summary
from report.pages.style import Look
from report.text import safe

# Dataset text is escaped before layout; should markup ever get through, still fetch nothing.
rl_config.trustedHosts = None
rl_config.trustedSchemes = []

PAGE_SIZES = {"A4": A4, "letter": letter}


class PackTemplate(BaseDocTemplate):
    """The document: page templates, bookmarks and contents entries, and "Page X of Y"."""

    def __init__(self, filename: str, look: Look, pages: Pages, **kwargs):
        self.look, self.pages = look, pages
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


def render(pages: Pages, brand: Brand, path: Path) -> int:
    """Lay out `pages` in `brand` into the PDF at `path`; give its page count."""
    look = Look(brand, register_fonts(brand))
    size = PAGE_SIZES[brand.page_size]
    meta = pages.metadata
    doc = PackTemplate(
        str(path),
        look,
        pages,
        pagesize=size,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        creator="boardpack",
        keywords=list(meta.keywords),
        lang=meta.language,
        invariant=True,
        pageCompression=1,
        initialFontName=look.fonts.regular,
        displayDocTitle=True,
    )
    doc.addPageTemplates(_templates(size, brand.margin_mm * mm))
    body_width = size[0] - 2 * brand.margin_mm * mm
    card_width = (landscape(size)[0] if pages.wide else size[0]) - 2 * brand.margin_mm * mm
    story = [
        *cover.story(Anchor((0, "Cover", "cover", False))),
        *summary.story(pages.summary, look, body_width),
        *contents.story(pages.contents, look),
        *at_a_glance.story(pages.at_a_glance, look, body_width),
        *scorecard.story(pages.scorecard, look, card_width, pages.wide),
        *(f for section in pages.sections for f in indicator.section(section, look, body_width)),
        PageBreak(),
        *annexes.story(pages.annexes, look, body_width),
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

    front = Frame(margin, 18 * mm, size[0] - 2 * margin, 30 * mm, id="cover")
    return [
        PageTemplate(id="cover", frames=[front], onPage=_draw_cover, pagesize=size),
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
    look, furniture = doc.look, doc.pages.furniture
    fonts = look.fonts
    width, height = canvas._pagesize
    margin = look.brand.margin_mm * mm
    canvas.saveState()
    canvas.setFillColor(look.colour("heading"))
    canvas.rect(0, height - 4 * mm, width, 4 * mm, stroke=0, fill=1)
    canvas.setFont(fonts.bold, 8)
    canvas.setFillColor(look.colour("heading"))
    canvas.drawString(margin, height - 12 * mm, furniture.title)
    canvas.setFont(fonts.regular, 8)
    canvas.setFillColor(look.colour("muted"))
    canvas.drawRightString(width - margin, height - 12 * mm, furniture.organisation)
    canvas.setStrokeColor(look.colour("rule"))
    canvas.setLineWidth(0.6)
    canvas.line(margin, height - 14.5 * mm, width - margin, height - 14.5 * mm)
    canvas.line(margin, 13 * mm, width - margin, 13 * mm)
    draw_footer(canvas, doc)
    canvas.restoreState()


def draw_footer(canvas, doc: PackTemplate) -> None:
    """Draw the footer: when the pack was produced, its marking, "Page X of Y"."""
    look, furniture = doc.look, doc.pages.furniture
    width = canvas._pagesize[0]
    margin = look.brand.margin_mm * mm
    canvas.setFont(look.fonts.regular, 8)
    canvas.setFillColor(look.colour("muted"))
    canvas.drawString(margin, 8.5 * mm, furniture.produced)
    canvas.drawRightString(width - margin, 8.5 * mm, f"Page {doc.page} of {doc.page_total or '…'}")
    canvas.setFont(look.fonts.bold, 8.5)
    canvas.setFillColor(look.colour("marking"))
    canvas.drawCentredString(width / 2, 8.5 * mm, furniture.marking)


def _draw_cover(canvas, doc: PackTemplate) -> None:
    canvas.saveState()
    cover.draw(canvas, doc.pages.cover, doc.look)
    canvas.setStrokeColor(doc.look.colour("rule"))
    margin = doc.look.brand.margin_mm * mm
    canvas.line(margin, 13 * mm, canvas._pagesize[0] - margin, 13 * mm)
    draw_footer(canvas, doc)
    canvas.restoreState()
