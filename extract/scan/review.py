"""Every cell read from a scan checked: its confidence, the value grammar, its RAG colour and
the row's other figures; a cell that fails is read again, and what stays doubtful is said."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field, replace

import numpy as np

from extract.grid import BBox, Grid, text_of
from extract.rows import RawRow
from extract.scan.greyrag import Shade, calibrate, rate
from extract.scan.image import for_reading, png, shade
from extract.scan.ocr import FIGURE_CHARS, Reader
from extract.scan.page import DPI, PAD, ScanPage, read_cell, to_word
from extract.text import compact, join_lines
from extract.values import (
    figure_text,
    is_not_a_number,
    parse_benchmark,
    parse_figure,
    parse_rag,
    rag_of_colour,
)

# Under this confidence (0..100) tesseract's reading of a word is doubtful. Chosen on the
# generated scans (docs/scans.md): every word it read wrongly there scored lower.
CONFIDENCE = 85.0
# A figure read with less confidence than this is read again another way to confirm it.
SURE = 95.0
# A month's figure this many times above or below the row's other months is doubtful.
OUTLIER = 8.0
# One this many times above or below them is read again a second way to confirm it.
UNLIKE = 2.0
# A cell whose middle lightness (0..255) is under this is shaded: amber in a grey photocopy
# is about 210, paper 240 or more.
SHADED = 228
_BENCHMARKS = ("target", "national", "comparator")
# The letters of the RAG words and letters (Red, Amber, Green; R, A, G): a RAG cell read again
# is kept to them, so that noise beside the letter ("~OR") is not read as more letters.
RAG_CHARS = "RAGedmbrn"
# "N/A" with its slash read as a letter or a bar: in a figure's cell it can be nothing else.
_SLASH_AS_LETTER = re.compile(r"N[Il1|]A", re.IGNORECASE)
_UNDOTTED = re.compile(r"\d{2,}")


@dataclass(frozen=True)
class Doubt:
    """A cell whose reading a person should check against the scan."""

    page: int
    row: int  # in the table as found on the page, 0-based
    col: int
    bbox: BBox
    text: str
    confidence: float
    reason: str
    crop: bytes  # the cell as scanned, PNG

    @property
    def name(self) -> str:
        return f"{self.page}-{self.row}-{self.col}"


# Capitals with the shape of their small letters, told apart by size alone (and "I" from "l"
# and from "i" without its dot): tesseract capitalises such a word mid-sentence with full
# confidence ("training Opportunities", "NEET Clinics").
_CASE_BY_SIZE = frozenset("COSVWXZI")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
_ENDS_SENTENCE = (".", "!", "?", ":")


class _Vocabulary:
    """The words read on one scanned page, to check each word of a text cell against: a
    word in no dictionary is taken on trust only when the page has it twice (a name, a
    council's own term), and so is a word capitalised mid-sentence with a capital that only
    its size tells from the small letter."""

    def __init__(self, scan: ScanPage):
        self.words: dict[str, int] = {}
        self.capitals: dict[str, int] = {}
        for read in scan.words:
            core = _core(read.word.text)
            if core:
                self.words[core.lower()] = self.words.get(core.lower(), 0) + 1
                self.capitals[core] = self.capitals.get(core, 0) + 1

    def doubt(self, reads: list) -> str:
        """Give what is doubtful in the words `reads` of one text cell, in reading order, or ""."""
        after_stop = True
        for read in reads:
            text = read.word.text
            core = _core(text)
            if core and len(core) >= 4 and not core.isupper() and not read.known \
                    and self.words.get(core.lower(), 0) < 2:
                return f"{core!r} is in no dictionary and nowhere else on the page"
            if core and not after_stop and core[0] in _CASE_BY_SIZE and len(core) >= 2 \
                    and core[1:].islower() and self.capitals.get(core, 0) < 2:
                return f"{core!r} capitalised mid-sentence, its capital told from the small letter by size alone"
            after_stop = text.rstrip("\"')]").endswith(_ENDS_SENTENCE)
        return ""


def _core(text: str) -> str:
    """Give the word in `text` without the punctuation round it, or "" when it is no word
    of letters alone (a figure, a code such as S47)."""
    stripped = text.strip("\"'()[]{},.;:!?")
    return stripped if _WORD.fullmatch(stripped) else ""


def _kind(slot) -> str:
    if isinstance(slot, tuple):
        return slot[0]  # figure or rag
    return "benchmark" if slot in _BENCHMARKS else "text"


def _problem(kind: str, text: str, colour: object) -> str:
    """Say what is wrong with `text` read for a cell of `kind`, or ""."""
    if kind == "figure":
        measures = parse_figure(join_lines(text))
        if measures is None:
            return "not a figure"
        if any(m.unit == "%" and not 0 <= m.value <= 100 for m in measures):
            return "a percentage outside 0-100"
    elif kind == "benchmark":
        printed = figure_text(join_lines(text))
        if not is_not_a_number(printed) and parse_benchmark(printed) is None:
            return "not a figure"
    if kind in ("figure", "benchmark") and compact(text).lower() == "na":
        # OCR drops the thin slash of "N/A" far more often than it makes one up.
        return "N/A or NA: the slash may be lost"
    elif kind == "rag":
        rag = parse_rag(text)
        if not rag.valid:
            return "not a RAG rating"
        by_colour = rag_of_colour(colour) if colour is not None else ""
        if rag.rag and by_colour and rag.rag != by_colour:
            return f"the letter says {rag.rag}, the colour {by_colour}"
    return ""


def _confidence(scan: ScanPage, bbox: BBox) -> float:
    return min((r.confidence for r in scan.words_in(bbox)), default=100.0)


def _reread(scan: ScanPage, reader: Reader, kind: str, bbox: BBox, colour: object) -> tuple[str, float, bool] | None:
    """Give a reading of the cell at `bbox` that passes the checks for `kind`, the surest of
    several ways of reading it, and whether the engine was kept to the characters `kind`
    allows to find it; None when none passes."""
    allowed = {"figure": FIGURE_CHARS, "benchmark": FIGURE_CHARS + " ", "rag": RAG_CHARS}.get(kind, "")
    box = scan.to_pixels(bbox)
    best = None
    for enlarge, binary, raw, only in ((1.0, False, True, ""), (1.0, False, False, allowed),
                                        (1.5, False, True, ""), (1.0, True, False, "")):
        words = read_cell(reader, scan.rgb, scan.painted_out, box, only, enlarge, binary, raw)
        text = " ".join(w.text for w in words)
        if not text or _problem(kind, text, colour):
            continue
        confidence = min(w.confidence for w in words)
        if best is None or confidence > best[1]:
            best = (text, confidence, bool(only))
        if confidence >= CONFIDENCE:
            break
    return best


# A text cell read again sharpened must keep this share of the letters first read: a reading
# that drops words has fewer words in no dictionary too.
KEEPS = 0.9


def _sharper(scan: ScanPage, reader: Reader, bbox: BBox) -> str | None:
    """Give a reading of the doubtful text cell at `bbox` enlarged and sharpened when
    `prefer` takes it over the first, else None: a grey photocopy's blur joins thin letters
    ("is" read "ts", "time" read "ume"), and sharpening parts them in some cells, not all."""
    first = [(r.word.text, r.known, r.confidence) for r in scan.words_in(bbox)]
    words = read_cell(reader, scan.rgb, scan.painted_out, scan.to_pixels(bbox), enlarge=2.0, sharp=True)
    if not prefer(first, [(w.text, w.known, w.confidence) for w in words]):
        return None
    return text_of([to_word(w, (0, 0)) for w in words])


def prefer(first: list[tuple[str, bool, float]], again: list[tuple[str, bool, float]]) -> bool:
    """Say whether the reading `again` of a text cell is better than the `first`, each word
    as (text, in the engine's dictionary, confidence), in reading order: fewer doubtful words
    (in no dictionary, or with a capital only its size tells from the small letter where a
    small one belongs: "Suggests" mid-sentence, "iS"), or as few read with more confidence,
    and nearly as many letters (a reading that drops words has fewer doubtful words too)."""
    if not first or not again:
        return False
    letters = [sum(ch.isalnum() for text, _, _ in words for ch in text) for words in (first, again)]
    if letters[1] < KEEPS * letters[0]:
        return False

    def worse(words):
        return _doubtful_words(words), -statistics.mean(c for _, _, c in words)

    return worse(again) < worse(first)


def _doubtful_words(words: list[tuple[str, bool, float]]) -> int:
    """Give how many of `words` (text, in the engine's dictionary, confidence) are doubtful:
    in no dictionary, a capital by size after a small letter ("iS"), or capitalised by size
    mid-sentence ("as it Suggests")."""
    count, after_stop = 0, True
    for text, known, _ in words:
        core = _core(text)
        by_size = bool(core) and not after_stop and core[0] in _CASE_BY_SIZE and core[1:].islower()
        count += not known or by_size or bool(re.search(r"[a-z][A-Z]", core))
        after_stop = text.rstrip("\"')]").endswith(_ENDS_SENTENCE)
    return count


def _with_dot(scan: ScanPage, reader: Reader, bbox: BBox, text: str) -> str | None:
    """Give a reading of the cell at `bbox` with its faint marks darkened that is `text` with
    a decimal point more ("4.2" for "42"), or None: a grey photocopy's blur leaves a point
    too pale for tesseract, which then reads the digits beside it with full confidence."""
    digits = compact(text).replace(".", "")
    box = scan.to_pixels(bbox)
    for enlarge in (1.0, 2.0):
        words = read_cell(reader, scan.rgb, scan.painted_out, box, enlarge=enlarge, dark=True)
        reading = " ".join(w.text for w in words)
        if compact(reading).replace(".", "") == digits and reading.count(".") > text.count("."):
            return reading
    return None


def _confirm(scan: ScanPage, reader: Reader, bbox: BBox, text: str) -> str | None:
    """Give the reading of a figure's cell that two ways of reading it agree on, first
    `text` and one read larger, then one in black and white, or None when no two agree."""
    box = scan.to_pixels(bbox)
    readings = [join_lines(text)]
    for enlarge, binary in ((1.4, False), (1.0, True)):
        words = read_cell(reader, scan.rgb, scan.painted_out, box, enlarge=enlarge, binary=binary)
        reading = " ".join(w.text for w in words)
        if any(compact(reading) == compact(r) for r in readings):
            return reading if compact(reading) != compact(readings[0]) else text
        readings.append(reading)
    return None


# The colour a RAG rated from its grey level stands for, in the row's fills (so it reads as
# a rating by its cell's fill, as a colour scan's would).
_COLOUR_OF_RATING = {"R": (0.8, 0.1, 0.1), "A": (1.0, 0.75, 0.0), "G": (0.1, 0.6, 0.2)}


@dataclass
class GreyCells:
    """The shaded RAG cells of one document with no colour (a grey copy's), each as printed,
    and those with no rating printed in them, to rate once the whole document is read."""

    shades: list[Shade] = field(default_factory=list)
    pending: list[GreyCell] = field(default_factory=list)


@dataclass(frozen=True)
class GreyCell:
    """A shaded RAG cell with no rating printed in it, and the doubt said of it."""

    row: RawRow
    slot: object
    shade: Shade
    doubt: Doubt


def review(scan: ScanPage, reader: Reader, grid: Grid, rows: list[RawRow], grey: GreyCells | None = None) -> list[Doubt]:
    """Check every cell of `rows` read from `scan`, correct what a second reading settles
    (in `rows`), and give the cells that stay doubtful; the document's shaded RAG cells go
    into `grey`, for `settle_grey` to rate those a grey copy left with no rating."""
    grey = GreyCells() if grey is None else grey
    number = scan.content.number
    places = {tuple(round(v, 2) for v in c.bbox): (c.row, c.col, c.text) for c in grid.cells}
    doubts = []
    # Where refs on the page read "4.2", one read "42" may have lost its dot (a speck that
    # noise hides as easily as it makes one).
    dotted = sum("." in r.texts.get("ref", "") for r in rows if r.kind != "section") >= 2
    _blank_rag_cells(grid, rows, number, places)
    shades = _rag_shades(scan, rows)
    for by_slot in shades.values():
        for found in by_slot.values():
            grey.shades.append(found)
    vocabulary = _Vocabulary(scan)
    for row in rows:
        if row.kind == "section":
            continue
        values, benchmarks = {}, {}
        for slot, where in list(row.cells.items()):
            if not where or where[0] != number:
                continue
            bbox = where[1]
            place = places.get(tuple(round(v, 2) for v in bbox))
            kind = _kind(slot)
            text = row.texts.get(slot, "")
            if kind in ("figure", "benchmark") and _SLASH_AS_LETTER.fullmatch(text.strip()):
                row.texts[slot] = text = f"{text.strip()[0]}/{text.strip()[2]}"
            colour = row.fills.get(slot)
            problem = _problem(kind, text, colour)
            if slot == "ref" and dotted and _UNDOTTED.fullmatch(text.strip()):
                found = _with_dot(scan, reader, bbox, text)
                if found is None:
                    problem = "a ref without the dot the page's other refs have"
                else:
                    row.texts[slot] = text = found
                    problem = f"read {join_lines(found)!r} only with its faint marks darkened"
            confidence = _confidence(scan, bbox)
            if kind == "text" and not problem:
                problem = vocabulary.doubt(scan.words_in(bbox))
            if kind == "text" and scan.colourless and (problem or confidence < CONFIDENCE) \
                    and place is not None and place[2] == text:
                # Only where the page shows no colour: the blur is a grey photocopy's.
                sharper = _sharper(scan, reader, bbox)
                if sharper is not None:
                    row.texts[slot] = text = sharper
                    problem = problem or f"read with {confidence:.0f}% confidence"
                    problem += "; read again enlarged and sharpened, with fewer words in no dictionary"
            if not text.strip() and kind != "text" and _has_marks(scan, bbox):
                problem = "marks in the cell read as nothing"
            unrated = None
            if kind == "rag" and not parse_rag(text).rag and not rag_of_colour(colour) and _shaded(scan, bbox):
                # A grey photocopy of a RAG printed as colour alone: its rating is lost, unless
                # the document's cells that print theirs tell its grey level's (`settle_grey`).
                problem = "shaded grey, no rating printed or coloured: a grey copy may have lost its colour"
                unrated = shades.get(id(row), {}).get(slot) if not text.strip() else None
            single = place is not None and place[2] == text  # the slot's text is this one cell's
            if (problem or confidence < CONFIDENCE) and kind != "text" and single:
                better = _reread(scan, reader, kind, bbox, colour)
                if better is not None and (problem or better[1] > confidence):
                    row.texts[slot] = text = better[0]
                    confidence, problem = better[1], ""
                    if kind == "rag" and better[2]:
                        # Kept to RAG letters, tesseract makes one of noise too: checked by a person.
                        problem = f"read {join_lines(text)!r} only when kept to the letters of RAG words"
                elif kind == "rag" and problem == "not a RAG rating" and rag_of_colour(colour):
                    # Specks in a coloured cell read as a stray mark: the colour is the rating.
                    del row.texts[slot]
                    problem = f"marks read as {join_lines(text)!r}, not a rating; rated by its colour"
            if kind in ("figure", "benchmark") and not problem and single and confidence < SURE:
                settled = _confirm(scan, reader, bbox, text)
                if settled is None:
                    problem = "read differently each time"
                elif settled != text:
                    row.texts[slot] = text = settled
            if kind == "figure" and not problem:
                measures = parse_figure(join_lines(text))
                if measures:
                    values[slot] = (measures[0].value, bbox, text, confidence, place)
            if kind == "benchmark" and not problem:
                value = parse_benchmark(figure_text(join_lines(text)))
                if value is not None:
                    benchmarks[slot] = (value, bbox, text, confidence, place)
            if problem or confidence < CONFIDENCE:
                reason = problem or f"read with {confidence:.0f}% confidence"
                doubts.append(_doubt(scan, place, bbox, text, confidence, reason))
                if unrated is not None and not parse_rag(row.texts.get(slot, "")).rag:
                    grey.pending.append(GreyCell(row, slot, unrated, doubts[-1]))
        doubts += _redot(scan, reader, row, values, UNLIKE, 2)
        doubts += _unlike(scan, reader, row, values)
        doubts += _outliers(scan, values)
        # A benchmark that lost its decimal point ("41.4" read "414") beside the row's others.
        doubts += _redot(scan, reader, row, benchmarks, OUTLIER, 1)
        doubts += _outliers(scan, benchmarks, least=1, others_are="benchmarks")
    return doubts


def _redot(scan: ScanPage, reader: Reader, row: RawRow, values: dict, ratio: float, least: int) -> list[Doubt]:
    """Read again, its faint marks darkened, each figure of `row` in `values` more than
    `ratio` times above the middle of the others (at least `least` of them) and take the
    reading that finds a decimal point it lost ("29.1" read "291") when that brings it
    among them; give each so corrected as doubtful, the point having been faint."""
    out = []
    middles = {slot: _middle(values, slot, least) for slot in values}
    for slot, (value, bbox, text, confidence, place) in list(values.items()):
        middle = middles[slot]
        if middle is None or value <= middle * ratio:
            continue
        found = _with_dot(scan, reader, bbox, text)
        measures = parse_figure(join_lines(found)) if found else None
        if not measures or measures[0].value > middle * ratio:
            continue
        row.texts[slot] = found
        values[slot] = (measures[0].value, bbox, found, confidence, place)
        out.append(_doubt(scan, place, bbox, found, confidence,
                          f"read {join_lines(text)!r} first; a faint decimal point, found darkened"))
    return out


def _unlike(scan: ScanPage, reader: Reader, row: RawRow, values: dict) -> list[Doubt]:
    """Read again, a second way, each month's figure of `row` unlike the row's other months
    (over twice or under half their middle: "79%" read "19%" with full confidence), correct
    it when the two ways agree on another reading that is like them, and give it as doubtful
    when it stays unlike them: tesseract can misread a digit the same way twice."""
    out = []
    middles = {slot: _middle(values, slot, 2) for slot in values}
    for slot, (value, bbox, text, confidence, place) in list(values.items()):
        middle = middles[slot]
        if middle is None or value <= 0:
            continue
        if middle / UNLIKE <= value <= middle * UNLIKE:
            continue
        settled = _confirm(scan, reader, bbox, text)
        if settled is None:
            out.append(_doubt(scan, place, bbox, text, confidence,
                              f"unlike the row's other months (about {middle:g}) and read differently each time"))
            del values[slot]
            continue
        measures = parse_figure(join_lines(settled))
        if settled != text and measures:
            row.texts[slot] = text = settled
            value = measures[0].value
            values[slot] = (value, bbox, text, confidence, place)
        if not middle / UNLIKE <= value <= middle * UNLIKE:
            out.append(_doubt(scan, place, bbox, text, confidence,
                              f"unlike the row's other months (about {middle:g}); check it"))
            del values[slot]  # said once
    return out


def _outliers(scan: ScanPage, values: dict, least: int = 2, others_are: str = "months") -> list[Doubt]:
    """Give the figures of one row (its months, or its benchmarks) far above or below the
    row's others, when there are at least `least` others to tell by."""
    out = []
    for slot, (value, bbox, text, confidence, place) in values.items():
        middle = _middle(values, slot, least)
        if middle is None or value <= 0:
            continue
        if value > OUTLIER * middle or value * OUTLIER < middle:
            out.append(_doubt(scan, place, bbox, text, confidence,
                              f"far from the row's other {others_are} (about {middle:g})"))
    return out


def _middle(values: dict, slot, least: int) -> float | None:
    """Give the middle of the positive figures in `values` that the one in `slot` is judged
    against, when at least `least` others are there to tell by: with three or more, the
    median of all of them, itself too (beside the others alone, a right "4.2%" next to
    "4.3%" and a "46%" that lost its dot looked the odd one out); with two, the other."""
    others = [v[0] for s, v in values.items() if s != slot and v[0] > 0]
    if len(others) < least:
        return None
    if len(others) >= 2 and values[slot][0] > 0:
        return statistics.median([*others, values[slot][0]])
    return statistics.median(others)


def _blank_rag_cells(grid: Grid, rows: list[RawRow], number: int, places: dict) -> None:
    """Give each row the RAG cells of its months that hold nothing read (in `rows`, as empty
    text), so that they are checked too: a RAG printed as colour alone leaves nothing to
    read in a grey photocopy."""
    columns = {}
    for row in rows:
        for slot, where in row.cells.items():
            place = places.get(tuple(round(v, 2) for v in where[1])) if where and where[0] == number else None
            if _kind(slot) == "rag" and place is not None:
                columns[slot] = place[1]
    cells = {(c.row, c.col): c for c in grid.cells}
    for row in rows:
        if row.kind == "section":
            continue
        found = [places.get(tuple(round(v, 2) for v in where[1])) for where in row.cells.values()
                 if where and where[0] == number]
        lines = {place[0] for place in found if place is not None}
        if len(lines) != 1:
            continue
        line = lines.pop()
        for slot, col in columns.items():
            cell = cells.get((line, col))
            if slot not in row.cells and cell is not None and not cell.text.strip():
                row.cells[slot] = (number, cell.bbox)
                row.texts[slot] = ""


def settle_grey(grey: GreyCells, doubts: list[Doubt]) -> list[Doubt]:
    """Rate each shaded RAG cell of `grey` with no rating printed, by its grey level against
    the levels the document's cells printing their ratings show (in its row's fills, so that
    it reads as rated by its fill), and give `doubts` with the doubt said of each made to say
    how it was rated, or why it could not be: every such rating stays for a person to check."""
    levels = calibrate(grey.shades)
    said = {}
    for cell in grey.pending:
        found = rate(levels, cell.shade)
        if found.rating:
            cell.row.fills[cell.slot] = _COLOUR_OF_RATING[found.rating]
            reason = f"{found.why}; its colour lost in a grey copy, check it"
        else:
            reason = f"{cell.doubt.reason} ({found.why})"
        said[id(cell.doubt)] = replace(cell.doubt, reason=reason)
    return [said.get(id(d), d) for d in doubts]


def _rag_shades(scan: ScanPage, rows: list[RawRow]) -> dict[int, dict]:
    """Give the shading of each RAG cell of `rows` on `scan` that is shaded grey with no
    colour, by row (its id) and slot, with the rating printed in it ("" when none)."""
    out: dict[int, dict] = {}
    for row in rows:
        for slot, where in row.cells.items():
            if _kind(slot) != "rag" or not where or where[0] != scan.content.number or row.fills.get(slot) is not None:
                continue
            found = shade(scan.rgb, scan.ink, scan.to_pixels(where[1]), DPI)
            if found is not None and found[0] < SHADED:
                out.setdefault(id(row), {})[slot] = Shade(found[0], found[1], parse_rag(row.texts.get(slot, "")).rag)
    return out


def _shaded(scan: ScanPage, bbox: BBox) -> bool:
    """Say whether the cell at `bbox` is shaded: darker than paper, whatever its colour."""
    x0, top, x1, bottom = scan.to_pixels(bbox)
    inset = max(int(DPI * 0.02), 2)
    patch = scan.rgb[top + inset:bottom - inset, x0 + inset:x1 - inset]
    return patch.size > 0 and float(np.median(patch.mean(axis=2))) < SHADED


def _has_marks(scan: ScanPage, bbox: BBox) -> bool:
    return for_reading(scan.rgb, scan.to_pixels(bbox), scan.painted_out, PAD, DPI) is not None


def _doubt(scan: ScanPage, place, bbox: BBox, text: str, confidence: float, reason: str) -> Doubt:
    row, col = (place[0], place[1]) if place is not None else (-1, -1)
    x0, top, x1, bottom = scan.to_pixels(bbox)
    margin = 6
    crop = scan.rgb[max(top - margin, 0):bottom + margin, max(x0 - margin, 0):x1 + margin]
    return Doubt(scan.content.number, row, col, bbox, join_lines(text), round(confidence, 1), reason, png(crop))
