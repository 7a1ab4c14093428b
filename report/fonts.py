"""The brand's TrueType fonts, registered with reportlab so that every glyph is embedded."""

from __future__ import annotations

import hashlib
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
    """Register the fonts of `brand` (once per font file content) and give their names."""
    names = {}
    for role, path in brand.fonts.items():
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BadBrand(f"font {path} cannot be used: {exc}") from None
        # reportlab's registry is global: two brands' fonts may share a file name, not a name here.
        name = f"boardpack-{path.stem}-{hashlib.sha256(data).hexdigest()[:12]}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                font = TTFont(name, str(path))
            except (TTFError, OSError) as exc:
                raise BadBrand(f"font {path} cannot be used: {exc}") from None
            pdfmetrics.registerFont(font)
            # reportlab keeps one font per face name in a process: another file of the same
            # face registered before ours (the system's DejaVu Sans Bold, another version)
            # would stand in for it, and the pack would embed that file. Ours is the one.
            pdfmetrics._fonts[name] = font  # noqa: SLF001
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
