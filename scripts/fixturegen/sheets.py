"""Spreadsheet layouts beyond excel.py's ruled one: borderless bottom-aligned, and printed from Calc
with gridlines, a merged title block, a page footer and a note under the table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from fixturegen.excel import _figure_cell, _lines
from fixturegen.model import Bench, Fixture, Row
from fixturegen.word import Col

LINE_PT = 11.6  # one wrapped line of Arial 9 in Calc, with its leading


def _bench_cell(cell, b: Bench, as_number: bool) -> None:
    """A target/benchmark: text as printed, or (as_number) a number with the display format that
    prints the same text."""
    text = b.printed
    if as_number and b.number is not None and "," not in text:
        if text.endswith("%"):
            places = len(text[:-1].split(".")[1]) if "." in text else 0
            cell.value = round(b.number / 100, places + 2)
            cell.number_format = "0" + ("." + "0" * places if places else "") + "%"
            return
        places = len(text.split(".")[1]) if "." in text else 0
        cell.value = b.number if places else int(b.number)
        cell.number_format = "0" + ("." + "0" * places if places else "")
        return
    cell.value = text or None


def _value(cell, col: Col, row: Row, numbers: bool) -> None:
    if col.role == "ref":
        cell.value = row.ref or None
    elif col.role == "name":
        cell.value = row.name
    elif col.role in ("target", "national", "comparator"):
        _bench_cell(cell, getattr(row, col.role), numbers)
    elif col.role == "fig":
        _figure_cell(cell, row.figures[col.period])
    elif col.role == "rag":
        rag = row.rags[col.period]
        cell.value = rag.printed or None
        if rag.fill:
            cell.fill = PatternFill("solid", fgColor=rag.fill)
    elif col.role == "narrative":
        cell.value = row.narrative or None
    else:
        raise ValueError(col.role)


def _row_height(ws, r: int, cols: list[Col], widths: list[float], minimum: int = 1) -> None:
    wrapped = [i for i, c in enumerate(cols) if c.role in ("name", "narrative")]
    lines = max([minimum] + [_lines(ws.cell(r, i + 1).value, widths[i]) for i in wrapped])
    ws.row_dimensions[r].height = LINE_PT * lines + 2


def _page_setup(ws, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6


def _properties(wb, title: str, created: dt.datetime) -> None:
    wb.properties.title = title
    wb.properties.creator = "Performance and Insight Team"
    wb.properties.created = wb.properties.modified = created


def borderless_bottom_aligned(fixture: Fixture, path: Path, cols: list[Col], header: list[str],
                              title: str, widths: list[float]) -> None:
    """Excel left as it comes: no borders, no fills, every cell bottom-aligned (Excel's default),
    names and narratives wrapped, numbers right-aligned, text left-aligned, RAG letters centred."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    ws["A1"] = title
    ws["A1"].font = Font(name="Arial", size=12, bold=True)
    head_row = 3
    for c, text in enumerate(header, start=1):
        cell = ws.cell(head_row, c, text)
        cell.font = Font(name="Arial", size=9, bold=True)
    base = Font(name="Arial", size=9)
    for r, row in enumerate(fixture.indicator_rows(), start=head_row + 1):
        for c, col in enumerate(cols, start=1):
            cell = ws.cell(r, c)
            cell.font = base
            _value(cell, col, row, numbers=False)
            if col.role in ("name", "narrative"):
                cell.alignment = Alignment(wrap_text=True)  # vertical stays bottom
            elif col.role == "rag":
                # The one formatting step taken: RAG letters centred (a left-aligned letter would
                # touch the right-aligned figure before it).
                cell.alignment = Alignment(horizontal="center")
        _row_height(ws, r, cols, widths)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.print_title_rows = f"{head_row}:{head_row}"
    _page_setup(ws)
    _properties(wb, title, dt.datetime(2023, 1, 11, 9, 0, 0))
    wb.save(str(path))


def calc_direct(fixture: Fixture, path: Path, cols: list[Col], header: list[str],
                title_block: list[str], note: str, widths: list[float]) -> None:
    """A sheet printed straight from the spreadsheet: gridlines printed (no cell borders), a title
    block of merged rows, numbers held as numbers with 0.0% / #,##0 formats, a 'Page n of m'
    footer and a source note under the table."""
    wb = Workbook()
    ws = wb.active
    ws.title = "KPIs"
    last_col = get_column_letter(len(cols))
    for r, text in enumerate(title_block, start=1):
        ws.merge_cells(f"A{r}:{last_col}{r}")
        cell = ws.cell(r, 1, text)
        cell.font = Font(name="Arial", size=13 if r == 1 else 10, bold=r < 3)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[r].height = 20 if r == 1 else 15
    head_row = len(title_block) + 1
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    for c, text in enumerate(header, start=1):
        cell = ws.cell(head_row, c, text)
        cell.font = Font(name="Arial", size=9, bold=True)
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    ws.row_dimensions[head_row].height = 26
    base = Font(name="Arial", size=9)
    rows = fixture.indicator_rows()
    for r, row in enumerate(rows, start=head_row + 1):
        for c, col in enumerate(cols, start=1):
            cell = ws.cell(r, c)
            cell.font = base
            _value(cell, col, row, numbers=True)
            wrap = col.role in ("name", "narrative")
            cell.alignment = Alignment(wrap_text=wrap, vertical="top",
                                       horizontal="center" if col.role == "rag" else None)
        _row_height(ws, r, cols, widths)
    note_row = head_row + len(rows) + 2
    ws.merge_cells(f"A{note_row}:{last_col}{note_row}")
    cell = ws.cell(note_row, 1, note)
    cell.font = Font(name="Arial", size=8, italic=True)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.center.size = 8
    _page_setup(ws)
    _properties(wb, title_block[1], dt.datetime(2022, 10, 3, 9, 0, 0))
    wb.save(str(path))
