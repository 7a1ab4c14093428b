"""From grids to indicators: rows by role, rows joined across lines and pages."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from extract.grid import Cell, Grid, lines_of, text_of
from extract.header import Header
from extract.provenance import TITLE, Source, Use
from extract.text import compact, join_lines
from extract.values import parse_figure, parse_rag

# Cells a row may hold, besides the month slots ("figure", month, year) and ("rag", month, year).
TEXT_ROLES = ("ref", "name", "target", "national", "comparator", "narrative", "polarity", "dot")
_ANCHOR_ROLES = ("figure", "rag", "target", "national", "comparator")


@dataclass
class RawRow:
    """One table row: the text of each slot, with the cells it came from."""

    kind: str  # data, section or continuation
    pages: list[int]
    texts: dict = field(default_factory=dict)  # slot -> text, lines joined by "\n"
    cells: dict = field(default_factory=dict)  # slot -> (page, bbox)
    fills: dict = field(default_factory=dict)  # slot -> fill colour of its cell
    marks: dict = field(default_factory=dict)  # slot -> colour of a small shape drawn in its cell
    engine: str = ""
    sources: dict = field(default_factory=dict)  # slot -> [Source]: the words and marks it was read from
    headers: list = field(default_factory=list)  # [Source]: a header printed again beside this row
    table: tuple = ()  # (page, bbox) of the table it was read from

    def record(self, slot, source: Source) -> None:
        """Note that `slot` was read from `source`."""
        if source.words or source.marks:
            self.sources.setdefault(slot, []).append(source)


def slot_of(column) -> object:
    """Give the slot a header column fills: its role, or (role, month, year) for months."""
    if column.role in ("figure", "rag"):
        return (column.role, column.month, column.year)
    return column.role


def index_cells(grid: Grid) -> dict[tuple[int, int], Cell]:
    """Give every (row, col) of `grid` mapped to the cell that covers it."""
    index: dict[tuple[int, int], Cell] = {}
    for cell in grid.cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            for col in range(cell.col, cell.col + cell.colspan):
                index.setdefault((row, col), cell)
    return index


def _add(row: RawRow, slot, cell: Cell, page: int) -> None:
    row.record(slot, Source(page, cell.words, cell.marks))
    if cell.mark is not None and slot not in row.marks:
        row.marks[slot] = cell.mark
        row.cells.setdefault(slot, (page, cell.bbox))
    if not cell.text:
        if cell.fill is not None and slot not in row.fills:
            row.fills[slot] = cell.fill
            row.cells.setdefault(slot, (page, cell.bbox))
        return
    if slot in row.texts:
        row.texts[slot] += "\n" + cell.text
    else:
        row.texts[slot] = cell.text
        row.cells[slot] = (page, cell.bbox)
    if cell.fill is not None:
        row.fills.setdefault(slot, cell.fill)


def _row_slots(grid: Grid, header: Header, index: dict, r: int) -> RawRow:
    row = RawRow("data", [grid.page], engine=grid.engine)
    role_cols = {c.index: c for c in header.columns if c.role != "other"}
    claimed: set[int] = set()
    for col in range(grid.n_cols):
        cell = index.get((r, col))
        if cell is None or id(cell) in claimed:
            continue
        # A cell merged across columns belongs to the first role column it covers.
        owner = next((role_cols[c] for c in range(max(col, cell.col), cell.col + cell.colspan) if c in role_cols), None)
        if owner is None:
            continue
        claimed.add(id(cell))
        slot = slot_of(owner)
        if isinstance(slot, tuple) and slot in row.texts and cell.text:
            # Two figure columns for one month ("Apr count", "Apr %"): one composite figure.
            row.texts[slot] += " " + cell.text
            row.record(slot, Source(grid.page, cell.words, cell.marks))
            continue
        _add(row, slot, cell, grid.page)
    return row


def _is_section(grid: Grid, index: dict, r: int) -> Cell | None:
    """Give the one cell of row `r` when it spans the table (a section heading), else None."""
    cells = {id(c): c for col in range(grid.n_cols) if (c := index.get((r, col))) is not None and c.text}
    if len(cells) != 1:
        return None
    (cell,) = cells.values()
    if cell.rowspan == 1 and cell.colspan >= max(2, grid.n_cols // 2):
        return cell
    return None


def _lines_of_figures(cell: Cell, grid: Grid) -> int:
    """Give how many lines of `cell` print figures in three columns of `grid` or more (a table
    row's line, not a heading's nor a sentence's)."""
    edges = grid.col_edges
    count = 0
    for line in lines_of(list(cell.words)):
        columns = {sum(e < (w.x0 + w.x1) / 2 for e in edges) for w in line if parse_figure(w.text) is not None}
        count += len(columns) >= 3
    return count


def _in_columns(cell: Cell, grid: Grid, r: int) -> dict | None:
    """Give the index of row `r` of `grid` with the words of `cell`, which spans it, put in
    the columns they lie in; None when the grid's column edges are not known."""
    edges = grid.col_edges
    if len(edges) != grid.n_cols + 1:
        return None
    out = {}
    for col in range(grid.n_cols):
        words = [w for w in cell.words if edges[col] <= (w.x0 + w.x1) / 2 < edges[col + 1]]
        out[(r, col)] = Cell(r, col, 1, 1, (edges[col], cell.bbox[1], edges[col + 1], cell.bbox[3]),
                             text_of(words), words=tuple(words))
    return out


def header_uses(grid: Grid, header: Header, body: int) -> list[Use]:
    """Give what the rows of `grid` above its body (which starts at row `body`) were read
    as: the rows of `header`, and titles above them."""
    first = body - header.rows
    # A title prints no figures across the table: a row above the header that does (the
    # rows of a table carried on from the page before, above the next table's header) is
    # left unread, for the audit to name.
    rows = [r for r in range(first) if len({c.col for c in grid.cells if c.row == r and parse_figure(c.text) is not None}) >= 3]
    return [
        Use("header", "header", Source(grid.page, cell.words, cell.marks)) if cell.row >= first
        else Use("set-aside", TITLE, Source(grid.page, cell.words, cell.marks))
        for cell in grid.cells if cell.row < body and cell.row not in rows
    ]


def is_prose(text: str) -> bool:
    """Say whether `text` reads as sentences rather than a heading ("Child Protection")."""
    words = text.split()
    return len(words) > 12 or (len(words) > 4 and bool(re.search(r"[.!?]\s+\S|[.!?]$", text)))


def _narrative_line(row: RawRow, narrating: tuple | None) -> RawRow | None:
    """Give the line `row` as a row holding only its narrative when it is one line of a
    narrative row across the table: runs of text with no figure in them, sentences, or a
    line in regular type right under the narrative row's line above,
    at its left edge (`narrating`: that edge and that line's foot). None when it is not."""
    words = sorted((w for sources in row.sources.values() for s in sources for w in s.words), key=lambda w: (w.top, w.x0))
    if not words or any(isinstance(slot, tuple) and slot[0] == "figure" and parse_figure(text) is not None
                        for slot, text in row.texts.items()):
        return None
    lines = lines_of(words)
    text = "\n".join(" ".join(w.text for w in line) for line in lines)
    height = max(w.bottom - w.top for w in words)
    # Runs of text, word spaces only: cells side by side leave wider gaps between them.
    if any(b.x0 - a.x1 > 0.6 * height for line in lines for a, b in itertools.pairwise(line)):
        return None
    words = [w for line in lines for w in line]
    if not is_prose(text) and (narrating is None or abs(words[0].x0 - narrating[0]) > 2.0
                               or words[0].top - narrating[1] > 0.75 * height or any(w.bold for w in words)):
        return None
    page = row.pages[0]
    line = RawRow("data", [page], {"narrative": text}, engine=row.engine)
    line.cells["narrative"] = (page, (min(w.x0 for w in words), min(w.top for w in words),
                                      max(w.x1 for w in words), max(w.bottom for w in words)))
    line.record("narrative", Source(page, tuple(words)))
    return line


def _has_anchor(row: RawRow) -> bool:
    """Say whether `row` holds a value that starts a table row: a figure, a benchmark or a
    rating; the end of a rating word wrapped in its cell ("Gre" / "en") is none."""
    return any(
        (slot[0] if isinstance(slot, tuple) else slot) in _ANCHOR_ROLES and text.strip()
        and not (isinstance(slot, tuple) and slot[0] == "rag" and not parse_rag(text).rag)
        for slot, text in row.texts.items()
    )


def _header_again(row: RawRow, header: Header, strict: bool) -> bool:
    """Say whether `row` prints the table's header again (a table per section, a header
    repeated below a heading): each text is part of its column's heading, at least two when
    `strict`."""
    heads = {slot_of(c): compact(c.header).lower() for c in header.columns if c.role != "other"}
    texts = [compact(join_lines(t)).lower() for t in row.texts.values() if t.strip()]
    if not texts or (strict and len(texts) < 2):
        return False
    return all(
        (head := heads.get(slot)) and compact(join_lines(text)).lower() in head
        for slot, text in row.texts.items() if text.strip()
    )


def grid_to_rows(grid: Grid, header: Header, start: int, continues: bool) -> list[RawRow]:
    """Give the body rows of `grid` below its header (from row `start`); `continues` says
    the grid carries on a table from an earlier page, so a first row without figures is the
    rest of the row that broke there."""
    index = index_cells(grid)
    out: list[RawRow] = []
    narrating: tuple | None = None  # (left edge, foot) of the narrative row's line above
    in_header = False
    repeated: list[Source] = []
    for r in range(start, grid.n_rows):
        spanning = _is_section(grid, index, r)
        # In a table read from its text under a ruled band, a cell of the band across the
        # table that prints figures is rows the band's rules did not part, not a heading.
        banded = spanning is not None and grid.engine.startswith("text")
        rows_of_figures = _lines_of_figures(spanning, grid) if banded else 0
        if rows_of_figures > 1:
            continue  # several rows read as one cell: left unread, for the audit to name
        if rows_of_figures == 1 and (split := _in_columns(spanning, grid, r)) is not None:
            # Figures across the table are no heading: a row whose cells were read as one
            # (no rule or space parted them) is read in the table's columns.
            index = {**index, **split}
            spanning = None
        if spanning is not None:
            section = spanning.text
            # Sentences under a row, or under the rest of one broken at the page foot, are its own.
            prose = is_prose(section) and out and out[-1].kind in ("data", "continuation")
            # ... and at the top of a table carried on from the page before, of the row it
            # broke from there (a continuation, joined to it when the tables are put together).
            carried = is_prose(section) and not out and continues
            # A row across the table holding sentences is the narrative of the row above it.
            slot = "narrative" if prose or carried else "name"
            kind = "continuation" if carried else "data" if prose else "section"
            row = RawRow(kind, [grid.page], {slot: section}, engine=grid.engine)
            row.record(slot, Source(grid.page, spanning.words, spanning.marks))
            if prose:
                merge_into(out[-1], row)
            else:
                out.append(row)
            continue
        row = _row_slots(grid, header, index, r)
        if not row.texts and not row.fills and not row.marks:
            continue
        # The header printed again: its first line names two columns; its wrapped lines
        # below may name one each.
        if _header_again(row, header, strict=not in_header):
            in_header = True
            repeated.extend(source for sources in row.sources.values() for source in sources)
            continue
        in_header = False
        has_name = bool(row.texts.get("name", "").strip() or row.texts.get("ref", "").strip())
        if grid.engine.startswith("text") and (out[-1].kind in ("data", "continuation") if out else continues) \
                and (line := _narrative_line(row, narrating)) is not None:
            # A narrative row under its indicator, read line by line across the table's
            # columns (no rule parts it into a cell of its own): that indicator's narrative;
            # atop a table carried on from the page before, the narrative of its last row.
            said = line.sources["narrative"][0].words
            narrating = (min(w.x0 for w in said), max(w.bottom for w in said))
            if out:
                merge_into(out[-1], line)
            else:
                line.kind = "continuation"
                out.append(line)
            continue
        narrating = None
        if grid.engine.startswith("text"):
            # One grid row per text line: a line with a name and a figure starts a row,
            # a name alone in bold under names in regular type heads a section, any other
            # line carries on the row above it.
            if _bold_heading(row, out):
                row.kind = "section"
                out.append(row)
            elif has_name and _has_anchor(row) and not _refless_under_refs(row, out):
                out.append(row)
            elif out and out[-1].kind == "data":
                merge_into(out[-1], row)
            else:
                row.kind = "continuation" if (continues or out) else "data"
                if row.kind == "continuation" and out:
                    merge_into(out[-1], row)
                else:
                    out.append(row)
            continue
        names = header.of("name")
        above = index.get((r, names[0].index)) if names else None
        if above is not None and above.row < r and above.text and out and out[-1].kind == "data" \
                and out[-1].texts.get("name") == row.texts.get("name"):
            # Its name cell merged down from the row above: the rest of that row (a RAG drawn
            # on a line of its own), not another indicator of the same name.
            merge_into(out[-1], _own_cells(grid, header, index, r))
            continue
        if not out and continues and not _has_anchor(row) and not _REF_WHOLE.match(row.texts.get("ref", "").strip()):
            # The rest of a row broken at the page: no figures, and at most the end of a
            # reference wrapped in a narrow Ref column ("2." / "2").
            row.kind = "continuation"
        out.append(row)
    if out:
        # The audit counts a repeated header's words as header, whichever row carries them.
        out[0].headers.extend(repeated)
    return out


def _own_cells(grid: Grid, header: Header, index: dict, r: int) -> RawRow:
    """Give row `r` of `grid` read from the cells that start in it alone."""
    own = {key: cell for key, cell in index.items() if key[0] == r and cell.row == r}
    return _row_slots(grid, header, own, r)


def _refless_under_refs(row: RawRow, above: list[RawRow]) -> bool:
    """Say whether `row` reads as the wrapped rest of the row above, beside a wrapped figure
    ("to social care" beside "30%"): no reference where that row has one, or a name that
    goes on in lower case; such a line starts no row."""
    if not above or above[-1].kind != "data":
        return False
    name = row.texts.get("name", "").strip()
    if not row.texts.get("ref", "").strip() and name[:1].islower():
        return True
    # A narrow Ref column wraps "1.3" at its dot: "3" under "1." is its end, not a reference.
    if re.fullmatch(r"\d{1,2}\.", above[-1].texts.get("ref", "").strip().split("\n")[-1]) \
            and re.fullmatch(r"\d{1,3}", row.texts.get("ref", "").strip()):
        return True
    return bool(_ref_of(above[-1])) and not _ref_of(row)


def _ref_of(row: RawRow) -> str:
    """Give the reference of `row`: its Ref column's, or the one its name starts with."""
    return row.texts.get("ref", "").strip() or split_ref(row.texts.get("name", ""))[0]


def _words_of(row: RawRow, slot) -> list:
    return [w for source in row.sources.get(slot, ()) for w in source.words]


def _bold_heading(row: RawRow, above: list[RawRow]) -> bool:
    """Say whether `row`, read from text alone, is a section heading: a name and nothing
    else, in bold, where no indicator's name above it is bold (a borderless table's
    section rows have no cell across the table to tell them by)."""
    # A heading wider than a narrow Ref column runs on into the name's ("Children" / "in Need"),
    # or wider than the name's into the next column, on its one line ("Looked After" /
    # "Children" over the Polarity column).
    if not row.texts or not set(row.texts) & {"ref", "name"} or _has_anchor(row):
        return False
    own = _words_of(row, "ref") + _words_of(row, "name")
    others = [w for slot in row.texts if slot not in ("ref", "name") for w in _words_of(row, slot)]
    if others and (not own or len(lines_of(own + others)) > 1):
        return False
    words = own + others
    names = [w for r in above if r.kind == "data" for w in _words_of(r, "name")]
    if not words or not all(w.bold for w in words) or any(w.bold for w in names):
        return False
    row.texts = {"name": " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0)))}
    row.sources = {"name": [s for slot in list(row.sources) for s in row.sources[slot]]}
    return not is_prose(row.texts["name"])


def merge_into(into: RawRow, more: RawRow) -> None:
    """Add the text, colours, sources and pages of `more` to the row `into` it continues."""
    for slot, text in more.texts.items():
        if slot in into.texts:
            into.texts[slot] += "\n" + text
        else:
            into.texts[slot] = text
            into.cells.setdefault(slot, more.cells.get(slot))
    for slot, colour in more.fills.items():
        if slot not in into.fills:
            into.fills[slot] = colour
            # A RAG shown only by colour has its cell as its provenance.
            if more.cells.get(slot):
                into.cells.setdefault(slot, more.cells[slot])
    for slot, colour in more.marks.items():
        if slot not in into.marks:
            into.marks[slot] = colour
            if more.cells.get(slot):
                into.cells.setdefault(slot, more.cells[slot])
    for slot, sources in more.sources.items():
        into.sources.setdefault(slot, []).extend(sources)
    into.headers.extend(more.headers)
    for page in more.pages:
        if page not in into.pages:
            into.pages.append(page)


_REF_WHOLE = re.compile(r"^\d{1,2}(?:\.\d{1,3}){1,2}[a-z]?$|^[A-Za-z]{1,4}[\s-]?\d{1,3}$")
_REF = re.compile(r"^(\d{1,2}(?:\.\d{1,3}){1,2}[a-z]?)[\s:)]+(\S.*)$", re.DOTALL)


def split_ref(name: str) -> tuple[str, str]:
    """Give (ref, name) of a name cell that starts with its reference (`4.2 Re-referrals`)."""
    match = _REF.match(name.strip())
    if match:
        return match[1], match[2]
    return "", name
