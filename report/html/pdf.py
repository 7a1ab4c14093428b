"""The tagged PDF/UA-1 edition, drawn from the HTML edition by WeasyPrint: the one module
that imports it.

WeasyPrint fetches nothing but the brand's own font files: every other URL is refused, so
no word from a scorecard can make it read a file or reach a host.
"""

from __future__ import annotations

from pathlib import Path

from report.brand import Brand
from report.errors import MissingTool
from report.html.render import font_family

INSTALL = "apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
FONT_FACES = {
    "regular": ("normal", "normal"),
    "bold": ("bold", "normal"),
    "italic": ("normal", "italic"),
    "bold_italic": ("bold", "italic"),
}


def accessible_pdf_missing() -> str:
    """Give what stops WeasyPrint from drawing the tagged PDF on this machine, or ""."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return "WeasyPrint is not installed (pip install weasyprint)"
    except OSError as exc:
        return f"WeasyPrint cannot load Pango ({exc}); install it with `{INSTALL}`"
    return ""


def html_to_pdf(html: str, brand: Brand, path: Path) -> int:
    """Draw the HTML edition `html` as a tagged PDF/UA-1 at `path` in `brand`'s fonts; give
    its page count."""
    missing = accessible_pdf_missing()
    if missing:
        raise MissingTool(missing)
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    allowed = {font.resolve().as_uri() for font in brand.fonts.values()}

    class BrandFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            # The logo travels inside the page as a data: URI; nothing else is read.
            if url not in allowed and not url.startswith("data:image/"):
                raise ValueError(f"not fetched: {url[:80]}")
            return super().fetch(url, headers)

    fetch = BrandFontsOnly(allowed_protocols=("file", "data"))
    family = font_family(brand.fonts["regular"])
    faces = "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: {style}; '
        f'src: url("{brand.fonts[role].resolve().as_uri()}"); }}'
        for role, (weight, style) in FONT_FACES.items()
    )
    document = HTML(string=html, url_fetcher=fetch, base_url=None).render(
        stylesheets=[CSS(string=faces, url_fetcher=fetch)]
    )
    document.write_pdf(path, pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    return len(document.pages)
