"""Scorecards written as Excel workbooks with openpyxl (LibreOffice Calc turns them into PDF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from fixturegen.model import Figure, Fixture, Row
from fixturegen.word import Col

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green"}


def _figure_cell(cell, figure: Figure) -> None:
    # A spreadsheet holds plain figures as numbers with a display format; only composites
    # ("533 13%") and tokens ("N/A") are text.
    measures = figure.measures
    if len(measures) == 1 and "\n" not in figure.printed:
        m = measures[0]
        places = len(figure.printed.rstrip("%").split(".")[1]) if "." in figure.printed else 0
        decimals = "." + "0" * places if places else ""
        if m.unit == "%":
            cell.value = round(m.value / 100, places + 2)
            cell.number_format = f"0{decimals}%"
        elif m.unit == "count":
            cell.value = int(m.value)
            cell.number_format = "#,##0" if "," in figure.printed else "0"
        else:
            cell.value = m.value
            cell.number_format = f"0{decimals}"
        return
    cell.value = figure.printed or None


def build_workbook(fixture: Fixture, path: Path, cols: list[Col], header: list[str],
                   title: str, subtitle: str, widths_chars: list[float]) -> None:
    """Write `fixture` as a one-sheet workbook printing landscape A4, fitted to the page width."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    base = Font(name="Arial", size=9)
    ws["A1"] = title
    ws["A1"].font = Font(name="Arial", size=14, bold=True)
    ws["A2"] = subtitle
    ws["A2"].font = Font(name="Arial", size=11, bold=True)
    head_row = 4
    head_fill = PatternFill("solid", fgColor="1F4E78")
    for c, text in enumerate(header, start=1):
        cell = ws.cell(head_row, c)
        if isinstance(text, dt.date):
            cell.value = text
            cell.number_format = "mmm yyyy"
        else:
            cell.value = text
        cell.font = Font(name="Arial", size=9, bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for r, row in enumerate(fixture.indicator_rows(), start=head_row + 1):
        for c, col in enumerate(cols, start=1):
            cell = ws.cell(r, c)
            cell.font = base
            cell.border = BOX
            centred = col.role not in ("name", "refname", "narrative")
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="center" if centred else "left")
            _fill(cell, col, row)
    # Calc keeps an xlsx row at its stored height, so give each row room for its wrapped text.
    wrapped = [i for i, c in enumerate(cols) if c.role in ("name", "narrative")]
    for r, row in enumerate(fixture.indicator_rows(), start=head_row + 1):
        lines = max(_lines(ws.cell(r, i + 1).value, widths_chars[i]) for i in wrapped)
        ws.row_dimensions[r].height = 12 * lines + 3
    ws.row_dimensions[head_row].height = 26
    for c, width in enumerate(widths_chars, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    wb.properties.title = title
    wb.properties.creator = "Performance and Insight Team"
    wb.properties.created = wb.properties.modified = dt.datetime(2022, 6, 9, 9, 0, 0)
    wb.save(str(path))


def _lines(text, width_chars: float) -> int:
    """Give a generous count of the lines `text` wraps to in a column `width_chars` wide."""
    if not text:
        return 1
    lines, current = 1, 0
    for word in str(text).split():
        if current and current + 1 + len(word) > width_chars * 1.45:
            lines, current = lines + 1, len(word)
        else:
            current += len(word) + (1 if current else 0)
    return lines


def _fill(cell, col: Col, row: Row) -> None:
    if col.role == "ref":
        cell.value = row.ref or None
    elif col.role == "name":
        cell.value = row.name
    elif col.role in ("target", "national", "comparator"):
        cell.value = getattr(row, col.role).printed or None
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
