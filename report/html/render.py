"""The page model as one HTML page, with Jinja2: the one module that imports it.

Autoescaping is on for everything; the only markup not from the template is the charts'
and the logo's SVG, built here from escaped words.
"""

from __future__ import annotations

import base64
from pathlib import Path

from fontTools.ttLib import TTFont
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from report.brand import Brand
from report.html.svg import icon_svg, logo_svg, trend_svg
from report.model import Pages

TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=False,
    keep_trailing_newline=True,
)
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def render_html(pages: Pages, brand: Brand) -> str:
    """Give the HTML edition of `pages` in `brand`: one page, its CSS inline, no script and
    nothing fetched."""
    charts = {
        page.key: trend_svg(page.chart, brand, f"chart-{page.key}")
        for section in pages.sections
        for page in section.indicators
    }
    icons = iter(range(1, 1_000_000))
    # A composite's count has its own chart beside its rate or share.
    charts.update(
        {
            f"{page.key}-count": trend_svg(page.count_chart, brand, f"chart-{page.key}-count")
            for section in pages.sections
            for page in section.indicators
            if page.count_chart is not None
        }
    )
    return _ENVIRONMENT.get_template("pack.html.j2").render(
        pages=pages,
        css=Markup(style_sheet(brand, pages)),
        logo=_logo(brand),
        charts=charts,
        icon=lambda found: icon_svg(found, brand, f"icon-{next(icons)}"),
    )


def style_sheet(brand: Brand, pages: Pages) -> str:
    """Give the edition's CSS: the brand's colour roles and font as custom properties, the
    printed page with its running header and footer, then the shared rules."""
    roles = "\n".join(
        f"  --{role.replace('.', '-').replace('_', '-')}: {colour};"
        for role, colour in sorted(brand.colours.items())
    )
    family = font_family(brand.fonts["regular"])
    furniture = pages.furniture
    margins = {
        "top-left": (furniture.title, "font-weight: bold; color: var(--heading);"),
        "top-right": (furniture.organisation, "color: var(--muted);"),
        "bottom-left": (furniture.produced, "color: var(--muted);"),
        "bottom-center": (furniture.marking, "font-weight: bold; color: var(--marking);"),
    }
    boxes = "\n".join(
        f"  @{where} {{ content: {css_string(words)}; font-size: 8pt; {look} }}"
        for where, (words, look) in margins.items()
    )
    page = (
        f"@page {{\n  size: {brand.page_size};\n  margin: 22mm {brand.margin_mm:g}mm 18mm;\n"
        f"{boxes}\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); '
        "font-size: 8pt; color: var(--muted); }\n}\n"
        f"@page wide {{ size: {brand.page_size} landscape; }}\n"
    )
    shared = (TEMPLATES / "pack.css").read_text(encoding="utf-8")
    return f":root {{\n{roles}\n  --font: {css_string(family)};\n}}\n{page}{shared}"


def css_string(words: str) -> str:
    """Give `words` as a quoted CSS string that cannot end the string or the style element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;|'!?()-–&" else f"\\{ord(ch):x} " for ch in words
    )
    return f'"{escaped}"'


def font_family(path: Path) -> str:
    """Give the family name of the TrueType font at `path` ("DejaVu Sans")."""
    with TTFont(path, lazy=True) as font:
        name = font["name"].getDebugName(1) or path.stem
    return name.replace('"', "")


def _logo(brand: Brand) -> Markup:
    if brand.logo_image:
        kind = IMAGE_TYPES[brand.logo_image.suffix.lower()]
        data = base64.b64encode(brand.logo_image.read_bytes()).decode("ascii")
        alt = escape(f"{brand.organisation} logo")
        return Markup(f'<img class="logo" alt="{alt}" src="data:{kind};base64,{data}">')
    return logo_svg(brand)
