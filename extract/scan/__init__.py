"""Scanned pages: told from born-digital ones by evidence, read from their image by OCR.

A page is a scan when a picture covers it and no visible text is drawn over it; any text
layer someone else's OCR left there is ignored, and the page is read from its image: turned
upright and straightened, its ruled grid found, each cell read by tesseract, each figure and
RAG checked and read again when it fails, and what stays doubtful said with its crop.
"""

from __future__ import annotations

from pathlib import Path

from extract.errors import ScanWithoutOcr
from extract.grid import Grid
from extract.rows import RawRow
from extract.scan import ocr
from extract.scan.page import ScanPage, evidence, read_page, too_coarse
from extract.scan.pdfium import Document
from extract.scan.review import Doubt, GreyCells, review, settle_grey

__all__ = ["Doubt", "ScanPage", "Scanner"]


class Scanner:
    """Reads the scanned pages of one PDF; opens pdfium and tesseract only when it meets one."""

    def __init__(self, path: Path):
        self._path = Path(path)
        self._document: Document | None = None
        self._reader: ocr.Reader | None = None
        self.pages: list[dict] = []  # what extraction.json records of each scanned page
        self.doubts: list[Doubt] = []
        self.grey = GreyCells()  # the document's shaded RAG cells, to rate those a grey copy left unrated

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        if self._document is not None:
            self._document.close()

    def __enter__(self) -> Scanner:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def read(self, number: int) -> ScanPage | None:
        """Give page `number` read from its image when it is a scan, else None."""
        if self._document is None:
            self._document = Document(self._path)
        make = self._document.make(number)
        found = evidence(make)
        if not found:
            return None
        too_coarse(number, make)
        if self._reader is None:
            try:
                self._reader = ocr.Reader()
            except ocr.OcrMissing as exc:
                raise ScanWithoutOcr(str(exc)) from None
        usual = self.pages[-1]["turned_degrees"] // 90 if self.pages else 0
        page = read_page(self._document, number, make, self._reader, found, usual)
        self.pages.append({"page": number, "evidence": page.evidence, "dpi": round(page.scan_dpi),
                           "skew_degrees": round(page.skew, 2), "turned_degrees": page.turns * 90,
                           "ocr": f"{ocr.ENGINE} {ocr.version()}"})
        return page

    def review(self, page: ScanPage, grid: Grid, rows: list[RawRow]) -> None:
        """Check the cells of `rows`, read from `page` into `grid`; keep what stays doubtful."""
        assert self._reader is not None
        self.doubts += review(page, self._reader, grid, rows, self.grey)

    def settle(self) -> None:
        """Rate the RAG cells a grey copy left with no rating by the grey levels the whole
        document's cells printing their ratings show; each stays doubtful."""
        self.doubts = settle_grey(self.grey, self.doubts)

    def unread(self) -> str | None:
        """Give why nothing was read from the scanned pages when every one of them was set
        aside (blank, or in a script the English data cannot read), else None."""
        if not self.pages:
            return None
        reasons = [p["evidence"][-1] for p in self.pages]
        if all(r == "blank" for r in reasons):
            return "every page is blank; ask for the scan again, the printed side to the glass"
        scripts = sorted({r.removeprefix("written in ") for r in reasons if r.startswith("written in ")})
        if scripts and all(r == "blank" or r.startswith("written in ") for r in reasons):
            return (f"the scanned pages are written in {' and '.join(scripts)}, and scans are read "
                    "in English only; ask for the scorecard in English or as its original PDF")
        return None
