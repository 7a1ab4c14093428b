"""The accessible edition: the page model as one self-contained HTML page, and as a tagged
PDF/UA-1 drawn from that page by WeasyPrint."""

from report.html.render import render_html

__all__ = ["render_html"]
