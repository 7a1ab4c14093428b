"""The one module that imports pypdfium2: what a page is made of, and its rendered image."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from pypdfium2 import raw

_INVISIBLE = 3  # text render mode 3: neither filled nor stroked, as OCR layers are drawn
# Fonts with no letter shapes, sized to fit the words of the image below them.
_OCR_FONTS = ("GlyphLessFont", "GlyphInvisible", "OCRmyPDF")


@dataclass(frozen=True)
class PageMake:
    """What one page is drawn with: the evidence that tells a scan from a born-digital page."""

    width: float  # points
    height: float
    image_cover: float  # share of the page the largest image covers, 0..1
    image_dpi: float  # that image's resolution on the page (pixels per inch), 0 without one
    texts: int  # text objects drawn
    invisible: int  # of them in render mode 3
    ocr_fonts: int  # of them in a font OCR tools put under a scan (tesseract's GlyphLessFont)
    producer: str = ""


class Document:
    """A PDF opened with pdfium for rendering and for reading how its pages are made."""

    def __init__(self, path: Path):
        self._pdf = pdfium.PdfDocument(str(path))
        meta = self._pdf.get_metadata_dict()
        self.producer = " ".join(v for v in (meta.get("Producer", ""), meta.get("Creator", "")) if v)

    def close(self) -> None:
        self._pdf.close()

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def make(self, number: int) -> PageMake:
        """Give what page `number` (1-based) is drawn with."""
        page = self._pdf[number - 1]
        try:
            width, height = page.get_size()
            area = max(width * height, 1.0)
            cover, dpi, texts, invisible, ocr_fonts = 0.0, 0.0, 0, 0, 0
            for obj in page.get_objects(max_depth=2):
                if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
                    x0, y0, x1, y1 = obj.get_bounds()
                    share = max(0.0, min(x1, width) - max(x0, 0)) * max(0.0, min(y1, height) - max(y0, 0)) / area
                    if share > cover:
                        pixels = obj.get_px_size()[0]
                        cover, dpi = share, pixels / max((x1 - x0) / 72, 1e-6)
                elif obj.type == raw.FPDF_PAGEOBJ_TEXT:
                    texts += 1
                    invisible += raw.FPDFTextObj_GetTextRenderMode(obj.raw) == _INVISIBLE
                    ocr_fonts += _font_name(obj).startswith(_OCR_FONTS)
            return PageMake(width, height, cover, dpi, texts, invisible, ocr_fonts, self.producer)
        finally:
            page.close()

    def render(self, number: int, dpi: float) -> np.ndarray:
        """Give page `number` rendered at `dpi` as an RGB array (rows, columns, 3)."""
        page = self._pdf[number - 1]
        try:
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=False)
            image = bitmap.to_numpy()
            return np.ascontiguousarray(image[:, :, :3])
        finally:
            page.close()


def _font_name(obj) -> str:
    font = raw.FPDFTextObj_GetFont(obj.raw)
    if not font:
        return ""
    buffer = (raw.c_char * 128)()
    size = raw.FPDFFont_GetBaseFontName(font, buffer, 128)
    return bytes(buffer)[: max(size - 1, 0)].decode("latin-1")
