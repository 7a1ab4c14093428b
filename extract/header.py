"""Column roles read from a table's header rows, whatever words a producer chose."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.grid import Cell, Grid
from extract.period import chronological, header_month
from extract.text import compact, squash
from extract.values import is_not_a_number, parse_figure

# Checked in this order: "RAG Narrative" is a narrative, "What is the KPI/Target" a target.
_ROLE_WORDS = (
    ("narrative", r"narrative|commentary|comments?\b|explanation|analysis|notes?\b|context"),
    ("polarity", r"polarity|good is|better is|higher is|lower is"),
    ("dot", r"\bdot\b|direction|travel|trend"),
    # "Ret": a scan's "Ref" as OCR reads it in white on dark, f and t told apart by a pixel.
    ("ref", r"^(kpi |pi )?(re[ft]\.?|reference|no\.?|number|#|id|code)$"),
    ("target", r"target|threshold|goal|ambition|tolerance"),
    ("national", r"national|england|\beng\b|nat\.? ?avg"),
    ("comparator", r"comparable|statistical|stat\.? ?n(eigh|br)|similar|regional|region|peer|\bsn\b"),
    ("benchmark", r"benchmark|comparator|comparison"),
    ("name", r"metric|indicator|measure|kpi|description|name|performance|component"),
)
_ROLE_PATTERN = dict(_ROLE_WORDS)
_RAG_ONLY = re.compile(r"^(rag|ragrating|rating|status|ragstatus)$")


@dataclass(frozen=True)
class Column:
    """What one column of a KPI table holds."""

    index: int
    role: str  # ref, name, target, national, comparator, figure, rag, narrative, polarity, dot, other
    header: str  # the header text over the column
    month: int | None = None  # for figure and rag columns
    year: int | None = None
    x0: float = 0.0
    x1: float = 0.0


@dataclass(frozen=True)
class Header:
    """The header of a KPI table: how many rows it takes and what each column holds."""

    rows: int
    columns: tuple[Column, ...]

    def of(self, role: str) -> list[Column]:
        """Give the columns with `role`, left to right."""
        return [c for c in self.columns if c.role == role]

    @property
    def is_kpi(self) -> bool:
        """Say whether this is a KPI table: an indicator column and month figure columns."""
        return bool(self.of("name")) and bool(self.of("figure"))


def classify(text: str) -> tuple[str, int | None, int | None]:
    """Give (role, month, year) for a column whose header reads `text`."""
    lowered = squash(text).lower()
    if not lowered:
        return "other", None, None
    joined = compact(lowered)
    for role, pattern in _ROLE_WORDS[:1]:
        if re.search(pattern, lowered):
            return role, None, None
    # A month heading is short; a sentence that mentions May is not one.
    month = header_month(lowered) if len(lowered) <= 40 else None
    if month is not None:
        is_rag = bool(re.search(r"rag|rating|status", joined.replace("narrative", "")))
        return ("rag" if is_rag else "figure"), month[0], month[1]
    if _RAG_ONLY.match(re.sub(r"[^a-z]", "", joined)):
        return "rag", None, None
    # Narrow cells wrap words inside themselves ("Compar able LAs"): try them joined up.
    for role, pattern in _ROLE_WORDS[1:]:
        if re.search(pattern, lowered) or re.search(pattern, joined):
            return role, None, None
    return "other", None, None


def _column_texts(grid: Grid, index: dict, rows: int) -> list[str]:
    texts = []
    for col in range(grid.n_cols):
        parts: list[str] = []
        for row in range(rows):
            cell: Cell | None = index.get((row, col))
            # A cell across most of the table is a title, not a column's header.
            if cell is None or cell.colspan > max(3, grid.n_cols // 2):
                continue
            if cell.text and (not parts or parts[-1] != cell.text):
                parts.append(cell.text)
        texts.append(squash(" ".join(parts)))
    return texts


def _resolve(texts: list[str], grid: Grid, rows: int) -> Header:
    columns: list[Column] = []
    for col, text in enumerate(texts):
        role, month, year = classify(text)
        x0 = grid.col_edges[col] if grid.col_edges else 0.0
        x1 = grid.col_edges[col + 1] if grid.col_edges else 0.0
        columns.append(Column(col, role, text, month, year, x0, x1))
    columns = _split_benchmarks(columns)
    columns = attach_rags(columns)
    return Header(rows, tuple(columns))


def _split_benchmarks(columns: list[Column]) -> list[Column]:
    """A heading that names both benchmarks over two columns gives them in its own order."""
    out = list(columns)
    pending = [c for c in out if c.role in ("benchmark", "national", "comparator")]
    shared = [
        c for c in pending
        if c.role == "benchmark"
        or (re.search(_ROLE_PATTERN["national"], c.header.lower())
            and re.search(_ROLE_PATTERN["comparator"], c.header.lower()))
    ]
    order = ("national", "comparator")
    taken = {c.role for c in pending if c not in shared}
    free = [role for role in order if role not in taken]
    for column, role in zip(shared, free):
        out[column.index] = Column(column.index, role, column.header, None, None, column.x0, column.x1)
    return [c if c.role != "benchmark" else Column(c.index, "other", c.header, None, None, c.x0, c.x1) for c in out]


def attach_rags(columns: list[Column]) -> list[Column]:
    """A RAG column without a month belongs to the month figure on its left; one lone RAG
    column after every month rates the latest month, whichever way the months run."""
    out = list(columns)
    figures = [c for c in columns if c.role == "figure"]
    loose = [c for c in columns if c.role == "rag" and c.month is None]
    if len(loose) == 1 and len(figures) > 1 and loose[0].index > figures[-1].index:
        latest = chronological([c.month for c in figures])[-1]
        owner = next(c for c in figures if c.month == latest)
        rag = loose[0]
        out[rag.index] = Column(rag.index, "rag", rag.header, owner.month, owner.year, rag.x0, rag.x1)
        return out
    last_figure: Column | None = None
    for column in columns:
        if column.role == "figure":
            last_figure = column
        elif column.role == "rag" and column.month is None and last_figure is not None:
            out[column.index] = Column(
                column.index, "rag", column.header, last_figure.month, last_figure.year,
                column.x0, column.x1,
            )
    return out


def _has_value(grid: Grid, index: dict, row: int) -> bool:
    """Say whether `row` holds a figure or a no-figure token (N/A, TBC): a data row."""
    for col in range(grid.n_cols):
        cell = index.get((row, col))
        if cell is not None and cell.row == row and cell.col == col and cell.text:
            if re.fullmatch(r"(19|20)\d\d", cell.text.strip()):
                continue  # a year: a month heading wrapped at its dash ("2024" / "-06 RAG")
            measures = parse_figure(cell.text)
            if measures is not None and (measures or is_not_a_number(cell.text)) and not header_month(cell.text):
                return True
    return False


_HEADER_WORDS = re.compile(r"^(figures?|values?|actual|result|count|%|rate|number|no\.?|rag|data|month)$")


def _row_span(grid: Grid, row: int) -> tuple[float, float] | None:
    """Give the top and bottom of the text in `row` of `grid`, or None when it has none."""
    words = [w for c in grid.cells if c.row == row for w in c.words]
    return (min(w.top for w in words), max(w.bottom for w in words)) if words else None


def _close_under(grid: Grid, row: int) -> bool:
    """Say whether the text of `row` sits as close under the row above as a cell's own lines
    do (the wrapped end of a heading), not after the space between rows."""
    above, here = _row_span(grid, row - 1), _row_span(grid, row)
    if above is None or here is None:
        return True
    gap = here[0] - above[1]
    # Where the header's own lines sit closer than that, no further than they do (a table set
    # tight has as little space between its rows as 0.6 of a line).
    spans = [span for r in range(row) if (span := _row_span(grid, r)) is not None]
    gaps = [b[0] - a[1] for a, b in zip(spans, spans[1:])]
    return gap <= 0.6 * (here[1] - here[0]) and (not gaps or gap <= max(gaps) + 1.0)


def _header_like(grid: Grid, index: dict, row: int) -> bool:
    """Say whether every cell that starts in `row` reads like a column heading; in a table
    read from its text, a fragment counts only close under the line above ("Front Door"
    after the space under the header is a section row)."""
    text_grid = grid.engine.startswith("text")
    fragments = not text_grid or row == 0 or _close_under(grid, row)
    cells = [
        cell for col in range(grid.n_cols)
        if (cell := index.get((row, col))) is not None and cell.row == row and cell.col == col
        and cell.text and cell.colspan <= max(3, grid.n_cols // 2)
    ]

    def goes_on(cell: Cell) -> bool:
        # Lines evenly spaced give no sign but this: a text alone in the first column under
        # nothing of that column is a section row, not the wrapped end of a heading (a
        # heading's end sits right under its start).
        above = index.get((row - 1, cell.col))
        alone = len(cells) == 1 and cell.col == 0
        return not text_grid or row == 0 or not alone or (above is not None and bool(above.text))

    # Headings are short: a long cell is a narrative, even one that says "trend". The rest
    # of a heading wrapped mid-word in a narrow cell ("y" of "Polarit y", "G" of "RA G")
    # reads as nothing by itself.
    return bool(cells) and all(
        len(squash(cell.text)) <= 80
        and (classify(cell.text)[0] != "other" or _HEADER_WORDS.match(squash(cell.text).lower())
             or (fragments and _fragment(cell.text) and goes_on(cell)))
        for cell in cells
    )


def _fragment(text: str) -> bool:
    """Say whether `text` is short enough to be the wrapped end of a heading."""
    return len(squash(text)) <= 24 and len(text.split()) <= 3 and parse_figure(text) is None


def find_header(grid: Grid, index: dict, max_rows: int = 6) -> Header | None:
    """Give the KPI header at the top of `grid`, or None when it has none."""
    best: Header | None = None
    # A borderless table has a grid row per text line, and its headings wrap over many.
    lines = grid.engine == "text"
    for rows in range(1, min(12 if lines else max_rows, grid.n_rows) + 1):
        if _has_value(grid, index, rows - 1):
            break
        if best is not None and not _header_like(grid, index, rows - 1):
            break
        header = _resolve(_column_texts(grid, index, rows), grid, rows)
        if header.is_kpi:
            best = header
    # The last line taken is a section row when the body has rows just like it (alone in
    # the first column, as far left, as bold): "Front Door" close under a one-line header.
    while best is not None and best.rows > 1 and _like_a_section_below(grid, index, best.rows - 1):
        shorter = _resolve(_column_texts(grid, index, best.rows - 1), grid, best.rows - 1)
        if not shorter.is_kpi:
            break
        best = shorter
    return best


def _alone_in_first(grid: Grid, index: dict, row: int) -> Cell | None:
    """Give the one cell of `row` with text when it starts in the first column, else None."""
    cells = {id(c): c for col in range(grid.n_cols) if (c := index.get((row, col))) is not None and c.text}
    if len(cells) != 1:
        return None
    (cell,) = cells.values()
    return cell if cell.col == 0 and cell.words else None


def _like_a_section_below(grid: Grid, index: dict, row: int) -> bool:
    """Say whether `row` holds one text in the first column and a row below in the body
    holds one just like it: a capital first, as far left, as bold, as tall (a name's wrapped
    end carries on in lower case)."""
    cell = _alone_in_first(grid, index, row)
    if cell is None or not grid.engine.startswith("text") or not cell.text[:1].isupper():
        return False
    first = cell.words[0]
    for below in range(row + 1, grid.n_rows):
        other = _alone_in_first(grid, index, below)
        if other is None or not other.words:
            continue
        word = other.words[0]
        if other.text[:1].isupper() and abs(word.x0 - first.x0) <= 1.5 and word.bold == first.bold \
                and abs((word.bottom - word.top) - (first.bottom - first.top)) <= 0.5:
            return True
    return False


def carry_header(previous: Header, grid: Grid) -> Header:
    """Give `previous`'s columns mapped onto `grid` by position, for a page that does not
    repeat the header."""
    columns = []
    for col in range(grid.n_cols):
        x0, x1 = grid.col_edges[col], grid.col_edges[col + 1]
        best, best_overlap = None, 0.0
        for column in previous.columns:
            overlap = min(x1, column.x1) - max(x0, column.x0)
            if overlap > best_overlap:
                best, best_overlap = column, overlap
        if best is None or best_overlap < 0.5 * (x1 - x0):
            columns.append(Column(col, "other", "", None, None, x0, x1))
        else:
            columns.append(Column(col, best.role, best.header, best.month, best.year, x0, x1))
    return Header(0, tuple(columns))


def compatible(previous: Header, grid: Grid) -> bool:
    """Say whether `grid` lines up with `previous`'s columns well enough to continue it."""
    carried = carry_header(previous, grid)
    return carried.is_kpi and sum(c.role != "other" for c in carried.columns) >= 0.7 * sum(
        c.role != "other" for c in previous.columns
    )
