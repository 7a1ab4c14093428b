"""Borderless tables: columns from how the text lines up, one grid row per text line."""

from __future__ import annotations

from extract.grid import Cell, Grid, Word, lines_of
from extract.period import header_month

ENGINE = "text"
_MIN_GAP = 4.0  # points of clear space that separate two columns


def _gaps(lines: list[list[Word]], left: float, right: float) -> list[float]:
    """Give the x positions of the clear vertical channels between columns."""
    width = int(right - left) + 2
    counts = [0] * width
    for line in lines:
        for word in line:
            for x in range(int(word.x0 - left), min(int(word.x1 - left) + 1, width)):
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


def words_to_grid(words: list[Word], page: int) -> Grid | None:
    """Give the grid of a borderless table drawn with `words`, or None when no line of
    them names a month (no KPI header to line up under)."""
    lines = lines_of(words)
    first = next(
        (i for i, line in enumerate(lines) if any(header_month(w.text) for w in line)), None
    )
    if first is None:
        return None
    lines = lines[max(0, first - 4):]
    body = lines[min(len(lines), 4):] or lines
    left = min(w.x0 for line in lines for w in line)
    right = max(w.x1 for line in lines for w in line)
    edges = [left - 1, *_gaps(body, left - 1, right + 1), right + 1]
    if len(edges) < 4:
        return None
    cells = []
    for row, line in enumerate(lines):
        top = min(w.top for w in line)
        bottom = max(w.bottom for w in line)
        columns: dict[int, list[Word]] = {}
        for word in line:
            centre = (word.x0 + word.x1) / 2
            col = max(0, min(sum(1 for e in edges[1:-1] if e < centre), len(edges) - 2))
            columns.setdefault(col, []).append(word)
        for col in range(len(edges) - 1):
            text = " ".join(w.text for w in columns.get(col, []))
            cells.append(Cell(row, col, 1, 1, (edges[col], top, edges[col + 1], bottom), text))
    bbox = (edges[0], min(w.top for w in lines[0]), edges[-1], max(w.bottom for w in lines[-1]))
    return Grid(page, ENGINE, bbox, len(lines), len(edges) - 1, tuple(cells), tuple(edges))
