"""The one module that imports camelot: ruling lines found on the rendered page image."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from extract.grid import BBox, Fill, Grid, Word, table_to_grid

ENGINE = "camelot-lattice"


def _regions(table) -> list[BBox]:
    """Give the boxes of `table`'s cells with merged cells joined (camelot marks a merge
    as a missing edge between two grid cells), top-down coordinates."""
    rows, cols = len(table.cells), len(table.cells[0]) if table.cells else 0
    parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

    def find(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for r in range(rows):
        for c in range(cols):
            cell = table.cells[r][c]
            if c + 1 < cols and not cell.right:
                parent[find((r, c + 1))] = find((r, c))
            if r + 1 < rows and not cell.bottom:
                parent[find((r + 1, c))] = find((r, c))
    height = float(table.pdf_size[1]) if table.pdf_size else 0.0
    boxes: dict = {}
    for r in range(rows):
        for c in range(cols):
            cell = table.cells[r][c]
            root = find((r, c))
            x0, top, x1, bottom = cell.x1, height - cell.y2, cell.x2, height - cell.y1
            if root in boxes:
                bx0, btop, bx1, bbottom = boxes[root]
                boxes[root] = (min(bx0, x0), min(btop, top), max(bx1, x1), max(bbottom, bottom))
            else:
                boxes[root] = (x0, top, x1, bottom)
    return list(boxes.values())


def page_grids(path: Path, page: int, words: list[Word], fills: list[Fill]) -> list[Grid]:
    """Give the ruled tables camelot's lattice finds on `page` of the PDF at `path`, with
    the page's own `words` placed in their cells."""
    import camelot

    logging.getLogger("camelot").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(Path(path)), pages=str(page), flavor="lattice", suppress_stdout=True)
    grids = []
    for table in tables:
        grid = table_to_grid(_regions(table), words, fills, page, ENGINE)
        if grid is not None:
            grids.append(grid)
    return grids
