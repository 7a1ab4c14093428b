"""The one module that opens PDFs: pdfplumber gives words, fills and ruled tables."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from extract import limits
from extract.errors import BrokenPdf, EncryptedPdf, ExtractError, NotAPdf
from extract.grid import Fill, Grid, Word, table_to_grid

ENGINE = "pdfplumber"


@dataclass(frozen=True)
class PageContent:
    """What the extractor needs of one page."""

    number: int  # 1-based
    width: float
    height: float
    words: tuple[Word, ...]
    fills: tuple[Fill, ...]  # filled rectangles smaller than the page: shading and square marks
    marks: tuple[Fill, ...]  # small filled shapes that are not rectangles: a RAG dot, a tick
    tables: tuple[Grid, ...]  # ruled tables found from vector lines
    has_images: bool
    # Horizontal rules drawn, (x0, x1, y); None when not known (a page read from a scan).
    rules: tuple[tuple[float, float, float], ...] | None = None


def sha256_of(path: Path) -> str:
    """Give the SHA-256 of the file at `path` as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_header(path: Path) -> None:
    """Refuse a file that does not start like a PDF."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise NotAPdf()


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """Open the PDF at `path`, turning the parser's failures into domain errors."""
    check_header(path)
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfplumber wraps pdfminer's many failures in one exception
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if isinstance(cause, (ExtractError, MemoryError)):
            raise cause from None  # a bound stopped the parser: say so, not "damaged"
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower():
            raise EncryptedPdf() from exc
        raise BrokenPdf(type(cause).__name__) from exc
    try:
        yield pdf
    finally:
        pdf.close()


def metadata(pdf: pdfplumber.PDF) -> dict:
    """Give the PDF's document information as plain strings."""
    out = {}
    for key, value in (pdf.metadata or {}).items():
        if isinstance(value, bytes):
            value = value.decode("latin-1", "replace")
        if isinstance(value, (str, int, float)):
            out[str(key)] = str(value)
    return out


def _colour(value: object) -> object:
    """Give a colour as pdfplumber reports it in a hashable form (lists become tuples)."""
    return tuple(value) if isinstance(value, list) else value


def _glyph_colour(chars: list[dict]) -> object:
    """Give the colour most of a word's glyphs are painted in."""
    colours = [_colour(c.get("non_stroking_color")) for c in chars]
    return max(set(colours), key=colours.count) if colours else None


def _words(page) -> list[Word]:
    out = []
    for w in page.extract_words(
        x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["fontname"], return_chars=True
    ):
        chars = w.get("chars", ())
        out.append(
            Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]),
                 "bold" in str(w.get("fontname", "")).lower(),
                 tuple((c["text"], float(c["x0"]), float(c["x1"])) for c in chars),
                 _glyph_colour(chars))
        )
    return out


def _fills(page) -> list[Fill]:
    area = float(page.width) * float(page.height)
    out = []
    for rect in page.rects:
        if not rect.get("fill"):
            continue
        bbox = (float(rect["x0"]), float(rect["top"]), float(rect["x1"]), float(rect["bottom"]))
        if (bbox[2] - bbox[0]) * (bbox[3] - bbox[1]) > 0.5 * area:
            continue
        out.append(Fill(bbox, _colour(rect.get("non_stroking_color"))))
    return out


def _marks(page) -> list[Fill]:
    """Give the filled shapes that are not rectangles (circles, ticks, arrows), up to a
    cell's size: a RAG drawn as a coloured dot is one."""
    out = []
    for curve in page.curves:
        if not curve.get("fill"):
            continue
        bbox = (float(curve["x0"]), float(curve["top"]), float(curve["x1"]), float(curve["bottom"]))
        if bbox[2] - bbox[0] <= 40 and bbox[3] - bbox[1] <= 40:
            out.append(Fill(bbox, _colour(curve.get("non_stroking_color"))))
    return out


_MARK = (2.0, 10.0)  # points: the least and most each side of a filled shape that is a mark


def _is_mark(obj: dict) -> bool:
    """Say whether `obj` is a filled, unstroked rectangle as small as a mark on both sides
    (a RAG square), not a rule (thin one way) nor a cell's shading."""
    if obj.get("object_type") != "rect" or not obj.get("fill") or obj.get("stroke"):
        return False
    width, height = float(obj["x1"]) - float(obj["x0"]), float(obj["bottom"]) - float(obj["top"])
    return all(_MARK[0] <= side <= _MARK[1] for side in (width, height))


def _rules(page) -> list[tuple[float, float, float]]:
    """Give the horizontal rules of `page` as (x0, x1, y): its horizontal lines, thin boxes
    (a rule drawn as a filled rectangle) and the top and foot of each stroked box; a shaded
    band is in `fills`, its edges no rules."""
    out = []
    for line in page.lines:
        if abs(float(line["top"]) - float(line["bottom"])) <= 2:
            out.append((float(line["x0"]), float(line["x1"]), (float(line["top"]) + float(line["bottom"])) / 2))
    for shape in (*page.rects, *page.curves):
        x0, top, x1, bottom = (float(shape[k]) for k in ("x0", "top", "x1", "bottom"))
        if x1 - x0 < 1.0:
            continue
        if bottom - top <= 2:
            out.append((x0, x1, (top + bottom) / 2))
        elif shape.get("stroke") and shape["object_type"] == "rect":
            out += [(x0, x1, top), (x0, x1, bottom)]
    return out


def read_page(page, number: int) -> PageContent:
    """Give the words, fills and ruled tables of one pdfplumber `page`."""
    words = _words(page)
    fills = _fills(page)
    marks = _marks(page)
    grids = []
    # A small filled square in a cell is a mark (a RAG drawn as a shape), not four rules: its
    # edges would cut the cell in two and make the square the shading of a cell of its own.
    ruled = page.filter(lambda obj: not _is_mark(obj))
    for table in ruled.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        grid = table_to_grid([c for c in table.cells if c], words, fills, number, ENGINE, marks)
        if grid is not None:
            grids.append(grid)
    return PageContent(
        number, float(page.width), float(page.height), tuple(words), tuple(fills),
        tuple(marks), tuple(grids), bool(page.images), tuple(_rules(page)),
    )


def iter_pages(pdf: pdfplumber.PDF, limit: int | None = None) -> Iterator[PageContent]:
    """Give each page's content in turn, releasing each page's parse once read."""
    for number, page in enumerate(pdf.pages, start=1):
        if limit is not None and number > limit:
            return
        try:
            with limits.page(number):
                content = read_page(page, number)
        finally:
            page.close()
        yield content
