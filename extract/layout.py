"""Borderless tables: columns from how the text lines up, one grid row per text line."""

from __future__ import annotations

import itertools
import statistics

from extract.grid import Cell, Grid, Word, lines_of
from extract.period import header_month

ENGINE = "text"
_MIN_GAP = 4.0  # points of clear space that separate two columns
_TABLE_BREAK = 3.0  # a vertical gap this many line heights ends the table


def _separators(lines: list[list[Word]], left: float, right: float) -> list[float]:
    """Give the x positions of the clear vertical channels between columns."""
    width = int(right - left) + 2
    counts = [0] * width
    for line in lines:
        for word in line:
            for x in range(max(0, int(word.x0 - left)), min(int(word.x1 - left) + 1, width)):
                counts[x] += 1
    threshold = max(0, len(lines) // 20)
    separators, start = [], None
    for x, count in enumerate(counts):
        if count <= threshold:
            start = x if start is None else start
        else:
            if start is not None and x - start >= _MIN_GAP and start > 0:
                separators.append(left + (start + x) / 2)
            start = None
    return separators


def _column(edges: list[float], word: Word) -> int:
    centre = (word.x0 + word.x1) / 2
    return max(0, min(sum(1 for e in edges[1:-1] if e < centre), len(edges) - 2))


def _filled(line: list[Word], edges: list[float]) -> set[int]:
    return {_column(edges, w) for w in line}


def _drop_phantoms(lines: list[list[Word]], edges: list[float]) -> list[float]:
    """A centred cell merged over two columns (a benchmark "N/A") makes a column of its
    own between them; it joins the column on its left, where merged text belongs."""
    changed = True
    while changed:
        changed = False
        filled = [_filled(line, edges) for line in lines]
        for col in range(1, len(edges) - 2):
            own = [f for f in filled if col in f]
            beside = [f for f in filled if col - 1 in f and col + 1 in f]
            if own and beside and all(col - 1 not in f and col + 1 not in f for f in own):
                edges = edges[:col] + edges[col + 1:]
                changed = True
                break
    return edges


def _spans(line: list[Word], edges: list[float]) -> bool:
    """Say whether `line` runs across a column boundary (a title, not a table row)."""
    inner = edges[1:-1]
    for word in line:
        if any(word.x0 < e < word.x1 for e in inner):
            return True
    for a, b in itertools.pairwise(line):
        if b.x0 - a.x1 < _MIN_GAP and any(a.x1 <= e <= b.x0 for e in inner):
            return True
    return False


def _table_lines(lines: list[list[Word]], first: int) -> list[list[Word]]:
    """Give the lines from `first` down to the first gap wide enough to end a table."""
    heights = [max(w.bottom for w in line) - min(w.top for w in line) for line in lines[first:]]
    height = statistics.median(heights) if heights else 10.0
    out = [lines[first]]
    for line in lines[first + 1:]:
        gap = min(w.top for w in line) - max(w.bottom for w in out[-1])
        if gap > _TABLE_BREAK * height:
            break
        out.append(line)
    return out


def words_to_grid(words: list[Word], page: int) -> Grid | None:
    """Give the grid of a borderless table drawn with `words`, or None when no line of
    them names a month (no KPI header to line up under)."""
    lines = lines_of(words)
    first = next(
        (i for i, line in enumerate(lines) if any(header_month(w.text) for w in line)), None
    )
    if first is None:
        return None
    start = max(0, first - 8)
    table = _table_lines(lines, start)
    body = table[first - start:]
    left = min(w.x0 for line in table for w in line) - 1
    right = max(w.x1 for line in table for w in line) + 1
    edges = [left, *_separators(body, left, right), right]
    edges = _drop_phantoms(body, edges)
    if len(edges) < 4:
        return None
    # The header starts at the first line that fills two columns without running across them.
    top = next(
        (i for i, line in enumerate(table) if len(_filled(line, edges)) >= 2 and not _spans(line, edges)),
        None,
    )
    if top is None:
        return None
    table = table[top:]
    cells = []
    for row, line in enumerate(table):
        line_top = min(w.top for w in line)
        line_bottom = max(w.bottom for w in line)
        columns: dict[int, list[Word]] = {}
        for word in line:
            columns.setdefault(_column(edges, word), []).append(word)
        for col in range(len(edges) - 1):
            text = " ".join(w.text for w in columns.get(col, []))
            cells.append(Cell(row, col, 1, 1, (edges[col], line_top, edges[col + 1], line_bottom), text))
    bbox = (edges[0], min(w.top for w in table[0]), edges[-1], max(w.bottom for w in table[-1]))
    return Grid(page, ENGINE, bbox, len(table), len(edges) - 1, tuple(cells), tuple(edges))
