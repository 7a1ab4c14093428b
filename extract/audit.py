"""The coverage audit: every word and coloured mark inside a table read ended up somewhere.

Extraction decides what is a header, a section row, a figure or decoration; this module
checks those decisions from the other side. Fed the page's words and marks inside each
table and what each of them became (`Use`, recorded as values were read), it names what
was set aside and warns about everything else that was read into nothing, and about rows
that look wrong beside their neighbours. Pure: no PDF is opened here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from dataset.schema import AUDIT_CODES
from extract.colourkey import ColourKey, key_for, rate_colour
from extract.grid import BBox, Fill, Word, lines_of
from extract.provenance import COLOUR_KEY, FOOTNOTE, PAGE_NUMBER, RUNNING_HEADER, TITLE, Use
from extract.text import is_page_number, squash
from extract.values import is_coloured, parse_figure

# Words further apart than this on one line are separate pieces of text (two cells).
_PIECE_GAP = 6.0
_SHADING_SHARE = 0.6  # a mark this share of the table's width is row shading, not a sign
_TEXT_LIMIT = 200

_FOOTNOTE = re.compile(r"^([*\u2020\u2021\u00b9\u00b2\u00b3]|\(?\d\)|notes?\b|source[s]?\b|n\.?b\.?\b)", re.IGNORECASE)
_KEY_WORDS = re.compile(r"\b(red|amber|green|key|legend|on target|off target)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Region:
    """A table the extractor read on one page: its box and where its RAG columns lie."""

    page: int
    bbox: BBox
    rag_columns: tuple[tuple[float, float], ...] = ()  # x0, x1 of each RAG column


@dataclass(frozen=True)
class PageEvidence:
    """What the audit needs of one page: the words and marks inside its tables."""

    page: int
    regions: tuple[Region, ...]
    words: tuple[Word, ...]  # the words inside the regions
    marks: tuple[Fill, ...]  # the filled shapes inside the regions
    unread_tables: tuple[tuple[BBox, str], ...] = ()  # tables naming months that gave no rows
    outside: tuple[Word, ...] = ()  # the words outside the regions
    figure_columns: tuple[tuple[float, float], ...] = ()  # x0, x1 of the month columns in force


@dataclass(frozen=True)
class Finding:
    """One thing the audit says: a warning, or content set aside by name."""

    code: str  # the warning's code, or the name it was set aside by
    page: int
    bbox: BBox
    text: str
    message: str = ""
    key: str = ""
    period: str = ""

    def as_dict(self) -> dict:
        """Give the finding as extraction.json records it."""
        out = {"code": self.code, "message": self.message, "page": self.page,
               "bbox": [round(v, 2) for v in self.bbox], "text": self.text}
        out.update({k: v for k, v in (("key", self.key), ("period", self.period)) if v})
        return out


@dataclass(frozen=True)
class Audit:
    """The audit's verdict on one extraction."""

    warnings: tuple[Finding, ...]
    set_aside: tuple[Finding, ...]
    words: int  # words inside the tables
    marks: int  # coloured marks inside the tables

    def as_dict(self) -> dict:
        """Give the audit's counts and set-asides as extraction.json records them."""
        return {"words": self.words, "marks": self.marks, "unaccounted": len(self.warnings),
                "set_aside": [f.as_dict() for f in self.set_aside]}


def _union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _box(word: Word) -> BBox:
    return (word.x0, word.top, word.x1, word.bottom)


def _text(words: list[Word]) -> str:
    return " / ".join(" ".join(w.text for w in line) for line in lines_of(words))[:_TEXT_LIMIT]


def _by_line(words: list[Word]) -> dict[int, list[Word]]:
    """Give `words` filed by the whole point their top is at, to find a word's pieces fast."""
    out: dict[int, list[Word]] = defaultdict(list)
    for word in words:
        out[int(word.top)].append(word)
    return out


def _covered(word: Word, taken: dict[int, list[Word]]) -> bool:
    """Say whether the pieces in `taken` hold all of `word` (a word cut at a cell rule is
    read as two pieces)."""
    line = int(word.top)
    inside = [
        t for near in (line - 1, line, line + 1) for t in taken.get(near, ())
        if abs(t.top - word.top) < 1.0 and t.x0 >= word.x0 - 0.5 and t.x1 <= word.x1 + 0.5
    ]
    return sum(len(t.text) for t in inside) >= len(word.text)


def _pieces(words: list[Word]) -> list[list[Word]]:
    """Give `words` as pieces of text: lines, cut where a gap wider than a word space parts them."""
    out = []
    for line in lines_of(words):
        piece = [line[0]]
        for word in line[1:]:
            if word.x0 - piece[-1].x1 > _PIECE_GAP:
                out.append(piece)
                piece = []
            piece.append(word)
        out.append(piece)
    return out


def set_aside_as(text: str) -> str:
    """Give the name a leftover piece of text is set aside by, or "" when it has none."""
    text = squash(text)
    if is_page_number(text):
        return PAGE_NUMBER
    if len(_KEY_WORDS.findall(text)) >= 2:
        return COLOUR_KEY
    if _FOOTNOTE.match(text):
        return FOOTNOTE
    return ""


def _overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] < b[1] - 0.5 and b[0] < a[1] - 0.5


def _in(bbox: BBox, region: BBox) -> bool:
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


CODES = AUDIT_CODES  # every warning the audit gives


def audit_coverage(pages: list[PageEvidence], uses: list[Use], indicators: list[dict],
                   figures: list[dict], unparted: list[tuple[str, str]] = (),
                   colour_keys: list[ColourKey] = ()) -> Audit:
    """Give the audit of an extraction: `pages` as read, `uses` saying what each value was
    read from, the `indicators` and `figures` made of them, the (key, key above) pairs
    whose narrative column nothing drawn parts (`Assembled.unparted`), and the
    `colour_keys` printed."""
    colour_keys = list(colour_keys)
    taken: dict[int, list[Word]] = defaultdict(list)
    marked: dict[int, set] = defaultdict(set)
    set_aside: dict[tuple[int, str], list[Word]] = defaultdict(list)
    headings: dict[int, list[Word]] = defaultdict(list)
    for use in uses:
        taken[use.source.page].extend(use.source.words)
        marked[use.source.page].update(m.bbox for m in use.source.marks)
        if use.role == "header":
            headings[use.source.page].extend(use.source.words)
        if use.role == "set-aside":
            set_aside[(use.source.page, use.name)].extend(use.source.words)
    # A colour key read as such is the key's alone, whatever else took its words (a title row).
    in_keys = {(use.source.page, w) for use in uses if use.name == COLOUR_KEY for w in use.source.words}
    for (page_number, name), found in set_aside.items():
        if name != COLOUR_KEY:
            found[:] = [w for w in found if (page_number, w) not in in_keys]
    warnings: list[Finding] = []
    words = marks = 0
    for page in pages:
        words += len(page.words)
        filed = _by_line(taken[page.page])
        leftover = [w for w in page.words if not _covered(w, filed)]
        for piece in _pieces(leftover):
            name = set_aside_as(" ".join(w.text for w in piece))
            if name:
                set_aside[(page.page, name)].extend(piece)
            else:
                warnings.append(Finding(
                    "unread-text", page.page, _union([_box(w) for w in piece]), _text(piece),
                    f"text inside the table was not read into the dataset: {_text(piece)!r}"))
        coloured = [m for m in page.marks if is_coloured(m.colour)]
        marks += len(coloured)
        keys = set_aside.get((page.page, COLOUR_KEY), [])
        for mark in coloured:
            # A header cell's shading is the header's, as its words are.
            behind = any(_in(_box(w), mark.bbox) for w in headings[page.page])
            finding = None if mark.bbox in marked[page.page] or behind \
                else _unread_mark(page, mark, keys, key_for(colour_keys, page.page))
            if finding is not None:
                warnings.append(finding)
        for bbox, text in page.unread_tables:
            warnings.append(Finding(
                "table-not-read", page.page, bbox, text[:_TEXT_LIMIT],
                "a table naming months on this page gave no indicator rows, while other pages did"))
        warnings += _rows_outside(page)
    warnings += _rows_without_figures(uses, indicators, figures)
    warnings += _shifted(uses)
    warnings += _colours_not_read(uses, figures, colour_keys)
    warnings += _narratives_unparted(uses, indicators, unparted)
    return Audit(tuple(warnings), _named(set_aside), words, marks)


def _rows_outside(page: PageEvidence) -> list[Finding]:
    """Warn about each line outside the tables read that prints figures under half the month
    columns in force or more (two at least): a row of the table that no table took in (a table
    carried over a page under another's header, a band read as nothing)."""
    if not page.figure_columns:
        return []
    need = max(2, (len(page.figure_columns) + 1) // 2)
    out = []
    for line in lines_of(list(page.outside)):
        text = " ".join(w.text for w in line)
        if is_page_number(text):
            continue
        under = {
            i for w in line if parse_figure(w.text)
            for i, (x0, x1) in enumerate(page.figure_columns) if x0 <= (w.x0 + w.x1) / 2 <= x1
        }
        if len(under) >= need:
            out.append(Finding(
                "unread-text", page.page, _union([_box(w) for w in line]), _text(line),
                f"a line of figures outside the tables read was not read into the dataset: {_text(line)!r}"))
    return out


_NAMES = {"R": "red", "A": "amber", "G": "green"}


def _unread_mark(page: PageEvidence, mark: Fill, keys: list[Word], key: ColourKey | None) -> Finding | None:
    """Give the warning for a coloured mark nothing read, or None when it is decoration."""
    region = next((r for r in page.regions if _in(mark.bbox, r.bbox)), None)
    if region is None:
        return None
    width = region.bbox[2] - region.bbox[0]
    if mark.bbox[2] - mark.bbox[0] >= _SHADING_SHARE * width:
        return None  # a band across the table shades a row; it says nothing about one figure
    if any(_overlaps((k.top, k.bottom), (mark.bbox[1], mark.bbox[3])) for k in keys):
        return None  # a swatch beside the words of a colour key
    colour = _NAMES.get(rate_colour(mark.colour, key).rag, "coloured")
    centre = (mark.bbox[0] + mark.bbox[2]) / 2
    if any(x0 <= centre <= x1 for x0, x1 in region.rag_columns):
        return Finding("rag-not-read", page.page, mark.bbox, "",
                       f"a {colour} mark in a RAG column was not read as a rating")
    return Finding("unread-mark", page.page, mark.bbox, "", f"a {colour} mark inside the table was not read")


def _named(set_aside: dict[tuple[int, str], list[Word]]) -> tuple[Finding, ...]:
    """Give one finding per page and name; a title printed on several pages is a running header."""
    texts: dict[str, set[int]] = defaultdict(set)
    for (page, name), words in set_aside.items():
        if name == TITLE and words:
            texts[_text(words)].add(page)
    out = []
    for (page, name), words in sorted(set_aside.items()):
        if not words:
            continue
        text = _text(words)
        if name == TITLE and len(texts[text]) > 1:
            name = RUNNING_HEADER
        out.append(Finding(name, page, _union([_box(w) for w in words]), text, f"set aside as {name}"))
    return tuple(out)


def _spans(uses: list[Use], field: str) -> dict[tuple[str, int], tuple[float, float]]:
    """Give the vertical extent of `field`'s words for each (key, page)."""
    out: dict[tuple[str, int], tuple[float, float]] = {}
    for use in uses:
        if use.role != "field" or use.name != field or not use.source.words:
            continue
        top = min(w.top for w in use.source.words)
        bottom = max(w.bottom for w in use.source.words)
        where = (use.key, use.source.page)
        if where in out:
            top, bottom = min(top, out[where][0]), max(bottom, out[where][1])
        out[where] = (top, bottom)
    return out


def _name_box(uses: list[Use], key: str) -> tuple[int, BBox]:
    words = [(u.source.page, w) for u in uses if u.key == key and u.name == "name" for w in u.source.words]
    if not words:
        return 0, (0.0, 0.0, 0.0, 0.0)
    page = words[0][0]
    return page, _union([_box(w) for p, w in words if p == page])


def _rows_without_figures(uses: list[Use], indicators: list[dict], figures: list[dict]) -> list[Finding]:
    """Warn about an indicator with no figure at all whose neighbours both have figures."""
    printed = {row["key"] for row in figures if row["figure_text"] or row["rag"]}
    keys = [row["key"] for row in indicators]
    out = []
    for i, key in enumerate(keys):
        neighbours = keys[max(0, i - 1):i] + keys[i + 1:i + 2]
        if key in printed or not neighbours or not all(n in printed for n in neighbours):
            continue
        page, bbox = _name_box(uses, key)
        name = next(row["name"] for row in indicators if row["key"] == key)
        out.append(Finding("row-without-figures", page, bbox, name,
                           "this indicator has no figures although the rows beside it have them", key=key))
    return out


def _narratives_unparted(uses: list[Use], indicators: list[dict],
                         unparted: list[tuple[str, str]]) -> list[Finding]:
    """Warn about each indicator without a narrative of its own under one with a narrative
    that nothing drawn parts from it in the narrative column: one cell merged down across
    both rows would look the same."""
    names = {row["key"]: row["name"] for row in indicators}
    out = []
    for key, other in unparted:
        page, bbox = _name_box(uses, key)
        out.append(Finding(
            "narrative-may-be-shared", page, bbox, names[key],
            f"{names[key]!r} has no commentary of its own; the commentary beside {names[other]!r} "
            "above may cover both (no rule separates them in the commentary column)", key=key))
    return out


def _shifted(uses: list[Use]) -> list[Finding]:
    """Warn about figures that sit level with another indicator's name and not their own."""
    names = _spans(uses, "name")
    out = []
    seen = set()
    for use in uses:
        if use.role != "field" or use.name != "figure" or not use.source.words:
            continue
        page = use.source.page
        own = names.get((use.key, page))
        span = (min(w.top for w in use.source.words), max(w.bottom for w in use.source.words))
        if own is None or _overlaps(own, span) or (use.key, page) in seen:
            continue
        other = next((k for (k, p), s in names.items() if p == page and k != use.key and _overlaps(s, span)), None)
        if other is None:
            continue
        seen.add((use.key, page))
        words = list(use.source.words)
        out.append(Finding("figures-shifted", page, _union([_box(w) for w in words]), _text(words),
                           f"figures read for this indicator sit level with the name of {other!r}: "
                           "the rows may have slipped", key=use.key, period=use.period))
    return out


def _colours_not_read(uses: list[Use], figures: list[dict], keys: list[ColourKey]) -> list[Finding]:
    """Warn about a figure printed in a RAG colour (by the page's colour key, or its hue)
    when no RAG was read for it."""
    rated = {(row["key"], row["period"]) for row in figures if row["rag"]}
    out = []
    for use in uses:
        if use.role != "field" or use.name not in ("figure", "rag") or (use.key, use.period) in rated:
            continue
        key = key_for(keys, use.source.page)
        coloured = [w for w in use.source.words if rate_colour(w.colour, key).rag]
        if coloured:
            colour = _NAMES[rate_colour(coloured[0].colour, key).rag]
            out.append(Finding("rag-not-read", use.source.page, _union([_box(w) for w in coloured]),
                               _text(coloured), f"printed in {colour}, but no RAG was read for it",
                               key=use.key, period=use.period))
    return out
