"""A page's colour key read into colours and the ratings they stand for, and a RAG colour
rated through it (or by its hue when no key is printed).

A council that prints its ratings in colours of its own (amber a yellow, green a teal, red a
vermilion) says what each colour means in a key beside the table: a swatch (a small filled
shape, a coloured `■`, a shaded cell) beside words naming the rating (`Red`, `A`, `Off
target`, `Close to target`). Where a key is printed it decides; the hue is only a fallback.
Pure: no PDF is opened here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from extract.grid import BBox, Fill, Word, lines_of
from extract.values import colour_hex, is_coloured, parse_figure, rag_of_colour, rgb_of

_WORD_RATING = {"red": "R", "r": "R", "amber": "A", "a": "A", "orange": "A", "yellow": "A",
                "green": "G", "g": "G"}
_PHRASES = (
    (re.compile(r"\b(off|below|behind|missed|not (?:on|met|achieved))\b.{0,12}\btarget\b"
                r"|\btarget not (?:met|achieved)\b", re.IGNORECASE), "R"),
    (re.compile(r"\b(close to|near|within|slightly (?:off|below)|just (?:off|below)|approaching)"
                r"\b.{0,20}\btarget\b|\bat risk\b|\bwithin tolerance\b", re.IGNORECASE), "A"),
    (re.compile(r"\b(on|at|achiev\w*|met|meeting|on or above)\b.{0,6}\btarget\b"
                r"|\btarget (?:met|achieved)\b", re.IGNORECASE), "G"),
)
# The dataset holds R, A and G (docs/dataset.md): a key entry naming another colour (Blue for
# a target exceeded, Grey for no data) is read, and a mark of its colour warned, not rated.
_OTHER = re.compile(r"^(blue|purple|grey|gray|black|white|pink|b|exceed\w*|above target|no data|n/?a)$",
                    re.IGNORECASE)
_HEADING = re.compile(r"^(key|legend)\s*:?$", re.IGNORECASE)
_GLYPHS = set("\u25a0\u25cf\u25aa\u25fc\u25c6\u2b24\u25b2\u25bc\u2022")  # ■ ● ▪ ◼ ◆ ⬤ ▲ ▼ •

_SWATCH_MAX = 24.0  # points: a swatch is a small shape; bigger is a shaded cell holding its label
_LABEL_GAP = 14.0  # points from a swatch to the first word of its label
_MATCH = 0.16  # RGB distance (0-1 a channel) within which a colour is the key's


@dataclass(frozen=True)
class KeyEntry:
    """One line of a colour key: a colour and what it is labelled."""

    label: str
    rating: str  # R, A, G, or "" for a rating the dataset does not hold (Blue: exceeded)
    colour: object  # as the PDF paints it


@dataclass(frozen=True)
class ColourKey:
    """A colour key printed on one page: its entries and the words and swatches it took."""

    page: int
    bbox: BBox
    entries: tuple[KeyEntry, ...]
    words: tuple[Word, ...]
    swatches: tuple[Fill, ...]

    def as_dict(self) -> dict:
        """Give the key as extraction.json records it."""
        return {"page": self.page, "bbox": [round(v, 2) for v in self.bbox],
                "entries": [{"label": e.label, "rating": e.rating, "colour": colour_hex(e.colour),
                             "hue_reads": rag_of_colour(e.colour)} for e in self.entries]}


@dataclass(frozen=True)
class Rated:
    """What a colour says: its rating and how that was told."""

    rag: str  # R, A, G or ""
    by: str  # "key", "hue", or "" when not told
    why: str = ""  # when not told: why, in words for a warning


def colour_distance(a: object, b: object) -> float:
    """Give how far apart colours `a` and `b` are in RGB (0-1 a channel); infinite for no colour."""
    ra, rb = rgb_of(a), rgb_of(b)
    if ra is None or rb is None:
        return math.inf
    return math.dist(ra, rb)


def rate_colour(colour: object, key: ColourKey | None) -> Rated:
    """Give the rating `colour` stands for: the `key`'s entry it matches when the page has a
    key; else its hue (red, amber, green families), unless the key gives that hue family to
    another rating. Nothing for white, grey, black or a colour neither tells."""
    if not is_coloured(colour):
        return Rated("", "")
    by_hue = rag_of_colour(colour)
    if key is None:
        if by_hue:
            return Rated(by_hue, "hue")
        return Rated("", "", f"its colour {colour_hex(colour)} is not red, amber or green and the page "
                             "has no colour key")
    ranked = sorted(key.entries, key=lambda e: colour_distance(colour, e.colour))
    nearest = ranked[0]
    if colour_distance(colour, nearest.colour) <= _MATCH:
        if nearest.rating:
            return Rated(nearest.rating, "key")
        return Rated("", "", f"its colour {colour_hex(colour)} is the key's {nearest.label!r}, "
                             "which is not R, A or G")
    # The key says which ratings this hue stands for; a colour outside the key is only its
    # hue's when the key gives that hue to no other rating.
    contradicted = any(rag_of_colour(e.colour) == by_hue and e.rating != by_hue for e in key.entries)
    if by_hue and not contradicted:
        return Rated(by_hue, "hue")
    return Rated("", "", f"its colour {colour_hex(colour)} matches no entry of the colour key on page "
                         f"{key.page} and its hue does not tell")


def key_for(keys: list[ColourKey], page: int) -> ColourKey | None:
    """Give the key in force on `page`: the page's own, else the last printed before it, else
    the first printed after it (a key at the end of the document)."""
    before = [k for k in keys if k.page <= page]
    if before:
        return before[-1]
    return keys[0] if keys else None


def label_rating(text: str) -> str | None:
    """Give the rating a key label names (`Red - off target` → R, `Close to target` → A), ""
    for a rating the dataset does not hold (`Blue - exceeded`), None when it names none."""
    words = re.findall(r"[A-Za-z/]+", text)
    if not words:
        return None
    first = words[0].lower()
    if first in _WORD_RATING:
        # A lone letter is a rating only as the whole label ("R"), not an article ("A lot").
        return _WORD_RATING[first] if len(first) > 1 or len(words) == 1 else None
    if _OTHER.match(first) or _OTHER.match(" ".join(words).lower()):
        return ""
    for pattern, rating in _PHRASES:
        if pattern.search(text):
            return rating
    return None


@dataclass(frozen=True)
class _Found:
    """One swatch and its label, before they are grouped into a key."""

    colour: object
    label: tuple[Word, ...]
    kind: str  # shape (a small filled shape), glyph (a coloured ■), cell (shading its label), word
    swatch: Fill | None  # the shape, for shape and cell
    glyph: Word | None  # the coloured glyph, for glyph
    rating: str
    top: float
    bottom: float
    x0: float


def _label_after(line: list[Word], x: float, stops: list[float]) -> list[Word]:
    """Give the words of `line` from the first right of `x` (within a label's gap) up to the
    next stop (another swatch) or a wide gap."""
    after = [w for w in line if w.x0 >= x - 1.0]
    if not after or after[0].x0 - x > _LABEL_GAP:
        return []
    out = [after[0]]
    height = max(after[0].bottom - after[0].top, 4.0)
    for word in after[1:]:
        if any(out[-1].x1 - 0.5 <= s <= word.x0 + 0.5 for s in stops) or word.x0 - out[-1].x1 > 1.6 * height:
            break
        out.append(word)
    return out


def _small(shape: Fill) -> bool:
    return shape.bbox[2] - shape.bbox[0] <= _SWATCH_MAX and shape.bbox[3] - shape.bbox[1] <= _SWATCH_MAX


def _entries(words: list[Word], shapes: list[Fill]) -> list[_Found]:
    """Give every swatch on the page with a label naming a rating beside or inside it."""
    coloured = [s for s in shapes if is_coloured(s.colour)]
    found: list[_Found] = []
    for line in lines_of(words):
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        level = [s for s in coloured if s.bbox[1] < bottom and s.bbox[3] > top]
        # A small shape or a coloured glyph, its label to its right.
        marks = [(s.bbox[0], s.bbox[2], s.colour, "shape", s, None) for s in level if _small(s)]
        marks += [(g.x0, g.x1, g.colour, "glyph", None, g) for g in line
                  if g.text in _GLYPHS and is_coloured(g.colour)]
        stops = sorted(m[0] for m in marks)
        for x0, x1, colour, kind, shape, glyph in marks:
            label = _label_after([w for w in line if w is not glyph], x1, stops)
            rating = label_rating(" ".join(w.text for w in label)) if label else None
            if rating is not None:
                found.append(_Found(colour, tuple(label), kind, shape, glyph, rating, top, bottom, x0))
        # A shaded cell holding its label and nothing else (a spreadsheet's key; not a header
        # cell whose "RAG" wraps a letter a line).
        for shape in level:
            if _small(shape):
                continue
            inside = [w for w in words if shape.bbox[0] <= (w.x0 + w.x1) / 2 <= shape.bbox[2]
                      and shape.bbox[1] <= (w.top + w.bottom) / 2 <= shape.bbox[3]]
            alone = 0 < len(inside) <= 8 and all(top <= w.top < bottom for w in inside)
            rating = label_rating(" ".join(w.text for w in inside)) if alone else None
            if rating is not None:
                found.append(_Found(shape.colour, tuple(inside), "cell", shape, None, rating, top, bottom,
                                    shape.bbox[0]))
        # A label printed in its own colour ("Red" in red).
        for word in line:
            rating = label_rating(word.text) if is_coloured(word.colour) and word.text not in _GLYPHS else None
            if rating is not None and not any(word in f.label for f in found):
                found.append(_Found(word.colour, (word,), "word", None, None, rating, top, bottom, word.x0))
    return found


def _groups(found: list[_Found]) -> list[list[_Found]]:
    """Give `found` grouped into keys: entries on one line, or stacked under each other a
    line apart."""
    groups: list[list[_Found]] = []
    for entry in sorted(found, key=lambda f: (f.top, f.x0)):
        for group in groups:
            last = group[-1]
            height = max(last.bottom - last.top, 4.0)
            same_line = abs(last.top - entry.top) <= 0.5 * height
            stacked = abs(group[0].x0 - entry.x0) <= 3.0 and 0 <= entry.top - last.bottom <= 1.2 * height
            if same_line or stacked:
                group.append(entry)
                break
        else:
            groups.append([entry])
    return groups


def read_colour_key(words: list[Word], shapes: list[Fill], page: int) -> ColourKey | None:
    """Give the colour key printed on `page` among its `words` and filled `shapes`, or None:
    two entries or more naming different ratings, each a swatch beside (or shading) its label,
    on one line or stacked, on lines that print no figures unless headed `Key` or `Legend` (a
    table row of coloured RAG words or shaded letters is no key)."""
    lines = lines_of(words)
    best = None
    for group in _groups(_entries(words, shapes)):
        if len(group) < 2 or len({f.rating for f in group}) < 2:
            continue
        if any(a.rating != b.rating and colour_distance(a.colour, b.colour) <= _MATCH
               for a in group for b in group):
            continue  # one colour for two ratings keys nothing (a header shading over R, A, G)
        spans = [(f.top, f.bottom) for f in group]
        on_lines = [w for line in lines if any(line[0].top < b and line[0].bottom > t for t, b in spans)
                    for w in line]
        headed = [w for w in on_lines if _HEADING.match(w.text)]
        taken = {id(w) for f in group for w in f.label} | {id(f.glyph) for f in group if f.glyph}
        rest = [w for w in on_lines if id(w) not in taken]
        if not headed and (any(parse_figure(w.text) for w in rest) or any(f.kind == "word" for f in group)):
            continue  # labels printed in colour make a key only under a heading saying so
        entries: list[KeyEntry] = []
        for f in group:
            entry = KeyEntry(" ".join(w.text for w in f.label), f.rating, f.colour)
            if entry not in entries:
                entries.append(entry)
        key_words = [*headed, *(w for f in group for w in ((f.glyph,) if f.glyph else ()) + f.label)]
        swatches = tuple(dict.fromkeys(f.swatch for f in group if f.swatch is not None))
        boxes = [(w.x0, w.top, w.x1, w.bottom) for w in key_words] + [s.bbox for s in swatches]
        bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        key = ColourKey(page, bbox, tuple(entries), tuple(dict.fromkeys(key_words)), swatches)
        if best is None or len(key.entries) > len(best.entries):
            best = key
    return best
