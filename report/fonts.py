"""The brand's TrueType fonts, registered with reportlab so that every glyph is embedded."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from report.brand import Brand
from report.errors import BadBrand


@dataclass(frozen=True)
class Fonts:
    """The registered names of the brand's fonts by role."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


def register_fonts(brand: Brand) -> Fonts:
    """Register the fonts of `brand` (once per file) and give their names."""
    names = {}
    for role, path in brand.fonts.items():
        name = f"boardpack-{path.stem}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (TTFError, OSError) as exc:
                raise BadBrand(f"font {path} cannot be used: {exc}") from None
        names[role] = name
    fonts = Fonts(**names)
    pdfmetrics.registerFontFamily(
        fonts.regular,
        normal=fonts.regular,
        bold=fonts.bold,
        italic=fonts.italic,
        boldItalic=fonts.bold_italic,
    )
    return fonts


def text_width(text: str, font: str, size: float) -> float:
    """Give the width in points of `text` set in `font` at `size`."""
    return pdfmetrics.stringWidth(text, font, size)
