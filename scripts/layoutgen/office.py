"""Layouts written as Word (python-docx) or Excel (openpyxl) files and converted to PDF by
headless LibreOffice."""

from __future__ import annotations

from pathlib import Path

from fixturegen.pdfcheck import convert

from layoutgen.sheet import Cell, Sheet, Table

FONTS = {"sans": "Liberation Sans", "serif": "Liberation Serif", "dejavu": "DejaVu Sans"}
PAGE_CM = {"a4-landscape": (29.7, 21.0), "a4-portrait": (21.0, 29.7), "a3-landscape": (42.0, 29.7)}
MARGIN_CM = 1.2


def placed(table: Table) -> list[list[tuple[int, int, Cell]]]:
    """Give each row of `table` (header rows first) as (row, col, cell), columns skipping
    the places taken by a cell merged down from a row above."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(table.head + table.body):
        c = 0
        line = []
        for cell in row.cells:
            while (r, c) in taken:
                c += 1
            line.append((r, c, cell))
            for rr in range(r, r + cell.rowspan):
                for cc in range(c, c + cell.colspan):
                    taken.add((rr, cc))
            c += cell.colspan
        out.append(line)
    return out


def office_pdf(sheet: Sheet, work: Path) -> Path:
    """Write `sheet` as .docx or .xlsx (by its producer) and convert it with LibreOffice."""
    if sheet.layout.producer == "docx":
        source = work / "card.docx"
        _docx(sheet, source)
    else:
        source = work / "card.xlsx"
        _xlsx(sheet, source)
    pdf = convert(source, work)
    return pdf


# --- Word ------------------------------------------------------------------------------------


def _docx(sheet: Sheet, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor
    from fixturegen.word import _el, _fixed_widths, _row_flag, shade

    layout = sheet.layout
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONTS[layout.font]
    style.font.size = Pt(layout.size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONTS[layout.font])
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    section = doc.sections[0]
    width, height = PAGE_CM[layout.page]
    section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(width), Cm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    if sheet.running_head:
        section.header.paragraphs[0].add_run(sheet.running_head).font.size = Pt(8)
        para = section.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.add_run("Page ")
        para._p.append(_el("w:fldSimple", instr="PAGE"))
        para.add_run(" of ")
        para._p.append(_el("w:fldSimple", instr="NUMPAGES"))
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
             "right": WD_ALIGN_PARAGRAPH.RIGHT}

    def paragraph(text: str, size: float, bold: bool = True):
        para = doc.add_paragraph()
        run = para.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
        para.paragraph_format.space_after = Pt(4)
        return para

    paragraph(sheet.title[0], 14)
    for line in sheet.title[1:]:
        paragraph(line, 10, bold=False)
    if sheet.key:
        para = doc.add_paragraph("Key: ")
        for label, colour in sheet.key:
            mark = para.add_run("\u25a0 ")
            mark.font.color.rgb = RGBColor.from_string(colour)
            para.add_run(label + "    ")
        para.paragraph_format.space_after = Pt(6)
    usable = width - 2 * MARGIN_CM
    for table in sheet.tables:
        if table.heading:
            para = paragraph(table.heading, 11)
            if table.new_page:
                para.runs[0].add_break(WD_BREAK.PAGE) if False else None
                para.paragraph_format.page_break_before = True
        rows = table.head + table.body
        n_cols = len(table.widths)
        grid = doc.add_table(rows=len(rows), cols=n_cols)
        _docx_rules(grid, layout.rules, _el)
        total = sum(table.widths)
        _fixed_widths(grid, [usable * w / total for w in table.widths])
        for line in placed(table):
            for r, c, cell in line:
                target = grid.cell(r, c)
                if (cell.rowspan, cell.colspan) != (1, 1):
                    target = target.merge(grid.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
                for i, text in enumerate(cell.text.split("\n")):
                    para = target.paragraphs[0] if i == 0 else target.add_paragraph()
                    para.alignment = align[cell.align]
                    run = para.add_run(text)
                    run.bold = cell.bold
                    if cell.colour:
                        run.font.color.rgb = RGBColor.from_string(cell.colour)
                fill = cell.fill
                if fill is None and layout.rules.startswith("zebra") and rows[r].code % 2 == 0 \
                        and rows[r].kind in ("body", "narrative") and rows[r].code:
                    fill = "EEF3F8"
                if fill:
                    shade(target, fill)
        for r, row in enumerate(rows):
            if row.kind == "head" and layout.repeat_header:
                _row_flag(grid.rows[r], "w:tblHeader")
            if row.keep:
                _row_flag(grid.rows[r], "w:cantSplit")
        doc.add_paragraph()
    doc.core_properties.title = sheet.title[0]
    doc.save(str(path))


def _docx_rules(table, rules: str, el) -> None:
    sides = {
        "grid": ("top", "left", "bottom", "right", "insideH", "insideV"),
        "horizontal": ("top", "bottom", "insideH"),
        "zebra-horizontal": ("top", "bottom", "insideH"),
        "box": ("top", "left", "bottom", "right"),
    }.get(rules, ())
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            borders.append(el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
        else:
            borders.append(el(f"w:{side}", val="nil"))
    table._tbl.tblPr.append(borders)


# --- Excel -----------------------------------------------------------------------------------


def _xlsx(sheet: Sheet, path: Path) -> None:
    from fixturegen.excel import _figure_cell
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    layout = sheet.layout
    wb = Workbook()
    ws = wb.active
    ws.title = "Scorecard"
    font = FONTS[layout.font]
    thin = Side(style="thin", color="000000")
    n_cols = len(sheet.tables[0].widths)
    total = sum(sheet.tables[0].widths)
    page_chars = {"a4-landscape": 190, "a4-portrait": 130, "a3-landscape": 280}[layout.page]
    chars = [page_chars * w / total for w in sheet.tables[0].widths]
    for c, width in enumerate(chars, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    r = 1
    ws.cell(r, 1, sheet.title[0]).font = Font(name=font, size=14, bold=True)
    for line in sheet.title[1:]:
        r += 1
        ws.cell(r, 1, line).font = Font(name=font, size=10)
    if sheet.key:
        r += 1
        ws.cell(r, 1, "Key:").font = Font(name=font, size=8)
        col = 2
        for label, colour in sheet.key:
            # Calc clips a label at the next label's cell: merge enough columns to hold it.
            last = col
            while sum(chars[col - 1:last]) < 0.8 * len(label) + 2 and last < n_cols:
                last += 1
            cell = ws.cell(r, col, label)
            cell.font = Font(name=font, size=8)
            cell.fill = PatternFill("solid", fgColor=colour)
            if last > col:
                ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=last)
            col = last + 1
    r += 2
    head_rows = None
    for table in sheet.tables:
        if table.heading:
            if table.new_page and r > 4:
                ws.row_breaks.append(Break(id=r - 1))
            ws.cell(r, 1, table.heading).font = Font(name=font, size=11, bold=True)
            r += 1
        rows = table.head + table.body
        first = r
        for line, row in zip(placed(table), rows):
            height_lines = 1
            for rr, c, cell in line:
                target = ws.cell(first + rr, c + 1)
                if isinstance(cell.value, object) and cell.value is not None and not hasattr(cell.value, "measures"):
                    target.value = cell.value
                    target.number_format = "mmm yyyy"
                elif cell.value is not None:
                    _figure_cell(target, cell.value)
                else:
                    target.value = cell.text or None
                target.font = Font(name=font, size=layout.size, bold=cell.bold, color=cell.colour or "000000")
                horizontal = {"left": "left", "center": "center", "right": "right"}[cell.align]
                target.alignment = Alignment(wrap_text=True, vertical="top", horizontal=horizontal)
                fill = cell.fill
                if fill is None and layout.rules.startswith("zebra") and row.code and row.code % 2 == 0:
                    fill = "EEF3F8"
                if fill:
                    target.fill = PatternFill("solid", fgColor=fill)
                if cell.rowspan > 1 or cell.colspan > 1:
                    ws.merge_cells(start_row=first + rr, start_column=c + 1,
                                   end_row=first + rr + cell.rowspan - 1, end_column=c + cell.colspan)
                width = sum(chars[c:c + cell.colspan])
                if cell.rowspan == 1:
                    height_lines = max(height_lines, _lines(cell.text, width, layout.size))
            ws.row_dimensions[first + line[0][0]].height = (layout.size * 1.3) * height_lines + 3
        last = first + len(rows) - 1
        _xlsx_rules(ws, layout.rules, first, last, n_cols, thin, Border)
        if head_rows is None:
            head_rows = (first, first + len(table.head) - 1)
        r = last + 2
    if layout.repeat_header and len(sheet.tables) == 1 and head_rows:
        ws.print_title_rows = f"{head_rows[0]}:{head_rows[1]}"
    if sheet.running_head:
        ws.oddHeader.center.text = sheet.running_head
        ws.oddFooter.right.text = "Page &P of &N"
    ws.page_setup.orientation = "landscape" if layout.page != "a4-portrait" else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if layout.page == "a3-landscape" else ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    wb.properties.title = sheet.title[0]
    wb.save(str(path))


def _lines(text: str, width_chars: float, size: float) -> int:
    """Give a generous count of the lines `text` wraps to in a column `width_chars` wide."""
    scale = 10.0 / size  # column widths are in characters of the default 10-11 pt font
    lines = 0
    for paragraph in (text or "").split("\n"):
        count, current = 1, 0
        for word in paragraph.split():
            if current and current + 1 + len(word) > width_chars * scale * 1.05:
                count, current = count + 1, len(word)
            else:
                current += len(word) + (1 if current else 0)
        lines += count
    return max(lines, 1)


def _xlsx_rules(ws, rules: str, first: int, last: int, n_cols: int, side, border) -> None:
    for r in range(first, last + 1):
        for c in range(1, n_cols + 1):
            cell = ws.cell(r, c)
            if rules == "grid":
                cell.border = border(left=side, right=side, top=side, bottom=side)
            elif rules in ("horizontal", "zebra-horizontal"):
                cell.border = border(top=side, bottom=side)
            elif rules == "box":
                cell.border = border(left=side if c == 1 else None, right=side if c == n_cols else None,
                                     top=side if r == first else None, bottom=side if r == last else None)
