"""A drawn layout as producer-neutral tables: header rows, body rows and cells, each cell with
its text, span, fill, text colour and mark; every producer draws this and nothing else."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from fixturegen.model import Row, Section

from layoutgen import content
from layoutgen.space import Layout

HEADER_FILLS = ("D9D9D9", "1F4E78", "DDEBF7", None)
ZEBRA = "EEF3F8"
TITLE = "Children's Services Performance Scorecard"
RUNNING_HEAD = "Children's Services Scorecard - OFFICIAL"


def row_colour(code: int) -> str:
    """Give the near-black text colour that tags body row `code` (1, 2, ...): invisible to a
    reader, it lets the generator find on which pages each row printed."""
    return f"{code // 16:02X}{code % 16:02X}00"


def code_of(colour) -> int | None:
    """Give the row code of a pdfplumber text colour, or None for one that tags no row."""
    if not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return None
    r, g, b = (round(float(v) * 255) for v in colour)
    code = r * 16 + g
    return code if b == 0 and r < 16 and g < 16 and code > 0 else None


@dataclass
class Cell:
    """One cell as drawn."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    fill: str | None = None  # background, hex RGB
    colour: str | None = None  # text colour, hex RGB
    mark: str | None = None  # "circle" or "square": a filled vector shape, colour `mark_colour`
    mark_colour: str | None = None
    align: str = "left"
    bold: bool = False
    role: str = ""
    value: object = None  # what a spreadsheet holds: a Figure, or a date for a month heading


@dataclass
class TRow:
    """One row as drawn: a header row, an indicator, a section or a narrative row."""

    kind: str  # head, body, section, narrative
    cells: list[Cell]
    code: int = 0  # the indicator it belongs to (1-based), 0 for none
    keep: bool = True  # must not break across a page


@dataclass
class Table:
    """One table and what prints just before it."""

    head: list[TRow]
    body: list[TRow]
    widths: list[float]  # relative column widths
    heading: str | None = None
    new_page: bool = False


@dataclass
class Sheet:
    """Everything a producer draws for one layout."""

    layout: Layout
    periods: list[str]  # oldest first
    rows: list  # Row | Section, what the expected dataset is made from
    tables: list[Table]
    title: list[str]
    key: list[tuple[str, str]] = field(default_factory=list)  # (label, colour) of a colour key
    header_fill: str | None = None
    header_colour: str = "000000"
    running_head: str = ""
    running_foot: str = ""


@dataclass(frozen=True)
class Col:
    role: str  # ref, name, target, national, comparator, fig, rag, narrative, polarity, dot
    width: float
    period: str | None = None


def _columns(layout: Layout, periods: list[str], ref_width: float = 0.9) -> list[Col]:
    narrow = layout.header == "narrow-wrap"
    shown = periods if layout.month_order == "oldest-first" else list(reversed(periods))
    months: list[Col] = []
    has_rag_col = layout.rag not in ("none", "figure-fill")
    for p in shown:
        months.append(Col("fig", 1.3 if narrow else 1.7, p))
        if has_rag_col:
            months.append(Col("rag", 0.75 if narrow or layout.rag == "wrapped-word" else 1.1, p))
    bench = [Col("target", 1.2 if narrow else 1.7)]
    if layout.benchmarks in ("both", "national"):
        bench.append(Col("national", 1.2 if narrow else 1.7))
    if layout.benchmarks in ("both", "comparator"):
        bench.append(Col("comparator", 1.2 if narrow else 1.9))
    cols = [Col("ref", ref_width)] if layout.ref == "column" else []
    cols.append(Col("name", 5.0))
    if layout.extras in ("polarity", "polarity+dot"):
        cols.append(Col("polarity", 1.5 if not narrow else 1.1))
    cols += bench + months if layout.bench_place == "before" else months + bench
    if layout.extras in ("dot", "polarity+dot"):
        cols.append(Col("dot", 1.0))
    if layout.narrative in ("column", "merged-pairs"):
        cols.append(Col("narrative", 8.0))
    return cols


_BENCH_HEADINGS = {
    "one": {"target": "Target", "national": "National", "comparator": "Stat. neighbours"},
    "narrow": {"target": "Target", "national": "National average", "comparator": "Comparable LAs"},
}


def _head_text(col: Col, layout: Layout) -> str:
    narrow = layout.header == "narrow-wrap"
    if col.role == "ref":
        return "Ref"
    if col.role == "name":
        return "Indicator" if layout.ref != "in-name" else "Ref / Indicator"
    if col.role in ("target", "national", "comparator"):
        return _BENCH_HEADINGS["narrow" if narrow else "one"][col.role]
    if col.role == "polarity":
        return "Polarity"
    if col.role == "dot":
        return "DoT"
    if col.role == "narrative":
        return "Commentary"
    heading = content.period_heading(col.period, layout.month_label, layout.quarter_label)
    if col.role == "fig":
        return heading
    return f"{heading} RAG" if not narrow else "RAG"


def _header(layout: Layout, cols: list[Col], fill: str | None, colour: str) -> list[TRow]:
    def cell(text, **kw):
        return Cell(text, fill=fill, colour=colour, bold=True, align="center", **kw)

    def dated(made: Cell, col: Col) -> Cell:
        if layout.month_label == "date-cell" and not layout.quarter_label and col.role == "fig":
            made.value = dt.date(int(col.period[:4]), int(col.period[5:]), 1)
        return made

    if layout.header in ("one-row", "narrow-wrap"):
        return [TRow("head", [dated(cell(_head_text(c, layout), role=c.role), c) for c in cols])]
    top, bottom = [], []
    i = 0
    while i < len(cols):
        col = cols[i]
        if layout.header == "two-rows" and col.role in ("national", "comparator"):
            group = [c for c in cols[i:] if c.role in ("national", "comparator")]
            group = group[: len([c for c in cols[i:i + len(group)] if c.role in ("national", "comparator")])]
            top.append(cell("Benchmarks", colspan=len(group), role="group"))
            bottom += [cell(_head_text(c, layout), role=c.role) for c in group]
            i += len(group)
            continue
        if layout.header == "month-groups" and col.role == "fig":
            span = [col] + ([cols[i + 1]] if i + 1 < len(cols) and cols[i + 1].role == "rag" else [])
            if len(span) == 2:
                top.append(dated(cell(content.period_heading(col.period, layout.month_label, layout.quarter_label),
                                      colspan=2, role="group"), col))
                bottom += [cell("Actual", role="fig"), cell("RAG", role="rag")]
            else:
                top.append(dated(cell(_head_text(col, layout), rowspan=2, role="fig"), col))
            i += len(span)
            continue
        top.append(cell(_head_text(col, layout), rowspan=2, role=col.role))
        i += 1
    if not bottom:
        return [TRow("head", [dated(cell(_head_text(c, layout), role=c.role), c) for c in cols])]
    return [TRow("head", top), TRow("head", bottom)]


_POLARITY = {"higher": "Higher is better", "lower": "Lower is better", "none": "-"}
_DOT = ("\u2191", "\u2193", "\u2192")


def _body(layout: Layout, cols: list[Col], row: Row, code: int, rng: random.Random,
          merged_next: bool, merged_prev: bool) -> list[TRow]:
    tag = row_colour(code)
    cells = []
    for col in cols:
        if col.role == "ref":
            cells.append(Cell(row.ref, colour=tag, align="center", role="ref"))
        elif col.role == "name":
            text = f"{row.ref} {row.name}" if layout.ref == "in-name" else row.name
            cells.append(Cell(text, colour=tag, role="name"))
        elif col.role in ("target", "national", "comparator"):
            cells.append(Cell(getattr(row, col.role).printed, colour=tag, align="center", role=col.role))
        elif col.role == "polarity":
            cells.append(Cell(row.printed_polarity, colour=tag, align="center", role="polarity"))
        elif col.role == "dot":
            cells.append(Cell(row.dot, colour=tag, align="center", role="dot"))
        elif col.role == "fig":
            figure = row.figures[col.period]
            rag = row.rags[col.period]
            fill = rag.fill if layout.rag == "figure-fill" and rag.rag else None
            cells.append(Cell(figure.printed, fill=fill, colour=tag, align="right", role="fig",
                              value=figure))
        elif col.role == "rag":
            rag = row.rags[col.period]
            cell = Cell(rag.printed, colour=tag, align="center", role="rag")
            if layout.rag == "cell-fill" and rag.rag:
                cell.fill = rag.fill
            elif layout.rag in ("coloured-glyph", "coloured-word") and rag.rag:
                cell.colour = rag.fill
            elif layout.rag in ("circle", "square") and rag.rag:
                cell.mark, cell.mark_colour = layout.rag, rag.fill
            cells.append(cell)
        elif col.role == "narrative":
            if merged_prev:
                continue  # covered by the cell above
            cells.append(Cell(row.narrative, rowspan=2 if merged_next else 1, colour=tag,
                              role="narrative"))
    out = [TRow("body", cells, code, keep=not (layout.split_rows and len(row.narrative) > 400))]
    if layout.narrative == "row-below" and row.narrative:
        out.append(TRow("narrative", [Cell(row.narrative, colspan=len(cols), colour=tag,
                                           role="narrative")], code))
    return out


def key_words(sheet: Sheet) -> list[str]:
    """Give the words of `sheet`'s colour key as printed, in order: `Key:`, then each label,
    after its `■` where the swatch is a glyph (Writer has no shape to draw)."""
    if not sheet.key:
        return []
    glyph = ["\u25a0"] if sheet.layout.producer == "docx" else []
    return ["Key:"] + [w for label, _ in sheet.key for w in glyph + label.split()]


def build_sheet(layout: Layout, drawn: tuple[list[str], list[Row]] | None = None,
                card_title: str = TITLE) -> Sheet:
    """Give the content and tables of `layout`, drawn from its seed, or with the months and
    rows `drawn` elsewhere (another council's indicators, one month of a series) under
    `card_title`."""
    rng = random.Random(f"content|{layout.seed}")
    if drawn is None:
        periods = content.period_list(rng, layout.months)
        if layout.quarter_label:
            periods = content.quarter_periods(periods)
        rows = content.indicator_rows(rng, layout.indicators, periods, layout.rag != "none",
                                      layout.split_rows)
    else:
        periods, rows = list(drawn[0]), [replace(row) for row in drawn[1]]
    keyed = layout.colour_key and layout.rag != "none"
    _, colours, labels = content.palette(layout.seed) if keyed else ("", content.PALETTES["standard"], {})
    rows = content.rated(rows, layout.rag, colours)
    # Sections come from the rows as drawn; group rows by them for every section layout.
    titles = [row.section for row in rows]
    for row in rows:
        if layout.extras in ("polarity", "polarity+dot"):
            row.printed_polarity = _POLARITY[row.polarity]
        if layout.extras in ("dot", "polarity+dot"):
            row.dot = rng.choice(_DOT)
        if layout.ref == "none":
            row.ref = ""
        if layout.benchmarks in ("national", "none"):
            row.comparator = content.bench("")
        if layout.benchmarks in ("comparator", "none"):
            row.national = content.bench("")
        if layout.narrative == "absent":
            row.narrative = ""
        if layout.sections == "none":
            row.section = ""  # only a section row or a heading over its table names one (docs/dataset.md)
    # A reference wider than "10.1" (letters: "CS01") needs a wider column not to wrap.
    narrow_refs = all(len(row.ref) <= 4 and not any(c.isalpha() for c in row.ref) for row in rows)
    cols = _columns(layout, periods, 0.9 if narrow_refs else 1.5)
    header_fill = rng.choice(HEADER_FILLS)
    header_colour = "FFFFFF" if header_fill == "1F4E78" else "000000"
    head = _header(layout, cols, header_fill, header_colour)
    widths = [c.width for c in cols]
    sections: list[tuple[str, list[Row]]] = []
    for row, section in zip(rows, titles, strict=True):
        if not sections or sections[-1][0] != section:
            sections.append((section, []))
        sections[-1][1].append(row)
    if layout.narrative == "merged-pairs":
        # Two indicators of one section share one narrative cell merged down across both.
        for _, group in sections:
            for first, second in zip(group[::2], group[1::2]):
                second.narrative = first.narrative
                first.narrative_group = second.narrative_group = id(first)
    tables: list[Table] = []
    code = 0
    model_rows: list = []

    def body_of(group: list[Row]) -> list[TRow]:
        nonlocal code
        out = []
        for i, row in enumerate(group):
            code += 1
            merged_next = row.narrative_group is not None and i + 1 < len(group) \
                and group[i + 1].narrative_group == row.narrative_group
            merged_prev = row.narrative_group is not None and i > 0 \
                and group[i - 1].narrative_group == row.narrative_group
            out += _body(layout, cols, row, code, rng, merged_next, merged_prev)
        return out

    if layout.sections in ("none", "rows"):
        body: list[TRow] = []
        for title, group in sections:
            if layout.sections == "rows":
                body.append(TRow("section", [Cell(title, colspan=len(cols), bold=True,
                                                  fill=header_fill and "F2F2F2", role="section")]))
                model_rows.append(Section(title))
            body += body_of(group)
            model_rows += group
        tables.append(Table(head, body, widths))
    else:
        for n, (title, group) in enumerate(sections):
            new_page = layout.sections == "table-per-section" and n > 0
            tables.append(Table(head, body_of(group), widths, heading=title, new_page=new_page))
            # The heading over a section's table heads its rows as a section row would.
            model_rows.append(Section(title))
            model_rows += group
    latest = periods[-1]
    month_name = content.month_heading(latest, "February 2022")
    if layout.quarter_label:
        month_name = f"{content.quarter_heading(latest, 'Q3 2024/25')} " \
            f"({content.quarter_heading(latest, 'October to December 2024')})"
    key = [(labels[r], colours[r]) for r in "RAG"] if keyed else []
    running = layout.running == "header-footer"
    return Sheet(layout, periods, model_rows, tables,
                 [card_title, f"Reporting period: {month_name}"], key, header_fill, header_colour,
                 RUNNING_HEAD if running else "", "Page {page} of {pages}" if running else "")
