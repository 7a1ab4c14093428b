"""Read a scorecard PDF into the dataset: the library entry points."""

from __future__ import annotations

import collections
import contextlib
import itertools
import re
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from dataset import RATINGS, write_dataset
from dataset.judge import rate_dataset
from extract import limits
from extract import pdf as pdf_engine
from extract.assemble import rows_to_dataset
from extract.audit import PageEvidence, Region, audit_coverage, set_aside_as
from extract.checks import check_figures
from extract.colourkey import ColourKey, read_colour_key
from extract.errors import (
    AmbiguousQuarter,
    ExtractError,
    MixedPeriods,
    NoKpiTable,
    NoTextLayer,
    TooLarge,
    UnreadableScan,
    as_extract_error,
    caused_by,
)
from extract.grid import Drawn, Grid, Word, lines_of, words_in
from extract.header import Header, carry_header, compatible, find_header
from extract.layout import rows_over, rows_under, words_in_columns, words_to_grid
from extract.period import (
    PeriodClues,
    file_name_month,
    financial_year,
    header_month,
    header_quarter,
    month_years,
    parse_period,
    pdf_date,
    resolve_periods,
)
from extract.provenance import COLOUR_KEY, Source, Use
from extract.rows import RawRow, grid_to_rows, header_uses, index_cells
from extract.text import join_lines
from extract.values import parse_figure

ENGINES = ("auto", "pdfplumber", "camelot")
DOUBTFUL_DIR = "doubtful"  # beside the dataset: a PNG of each cell read from a scan that needs checking
DEFAULT_CATALOGUE = Path(__file__).resolve().parent.parent / "assets" / "kpis.toml"


@dataclass(frozen=True)
class Settings:
    """Limits and choices for one extraction."""

    engine: str = "auto"  # auto, pdfplumber (vector lines) or camelot (lines from the page image)
    max_pages: int = 300
    max_bytes: int = 200 * 1024 * 1024
    # The one clock and memory bound of an extraction: seconds per document and per page.
    bounds: limits.Bounds = field(default_factory=limits.Bounds)
    catalogue: Path | None = DEFAULT_CATALOGUE  # polarity, tolerance and range for the checks
    cross_check: bool = False  # read the tables with the other engine too and list disagreements
    on_page: Callable[[int, int], None] | None = None  # told (page, of pages) as each page is read


@dataclass(frozen=True)
class Extraction:
    """A scorecard read into dataset rows, with what extraction.json records."""

    indicators: list[dict]
    figures: list[dict]
    meta: dict
    period: str
    periods: list[str] = field(default_factory=list)
    crops: dict[str, bytes] = field(default_factory=dict)  # doubtful/NAME.png: a doubtful cell as scanned

    def write(self, directory: Path) -> Path:
        """Write this extraction as the dataset in `directory` (docs/dataset.md); give it."""
        written = write_dataset(directory, self.indicators, self.figures, self.meta, self.crops)
        if not self.crops:
            # An earlier extraction's crops would name cells this one does not doubt.
            shutil.rmtree(written / DOUBTFUL_DIR, ignore_errors=True)
        return written


@dataclass
class _Table:
    header: Header | None = None
    rows: list[RawRow] = field(default_factory=list)
    slots: list[tuple] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # the header over each of `slots`


def _kpi_grids(grids: list[Grid], current: Header | None,
               words: tuple[Word, ...] = ()) -> list[tuple[Grid, Header, bool, list[RawRow], int]]:
    """Give the KPI tables among `grids`: (grid, header, continues an earlier table, rows,
    the grid row the body starts at); the page's `words` over a first table carried on
    without its header are the rest of the row it continues."""
    found = []
    for grid in grids:
        header, start = _header_at(grid)
        if header is not None:
            rows = grid_to_rows(grid, header, start, current is not None)
            if _plausible(header, rows):
                found.append((grid, header, current is not None, rows, start))
                current = header
                continue
        # A table under a month header of its own that could not be read is not the last
        # table carried on: the audit names it rather than read it in another's columns.
        if current is not None and compatible(current, grid) and not _names_months(grid):
            if not found and words:
                grid = rows_over(grid, list(words)) or grid
            carried = carry_header(current, grid)
            found.append((grid, carried, True, grid_to_rows(grid, carried, 0, True), 0))
    return found


def _plausible(header: Header, rows: list[RawRow]) -> bool:
    """Say whether a table whose header reads like a scorecard's holds one: a trend of
    months (or one month beside a target or benchmark) and figures that read as figures."""
    months = {(c.month, c.year) for c in header.of("figure")}
    compared = header.of("target") or header.of("national") or header.of("comparator")
    if len(months) < 2 and not compared:
        return False
    printed = [
        text for row in rows if row.kind == "data"
        for slot, text in row.texts.items() if isinstance(slot, tuple) and slot[0] == "figure"
    ]
    readable = sum(parse_figure(join_lines(text)) is not None for text in printed)
    return bool(printed) and readable >= 0.6 * len(printed)


def _header_at(grid: Grid) -> tuple[Header | None, int]:
    """Give the KPI header of `grid` and its first body row; title rows may sit above it."""
    for start in range(min(grid.n_rows, 8)):
        shifted = _drop_rows(grid, start)
        header = find_header(shifted, index_cells(shifted))
        if header is not None:
            return header, start + header.rows
    return None, 0


def _drop_rows(grid: Grid, count: int) -> Grid:
    if count == 0:
        return grid
    cells = tuple(replace(c, row=c.row - count) for c in grid.cells if c.row >= count)
    return Grid(grid.page, grid.engine, grid.bbox, grid.n_rows - count, grid.n_cols, cells, grid.col_edges)


def _names_months(grid: Grid) -> bool:
    """Say whether the top rows of `grid` name two months or more, as a scorecard's header does."""
    named = {header_month(c.text) for c in grid.cells if c.row < 8 and len(c.text) <= 40}
    return len(named - {None}) >= 2


def _evidence(page: pdf_engine.PageContent, kpi: list, tried: list[Grid], current: Header | None) -> PageEvidence:
    """Give what the coverage audit needs of `page`: the words and marks inside its KPI
    tables, the tables naming months that gave none, and the words outside them beside the
    month columns in force (the page's tables', else those of the `current` table carried on)."""
    grids = [grid for grid, *_ in kpi]
    rag = tuple((c.x0, c.x1) for _, header, *_ in kpi for c in header.of("rag") if c.x1 > c.x0)
    regions = ()
    words: list[Word] = []
    marks: list = []
    if grids:
        # One region over every table read on the page, as far as the text lines up under
        # its header: rows lost between or beyond the pieces that were read (shaded bands
        # read as tables of their own) fall inside it.
        boxes = [g.bbox for g in grids]
        aligned = _aligned_rows(words_to_grid(list(page.words), page.number))
        if aligned is not None and any(_meet(aligned, box) for box in boxes):
            boxes.append(aligned)
        hull = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
        regions = (Region(page.number, hull, rag),)
        words = words_in(list(page.words), hull)
        marks = [m for m in page.fills + page.marks if _centre_in(m.bbox, hull)]
    unread = []
    for grid in tried:
        if any(grid is g for g in grids) or any(_centre_in(grid.bbox, r.bbox) for r in regions) or not _names_months(grid):
            continue
        if any(_centre_in(grid.bbox, box) for box, _ in unread):
            continue
        unread.append((grid.bbox, " ".join(c.text for c in grid.cells if c.row == 0 and c.text)))
    headers = [header for _, header, *_ in kpi] or ([current] if current is not None else [])
    columns = tuple(dict.fromkeys((c.x0, c.x1) for h in headers for c in h.of("figure") if c.x1 > c.x0))
    inside = {id(w) for w in words}
    outside = tuple(w for w in page.words if id(w) not in inside)
    return PageEvidence(page.number, regions, tuple(words), tuple(marks), tuple(unread), outside, columns)


def _aligned_rows(grid: Grid | None) -> tuple | None:
    """Give the box of the rows of a text-aligned `grid` that fill three columns or more: a
    page footer or a note under the table lines up with nothing."""
    if grid is None:
        return None
    filled: dict[int, list] = {}
    for cell in grid.cells:
        if cell.text:
            filled.setdefault(cell.row, []).append(cell.bbox)
    boxes = [box for cells in filled.values() if len(cells) >= 3 for box in cells]
    if not boxes:
        return None
    return (grid.bbox[0], min(b[1] for b in boxes), grid.bbox[2], max(b[3] for b in boxes))


def _meet(a: tuple, b: tuple) -> bool:
    """Say whether boxes `a` and `b` overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _centre_in(bbox: tuple, region: tuple) -> bool:
    return bool(words_in([Word("", *bbox)], region))


def _bands_over_text(grids: list[Grid], words: tuple[Word, ...], shapes: tuple = ()) -> list[Grid]:
    """Give the tables whose ruled or shaded header band has no rules under it (zebra
    stripes, a filled header row), or only stripes: each band with the text under it; the
    stripes inside such a table are rows of it, not tables."""
    out: list[Grid] = []
    for grid in grids:
        if any(_inside(grid.bbox, table.bbox) for table in out):
            continue
        header, start = _header_at(grid)
        if header is None:
            continue
        band = grid
        if start < grid.n_rows and _underruled(grid, start):
            band = _top_rows(grid, start)  # the rules below the header do not part its rows
        elif start < grid.n_rows and not _stripes_below(grid, grids, words) and not _open_below(grid, words):
            continue
        table = rows_under(band, list(words), list(shapes))
        if table is not None and table.n_rows > grid.n_rows:
            out.append(table)
    return out


def _underruled(grid: Grid, start: int) -> bool:
    """Say whether one body row of `grid` (from row `start`) holds two lines of figures (in
    three columns or more) with the space between rows between them: two table rows that no
    rule parts (an outer box, shaded section rows over unruled indicator rows). A figure
    wrapped in its cell ("885" / "21%") is a line below, as close as any line of a cell."""
    for row in range(start, grid.n_rows):
        columns = {id(w): cell.col for cell in grid.cells if cell.row == row for w in cell.words}
        lines = lines_of([w for cell in grid.cells if cell.row == row for w in cell.words])
        figures = [i for i, line in enumerate(lines)
                   if len({columns[id(w)] for w in line if parse_figure(w.text)}) >= 3]
        if len(figures) < 2:
            continue
        wide = max(2.0, 0.5 * statistics.median(max(w.bottom for w in l) - min(w.top for w in l) for l in lines))
        gaps = [min(w.top for w in b) - max(w.bottom for w in a) for a, b in itertools.pairwise(lines)]
        if any(gap > wide for gap in gaps[figures[0]:figures[-1]]):
            return True
    return False


def _open_below(grid: Grid, words: tuple[Word, ...]) -> bool:
    """Say whether a row of text carries on right under `grid` in three of its columns or
    more: a row broken at the page foot has no rule under it, so the ruled grid stops short."""
    x0, _, x1, bottom = grid.bbox
    under = [w for w in words if w.top >= bottom - 0.5 and x0 <= (w.x0 + w.x1) / 2 <= x1]
    lines = lines_of(under)
    if not lines:
        return False
    first = lines[0]
    height = max(w.bottom for w in first) - min(w.top for w in first)
    if min(w.top for w in first) - bottom > 1.5 * max(height, 1.0):
        return False
    edges = grid.col_edges
    # Three columns: a heading over the next table ("Children in Need") may cross two.
    return len({sum(1 for e in edges[1:-1] if e < (w.x0 + w.x1) / 2) for w in first}) >= 3


def _top_rows(grid: Grid, rows: int) -> Grid:
    """Give the first `rows` rows of `grid` as a grid of their own."""
    cells = tuple(c for c in grid.cells if c.row < rows)
    bottom = max(c.bbox[3] for c in cells)
    return Grid(grid.page, grid.engine, (grid.bbox[0], grid.bbox[1], grid.bbox[2], bottom), rows,
                grid.n_cols, cells, grid.col_edges)


def _stripes_below(grid: Grid, grids: list[Grid], words: tuple[Word, ...]) -> list[Grid]:
    """Give the grids below `grid` in its columns that are shaded or ruled bands of one table
    with text between them: zebra stripes whose unshaded rows have no rules of their own."""
    same = [
        g for g in grids
        if g is not grid and g.bbox[1] >= grid.bbox[3] - 1 and len(g.col_edges) == len(grid.col_edges)
        and all(abs(a - b) <= 2 for a, b in zip(g.col_edges, grid.col_edges))
    ]
    same.sort(key=lambda g: g.bbox[1])
    above = grid.bbox[3]
    between = False
    stripes = []
    for stripe in same:
        if _header_at(stripe)[0] is not None:
            break  # a table of its own (one table per section, its heading between)
        gap = (grid.bbox[0], above + 1, grid.bbox[2], stripe.bbox[1] - 1)
        between = between or (gap[3] > gap[1] and bool(words_in(list(words), gap)))
        above = stripe.bbox[3]
        stripes.append(stripe)
    return stripes if between else []


def _text_tables(words: list[Word], page: int, shapes: list) -> list[Grid]:
    """Give every borderless table among `words`, top to bottom: one table per section, each
    under its own header, is several tables on one page."""
    out: list[Grid] = []
    left = list(words)
    while left and len(out) < 20:
        grid = words_to_grid(left, page, shapes)
        if grid is None:
            break
        inside = {id(w) for w in words_in(left, grid.bbox)}
        if not inside:
            break
        out.append(grid)
        left = [w for w in left if id(w) not in inside]
    # A table of one or two rows has too few lines to tell its columns by: read it in the
    # columns of a table of the page whose header was read, as wide as it.
    read = [g for g in out if _header_at(g)[0] is not None]
    for i, grid in enumerate(out):
        model = next((g for g in read if abs(g.bbox[0] - grid.bbox[0]) <= 6 and abs(g.bbox[2] - grid.bbox[2]) <= 30), None)
        if model is None or grid in read or not _names_months(grid):
            continue
        again = words_to_grid(words_in(list(words), grid.bbox), page, shapes, model.col_edges)
        out[i] = again if again is not None and _header_at(again)[0] is not None else grid
    return sorted(out, key=lambda g: g.bbox[1])


def _headings_over(kpi: list, words: tuple[Word, ...]) -> dict[int, tuple[list[list[Word]], bool]]:
    """Give, by its place in `kpi`, the heading printed right over each table that prints its
    own header (one table per section), and whether another table of the page is above it:
    up to two lines with no figure in them, between it and the table above, or, over the
    page's first table, no further above it than a line and a half (a title higher up is not
    its heading). Anything else between the tables is left for the audit."""
    out = {}
    tops = sorted(range(len(kpi)), key=lambda i: kpi[i][0].bbox[1])
    above = None
    for i in tops:
        grid, header, _, _, body = kpi[i]
        box, printed = grid.bbox, header.rows
        floor = above[3] + 0.5 if above is not None else 0.0
        between = above is not None
        above = box
        if not printed:
            continue
        if (inside := _heading_inside(grid, header, body)) is not None:
            out[i] = (lines_of(list(inside)), False)
            continue
        if box[1] <= floor:
            continue
        lines = lines_of(words_in(list(words), (box[0], floor, box[2], box[1] - 0.5)))
        heading: list[list[Word]] = []
        edge = box[1]
        # Over a page's first table one line: a wrapped heading has tables on either side.
        for line in reversed(lines[-2:] if between else lines[-1:]):
            height = max(max(w.bottom for w in line) - min(w.top for w in line), 1.0)
            far = not between and edge - max(w.bottom for w in line) > 1.5 * height
            if far or any(parse_figure(w.text) for w in line):
                break
            heading.insert(0, line)
            edge = min(w.top for w in line)
        if heading:
            out[i] = (heading, between)
    return out


def _heading_at_foot(kpi: list, words: tuple[Word, ...], page: int) -> tuple | None:
    """Give (lines, True, `page`) of a heading left alone at the page's foot under its last
    table, for the first table of the next page (one table per section, the page broken
    between a heading and its table): one short line right under the table at its left edge,
    no figure in it, nothing near under it but a page number; else None."""
    if not kpi:
        return None
    box = max((grid.bbox for grid, *_ in kpi), key=lambda b: b[3])
    lines = lines_of([w for w in words if w.top >= box[3] - 0.5])
    if not lines:
        return None
    line = lines[0]
    text = " ".join(w.text for w in line)
    height = max(max(w.bottom for w in line) - min(w.top for w in line), 1.0)
    if min(w.top for w in line) - box[3] > 2.5 * height or not box[0] - 2 <= line[0].x0 <= box[0] + 0.25 * (box[2] - box[0]) \
            or line[-1].x1 > box[2] + 2:
        return None
    if len(line) > 8 or any(parse_figure(w.text) for w in line) or set_aside_as(text):
        return None
    rest = [other for other in lines[1:] if not set_aside_as(" ".join(w.text for w in other))]
    if rest and min(w.top for w in rest[0]) - max(w.bottom for w in line) < 2.5 * height:
        return None
    return [line], True, page


def _heading_inside(grid: Grid, header: Header, body: int) -> tuple[Word, ...] | None:
    """Give the words of a heading read as the first of `header`'s rows of a table without
    rules (the words above its column names): a row of text in the first column alone,
    with no figure, over a header of two rows or more; else None."""
    first = body - header.rows
    if header.rows < 2:
        return None
    filled = [cell for cell in grid.cells if cell.row == first and cell.words]
    if len(filled) != 1 or filled[0].col != 0 or any(parse_figure(w.text) for w in filled[0].words):
        return None
    return filled[0].words


def _section_headings(headings: list[tuple[RawRow, bool]], sections: int = 0,
                      running: frozenset[str] = frozenset()) -> list[Use]:
    """Keep as section rows the `headings` over tables that head sections, and give the
    uses of the rest: a text printed over two tables, or `running` at the top or foot of
    two pages, is a running head or a header's line, and a heading at the top of a page
    heads a section only where the document has two sections or more, `sections` rows read
    inside the tables among them (else it is a title or a key). One between tables not kept
    is a header."""
    times = collections.Counter(row.texts["name"] for row, _ in headings)
    kept = [(row, between) for row, between in headings
            if times[row.texts["name"]] == 1 and row.texts["name"] not in running]
    if len(kept) + sections < 2:
        kept = [(row, between) for row, between in kept if between]
    keep = {id(row) for row, _ in kept}
    uses = []
    for row, between in headings:
        if id(row) in keep:
            continue
        if between:
            uses.extend(Use("header", "header", source) for source in row.sources["name"])
        row.kind = "dropped"
    return uses


def _running(headings: list[tuple[RawRow, bool]], edges: list[str]) -> frozenset[str]:
    """Give the texts of `headings` printed in the first or last line of two pages or more
    (`edges`, one text a page): running heads or feet, beside a title on its line or not."""
    out = set()
    for row, _ in headings:
        name = row.texts["name"]
        pattern = re.compile(r"(^|\s)" + re.escape(name) + r"(\s|$)")
        if sum(bool(pattern.search(text)) for text in edges) >= 2:
            out.add(name)
    return frozenset(out)


def _sections_read(tables: list[_Table], headings: list[tuple[RawRow, bool]]) -> int:
    """Give how many section rows inside `tables` head indicators (a row across the foot of a
    table is a footnote); the `headings` over tables are not counted."""
    over = {id(row) for row, _ in headings}
    count = 0
    for table in tables:
        last = max((i for i, row in enumerate(table.rows) if row.kind == "data"), default=-1)
        count += sum(row.kind == "section" and id(row) not in over for row in table.rows[:last])
    return count


def _inside(inner: tuple, outer: tuple) -> bool:
    return inner[0] >= outer[0] - 2 and inner[2] <= outer[2] + 2 and inner[1] >= outer[1] - 2 \
        and inner[3] <= outer[3] + 2


def _outside(words: tuple[Word, ...], grids: list[Grid]) -> list[Word]:
    if not grids:
        return list(words)
    inside = {id(w) for g in grids for w in words_in(list(words), g.bbox)}
    return [w for w in words if id(w) not in inside]


def extract_pdf(path: Path, period: str | None = None, settings: Settings = Settings()) -> Extraction:
    """Read the scorecard PDF at `path` into dataset rows; `period` (YYYY-MM) names the
    latest month when the document does not say its year.

    >>> extraction = extract_pdf(Path("fixtures/reference-april-2022.pdf"))  # doctest: +SKIP
    """
    with limits.bounded(settings.bounds):
        try:
            return _extract(Path(path), period, settings)
        except Exception as exc:
            # A limit fires inside a parser, and pdfplumber wraps what it raises: give ours.
            if not isinstance(exc, ExtractError) and caused_by(exc, ExtractError):
                raise as_extract_error(exc) from None
            raise


def _extract(path: Path, period: str | None, settings: Settings) -> Extraction:
    started = time.monotonic()
    path = Path(path)
    flag = parse_period(period) if period else None
    if not path.is_file():
        raise FileNotFoundError(path)
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise TooLarge(f"{size // (1024 * 1024)} MiB, the limit is {settings.max_bytes // (1024 * 1024)} MiB")
    sha = pdf_engine.sha256_of(path)
    tables: list[_Table] = []
    table_meta: list[dict] = []
    loose_text: list[str] = []
    uses: list[Use] = []
    evidence: list[PageEvidence] = []
    drawn: dict[int, Drawn] = {}  # page -> its rules and shading, where they are known
    keys: list[ColourKey] = []  # the colour keys printed, a page's applying from it on
    word_count = 0
    current: Header | None = None
    headings: list[tuple[RawRow, bool]] = []  # section rows read from headings over tables
    foot = None  # a heading under the last table of the page before, for the next table
    edge_lines: list[str] = []  # the first and last lines of each page, one text a page
    scanner = None  # reads the pages that are scans, made when the first page with an image comes
    with pdf_engine.open_pdf(path) as document, contextlib.ExitStack() as stack:
        info = pdf_engine.metadata(document)
        page_count = len(document.pages)
        if page_count > settings.max_pages:
            raise TooLarge(f"{page_count} pages, the limit is {settings.max_pages}")
        for page in pdf_engine.iter_pages(document):
            if settings.on_page is not None:
                settings.on_page(page.number, page_count)
            scanned = None
            if page.has_images:
                if scanner is None:
                    from extract.scan import Scanner

                    scanner = stack.enter_context(Scanner(path))
                with limits.page(page.number):  # its OCR under the page's own time bound
                    scanned = scanner.read(page.number)
                if scanned is not None:
                    page = scanned.content  # its words and grid read from the image, any text layer ignored
            word_count += len(page.words)
            key = read_colour_key(list(page.words), list(page.fills + page.marks), page.number)
            if key is not None:
                keys.append(key)
                uses.append(Use("set-aside", COLOUR_KEY, Source(page.number, key.words, key.swatches)))
            if page.words:
                printed = lines_of(list(page.words))
                edge_lines.append(" / ".join(" ".join(w.text for w in line) for line in (printed[0], printed[-1])))
            grids = list(page.tables) if settings.engine != "camelot" else []
            tried = list(grids)
            kpi = _kpi_grids(grids, current, page.words)
            if not kpi and settings.engine != "pdfplumber" and page.words and (
                settings.engine == "camelot" or page.has_images
            ):
                from extract import camelot_engine

                grids = camelot_engine.page_grids(path, page.number, list(page.words), list(page.fills))
                tried += grids
                kpi = _kpi_grids(grids, current)
            if not kpi or not any(row.kind == "data" for _, _, _, rows, _ in kpi for row in rows) \
                    or any(_stripes_below(grid, grids, page.words) or _underruled(grid, body)
                           or _open_below(grid, page.words) for grid, _, _, _, body in kpi):
                banded = _bands_over_text(grids, page.words, page.fills + page.marks)
                tried += banded
                if banded:
                    # Tables beside the banded ones still count; the stripes inside them do not.
                    rest = [g for g in grids if not any(_centre_in(g.bbox, t.bbox) for t in banded)]
                    kpi = _kpi_grids(sorted(banded + rest, key=lambda g: (g.bbox[1], g.bbox[0])), current)
            if not kpi:
                # Lines may rule a table that is not the scorecard (a budget), or only stripe
                # the scorecard's rows: try the words outside them, then every word.
                for words in (_outside(page.words, grids), list(page.words)):
                    text_grids = _text_tables(words, page.number, list(page.fills + page.marks))
                    tried += text_grids
                    kpi = _kpi_grids(text_grids, current, tuple(words)) if text_grids else []
                    if kpi or not grids:
                        break
            if not kpi and current is not None and current.columns[-1].x1 > current.columns[0].x0 \
                    and not any(_names_months(grid) for grid in tried):
                # No header and no rules: the table carried on from the last page, in its
                # columns. A table naming months of its own is not that; the audit names it.
                edges = (*(c.x0 for c in current.columns), current.columns[-1].x1)
                carried = words_in_columns(list(page.words), edges, page.number, list(page.fills + page.marks))
                if carried is not None:
                    tried.append(carried)
                    kpi = _kpi_grids([carried], current, page.words)
            over = {n: [(lines, between, page.number)] for n, (lines, between) in _headings_over(kpi, page.words).items()}
            first = min(range(len(kpi)), key=lambda i: kpi[i][0].bbox[1]) if kpi else None
            if foot is not None and first is not None and kpi[first][1].rows:
                # The heading left at the last page's foot heads this table (a running head
                # over it is dropped for printing on every page).
                over.setdefault(first, []).insert(0, foot)
            foot = _heading_at_foot(kpi, page.words, page.number)
            for n, (grid, header, continues, rows, body) in enumerate(kpi):
                if scanned is not None:
                    scanner.review(scanned, grid, rows)
                uses.extend(header_uses(grid, header, body))
                if not continues or not tables:
                    tables.append(_Table(header))
                table = tables[-1]
                for lines, between, printed in over.get(n, []):
                    heading = RawRow("section", [printed], {"name": "\n".join(
                        " ".join(w.text for w in line) for line in lines)}, engine=grid.engine)
                    heading.record("name", Source(printed, tuple(w for line in lines for w in line)))
                    headings.append((heading, between))
                    table.rows.append(heading)
                for row in rows:
                    row.table = (page.number, grid.bbox)
                table.rows.extend(rows)
                table.slots.extend(
                    (c.month, c.year) for c in header.columns if c.role == "figure"
                )
                table.headings.extend(c.header for c in header.columns if c.role == "figure")
                current = header
                table_meta.append({
                    "page": page.number, "engine": grid.engine,
                    "bbox": [round(v, 2) for v in grid.bbox],
                    "columns": [{"index": c.index, "role": c.role, "header": c.header,
                                 "month": c.month} for c in header.columns],
                })
            evidence.append(_evidence(page, kpi, tried, current))
            if page.rules is not None:
                drawn[page.number] = Drawn(page.rules, page.fills)
            loose = _outside(page.words, [grid for grid, *_ in kpi])
            loose_text.extend(" ".join(w.text for w in line) for line in lines_of(loose))
    if scanner is not None:
        scanner.settle()
    if word_count == 0 and scanner is not None and (unread := scanner.unread()):
        raise UnreadableScan(unread)
    if word_count == 0:
        raise NoTextLayer()
    uses.extend(_section_headings(headings, _sections_read(tables, headings), _running(headings, edge_lines)))
    rows = [row for table in tables for row in table.rows if row.kind != "dropped"]
    if not any(row.kind == "data" for row in rows):
        raise NoKpiTable()
    slots = list(dict.fromkeys(slot for table in tables for slot in table.slots))
    clues = PeriodClues(
        flag=flag,
        text=tuple(month_years(" ".join(loose_text))),
        financial_year=financial_year(" ".join(loose_text)),
        file_name=file_name_month(path.name),
        created=pdf_date(info.get("CreationDate")),
    )
    frequency = slots_frequency([h for table in tables for h in table.headings])
    periods, source, notes = resolve_periods(slots, clues)
    assembled = rows_to_dataset(rows, periods, drawn, keys)
    if not assembled.indicators:
        raise NoKpiTable()
    ordered = sorted(set(periods.values()))
    warnings = [{"code": "period", "message": note} for note in notes] + assembled.warnings
    catalogue = _catalogue(settings.catalogue, warnings)
    audit = audit_coverage(evidence, uses + assembled.uses, assembled.indicators, assembled.figures,
                           assembled.unparted, keys)
    warnings += [finding.as_dict() for finding in audit.warnings]
    ratings = rate_dataset(assembled.indicators, assembled.figures, catalogue)
    checks = check_figures(assembled.indicators, assembled.figures, catalogue, ratings)
    if settings.cross_check:
        checks += _cross_check(path, period, settings, assembled.figures)
    crops: dict[str, bytes] = {}
    scan_meta = None
    if scanner is not None and scanner.pages:
        scan_meta, doubtful, crops = _scan_record(scanner, assembled.cells)
        warnings += doubtful
    meta = {
        "source": {"file": path.name, "sha256": sha, "pages": page_count, "bytes": size,
                   "read_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                   "read_from": "scan" if scan_meta else "text"},
        "period": ordered[-1],
        "periods": ordered,
        "period_from": source,
        "frequency": frequency,
        "period_labels": period_labels(tables, periods),
        "tables": table_meta,
        "warnings": warnings,
        "audit": audit.as_dict(),
        "colour_keys": [k.as_dict() for k in keys],
        "checks": checks,
        RATINGS: ratings,
        "cells": assembled.cells,
        "seconds": round(time.monotonic() - started, 3),
    }
    if scan_meta:
        meta["scan"] = scan_meta
    return Extraction(assembled.indicators, assembled.figures, meta, ordered[-1], ordered, crops)


def slots_frequency(headings: list[str]) -> str:
    """Give `monthly` or `quarterly`: what the figure columns headed `headings` are, or raise
    MixedPeriods (months beside quarters) or AmbiguousQuarter, naming the headings."""
    quarters = [(text, header_quarter(text)) for text in headings]
    unclear = [q.ambiguous for _, q in quarters if q is not None and q.ambiguous]
    if unclear:
        raise AmbiguousQuarter(unclear[0])
    months = [text for text, q in quarters if q is None]
    named = [text for text, q in quarters if q is not None]
    if months and named:
        raise MixedPeriods(f"{named[0]!r} is a quarter, {months[0]!r} a month")
    return "quarterly" if named else "monthly"


def period_labels(tables: list[_Table], periods: dict) -> dict[str, str]:
    """Give each period's heading as the scorecard first printed it (`Q3 2024/25`, `Feb`)."""
    out: dict[str, str] = {}
    for table in tables:
        for slot, heading in zip(table.slots, table.headings, strict=True):
            out.setdefault(periods[slot], heading)
    return dict(sorted(out.items()))


def _scan_record(scanner, cells: list[dict]) -> tuple[dict, list[dict], dict[str, bytes]]:
    """Give what extraction.json says of the scanned pages, a warning for each doubtful cell
    (naming its indicator and month where it holds one), and each doubtful cell's crop."""
    where: dict[tuple, list[dict]] = {}
    for cell in cells:
        named = where.setdefault((cell["page"], tuple(cell["bbox"])), [])
        if not any(all(c.get(k) == cell.get(k) for k in ("key", "period", "field")) for c in named):
            named.append(cell)
    warnings, crops = [], {}
    for doubt in scanner.doubts:
        name = f"{DOUBTFUL_DIR}/{doubt.name}.png"
        if name in crops:
            continue  # one cell found doubtful twice (two checks, or two rows' slots): said once
        crops[name] = doubt.crop
        # A cell merged over two indicators' rows (one commentary for both) is doubtful for each.
        for cell in where.get((doubt.page, tuple(round(v, 2) for v in doubt.bbox))) or [{}]:
            warnings.append({
                "code": "doubtful-cell",
                "message": f"page {doubt.page}, row {doubt.row + 1}, column {doubt.col + 1}: read "
                           f"{doubt.text!r} from the scan, {doubt.reason}; check it against {name}",
                **{k: cell[k] for k in ("key", "period", "field") if cell.get(k)},
                "page": doubt.page, "cell": [doubt.row + 1, doubt.col + 1], "confidence": doubt.confidence,
                "read": doubt.text, "reason": doubt.reason, "crop": name,
            })
    record = {"pages": scanner.pages, "doubtful": len(crops),
              "note": "the figures were read from a scanned image by OCR; any text layer in the PDF was ignored"}
    return record, warnings, crops


def _cross_check(path: Path, period: str | None, settings: Settings, figures: list[dict]) -> list[dict]:
    """Give a check for every figure that the other table engine reads differently."""
    other = "pdfplumber" if settings.engine == "camelot" else "camelot"
    try:
        second = extract_pdf(path, period, replace(settings, engine=other, cross_check=False, catalogue=None))
    except ExtractError as exc:
        return [{"code": "engines-disagree", "message": f"{other} could not read this PDF: {exc}"}]
    theirs = {(r["key"], r["period"], r["measure"]): r for r in second.figures}
    out = []
    for row in figures:
        match = theirs.get((row["key"], row["period"], row["measure"]))
        if match is None or (match["value"], match["rag"]) != (row["value"], row["rag"]):
            seen = f"{match['figure_text']!r} {match['rag']}".strip() if match else "nothing"
            out.append({"code": "engines-disagree", "key": row["key"], "period": row["period"],
                        "message": f"{other} reads {seen} where this read {row['figure_text']!r} {row['rag']}".strip(),
                        "evidence": {"measure": row["measure"], "engine": other}})
    return out


def _catalogue(path: Path | None, warnings: list[dict]):
    """Give the KPI catalogue at `path`, or None (with a warning) when it cannot be read."""
    if path is None:
        return None
    from dataset.catalogue import load_catalogue
    from dataset.errors import DatasetError

    try:
        return load_catalogue(path)
    except DatasetError as exc:
        warnings.append({"code": "catalogue", "message": f"checks against the catalogue skipped: {exc}"})
        return None
