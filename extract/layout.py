"""Borderless tables: columns from how the text lines up, one grid row per text line."""

from __future__ import annotations

import itertools
import statistics
from dataclasses import replace

from extract.grid import Cell, Fill, Grid, Word, lines_of, text_of, with_marks
from extract.period import header_month, is_quarter_word
from extract.rows import is_prose
from extract.text import is_page_foot
from extract.values import parse_figure

ENGINE = "text"  # a grid row per text line
ENGINE_ROWS = "text-rows"  # a grid row per table row, rows told apart by the space between
_MIN_GAP = 2.0  # points of clear space that separate two columns (spreadsheet cells pad ~2 pt)
_TABLE_BREAK = 3.0  # a vertical gap this many line heights ends the table


_STEP = 0.25  # points per bin of the coverage profile


def _channels(lines: list[list[Word]], left: float, right: float,
              shapes: list[Fill] = ()) -> list[tuple[float, float]]:
    """Give the clear vertical channels between columns, (x0, x1): runs of at least
    `_MIN_GAP` that (nearly) no line has text, nor a mark (a RAG dot), across."""
    bins = int((right - left) / _STEP) + 2
    delta = [0] * (bins + 1)
    spans = [(w.x0, w.x1) for line in lines for w in line] + [(s.bbox[0], s.bbox[2]) for s in shapes]
    for x0, x1 in spans:
        delta[max(0, min(bins, int((x0 - left) / _STEP)))] += 1
        delta[max(0, min(bins, int((x1 - left) / _STEP) + 1))] -= 1
    threshold = max(0, len(lines) // 20)
    separators, start, count = [], None, 0
    for index in range(bins):
        count += delta[index]
        if count <= threshold:
            start = index if start is None else start
        else:
            if start is not None and (index - start) * _STEP >= _MIN_GAP and start > 0:
                separators.append((left + start * _STEP, left + index * _STEP))
            start = None
    return separators


def _group_headings(header: list[Word], below: list[Word] | None,
                    channels: list[tuple[float, float]]) -> set[int]:
    """Give the ids of the words of the month line that head a group of columns
    ("Benchmarks" over "National" and "Stat. neighbours"): each runs over a channel, and the
    heading line under it (a header row's padding apart, no figure in it) has a heading on each side of that channel, under it."""
    if not below or _gap(header, below) > 2 * _height(below) or any(parse_figure(w.text) is not None for w in below):
        return set()
    out = set()
    for word in header:
        reach = word.x1 - word.x0
        for x0, x1 in channels:
            if not word.x0 < (x0 + x1) / 2 < word.x1:
                continue
            left = any(w.x1 <= x0 + 0.5 and w.x1 >= word.x0 - reach for w in below)
            right = any(w.x0 >= x1 - 0.5 and w.x0 <= word.x1 + reach for w in below)
            if left and right:
                out.add(id(word))
    return out


def _place_separators(channels: list[tuple[float, float]], header: list[Word],
                      grouped: set[int] = frozenset()) -> list[float]:
    """Give one column boundary per channel, placed clear of the headings on the month line:
    not through a word, nor through the space inside one heading ("Nov 2022", "Stat
    Neighbours"). A channel with no such room is no boundary. A heading over a group of
    columns (its ids `grouped`) blocks no channel: the headings under it part them."""
    words = sorted((w for w in header if id(w) not in grouped), key=lambda w: w.x0)
    blocked = [(w.x0, w.x1) for w in words]
    for a, b in itertools.pairwise(words):
        if b.x0 - a.x1 <= 0.4 * max(a.bottom - a.top, 1.0):
            blocked.append((a.x1, b.x0))
    blocked.sort()
    out = []
    for x0, x1 in channels:
        free, cursor = [], x0
        for lo, hi in blocked:
            if hi <= cursor or lo >= x1:
                continue
            if lo > cursor:
                free.append((cursor, lo))
            cursor = max(cursor, hi)
        if cursor < x1:
            free.append((cursor, x1))
        free = [(a, b) for a, b in free if b - a > 0.3]
        if free:
            a, b = max(free, key=lambda run: run[1] - run[0])
            out.append((a + b) / 2)
    return out


def _part_headings(edges: list[float], header: list[Word], rows: list[list[Word]],
                   grouped: set[int] = frozenset()) -> list[float]:
    """Give `edges` with a boundary between two headings that the month line prints apart in
    one column ("Sep 25" and "RAG"), through no word of the `rows` below and as near the
    right one as that allows (figures set right under the left one run on past it): the column under a
    heading that no row fills (a RAG column with no rating, a RAG in colour alone) leaves no
    channel of its own, yet is one."""
    out = list(edges)
    spans = sorted((w.x0, w.x1) for line in rows for w in line)
    for x0, x1 in itertools.pairwise(edges):
        words = sorted((w for w in header if id(w) not in grouped and x0 <= (w.x0 + w.x1) / 2 < x1), key=lambda w: w.x0)
        best = None
        for a, b in itertools.pairwise(words):
            if b.x0 - a.x1 < 2 * max(_MIN_GAP, 0.35 * (a.bottom - a.top)):
                continue  # words of one heading
            free, cursor = [], a.x1
            for lo, hi in spans:
                if hi <= cursor or lo >= b.x0:
                    continue
                if lo > cursor:
                    free.append((cursor, lo))
                cursor = max(cursor, hi)
            if cursor < b.x0:
                free.append((cursor, b.x0))
            # Next to the right heading: figures set right under the left one run on past it.
            free = [run for run in free if run[1] - run[0] >= _MIN_GAP]
            if free and (best is None or b.x0 - a.x1 > best[2]):
                best = (*free[-1], b.x0 - a.x1)
        if best is not None:
            out.append((best[0] + best[1]) / 2)
    return sorted(out)


def _column(edges: list[float], word: Word) -> int:
    centre = (word.x0 + word.x1) / 2
    return max(0, min(sum(1 for e in edges[1:-1] if e < centre), len(edges) - 2))


def _filled(line: list[Word], edges: list[float]) -> set[int]:
    return {_column(edges, w) for w in line}


def _join_exclusive(lines: list[list[Word]], edges: list[float], dots: list[Fill] = ()) -> list[float]:
    """Give `edges` with two neighbouring columns made one where no line has text in both:
    a left-aligned heading over right-aligned numbers, or a centred cell merged across two
    columns (a benchmark "N/A"), leaves clear space that is not a column boundary. Merged
    text belongs to the leftmost column, so the joined column keeps the left one's place."""
    # A dot level with a line fills its column there, as a word would (a RAG column of dots).
    marks = [[Word("", *d.bbox) for d in dots if _level(line, d.bbox)] for line in lines] if dots else [[]] * len(lines)
    changed = True
    while changed:
        changed = False
        filled = [_filled(line + extra, edges) for line, extra in zip(lines, marks)]
        for col in range(len(edges) - 2):
            left = any(col in f for f in filled)
            right = any(col + 1 in f for f in filled)
            if left and right and not any(col in f and col + 1 in f for f in filled):
                edges = edges[: col + 1] + edges[col + 2:]
                changed = True
                break
    return edges


def _level(line: list[Word], bbox) -> bool:
    """Say whether the box `bbox` sits level with `line`."""
    centre = (bbox[1] + bbox[3]) / 2
    return min(w.top for w in line) - 2 <= centre <= max(w.bottom for w in line) + 2


def _spans(line: list[Word], edges: list[float], grouped: set[int] = frozenset()) -> bool:
    """Say whether `line` runs across a column boundary (a title, not a table row); a
    heading over a group of columns (its ids `grouped`) does not count."""
    inner = edges[1:-1]
    for word in line:
        if id(word) not in grouped and any(word.x0 < e < word.x1 for e in inner):
            return True
    for a, b in itertools.pairwise(line):
        # Words a space apart are one text; a space is about a third of the type's size (a
        # title in 14 pt spaces its words wider than `_MIN_GAP`).
        space = max(_MIN_GAP, 0.35 * min(a.bottom - a.top, b.bottom - b.top))
        if b.x0 - a.x1 < space and any(a.x1 <= e <= b.x0 for e in inner):
            return True
    return False


def _table_lines(lines: list[list[Word]], first: int) -> list[list[Word]]:
    """Give the lines from `first` down to the first gap wide enough to end a table."""
    heights = [max(w.bottom for w in line) - min(w.top for w in line) for line in lines[first:]]
    height = statistics.median(heights) if heights else 10.0
    out = [lines[first]]
    for line in lines[first + 1:]:
        gap = min(w.top for w in line) - max(w.bottom for w in out[-1])
        # A running footer may print close under the table's last row: "Page 1 of 2", or a
        # browser's address and "2/3", ends it.
        if gap > _TABLE_BREAK * height or is_page_foot(" ".join(w.text for w in line)):
            break
        out.append(line)
    return out


def words_to_grid(words: list[Word], page: int, shapes: list[Fill] = (),
                  columns: tuple[float, ...] = ()) -> Grid | None:
    """Give the grid of a borderless table drawn with `words` (and the small coloured
    `shapes` in its cells: RAG dots), in the column edges `columns` when given (another
    table of the page, with more rows to tell its columns by), or None when no line of them
    names a month (no KPI header to line up under)."""
    lines = lines_of(words)
    # The header is the line naming the most months (a title may name one too).
    months = [sum(1 for w in line if header_month(w.text) or is_quarter_word(w.text)) for line in lines]
    if not any(months):
        return None
    first = months.index(max(months))
    # Up to eight lines above the header may belong to it, but not across a gap that ends a
    # table (the table above it on the page, one table per section).
    height = statistics.median(_height(line) for line in lines)
    start = first
    while start > max(0, first - 8) and _gap(lines[start - 1], lines[start]) <= _TABLE_BREAK * height:
        start -= 1
    table = _table_lines(lines, start)
    body = table[first - start:]
    left = min(w.x0 for line in table for w in line) - 1
    right = max(w.x1 for line in table for w in line) + 1
    # Channels from the rows alone; the headings only say where in a channel the line goes.
    # The header repeated over a later table of the page says no more than the header does
    # (its group headings would close the channels they head).
    said = [w.text for w in lines[first]]
    rows = [line for line in body[1:] if [w.text for w in line] != said] or body
    dots = [s for s in _small(shapes) if rows and left <= s.bbox[0] and s.bbox[2] <= right
            and min(w.top for w in rows[0]) - 2 <= s.bbox[1] and s.bbox[3] <= max(w.bottom for w in rows[-1]) + 2]
    channels = _channels(rows, left, right, dots)
    grouped = _group_headings(lines[first], body[1] if len(body) > 1 else None, channels)
    separators = _place_separators(channels, lines[first], grouped)
    edges = list(columns) or _join_exclusive(body, _part_headings([left, *separators, right], lines[first], rows, grouped), dots)
    if len(edges) < 4:
        return None
    # The header starts at the first line that fills two columns without running across them.
    top = next(
        (i for i, line in enumerate(table) if len(_filled(line, edges)) >= 2 and not _spans(line, edges, grouped)),
        None,
    )
    if top is None:
        return None
    # A heading wrapped mid-word in a narrow, vertically centred cell starts a line or two
    # above the rest of the header ("Compar" / "able LAs"): those lines sit as close above it
    # as the header's own lines and belong to it.
    # A line that starts left of all the table's text below is a heading over the table
    # ("Front Door"), however close: a heading's wrapped start sits inside its column.
    inside = min(w.x0 for line in table[top:] for w in line) - 2
    while top > 0 and not _spans(table[top - 1], edges) and _gap(table[top - 1], table[top]) <= 0.6 * _height(table[top]) \
            and table[top - 1][0].x0 >= inside:
        top -= 1
    table = table[top:]
    # Header lines stay one grid row each, down to the month line and the wrapped ends of
    # headings under it; only the body is grouped into rows.
    head = max(0, first - start - top) + 1
    # A wrapped end sits as close under the line above as a cell's own lines do; a line after
    # the space between rows (a section row, "Front Door") is not one.
    while head < len(table) and _heading_ends(table[head], edges) \
            and _gap(table[head - 1], table[head]) <= 0.6 * _height(table[head]):
        head += 1
    grouped = _split_at_full_lines(_blocks(table), edges)
    engine = ENGINE_ROWS if len(grouped) < len(table) else ENGINE
    heading = {id(line) for line in table[:head]}
    blocks = []
    for block in grouped:
        blocks += [[line] for line in block if id(line) in heading]
        rest = [line for line in block if id(line) not in heading]
        if rest:
            blocks.append(rest)
    bbox = (edges[0], min(w.top for w in table[0]), edges[-1], max(w.bottom for w in table[-1]))
    grid = Grid(page, engine, bbox, len(blocks), len(edges) - 1, tuple(_cells(blocks, edges)), tuple(edges))
    return with_marks(grid, dots)


def _small(shapes: list[Fill]) -> list[Fill]:
    """Give the `shapes` no bigger than a mark beside a figure (a dot, a square), not shading."""
    return [s for s in shapes if s.bbox[2] - s.bbox[0] <= 20 and s.bbox[3] - s.bbox[1] <= 20]


def _cells(blocks: list[list[list[Word]]], edges: list[float], first_row: int = 0) -> list[Cell]:
    """Give a cell per column of each block of lines, rows numbered from `first_row`."""
    cells = []
    for row, block in enumerate(blocks, start=first_row):
        block_top = min(w.top for line in block for w in line)
        block_bottom = max(w.bottom for line in block for w in line)
        columns: dict[int, list[Word]] = {}
        for line in block:
            for word in line:
                columns.setdefault(_column(edges, word), []).append(word)
        for col in range(len(edges) - 1):
            held = columns.get(col, [])
            cells.append(Cell(row, col, 1, 1, (edges[col], block_top, edges[col + 1], block_bottom),
                              text_of(held), words=tuple(held)))
    return cells


def rows_under(band: Grid, words: list[Word], shapes: list[Fill] = ()) -> Grid | None:
    """Give the table whose header is `band` (a ruled or shaded header with no rules below
    it): the band's rows, then the text under it read in the band's columns, a row per
    block of lines, with the small coloured `shapes` in its cells; None when no text lines
    up under it."""
    x0, top, x1, bottom = band.bbox
    lines = lines_of([w for w in words if w.top >= bottom - 1 and x0 - 2 <= (w.x0 + w.x1) / 2 <= x1 + 2])
    if not lines or len(band.col_edges) < 4:
        return None
    table = _table_lines(lines, 0)
    edges = list(band.col_edges)
    blocks = _split_at_full_lines(_blocks(table), edges)
    engine = ENGINE_ROWS if len(blocks) < len(table) else ENGINE
    below = with_marks(Grid(band.page, engine, band.bbox, 0, band.n_cols, tuple(_cells(blocks, edges, band.n_rows)),
                            band.col_edges), _small(shapes))
    bbox = (x0, top, x1, max(w.bottom for w in table[-1]))
    return Grid(band.page, engine, bbox, band.n_rows + len(blocks), band.n_cols, (*band.cells, *below.cells),
                band.col_edges)


def words_in_columns(words: list[Word], edges: tuple[float, ...], page: int, shapes: list[Fill] = ()) -> Grid | None:
    """Give the table among `words` that lines up in the column `edges` of a table on an
    earlier page (carried on without its header, with no rules): from the lines just above
    the first line filling three of its columns, as far as the text runs on; None when no
    line fills three."""
    edges = list(edges)
    lines = lines_of([w for w in words if edges[0] - 2 <= (w.x0 + w.x1) / 2 <= edges[-1] + 2])
    first = next((i for i, line in enumerate(lines) if len(_filled(line, edges)) >= 3 and not _spans(line, edges)), None)
    if first is None:
        return None
    # The rest of a row broken at the page foot prints just above the first whole row.
    while first > 0 and not _spans(lines[first - 1], edges) \
            and _gap(lines[first - 1], lines[first]) <= 1.5 * _height(lines[first]):
        first -= 1
    table = _table_lines(lines, first)
    blocks = _split_at_full_lines(_blocks(table), edges)
    engine = ENGINE_ROWS if len(blocks) < len(table) else ENGINE
    bbox = (edges[0], min(w.top for w in table[0]), edges[-1], max(w.bottom for w in table[-1]))
    grid = Grid(page, engine, bbox, len(blocks), len(edges) - 1, tuple(_cells(blocks, edges)), tuple(edges))
    return with_marks(grid, _small(shapes))


def rows_over(grid: Grid, words: list[Word]) -> Grid | None:
    """Give `grid` with the lines printed right above it, each inside one of its columns or
    sentences across them, as its first row: the rest of a row broken at the page foot (or
    its narrative row), over a table carried on without its header and with no rule over
    that piece; None when there are none."""
    x0, top, x1, _ = grid.bbox
    edges = list(grid.col_edges)
    if len(edges) < 3:
        return None
    lines = lines_of([w for w in words if w.bottom <= top + 0.5 and x0 <= (w.x0 + w.x1) / 2 <= x1])
    block: list[list[Word]] = []  # the lines right above it, one under the other
    lower = top
    for line in reversed(lines):
        if lower - max(w.bottom for w in line) > 1.5 * max(_height(line), 1.0):
            break
        block.insert(0, line)
        lower = min(w.top for w in line)
    across = [line for line in block if _spans(line, edges)]
    # Lines across the columns are a title, unless together they are sentences: the end of a
    # narrative row under the last row of the page before.
    taken = block if across and is_prose(" ".join(w.text for line in across for w in line)) else []
    if not taken:
        for line in reversed(block):
            if _spans(line, edges):
                break
            taken.insert(0, line)
    if not taken:
        return None
    shifted = tuple(replace(c, row=c.row + 1) for c in grid.cells)
    bbox = (x0, min(w.top for w in taken[0]), x1, grid.bbox[3])
    return Grid(grid.page, grid.engine, bbox, grid.n_rows + 1, grid.n_cols, (*_cells([taken], edges), *shifted),
                grid.col_edges)


def _heading_ends(line: list[Word], edges: list[float]) -> bool:
    """Say whether `line` holds only the wrapped ends of headings: short pieces, at most two
    words to a column, none a figure."""
    per_column: dict[int, int] = {}
    for word in line:
        per_column[_column(edges, word)] = per_column.get(_column(edges, word), 0) + 1
    return max(per_column.values()) <= 2 and all(
        len(w.text) <= 12 and parse_figure(w.text) is None and not header_month(w.text) for w in line
    )


def _height(line: list[Word]) -> float:
    return max(w.bottom for w in line) - min(w.top for w in line)


def _gap(upper: list[Word], lower: list[Word]) -> float:
    return min(w.top for w in lower) - max(w.bottom for w in upper)


def _split_at_full_lines(blocks: list[list[list[Word]]], edges: list[float]) -> list[list[list[Word]]]:
    """Give `blocks` with any block that holds two lines filling many columns (two rows of
    figures: a one-line row sits as close to the next as a cell's own lines) cut before the
    second; lines above the first stay with it."""
    # Of the columns that hold text: a column of RAG colours alone fills no line.
    used = set().union(*(_filled(line, edges) for block in blocks for line in block))
    full = max(3, int(0.4 * len(used)))
    out = []
    for block in blocks:
        current: list[list[Word]] = []
        seen_full = False
        for line in block:
            is_full = len(_filled(line, edges)) >= full
            # A row starts with values; a line of the pieces a row's cells wrap onto (the end
            # of a reference "3", units "%", the rest of a rating "d") carries the row on.
            values = {_column(edges, w) for w in line if parse_figure(w.text) is not None}
            if is_full and seen_full and len(values) >= 2:
                out.append(current)
                current = []
            seen_full = seen_full or is_full
            current.append(line)
        out.append(current)
    return out


def _blocks(lines: list[list[Word]]) -> list[list[list[Word]]]:
    """Give `lines` grouped into table rows where the rows stand apart (a spreadsheet gives
    each row its own height, so a row's lines sit close and rows have clear space between);
    else one group per line, for the rows to be found from what each line holds."""
    if len(lines) < 3:
        return [[line] for line in lines]
    heights = [max(w.bottom for w in line) - min(w.top for w in line) for line in lines]
    gaps = [min(w.top for w in b) - max(w.bottom for w in a) for a, b in itertools.pairwise(lines)]
    wide = max(2.0, 0.5 * statistics.median(heights))
    if not any(gap > wide for gap in gaps) or statistics.median(gaps) > wide:
        return [[line] for line in lines]
    blocks = [[lines[0]]]
    for gap, line in zip(gaps, lines[1:]):
        if gap > wide:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks
