"""Checks for the layout-variation fixtures (variations.py): each proves its feature shows."""

from __future__ import annotations

import itertools
import re

from fixturegen.checks import Context, fail
from fixturegen.pdfcheck import squeeze


def _in(word: dict, x_range: tuple[float, float]) -> bool:
    x0, x1 = x_range
    return x0 - 3 <= word["x0"] < x1 - 1


def colour(hex_rgb: str) -> tuple[float, float, float]:
    return tuple(round(int(hex_rgb[i:i + 2], 16) / 255, 2) for i in (0, 2, 4))


def _rect_colour(rect) -> tuple | None:
    c = rect.get("non_stroking_color")
    if not rect.get("fill") or c is None or not isinstance(c, (list, tuple)) or len(c) != 3:
        return None
    return tuple(round(float(v), 2) for v in c)


def lines_in(page, x_range, top_min: float = 0) -> list[dict]:
    """Give the text lines of the words whose left edge lies in `x_range`, top to bottom."""
    out: list[dict] = []
    for w in sorted((w for w in page.extract_words() if _in(w, x_range) and w["top"] >= top_min),
                    key=lambda w: (round(w["top"]), w["x0"])):
        if out and abs(out[-1]["top"] - w["top"]) < 2:
            out[-1]["text"] += " " + w["text"]
            out[-1]["bottom"] = max(out[-1]["bottom"], w["bottom"])
        else:
            out.append({"top": w["top"], "bottom": w["bottom"], "text": w["text"]})
    return out


def name_lines(fixture, pdf, ctx: Context, with_ref: bool = False) -> list[dict]:
    """Give, per indicator row, {page, first, last, bottom}: the page index and the tops of the
    first and last lines of its name, found by walking the name column in order."""
    out = []
    page_index, cursor = -1, 0
    lines: list[dict] = []
    for row, pages in zip(fixture.indicator_rows(), ctx.pages):
        wanted = squeeze(f"{row.ref} {row.name}" if with_ref and row.ref else row.name)
        if pages[0] - 1 != page_index:
            page_index, cursor = pages[0] - 1, 0
            lines = lines_in(pdf.pages[page_index], ctx.name_col)
        while cursor < len(lines) and not wanted.startswith(squeeze(lines[cursor]["text"])):
            cursor += 1
        got, first = "", cursor
        while cursor < len(lines) and len(got) < len(wanted):
            got += squeeze(lines[cursor]["text"])
            cursor += 1
        if got != wanted:
            fail(fixture, f"name lines of {row.name!r} not found on page {page_index + 1}")
        out.append({"page": page_index, "first": lines[first]["top"],
                    "last": lines[cursor - 1]["top"], "bottom": lines[cursor - 1]["bottom"]})
    return out


def _cols(fixture, role: str, period: str | None = None) -> list[int]:
    return [i for i, c in enumerate(fixture.layout["cols"])
            if c.role == role and (period is None or c.period == period)]


def figures_on_last_name_line(fixture, pdf, ctx: Context) -> None:
    """Bottom alignment: each row's figures print on the last line of its wrapped name (and at
    least a third of the names wrap), and nothing prints on the name's first line."""
    found = name_lines(fixture, pdf, ctx)
    wrapped = 0
    for row, where in zip(fixture.indicator_rows(), found):
        page = pdf.pages[where["page"]]
        for period in fixture.periods:
            fig_range = ctx.ranges[_cols(fixture, "fig", period)[0]]
            if not row.figures[period].printed:
                continue
            tops = [w["top"] for w in page.extract_words()
                    if _in(w, fig_range) and where["first"] - 2 <= w["top"] <= where["last"] + 2]
            if not tops or any(abs(t - where["last"]) > 1.5 for t in tops):
                fail(fixture, f"{row.name!r} {period}: figure tops {tops}, last name line at "
                              f"{where['last']:.1f}")
        if where["last"] - where["first"] > 3:
            wrapped += 1
    if wrapped * 3 < len(found):
        fail(fixture, f"only {wrapped} of {len(found)} names wrap")


def no_rules_or_fills(fixture, pdf, ctx: Context) -> None:
    """Nothing but text: no lines, rectangles or curves on any page."""
    for index, page in enumerate(pdf.pages):
        if page.lines or page.rects or page.curves:
            fail(fixture, f"page {index + 1} draws {len(page.lines)} lines, {len(page.rects)} "
                          f"rects, {len(page.curves)} curves")


def rag_only_as_figure_fill(fixture, pdf, ctx: Context) -> None:
    """No RAG column or RAG text; in each month's column the cells filled red/amber/green are
    exactly the model's, and each filled cell holds its figure."""
    figs = [ctx.ranges[i] for i in _cols(fixture, "fig")]
    for page in pdf.pages:
        for w in page.extract_words():
            if w["text"].upper() == "RAG" or (
                    any(_in(w, c) for c in figs)
                    and w["text"].upper() in ("R", "A", "G", "RED", "AMBER", "GREEN")):
                fail(fixture, f"RAG text {w['text']!r} is printed")
    if _cols(fixture, "rag"):
        fail(fixture, "the layout has a RAG column")
    rows = fixture.indicator_rows()
    for period in fixture.periods:
        x0, x1 = ctx.ranges[_cols(fixture, "fig", period)[0]]
        for letter, hex_rgb in (("R", "FF0000"), ("A", "FFC000"), ("G", "00B050")):
            want = sum(1 for r in rows if r.rags[period].fill == hex_rgb)
            # LibreOffice paints a shaded cell twice at the same place: count places.
            places = {(i, round(rc["x0"]), round(rc["top"]), round(rc["x1"]), round(rc["bottom"])):
                      (i, rc) for i, page in enumerate(pdf.pages) for rc in page.rects
                      if _rect_colour(rc) == colour(hex_rgb)
                      and x0 <= (rc["x0"] + rc["x1"]) / 2 < x1
                      and abs((rc["x1"] - rc["x0"]) - (x1 - x0)) < 2}
            rects = list(places.values())
            if len(rects) != want:
                fail(fixture, f"{period}: {len(rects)} {letter} cells, model has {want}")
            for i, rc in rects:
                inside = [w for w in pdf.pages[i].extract_words()
                          if rc["x0"] <= w["x0"] and w["x1"] <= rc["x1"]
                          and rc["top"] <= w["top"] and w["bottom"] <= rc["bottom"]]
                if not inside:
                    fail(fixture, f"{period}: a {letter} cell on page {i + 1} is empty")


def month_spans_actual_and_rag(fixture, pdf, ctx: Context) -> None:
    """Each month label is centred over its Actual and RAG sub-columns, with 'Actual' and 'RAG'
    on the line below; the target and benchmark headings print as designed."""
    page = pdf.pages[ctx.pages[0][0] - 1]
    words = page.extract_words()
    text = " ".join(w["text"] for w in words)
    for heading in fixture.layout["must_print"]:
        if heading not in text:
            fail(fixture, f"heading {heading!r} is not printed")
    for period in fixture.periods:
        label = fixture.layout["month_labels"][period].split()
        fig = ctx.ranges[_cols(fixture, "fig", period)[0]]
        rag = ctx.ranges[_cols(fixture, "rag", period)[0]]
        hits = [(a, b) for a, b in itertools.pairwise(words)
                if a["text"] == label[0] and b["text"] == label[1] and abs(a["top"] - b["top"]) < 1
                and fig[0] - 2 <= a["x0"] and b["x1"] <= rag[1] + 2]
        if len(hits) != 1:
            fail(fixture, f"month label {label} not found once over its pair")
        a, b = hits[0]
        # The label's shaded header cell is one cell as wide as the two sub-columns together.
        cells = [rc for rc in page.rects if rc.get("fill") and rc["x0"] <= a["x0"]
                 and b["x1"] <= rc["x1"] and rc["top"] - 1 <= a["top"]
                 and a["bottom"] <= rc["bottom"] + 1]
        want = (fig[1] - fig[0]) + (rag[1] - rag[0])
        if not cells or abs(cells[0]["x1"] - cells[0]["x0"] - want) > 2:
            fail(fixture, f"{label} is not one merged cell over Actual and RAG")
        cell = cells[0]
        if abs((a["x0"] + b["x1"]) / 2 - (cell["x0"] + cell["x1"]) / 2) > 2:
            fail(fixture, f"{label} is not centred in its merged cell")
        below = {w["text"] for w in words if a["bottom"] < w["top"] < a["bottom"] + 5
                 and cell["x0"] <= w["x0"] and w["x1"] <= cell["x1"]}
        if below != {"Actual", "RAG"}:
            fail(fixture, f"sub-headings under {label}: {sorted(below)}")


def iso_headers_and_ref_after_name(fixture, pdf, ctx: Context) -> None:
    """Month headers print as YYYY-MM (no month names) on every table page, and the Ref column
    prints to the right of the name column."""
    pages = sorted({p for ps in ctx.pages for p in ps})
    for p in pages:
        words = pdf.pages[p - 1].extract_words()
        for period in fixture.periods:
            fig = ctx.ranges[_cols(fixture, "fig", period)[0]]
            if not any(w["text"] == period and _in(w, fig) for w in words):
                fail(fixture, f"page {p}: header {period} not printed over its column")
        months = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)
        month_cols = [ctx.ranges[i] for i in _cols(fixture, "fig") + _cols(fixture, "rag")]
        if any(months.match(w["text"]) and any(_in(w, c) for c in month_cols) for w in words):
            fail(fixture, f"page {p} prints a month name over the figures")
    ref_i, name_i = _cols(fixture, "ref")[0], _cols(fixture, "name")[0]
    if not ref_i > name_i:
        fail(fixture, "the Ref column is not after the name")
    refs = [w for p in pages for w in pdf.pages[p - 1].extract_words()
            if _in(w, ctx.ranges[ref_i]) and re.fullmatch(r"\d+\.\d+", w["text"])]
    if len(refs) != sum(1 for r in fixture.indicator_rows() if r.ref):
        fail(fixture, f"{len(refs)} refs in the Ref column")


def calc_sheet(fixture, pdf, ctx: Context) -> None:
    """Landscape, gridlines, a three-row title block, spreadsheet number formats, a page footer on
    each of exactly two pages, and the source note below the last row."""
    if len(pdf.pages) != 2:
        fail(fixture, f"{len(pdf.pages)} pages, the footer needs exactly 2")
    for i, page in enumerate(pdf.pages):
        if page.width < page.height:
            fail(fixture, f"page {i + 1} is portrait")
        text = page.extract_text() or ""
        if f"Page {i + 1} of 2" not in text:
            fail(fixture, f"page {i + 1} lacks its 'Page {i + 1} of 2' footer")
        verticals = [e for e in page.edges if e["orientation"] == "v"]
        if len(verticals) < len(fixture.layout["cols"]):
            fail(fixture, f"page {i + 1} prints no gridlines")
    first = pdf.pages[0].extract_text() or ""
    lines = [line.strip() for line in first.splitlines()]
    for title in fixture.layout["title_block"]:
        if title not in lines[:4]:
            fail(fixture, f"title line {title!r} is not in the block above the table")
    alltext = "\n".join(p.extract_text() or "" for p in pdf.pages)
    if not re.search(r"(?<![\d.])\d{1,3}\.\d%", alltext) or not re.search(r"\d,\d{3}", alltext):
        fail(fixture, "no 0.0% or #,##0 formatted number is printed")
    note = fixture.layout["note"]
    last = pdf.pages[-1]
    note_words = [w for w in last.extract_words() if w["text"] == note.split()[0]]
    if note not in (last.extract_text() or "").replace("\n", " ") or not note_words:
        fail(fixture, "the source note is not printed on the last page")
    found = name_lines(fixture, pdf, ctx)
    if found[-1]["page"] != len(pdf.pages) - 1 or note_words[0]["top"] <= found[-1]["bottom"]:
        fail(fixture, "the source note is not under the last row")


def portrait_pages(fixture, pdf, ctx: Context) -> None:
    """Portrait A4 over four or more pages, a narrow narrative column, an indicator with no
    narrative, and a month left blank (no figure and no RAG) in one row."""
    if len(pdf.pages) < 4:
        fail(fixture, f"only {len(pdf.pages)} pages")
    if any(p.width > p.height for p in pdf.pages):
        fail(fixture, "a page is landscape")
    x0, x1 = ctx.narrative_col
    if x1 - x0 > 5 * 72 / 2.54:
        fail(fixture, "the narrative column is not narrow")
    rows = fixture.indicator_rows()
    if not any(not r.narrative for r in rows):
        fail(fixture, "every indicator has a narrative")
    found = name_lines(fixture, pdf, ctx, with_ref=True)
    blanks = [(i, p) for i, r in enumerate(rows) for p in fixture.periods
              if not r.figures[p].printed and not r.rags[p].printed]
    if len(blanks) != 1:
        fail(fixture, f"{len(blanks)} blank months, expected 1")
    i, period = blanks[0]
    where = found[i]
    following = found[i + 1] if i + 1 < len(found) and found[i + 1]["page"] == where["page"] else None
    bottom = following["first"] - 1 if following else pdf.pages[where["page"]].height
    page = pdf.pages[where["page"]]
    for role in ("fig", "rag"):
        col = ctx.ranges[_cols(fixture, role, period)[0]]
        stray = [w["text"] for w in page.extract_words()
                 if _in(w, col) and where["first"] - 1 <= w["top"] < bottom]
        if stray:
            fail(fixture, f"the blank {role} cell of {rows[i].name!r} prints {stray}")
    # The row's other months do print.
    other = next(p for p in fixture.periods if p != period)
    col = ctx.ranges[_cols(fixture, "fig", other)[0]]
    if not [w for w in page.extract_words() if _in(w, col) and where["first"] - 1 <= w["top"] < bottom]:
        fail(fixture, "the blank month's row prints no figures at all")


def status_words_and_arrows(fixture, pdf, ctx: Context) -> None:
    """RAG prints as whole words under 'Status' headings; a 'Direction of travel' column prints
    arrows and words; month headers read like 'Jul 23', oldest first."""
    words = [w for page in pdf.pages for w in page.extract_words()]
    first_page = pdf.pages[ctx.pages[0][0] - 1].extract_words()
    status = [w for w in first_page if w["text"] == "Status"]
    if len(status) != len(fixture.periods):
        fail(fixture, f"{len(status)} 'Status' headings, expected {len(fixture.periods)}")
    dot = ctx.ranges[_cols(fixture, "dot")[0]]
    if "Directionoftravel" not in "".join(w["text"] for w in first_page if _in(w, dot)):
        fail(fixture, "no 'Direction of travel' heading over its column")
    xs = []
    for period in fixture.periods:
        label = fixture.layout["month_labels"][period].split()
        hit = [a for a, b in itertools.pairwise(first_page)
               if a["text"] == label[0] and b["text"] == label[1]]
        if not hit:
            fail(fixture, f"month header {label} not printed")
        xs.append(hit[0]["x0"])
    if xs != sorted(xs):
        fail(fixture, "months are not oldest first")
    status_cols = [ctx.ranges[i] for i in _cols(fixture, "rag")]
    printed = {w["text"] for w in words if any(_in(w, c) for c in status_cols)} - {"Status"}
    if not printed or not printed <= {"Red", "Amber", "Green"} or len(printed) < 3:
        fail(fixture, f"status cells print {sorted(printed)}")
    dot_words = {w["text"] for w in words if _in(w, dot)}
    if not {"↑", "↓"} <= dot_words or "Improving" not in dot_words:
        fail(fixture, f"direction of travel prints {sorted(dot_words)}")
