"""More layout-variation fixtures, in variations.py's conventions: each indicator's narrative as a
row merged across the table below its figures (no narrative column), and an Excel sheet with no
borders whose rows are told apart only by zebra shading."""

from __future__ import annotations

import datetime as dt

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fixturegen import checks, sheets
from fixturegen.catalogue import MARGIN_CM, TITLE
from fixturegen.checks import Context, fail
from fixturegen.model import (
    Fixture,
    Rag,
    Section,
    months,
    period_label,
    pick,
    rag_letter,
    rows_for,
)
from fixturegen.pdfcheck import squeeze
from fixturegen.variations import LANDSCAPE_USABLE_CM, RAG_WORDS, ranges_from_header
from fixturegen.vchecks import _cols, _in, _rect_colour, colour, name_lines
from fixturegen.word import (
    CENTRED,
    Col,
    _body_text,
    _borders,
    _fixed_widths,
    _row_flag,
    heading,
    new_document,
    save,
    set_text,
    shade,
)

# --- 1. narrative as a merged row below each indicator's figures --------------------------------

NARRATIVE_ROWS = [
    # (section or None for the rows before the first section, "ref name", keep its narrative)
    (None, "Number of CSPA contacts received", True),
    (None, "4.2 Re-referrals to Children's Services", True),
    ("Child Protection", ("6.2 Proportion of S47 Enquiries with an outcome of Initial Child "
                          "Protection Conference"), True),
    ("Child Protection", "6.3 Child Protection volumes and rate", False),  # has none anyway
    ("Child Protection", "6.4 Initial Child Protection Conferences held within timescale",
     True),
    ("Child Protection", "6.7 Proportion of children subject to a CP Plan for over 24 months",
     True),
    ("Child Protection", "6.8 Children subject to a CP Plan seen in the last 10 working days",
     False),
    ("Looked After Children", "7.1 Number of Looked After Children and rate per 10k", True),
    ("Looked After Children", "7.2 Looked After Children with up to date Reviews", False),
    ("Looked After Children", "7.3 Looked After Children statutory visits", True),
    ("Looked After Children", "7.13 Looked After Children Short Term Placement Stability", True),
    ("Looked After Children", "7.15 Looked After Children placed over 20 miles from Surrey", True),
]
SECTION_FILL = "BDD7EE"


def narrative_rows_below() -> Fixture:
    periods = months("2024-01", 3)
    picked = pick(rows_for(periods, rag_fill_colour=True), [n for _, n, _ in NARRATIVE_ROWS])
    body: list = []
    current = None
    for (section, _, keep), row in zip(NARRATIVE_ROWS, picked, strict=True):
        row.bench_merged = False
        row.narrative_group = None
        if not keep:
            row.narrative = ""
        if section != current and section is not None:
            body.append(Section(section))
            current = section
        row.section = current or ""
        body.append(row)
    cols = [Col("ref", 0.9), Col("name", 0), Col("target", 1.9), Col("national", 1.9),
            Col("comparator", 2.3)]
    for p in periods:
        cols += [Col("fig", 2.3, p), Col("rag", 1.5, p)]
    used = sum(c.width for c in cols)
    cols[1] = Col("name", round(LANDSCAPE_USABLE_CM - used - 0.05, 3))
    header = ["Ref", "Indicator", "Target", "National", "Stat neighbours"]
    for p in periods:
        header += [period_label(p, "short-yy"), "RAG"]

    def build(f, path):
        doc = new_document(size=7.5, title=TITLE, created=dt.datetime(2024, 4, 10, 9, 0, 0))
        heading(doc, TITLE, size=14)
        heading(doc, "March 2024", size=11)
        _narrative_row_table(doc, f, cols, header)
        save(doc, path)
        f.layout.update(cols=cols, left_cm=MARGIN_CM, header_probe="Indicator")

    return Fixture(
        stem="narrative-rows-below", producer="word", periods=periods, rows=body,
        proves="With no narrative column, each indicator's commentary is a row below its figures "
               "whose one cell is merged across the whole table and wraps over several lines: it "
               "is the narrative of the indicator ABOVE it (not a section, not an indicator), an "
               "indicator with no such row has no narrative, and the short merged rows 'Child "
               "Protection' / 'Looked After Children' are still sections.",
        build=build,
        checks=[checks.sections_span, checks.fills_present, narrative_rows_merged_below],
    )


def _narrative_row_table(doc, fixture: Fixture, cols: list[Col], header: list[str]):
    """A ruled table: header, then per indicator its figures row and (when it has a narrative) a
    row whose one cell spans every column; section rows span the table too."""
    layout: list[tuple[str, object]] = []
    for item in fixture.rows:
        if isinstance(item, Section):
            layout.append(("section", item))
        else:
            layout.append(("figures", item))
            if item.narrative:
                layout.append(("narrative", item))
    table = doc.add_table(rows=1 + len(layout), cols=len(cols))
    _borders(table, True)
    _fixed_widths(table, [c.width for c in cols])
    for c, text in enumerate(header):
        cell = table.cell(0, c)
        set_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        shade(cell, "D9D9D9")
    _row_flag(table.rows[0], "w:tblHeader")
    last = len(cols) - 1
    for r, (kind, item) in enumerate(layout, start=1):
        _row_flag(table.rows[r], "w:cantSplit")
        if kind == "section":
            cell = table.cell(r, 0).merge(table.cell(r, last))
            set_text(cell, item.title, bold=True)
            shade(cell, SECTION_FILL)
            _keep_with_next(cell)
            continue
        if kind == "narrative":
            cell = table.cell(r, 0).merge(table.cell(r, last))
            set_text(cell, item.narrative)
            continue
        for c, col in enumerate(cols):
            cell = table.cell(r, c)
            set_text(cell, _body_text(col, item),
                     align=WD_ALIGN_PARAGRAPH.CENTER if col.role in CENTRED else None)
            if col.role == "rag":
                rag: Rag = item.rags[col.period]
                if rag.fill:
                    shade(cell, rag.fill)
            if item.narrative:
                _keep_with_next(cell)  # the figures row stays on the page of its narrative row
    return table


def _keep_with_next(cell) -> None:
    for para in cell.paragraphs:
        para.paragraph_format.keep_with_next = True


def _text_lines(page, top_min: float = 0) -> list[dict]:
    """Give the page's text lines (words grouped by top), each with its words, top to bottom."""
    out: list[dict] = []
    for w in sorted((w for w in page.extract_words() if w["top"] >= top_min),
                    key=lambda w: (round(w["top"]), w["x0"])):
        if out and abs(out[-1]["top"] - w["top"]) < 2:
            out[-1]["words"].append(w)
        else:
            out.append({"top": w["top"], "words": [w]})
    for line in out:
        line["text"] = squeeze("".join(w["text"] for w in line["words"]))
        line["x0"] = min(w["x0"] for w in line["words"])
        line["x1"] = max(w["x1"] for w in line["words"])
        line["bottom"] = max(w["bottom"] for w in line["words"])
    return out


def _inner_verticals(page, left: float, right: float, top: float, bottom: float) -> list[float]:
    """Give the x of vertical rules strictly inside the table that cross the band top..bottom."""
    return [e["x0"] for e in page.edges if e["orientation"] == "v"
            and left + 2 < e["x0"] < right - 2 and e["top"] < top and e["bottom"] > bottom]


def narrative_rows_merged_below(fixture: Fixture, pdf, ctx: Context) -> None:
    """Each narrative prints on 2-4 lines of its own directly below its indicator's name, on the
    same page, starting at the table's left edge and running over the figure columns, in a cell no
    vertical rule crosses (merged across the table); indicators without a narrative are followed
    straight by the next indicator or a section; sections are one short line in a merged cell; no
    heading names a narrative column; the table is ruled."""
    # The table's outer rules (LibreOffice sets the table a cell margin left of the text margin).
    verticals = [e["x0"] for p in pdf.pages for e in p.edges if e["orientation"] == "v"]
    if not verticals:
        fail(fixture, "the table is not ruled")
    left, right = min(verticals), max(verticals)
    first_fig = ctx.ranges[_cols(fixture, "fig")[0]][0]
    if any(c.role == "narrative" for c in fixture.layout["cols"]):
        fail(fixture, "the layout has a narrative column")
    for index, page in enumerate(pdf.pages):
        words = page.extract_words()
        probes = [w for w in words if w["text"] == "Indicator"]
        if not probes:
            fail(fixture, f"page {index + 1} does not repeat the header")
        heads = {w["text"].lower() for w in words if abs(w["top"] - probes[0]["top"]) < 12}
        if heads & {"commentary", "narrative", "comments", "notes"}:
            fail(fixture, f"page {index + 1}: a heading names a narrative column")
    rows = fixture.indicator_rows()
    found = name_lines(fixture, pdf, ctx, with_ref=False)
    without, merged = 0, 0
    for i, (row, where) in enumerate(zip(rows, found)):
        page = pdf.pages[where["page"]]
        if not [e for e in page.edges if e["orientation"] == "v"]:
            fail(fixture, f"page {where['page'] + 1} is not ruled")
        lines = _text_lines(page, where["last"] + 2)
        nxt = found[i + 1] if i + 1 < len(found) and found[i + 1]["page"] == where["page"] else None
        # Lines between this row's name and the next indicator's name (or the page's end).
        between = [ln for ln in lines if nxt is None or ln["top"] < nxt["first"] - 1]
        # Leave out this row's own figures (printed level with its name lines) - none start at
        # the left edge below its last name line, so every left-edge line here is a new row.
        starts = [ln for ln in between if ln["x0"] < ctx.ranges[1][0]]
        if not row.narrative:
            without += 1
            titles = [s.title for s in fixture.rows if isinstance(s, Section)]
            stray = [ln["text"] for ln in starts if ln["text"] not in map(squeeze, titles)]
            if stray:
                fail(fixture, f"{row.name!r} has no narrative but prints {stray[:2]} below it")
            continue
        wanted = squeeze(row.narrative)
        got, used = "", []
        for ln in starts:
            if len(got) >= len(wanted):
                break
            got += ln["text"]
            used.append(ln)
        if got != wanted:
            fail(fixture, f"the narrative of {row.name!r} is not whole on page "
                          f"{where['page'] + 1} below its figures")
        if not 2 <= len(used) <= 4:
            fail(fixture, f"the narrative of {row.name!r} prints on {len(used)} lines, not 2-4")
        if abs(used[0]["x0"] - left) > 10:
            fail(fixture, f"the narrative of {row.name!r} does not start at the table's left")
        if max(ln["x1"] for ln in used) < first_fig + 20:
            fail(fixture, f"the narrative of {row.name!r} does not run over the figure columns")
        crossing = _inner_verticals(page, left, right, used[0]["top"], used[-1]["bottom"])
        if crossing:
            fail(fixture, f"rules at {crossing[:3]} cross the narrative of {row.name!r}")
        merged += 1
    if without < 2 or merged < 6:
        fail(fixture, f"{merged} narrative rows and {without} indicators without one")
    for section in (s for s in fixture.rows if isinstance(s, Section)):
        hits = [(p, ln) for p in pdf.pages for ln in _text_lines(p)
                if ln["text"] == squeeze(section.title)]
        if len(hits) != 1:
            fail(fixture, f"section {section.title!r} prints {len(hits)} times as a line")
        page, ln = hits[0]
        if _inner_verticals(page, left, right, ln["top"], ln["bottom"]):
            fail(fixture, f"section {section.title!r} is not in a cell merged across the table")


# --- 2. Excel, no borders, zebra stripes ---------------------------------------------------------

ZEBRA = "E7E6E6"
HEAD_FILL = "1F3864"


def zebra_no_borders() -> Fixture:
    periods = months("2024-04", 3)
    rows = pick(rows_for(periods), [
        "Number of CSPA contacts received",
        "Number and percentage of contacts progressed to social care",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "5.2 Child In Need Visits up to date",
        "6.2 Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        "6.3 Child Protection volumes and rate",
        "6.5 Child Protection Plan repeat in 2 years",
        "6.8 Children subject to a CP Plan seen in the last 10 working days",
        "7.1 Number of Looked After Children and rate per 10k",
        "7.3 Looked After Children statutory visits",
        "7.14 Looked After Children Long Term Placement Stability",
        "8.3 Proportion of Care Leavers aged 19-21 in suitable accommodation",
        "9.2 LAC Missing Children Going Missing in the Month",
    ])
    for row in rows:
        row.bench_merged = False
        row.narrative_group = None
        row.rags = {p: rag_letter(r.rag, printed=RAG_WORDS[r.rag]) if r.rag else Rag()
                    for p, r in row.rags.items()}
    cols = [Col("ref", 0), Col("name", 0), Col("target", 0), Col("national", 0),
            Col("comparator", 0)]
    for p in periods:
        cols += [Col("fig", 0, p), Col("rag", 0, p)]
    cols.append(Col("narrative", 0))
    header = ["Ref", "Indicator", "Target", "National", "Comparator"]
    for p in periods:
        header += [period_label(p, "long-year"), "RAG"]
    header.append("Commentary")
    widths = [5, 30, 8, 9, 11] + [11, 7] * len(periods) + [64]
    firsts = [h.split()[0] for h in header]

    def build(f, path):
        _zebra_sheet(f, path, cols, header, "Children's Services Scorecard - June 2024", widths)
        f.layout.update(cols=cols, ranges=ranges_from_header(firsts, "Indicator"),
                        header_probe="Indicator")

    return Fixture(
        stem="zebra-no-borders", producer="excel", periods=periods, rows=rows,
        proves="An Excel sheet with no cell borders at all, whose rows are told apart only by "
               "light-grey shading on every other row across the full table width and a dark "
               "header row of white bold text, RAG as words ('Green', 'Amber', 'Red') in their "
               "own columns, reads every row whole: the stripes are not cells, rules or RAG.",
        build=build, checks=[zebra_stripes_no_rules],
    )


def _zebra_sheet(fixture: Fixture, path, cols: list[Col], header: list[str], title: str,
                 widths: list[float]) -> None:
    """No borders; the header row dark with white bold text, left-aligned; every other data row
    light grey over every column; cells top-aligned, names and commentary wrapped."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    ws["A1"] = title
    ws["A1"].font = Font(name="Arial", size=12, bold=True)
    head_row = 3
    head_fill = PatternFill("solid", fgColor=HEAD_FILL)
    for c, text in enumerate(header, start=1):
        cell = ws.cell(head_row, c, text)
        cell.font = Font(name="Arial", size=9, bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.alignment = Alignment(vertical="center")
    ws.row_dimensions[head_row].height = 18
    base = Font(name="Arial", size=9)
    stripe = PatternFill("solid", fgColor=ZEBRA)
    for i, row in enumerate(fixture.indicator_rows()):
        r = head_row + 1 + i
        for c, col in enumerate(cols, start=1):
            cell = ws.cell(r, c)
            cell.font = base
            sheets._value(cell, col, row, numbers=False)
            wrap = col.role in ("name", "narrative")
            cell.alignment = Alignment(wrap_text=wrap, vertical="top",
                                       horizontal="center" if col.role == "rag" else None)
            if i % 2 == 1:
                cell.fill = stripe
        sheets._row_height(ws, r, cols, widths)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.print_title_rows = f"{head_row}:{head_row}"
    sheets._page_setup(ws)
    sheets._properties(wb, title, dt.datetime(2024, 7, 9, 9, 0, 0))
    wb.save(str(path))


def _bands(page, hex_rgb: str) -> list[tuple[float, float, float, float]]:
    """Give the (x0, top, x1, bottom) of the rectangles filled `hex_rgb` on `page`, each band of
    side-by-side cells joined into one."""
    rects = sorted({(round(r["top"], 1), round(r["bottom"], 1), round(r["x0"], 1),
                     round(r["x1"], 1))
                    for r in page.rects if _rect_colour(r) == colour(hex_rgb)})
    bands: list[list[float]] = []
    for top, bottom, x0, x1 in rects:
        for b in bands:
            if abs(b[1] - top) < 1 and abs(b[3] - bottom) < 1 and x0 <= b[2] + 1.5:
                b[2] = max(b[2], x1)
                break
        else:
            bands.append([x0, top, x1, bottom])
    return [tuple(b) for b in bands]


def zebra_stripes_no_rules(fixture: Fixture, pdf, ctx: Context) -> None:
    """No lines or curves and no stroked rectangles anywhere; on every table page a dark header
    band across the table of white bold headings; light-grey bands across the full table width
    behind exactly every other indicator row (the second, fourth ...); RAG printed only as words,
    with no red/amber/green fill."""
    for index, page in enumerate(pdf.pages):
        if page.lines or page.curves or any(r.get("stroke") for r in page.rects):
            fail(fixture, f"page {index + 1} draws lines or borders")
        for hex_rgb in ("FF0000", "FFC000", "00B050"):
            if any(_rect_colour(r) == colour(hex_rgb) for r in page.rects):
                fail(fixture, f"page {index + 1} has a {hex_rgb} fill")
    found = name_lines(fixture, pdf, ctx)
    table_pages = sorted({w["page"] for w in found})
    # The table runs from the Ref heading's cell to the right end of the header band.
    for p in table_pages:
        page = pdf.pages[p]
        heads = _bands(page, HEAD_FILL)
        if len(heads) != 1:
            fail(fixture, f"page {p + 1}: {len(heads)} dark header bands")
        x0, top, x1, bottom = heads[0]
        inside = [c for c in page.chars if x0 <= c["x0"] and c["x1"] <= x1
                  and top <= c["top"] and c["bottom"] <= bottom and c["text"].strip()]
        if len(inside) < 40:
            fail(fixture, f"page {p + 1}: the header band holds {len(inside)} characters")
        for c in inside:
            white = tuple(round(float(v), 2) for v in (c.get("non_stroking_color") or ()))
            if white not in ((1.0, 1.0, 1.0), (1.0,)) or "bold" not in c["fontname"].lower():
                fail(fixture, f"page {p + 1}: header character {c['text']!r} is "
                              f"{c.get('non_stroking_color')} {c['fontname']}, not white bold")
        if "Indicator" not in page.crop((x0, top, x1, bottom)).extract_text():
            fail(fixture, f"page {p + 1}: the header band does not hold the headings")
    striped = 0
    rows = fixture.indicator_rows()
    for i, (row, where) in enumerate(zip(rows, found)):
        page = pdf.pages[where["page"]]
        head = _bands(page, HEAD_FILL)[0]
        cover = [b for b in _bands(page, ZEBRA)
                 if b[1] - 1 <= where["first"] and where["bottom"] <= b[3] + 1]
        full = [b for b in cover if abs(b[0] - head[0]) < 2 and abs(b[2] - head[2]) < 2]
        if i % 2 == 1:
            if not full:
                fail(fixture, f"row {i + 1} {row.name!r} is not shaded across the table: {cover}")
            striped += 1
        elif cover:
            fail(fixture, f"row {i + 1} {row.name!r} is shaded but should be white")
    if striped < 5:
        fail(fixture, f"only {striped} striped rows")
    words = [w for p in table_pages for w in pdf.pages[p].extract_words()]
    rag_cols = [ctx.ranges[i] for i in _cols(fixture, "rag")]
    printed = {w["text"] for w in words if any(_in(w, c) for c in rag_cols)} - {"RAG"}
    if not printed or not printed <= {"Red", "Amber", "Green"} or len(printed) < 2:
        fail(fixture, f"RAG cells print {sorted(printed)}")


def header_not_repeated() -> Fixture:
    """The reference's layout over several pages, the header printed on the first page only."""
    from fixturegen.catalogue import word_scorecard

    periods = months("2023-08", 3)
    return Fixture(
        stem="header-not-repeated", producer="word", periods=periods,
        rows=rows_for(periods, rag_fill_colour=True),
        proves="A table that runs over several pages with its header on the first page only: "
               "later pages are read with the first page's columns, matched by position.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "October 2023"), repeat_header=False),
        checks=[_header_once],
    )


def _header_once(fixture: Fixture, pdf, ctx: Context) -> None:
    """The header prints on the first page of the table and on no later page."""
    pages = [page.extract_text() or "" for page in pdf.pages]
    if len(pages) < 2:
        fail(fixture, "the table fits on one page")
    if "Metrics" not in pages[0] or any("Metrics" in text for text in pages[1:]):
        fail(fixture, "the header should print on the first page only")


ALL = [narrative_rows_below, zebra_no_borders, header_not_repeated]
