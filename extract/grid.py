"""The one shape every engine gives: a grid of cells, each with its page, box and text."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from extract.values import is_coloured

_SNAP = 2.0  # points: ruling lines closer than this are one line
BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-down


@dataclass(frozen=True)
class Word:
    """A word on a page as the PDF draws it."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    bold: bool = False
    chars: tuple = ()  # (text, x0, x1) of each character, to split a word at a cell rule
    colour: object = None  # the colour its glyphs are painted in, when they share one


@dataclass(frozen=True)
class Fill:
    """A filled shape on a page: cell shading, or a small mark such as a RAG dot."""

    bbox: BBox
    colour: object


@dataclass(frozen=True)
class Drawn:
    """What a page draws that may part a table's rows: horizontal rules and shading."""

    rules: tuple[tuple[float, float, float], ...]  # x0, x1, y
    fills: tuple[Fill, ...]

    def ruled(self, x0: float, x1: float, top: float, bottom: float) -> bool:
        """Say whether a rule lies between `top` and `bottom` under half of `x0`..`x1` or more."""
        need = 0.5 * (x1 - x0)
        return any(top - 0.5 <= y <= bottom + 0.5 and min(x1, r1) - max(x0, r0) >= need
                   for r0, r1, y in self.rules)

    def shade(self, x: float, y: float) -> object:
        """Give the colour the point (`x`, `y`) is shaded, the last shape drawn over it; None
        where nothing is."""
        colour = None
        for fill in self.fills:
            if fill.bbox[0] <= x <= fill.bbox[2] and fill.bbox[1] <= y <= fill.bbox[3]:
                colour = fill.colour
        return colour


@dataclass(frozen=True)
class Cell:
    """One cell of a grid; a merged cell spans several rows or columns."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox
    text: str  # lines joined with "\n"
    fill: object = None  # the colour the cell is shaded with, if any
    words: tuple[Word, ...] = ()  # the words its text was read from
    marks: tuple[Fill, ...] = ()  # the shapes its colour was read from
    mark: object = None  # the colour of a small shape drawn inside it (a RAG dot or square)


@dataclass(frozen=True)
class Grid:
    """A table read from one page by one engine."""

    page: int  # 1-based
    engine: str
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    col_edges: tuple[float, ...] = field(default=())


def words_in(words: list[Word], bbox: BBox) -> list[Word]:
    """Give the `words` whose centre lies inside `bbox`."""
    x0, top, x1, bottom = bbox
    return [
        w for w in words
        if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom
    ]


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Give `words` grouped into lines, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 1.0)
        if lines and abs(lines[-1][0].top - word.top) <= height * 0.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def text_of(words: list[Word]) -> str:
    """Give the text of `words`: words of a line joined by spaces, lines by newlines."""
    return "\n".join(" ".join(w.text for w in line) for line in lines_of(words))


def shading_at(fills: list[Fill], bbox: BBox) -> Fill | None:
    """Give the smallest fill that covers most of `bbox`, or None."""
    x0, top, x1, bottom = bbox
    area = max((x1 - x0) * (bottom - top), 1e-6)
    best = None
    best_area = None
    for fill in fills:
        fx0, ftop, fx1, fbottom = fill.bbox
        overlap = max(0.0, min(x1, fx1) - max(x0, fx0)) * max(0.0, min(bottom, fbottom) - max(top, ftop))
        fill_area = (fx1 - fx0) * (fbottom - ftop)
        if overlap >= 0.6 * area and (best_area is None or fill_area < best_area):
            best, best_area = fill, fill_area
    return best


def marks_inside(shapes: list[Fill], bbox: BBox) -> list[Fill]:
    """Give the coloured `shapes` centred inside `bbox` and smaller than it: a dot or a
    square standing for a rating, not the cell's own shading."""
    x0, top, x1, bottom = bbox
    area = max((x1 - x0) * (bottom - top), 1e-6)
    return [
        s for s in shapes
        if is_coloured(s.colour) and x0 <= (s.bbox[0] + s.bbox[2]) / 2 <= x1
        and top <= (s.bbox[1] + s.bbox[3]) / 2 <= bottom
        and (s.bbox[2] - s.bbox[0]) * (s.bbox[3] - s.bbox[1]) < 0.6 * area
    ]


def with_marks(grid: Grid, shapes: list[Fill]) -> Grid:
    """Give `grid` with the small coloured `shapes` inside each of its cells that has none
    yet: a table read from its text alone still holds the dots drawn in its cells."""
    if not shapes:
        return grid
    cells = []
    for cell in grid.cells:
        inside = [] if cell.mark is not None else marks_inside(shapes, cell.bbox)
        cells.append(replace(cell, marks=cell.marks + tuple(inside), mark=inside[0].colour) if inside else cell)
    return replace(grid, cells=tuple(cells))


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SNAP:
            out.append(value)
    return out


def _index(edges: list[float], value: float) -> int:
    position = bisect.bisect_left(edges, value - _SNAP)
    return min(position, len(edges) - 1)


def split_at_rules(words: list[Word], rules: list[float] | tuple[float, ...]) -> list[Word]:
    """Give `words` with any word that runs across a vertical cell rule cut in two there:
    a right-aligned number touching the next cell's text ("90%N/A") is two values."""
    out = []
    for word in words:
        inside = [x for x in rules if word.x0 + 0.5 < x < word.x1 - 0.5]
        if not inside or not word.chars:
            out.append(word)
            continue
        pieces: list[list[tuple]] = [[]]
        edges = iter(sorted(inside))
        edge = next(edges, None)
        for char in word.chars:
            while edge is not None and (char[1] + char[2]) / 2 > edge:
                pieces.append([])
                edge = next(edges, None)
            pieces[-1].append(char)
        for piece in pieces:
            if piece:
                out.append(Word("".join(c[0] for c in piece), piece[0][1], word.top, piece[-1][2],
                                word.bottom, word.bold, tuple(piece), word.colour))
    return out


def table_to_grid(bboxes: list[tuple], words: list[Word], fills: list[Fill], page: int, engine: str,
                  shapes: list[Fill] = ()) -> Grid | None:
    """Give the grid of a table whose cells have `bboxes`, each cell holding the `words`
    whose centre it covers, shaded by `fills` and holding any small `fills` or `shapes`
    (non-rectangular marks) drawn inside it."""
    if not bboxes:
        return None
    xs = _snap([b[0] for b in bboxes] + [b[2] for b in bboxes])
    ys = _snap([b[1] for b in bboxes] + [b[3] for b in bboxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    placed: dict[tuple[int, int], tuple] = {}
    for box in bboxes:
        col, row = _index(xs, box[0]), _index(ys, box[1])
        colspan = max(1, _index(xs, box[2]) - col)
        rowspan = max(1, _index(ys, box[3]) - row)
        placed.setdefault((row, col), (box, rowspan, colspan))
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for (row, col), (_, rowspan, colspan) in placed.items():
        for r in range(row, min(row + rowspan, n_rows)):
            for c in range(col, min(col + colspan, n_cols)):
                owner.setdefault((r, c), (row, col))
    contents: dict[tuple[int, int], list[Word]] = {}
    x0, top, x1, bottom = xs[0], ys[0], xs[-1], ys[-1]
    pending = list(words)
    while pending:
        word = pending.pop()
        # By its top, not its centre: a producer may let text overflow a cell downwards
        # (LibreOffice clips a repeated header's last word across the row rule).
        cx, cy = (word.x0 + word.x1) / 2, word.top + 0.5
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        col = max(0, min(bisect.bisect_right(xs, cx) - 1, n_cols - 1))
        row = max(0, min(bisect.bisect_right(ys, cy) - 1, n_rows - 1))
        key = owner.get((row, col))
        if key is None:
            continue
        left, right = xs[key[1]], xs[min(key[1] + placed[key][2], n_cols)]
        pieces = split_at_rules([word], [left, right])
        if len(pieces) > 1:
            pending.extend(pieces)
            continue
        contents.setdefault(key, []).append(word)
    cells = []
    for (row, col), (box, rowspan, colspan) in sorted(placed.items()):
        bbox = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))
        held = contents.get((row, col), [])
        shade = shading_at(fills, bbox)
        inside = marks_inside([*fills, *shapes], bbox)
        cells.append(Cell(row, col, rowspan, colspan, bbox, text_of(held), shade.colour if shade else None,
                          tuple(held), ((shade,) if shade else ()) + tuple(inside),
                          inside[0].colour if inside else None))
    return Grid(page, engine, (x0, top, x1, bottom), n_rows, n_cols, tuple(cells), tuple(xs))
