"""Scorecards written as Word documents with python-docx (LibreOffice turns them into PDF)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from fixturegen.model import Fixture, Rag, Row, Section

A4 = (Cm(29.7), Cm(21.0))


@dataclass(frozen=True)
class Col:
    """A table column: its `role` (ref, name, refname, target, national, comparator, fig, rag,
    narrative, polarity, dot), its width in cm and, for fig/rag, its period."""

    role: str
    width: float
    period: str | None = None


@dataclass(frozen=True)
class Head:
    """A header cell, placed left to right like an HTML table cell."""

    text: str
    colspan: int = 1
    rowspan: int = 1


def new_document(font: str = "Arial", size: float = 7.5, landscape: bool = True,
                 margin_cm: float = 1.27, title: str = "", created: dt.datetime | None = None):
    """Give an empty A4 document whose Normal style is `font` at `size` pt, no paragraph spacing."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(size)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    set_orientation(doc.sections[0], landscape, margin_cm)
    props = doc.core_properties
    props.title = title
    props.author = "Performance and Insight Team"
    props.last_modified_by = "Performance and Insight Team"
    props.created = props.modified = created or dt.datetime(2022, 5, 12, 9, 0, 0)
    props.revision = 1
    return doc


def set_orientation(section, landscape: bool, margin_cm: float) -> None:
    """Make `section` A4 portrait or landscape with equal margins of `margin_cm`."""
    width, height = A4 if landscape else (A4[1], A4[0])
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin_cm))


def heading(doc, text: str, size: float = 12, bold: bool = True, after: float = 4) -> None:
    """Add a paragraph of `text` in bold at `size` pt."""
    para = doc.add_paragraph()
    run = para.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    para.paragraph_format.space_after = Pt(after)


def _el(tag: str, **attrs: str):
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    return element


def shade(cell, fill: str) -> None:
    """Give `cell` the background colour `fill` (hex RGB)."""
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def _row_flag(row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(_el(tag, val="true"))


def _borders(table, on: bool) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if on:
            borders.append(_el(f"w:{side}", val="single", sz="4", space="0", color="000000"))
        else:
            borders.append(_el(f"w:{side}", val="nil"))
    tbl_pr.append(borders)


def _fixed_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    tbl_pr.append(_el("w:tblInd", w="0", type="dxa"))
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def set_text(cell, text: str, bold: bool = False, align=None, size: float | None = None) -> None:
    """Put `text` in `cell`, one paragraph per line."""
    lines = text.split("\n")
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        para = first if i == 0 else cell.add_paragraph()
        run = para.add_run(line)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if align is not None:
            para.alignment = align


def _body_text(col: Col, row: Row) -> str:
    if col.role == "ref":
        return row.ref
    if col.role in ("name", "refname"):
        name = "\n".join(row.name_lines) if row.name_lines else row.name
        return f"{row.ref} {name}" if col.role == "refname" and row.ref else name
    if col.role in ("target", "national", "comparator"):
        return getattr(row, col.role).printed
    if col.role == "fig":
        return row.figures[col.period].printed
    if col.role == "rag":
        return row.rags[col.period].printed
    if col.role == "narrative":
        return row.narrative
    if col.role == "polarity":
        return row.printed_polarity
    if col.role == "dot":
        return row.dot
    raise ValueError(col.role)


CENTRED = {"target", "national", "comparator", "fig", "rag", "polarity", "dot", "ref"}


def scorecard_table(doc, fixture: Fixture, cols: list[Col], header: list[list[Head]], *,
                    borders: bool = True, header_fill: str | None = "D9D9D9",
                    rag_fills: bool = True, repeat_header: bool = True,
                    section_fill: str | None = "BDD7EE", size: float | None = None):
    """Add the scorecard table of `fixture` to `doc` and give it."""
    body = fixture.rows
    n_head = len(header)
    table = doc.add_table(rows=n_head + len(body), cols=len(cols))
    _borders(table, borders)
    _fixed_widths(table, [c.width for c in cols])

    taken: set[tuple[int, int]] = set()
    for r, head_row in enumerate(header):
        c = 0
        for head in head_row:
            while (r, c) in taken:
                c += 1
            a = table.cell(r, c)
            b = table.cell(r + head.rowspan - 1, c + head.colspan - 1)
            cell = a.merge(b) if (head.rowspan, head.colspan) != (1, 1) else a
            for rr in range(r, r + head.rowspan):
                for cc in range(c, c + head.colspan):
                    taken.add((rr, cc))
            set_text(cell, head.text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if header_fill:
                shade(cell, header_fill)
            c += head.colspan
        if repeat_header:
            _row_flag(table.rows[r], "w:tblHeader")

    groups: dict[int, list[int]] = {}
    for i, item in enumerate(body):
        r = n_head + i
        tr = table.rows[r]
        if isinstance(item, Section):
            cell = table.cell(r, 0).merge(table.cell(r, len(cols) - 1))
            set_text(cell, item.title, bold=True, size=size)
            if section_fill:
                shade(cell, section_fill)
            _row_flag(tr, "w:cantSplit")
            continue
        if not item.splittable:
            _row_flag(tr, "w:cantSplit")
        if item.narrative_group is not None:
            groups.setdefault(item.narrative_group, []).append(r)
        skip_next = False
        for c, col in enumerate(cols):
            if skip_next:
                skip_next = False
                continue
            cell = table.cell(r, c)
            if col.role == "national" and item.bench_merged:
                cell = cell.merge(table.cell(r, c + 1))
                skip_next = True
            if col.role == "narrative" and item.narrative_group is not None \
                    and groups[item.narrative_group][0] != r:
                continue
            text = _body_text(col, item)
            set_text(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER if col.role in CENTRED else None,
                     size=size)
            if col.role == "fig" and item.figures[col.period].narrow:
                inset = Pt(max(0.0, (Cm(col.width).pt - 10.8 - 9.5) / 2))
                for para in cell.paragraphs:
                    para.paragraph_format.left_indent = para.paragraph_format.right_indent = inset
            if col.role == "rag":
                rag: Rag = item.rags[col.period]
                if rag.fill and (rag_fills or not rag.printed):
                    shade(cell, rag.fill)
    narrative_col = next((i for i, c in enumerate(cols) if c.role == "narrative"), None)
    for rows in groups.values():
        if narrative_col is not None and len(rows) > 1:
            table.cell(rows[0], narrative_col).merge(table.cell(rows[-1], narrative_col))
    return table


def page_break_section(doc, landscape: bool, margin_cm: float = 1.27):
    """Start a new page as a new section, portrait or landscape."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    set_orientation(section, landscape, margin_cm)
    return section


def save(doc, path: Path) -> None:
    doc.save(str(path))
