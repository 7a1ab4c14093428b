"""A scanned page read from its image: straightened, its ruled grid found, each cell read."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from extract.errors import UnreadableScan
from extract.grid import BBox, Fill, Word, table_to_grid
from extract.pdf import PageContent
from extract.scan import image
from extract.scan.ocr import ENGINE, OcrWord, Reader
from extract.scan.pdfium import Document, PageMake

DPI = 300  # every page is read at this resolution, a coarser scan scaled up to it
LEAST_DPI = 120  # below this the digits are too few pixels to tell apart
BLANK = 0.002  # a page with less ink than this share of it is blank
PAD = 12  # white pixels around a cell given to the OCR engine
LINE_ENLARGE = 1.5  # a cell of one line is read this much larger
# Scripts whose letters look like Latin's: tesseract's detection can take a page of English
# for one of them. A page found in any other script has no word the English data can read.
LATIN_LIKE = ("Latin", "Common", "Fraktur", "Cyrillic", "Greek")


@dataclass(frozen=True)
class ReadWord:
    """A word read from the scan, in page points, with the engine's confidence."""

    word: Word
    confidence: float
    known: bool = True  # in the OCR engine's dictionary, or a number


@dataclass
class ScanPage:
    """One scanned page as the extractor reads it, and what is needed to read a cell again."""

    content: PageContent
    words: list[ReadWord]
    rgb: np.ndarray  # the straightened page, DPI
    ink: np.ndarray  # its ink mask
    painted_out: np.ndarray  # its ruled lines
    skew: float
    turns: int
    scan_dpi: float
    evidence: list[str] = field(default_factory=list)
    colourless: bool = False  # no colour anywhere: a grey photocopy, or printed in black alone

    def to_pixels(self, bbox: BBox) -> image.PxBox:
        scale = DPI / 72
        rows, cols = self.rgb.shape[:2]
        x0, top, x1, bottom = (int(round(v * scale)) for v in bbox)
        return max(x0, 0), max(top, 0), min(x1, cols), min(bottom, rows)

    def words_in(self, bbox: BBox) -> list[ReadWord]:
        """Give the read words whose centre lies in `bbox`."""
        x0, top, x1, bottom = bbox
        return [r for r in self.words
                if x0 <= (r.word.x0 + r.word.x1) / 2 <= x1 and top <= (r.word.top + r.word.bottom) / 2 <= bottom]


def evidence(make: PageMake) -> list[str]:
    """Give the reasons to read a page as a scan, or [] for a born-digital page: a picture
    covering the page with no visible text over it."""
    if make.image_cover < 0.85:
        return []
    visible = make.texts - make.invisible
    if visible > max(5, 0.2 * make.texts):
        return []
    found = [f"an image covers {make.image_cover:.0%} of the page ({make.image_dpi:.0f} dpi)"]
    if make.invisible:
        found.append(f"{make.invisible} text objects drawn invisible (render mode 3) over it")
    if make.ocr_fonts:
        found.append(f"{make.ocr_fonts} in a font with no letter shapes, sized to the image's words")
    if any(tool in make.producer.lower() for tool in ("tesseract", "ocrmypdf", "abbyy", "scan")):
        found.append(f"produced by {make.producer}")
    if not make.texts:
        found.append("no text layer")
    return found


def too_coarse(number: int, make: PageMake) -> None:
    """Refuse scanned page `number` when its image is too coarse for digits to be told apart."""
    if make.image_dpi and make.image_dpi < LEAST_DPI:
        raise UnreadableScan(f"page {number} is scanned at {make.image_dpi:.0f} dpi, under the "
                             f"{LEAST_DPI} dpi that digits need; ask for a scan at 300 dpi or the original PDF")


def to_word(read: OcrWord, offset: tuple[int, int], text: str | None = None) -> Word:
    scale = 72 / DPI
    dx, dy = offset
    return Word(text if text is not None else _clean(read.text), (read.x0 + dx) * scale, (read.top + dy) * scale,
                (read.x1 + dx) * scale, (read.bottom + dy) * scale)


# Typographic quotes and dashes as OCR gives them, made as scorecards print them.
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "|": ""})


def _clean(text: str) -> str:
    return text.translate(_PLAIN)


def read_cell(reader: Reader, rgb: np.ndarray, painted_out: np.ndarray, box: image.PxBox,
              allowed: str = "", enlarge: float = 1.0, binary: bool = False, raw: bool = False,
              dark: bool = False, sharp: bool = False) -> list[OcrWord]:
    """Give the words in the cell at `box`, in page pixels; `raw` reads a one-line cell
    without tesseract's word model (which can drop a lone letter), `dark` with its faint
    marks darkened (a pale decimal point), `sharp` with its edges sharpened once enlarged
    (a grey copy's blurred letters)."""
    found = image.for_reading(rgb, box, painted_out, PAD, DPI)
    if found is None:
        return []
    patch, (dx, dy) = found
    if binary:
        patch = image.binarise(patch)
    if dark:
        patch = image.darken(patch)
    lines = image.line_count(patch)
    if lines == 1:
        # tesseract reads small print best a size larger: "79%" at 7.5 pt read as "19%".
        enlarge *= LINE_ENLARGE
    if enlarge != 1.0:
        patch = image.enlarge(patch, enlarge)
    if sharp:
        patch = image.sharpen(patch, 1.25 * enlarge)
    layout = "block" if lines > 1 else "raw" if raw else "line"
    found = reader.words(patch, DPI * enlarge, layout, allowed)
    shift = (box[0] + dx - PAD, box[1] + dy - PAD)
    return [OcrWord(w.text, int(w.x0 / enlarge) + shift[0], int(w.top / enlarge) + shift[1],
                    int(w.x1 / enlarge) + shift[0], int(w.bottom / enlarge) + shift[1], w.confidence, w.known)
            for w in found if _clean(w.text).strip()]


UNREAD = "?"  # stands for marks in a cell that no way of reading made into text


def _read_marked_cell(reader: Reader, rgb: np.ndarray, painted_out: np.ndarray, box: image.PxBox) -> list[OcrWord]:
    """Give the words in a cell that has marks in it: read again larger, then in black and
    white, when the first reading finds nothing (a lone "-" can read as nothing), and a "?"
    with no confidence when still nothing comes, so that the cell is checked, never dropped."""
    for enlarge, binary in ((1.0, False), (2.0, False), (1.0, True)):
        words = read_cell(reader, rgb, painted_out, box, enlarge=enlarge, binary=binary)
        if words:
            return words
    if image.for_reading(rgb, box, painted_out, PAD, DPI) is None:
        return []  # specks only
    x0, top, x1, bottom = box
    middle = (top + bottom) // 2
    return [OcrWord(UNREAD, x0 + 2, middle - 2, x1 - 2, middle + 2, 0.0)]


def read_page(document: Document, number: int, make: PageMake, reader: Reader, found: list[str],
              usual_turns: int = 0) -> ScanPage:
    """Read scanned page `number` from its image, turned as tesseract says or, when it is
    unsure (a page with little text), by `usual_turns` as the pages before it were; refuse
    it when it cannot be read."""
    too_coarse(number, make)
    rgb = document.render(number, DPI)
    mask = image.ink(image.grey(rgb))
    if image.ink_share(mask) < BLANK:
        return _unread(number, make, found + ["blank"])
    # At full resolution: at half, tesseract was sure the wrong way of a page with little text.
    lie = reader.orientation(image.grey(rgb), DPI)
    if lie.script and lie.script not in LATIN_LIKE:
        # Read with English data it gives only noise, and slowly: set aside, and said.
        return _unread(number, make, found + [f"written in {lie.script} script"])
    turns = lie.turns if lie.sure >= 2.0 else usual_turns
    if turns:
        rgb = image.turn(rgb, turns)
        mask = image.ink(image.grey(rgb))
    angle = image.skew(mask)
    rgb = image.straighten(rgb, angle)
    grey = image.grey(rgb)
    mask = image.ink(grey)
    rules = image.find_rules(mask, DPI, image.faint_ink(grey))
    painted_out = rules.painted_out()
    tables = image.tables(rules, DPI, grey)
    reads: list[ReadWord] = []
    grids, fills = [], []
    scale = 72 / DPI
    for table in tables:
        boxes, words = [], []
        for box in table.cells:
            boxes.append(tuple(v * scale for v in box))
            colour = image.colour_of(rgb, box, DPI)
            if colour is not None:
                fills.append(Fill(boxes[-1], colour))
        marked = [box for box in table.cells if image.has_text(mask, box, painted_out, DPI)]
        cells = reader.map(lambda engine, box: _read_marked_cell(engine, rgb, painted_out, box), marked)
        for cell_words in cells:
            for read in cell_words:
                word = to_word(read, (0, 0))
                words.append(word)
                reads.append(ReadWord(word, read.confidence, read.known))
        grid = table_to_grid(boxes, words, fills, number, f"ocr-{ENGINE}")
        if grid is not None:
            grids.append(grid)
    # Titles, dates and any table without rules are read from the rest of the page.
    rest = grey.copy()
    rest[painted_out > 0] = 255
    for table in tables:
        x0, top, x1, bottom = table.bbox
        rest[top:bottom, x0:x1] = 255
    if image.ink_share(image.ink(rest)) >= BLANK / 4:
        for read in reader.page_words(rest, DPI):
            if _clean(read.text).strip():
                word = to_word(read, (0, 0))
                reads.append(ReadWord(word, read.confidence, read.known))
    if not reads:
        raise UnreadableScan(f"no text could be read on page {number}, even turned the right way up; "
                             "ask for a clearer scan at 300 dpi or the original PDF")
    content = PageContent(number, make.width, make.height, tuple(r.word for r in reads), tuple(fills), (),
                          tuple(grids), False)
    return ScanPage(content, reads, rgb, mask, painted_out, angle, turns,
                    make.image_dpi, found, image.colourless(rgb))


def _unread(number: int, make: PageMake, found: list[str]) -> ScanPage:
    """Give scanned page `number` as one with nothing read from it, for the reason that ends `found`."""
    content = PageContent(number, make.width, make.height, (), (), (), (), False)
    empty = np.zeros((1, 1), np.uint8)
    return ScanPage(content, [], np.zeros((1, 1, 3), np.uint8), empty, empty, 0.0, 0, make.image_dpi, found)
