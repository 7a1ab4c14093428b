"""Scorecards drawn with the reportlab canvas for tests that move or remove content.

A `Table` is drawn cell by cell at known positions, so a test can take one thing away
(a heading, a row's figures) or put one thing somewhere else and know where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

PAGE = landscape(A4)
RED, AMBER, GREEN = Color(0.86, 0.1, 0.1), Color(1.0, 0.75, 0.0), Color(0.1, 0.6, 0.2)
STRIPE = Color(0.85, 0.85, 0.9)  # a zebra band: grey-blue, no meaning
RAG_COLOURS = {"R": RED, "A": AMBER, "G": GREEN}
MONTHS = ("Feb 2022", "Mar 2022", "Apr 2022")
INDICATORS = (
    ("Re-referrals within 12 months", "22%", ("19%", "24%", "21%"), "GRG"),
    ("Assessments completed in 45 days", "85%", ("88%", "79%", "91%"), "GAG"),
    ("Children subject to a plan", "450", ("432", "447", "470"), "GGA"),
    ("Visits within timescale", "90%", ("93%", "95%", "82%"), "GGR"),
    ("Care leavers in touch", "95%", ("96%", "97%", "98%"), "GGG"),
)


@dataclass
class Table:
    """A scorecard table: a header row and body rows of text, drawn from `top` down."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    left: float = 40.0
    top: float = 90.0
    row_height: float = 20.0
    ruled: bool = True
    size: float = 8.0
    shaded: dict = field(default_factory=dict)  # (row, col) -> fill colour; row -1 is the header
    dots: dict = field(default_factory=dict)  # (row, col) -> colour of a filled circle drawn in the cell
    inks: dict = field(default_factory=dict)  # (row, col) -> colour the cell's text is printed in
    moved: dict = field(default_factory=dict)  # (row, col) -> (dx, dy): the cell's text drawn that far off
    spanning: set = field(default_factory=set)  # body rows drawn as one cell across the table

    def x(self, col: int) -> float:
        """Give the left edge of column `col`."""
        return self.left + sum(self.widths[:col])

    def y(self, row: int) -> float:
        """Give the top edge of body row `row` (row -1 is the header), top-down."""
        return self.top + (row + 1) * self.row_height

    def cell(self, row: int, col: int) -> tuple[float, float, float, float]:
        """Give the box (x0, top, x1, bottom) of a cell, top-down."""
        return (self.x(col), self.y(row), self.x(col + 1), self.y(row) + self.row_height)


@dataclass
class Text:
    """A line of free text at (`left`, `top`), top-down."""

    left: float
    top: float
    text: str
    size: float = 8.0


def scorecard(**changes) -> Table:
    """Give the standard test scorecard: indicator, target, three months each with a RAG letter."""
    header = ["Indicator", "Target"]
    widths = [190.0, 50.0]
    for month in MONTHS:
        header += [month, "RAG"]
        widths += [55.0, 35.0]
    rows = []
    for name, target, figures, rags in INDICATORS:
        row = [name, target]
        for figure, rag in zip(figures, rags):
            row += [figure, rag]
        rows.append(row)
    table = Table(header, rows, widths)
    for key, value in changes.items():
        setattr(table, key, value)
    return table


def draw(path: Path, pages: list[list[Table | Text]], title: str = "Children's Services Scorecard April 2022") -> Path:
    """Draw `pages`, each a list of tables and free text under `title`, into a PDF at `path`."""
    canvas = Canvas(str(path), pagesize=PAGE, invariant=1)
    height = PAGE[1]
    for items in pages:
        canvas.setFont("Helvetica-Bold", 12)
        canvas.drawString(40, height - 50, title)
        for item in items:
            if isinstance(item, Text):
                canvas.setFont("Helvetica", item.size)
                canvas.drawString(item.left, height - item.top - item.size, item.text)
            else:
                _table(canvas, item, height)
        canvas.showPage()
    canvas.save()
    return path


def _table(canvas: Canvas, table: Table, height: float) -> None:
    for (row, col), colour in table.shaded.items():
        x0, top, x1, bottom = table.cell(row, col)
        canvas.setFillColor(colour)
        canvas.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
    for (row, col), colour in table.dots.items():
        x0, top, x1, bottom = table.cell(row, col)
        canvas.setFillColor(colour)
        canvas.circle((x0 + x1) / 2, height - (top + bottom) / 2, 4, stroke=0, fill=1)
    lines = [table.header, *table.rows]
    for index, line in enumerate(lines):
        row = index - 1
        for col, text in enumerate(line):
            if not text:
                continue
            x0, top, _, bottom = table.cell(row, col)
            dx, dy = table.moved.get((row, col), (0.0, 0.0))
            canvas.setFillColor(table.inks.get((row, col), Color(0, 0, 0)))
            canvas.setFont("Helvetica-Bold" if row < 0 else "Helvetica", table.size)
            canvas.drawString(x0 + 3 + dx, height - (top + bottom) / 2 - table.size / 3 - dy, text)
    canvas.setFillColor(Color(0, 0, 0))
    if table.ruled:
        canvas.setLineWidth(0.5)
        bottom = table.y(len(table.rows))
        for col in range(len(table.widths) + 1):
            for row in range(-1, len(table.rows)):
                if row not in table.spanning or col in (0, len(table.widths)):
                    top = table.y(row)
                    canvas.line(table.x(col), height - top, table.x(col), height - top - table.row_height)
        for row in range(-1, len(table.rows) + 1):
            canvas.line(table.x(0), height - table.y(row), table.x(len(table.widths)), height - table.y(row))
