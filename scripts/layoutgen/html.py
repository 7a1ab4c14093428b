"""Layouts written as HTML and printed by headless Chromium or by WeasyPrint."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from layoutgen.sheet import Cell, Sheet, TRow

PAGES = {"a4-landscape": "A4 landscape", "a4-portrait": "A4 portrait", "a3-landscape": "A3 landscape"}
FONTS = {"sans": "'Liberation Sans', Arial, sans-serif", "serif": "'Liberation Serif', serif",
         "dejavu": "'DejaVu Sans', sans-serif"}
RULES = {
    "grid": "td, th { border: 0.6pt solid #000; }",
    "horizontal": "td, th { border-top: 0.6pt solid #444; border-bottom: 0.6pt solid #444; }",
    "none": "",
    "zebra": "tr.z td { background: #EEF3F8; }",
    "zebra-horizontal": "tr.z td { background: #EEF3F8; }"
                        " td, th { border-top: 0.6pt solid #444; border-bottom: 0.6pt solid #444; }",
    "box": "table { border: 1pt solid #000; }",
}


def _mark(shape: str, colour: str, size: float = 8) -> str:
    inner = (f'<circle cx="{size / 2}" cy="{size / 2}" r="{size / 2}" fill="#{colour}"/>' if shape == "circle"
             else f'<rect width="{size}" height="{size}" fill="#{colour}"/>')
    return f'<svg width="{size}pt" height="{size}pt" viewBox="0 0 {size} {size}">{inner}</svg>'


def _cell(tag: str, cell: Cell) -> str:
    style = [f"text-align:{cell.align}"]
    if cell.fill:
        style.append(f"background:#{cell.fill}")
    if cell.colour:
        style.append(f"color:#{cell.colour}")
    if cell.bold:
        style.append("font-weight:bold")
    body = "<br>".join(html.escape(line) for line in cell.text.split("\n"))
    if cell.mark:
        body = _mark(cell.mark, cell.mark_colour)
    spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
        (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    return f'<{tag}{spans} style="{";".join(style)}">{body}</{tag}>'


def _row(row: TRow, tag: str) -> str:
    classes = []
    if row.code and row.code % 2 == 0:
        classes.append("z")
    if row.keep:
        classes.append("keep")
    attr = f' class="{" ".join(classes)}"' if classes else ""
    return f"<tr{attr}>" + "".join(_cell(tag, c) for c in row.cells) + "</tr>"


def render_html(sheet: Sheet) -> str:
    """Give `sheet` as one HTML document."""
    layout = sheet.layout
    css = [
        f"@page {{ size: {PAGES[layout.page]}; margin: 14mm 10mm;"
        + (f' @top-center {{ content: "{sheet.running_head}"; font-size: 8pt; }}'
           ' @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }'
           if sheet.running_head else "") + " }",
        f"body {{ font-family: {FONTS[layout.font]}; font-size: {layout.size}pt; margin: 0; }}",
        "h1 { font-size: 14pt; margin: 0 0 2pt 0; } h2 { font-size: 11pt; margin: 8pt 0 4pt 0; }",
        "p.sub { font-size: 10pt; margin: 0 0 6pt 0; }",
        "table { border-collapse: collapse; width: 100%; table-layout: fixed; margin-bottom: 8pt; }",
        "td, th { padding: 2pt 3pt; vertical-align: top; overflow-wrap: break-word; }",
        "th { vertical-align: middle; }",
        "tr.keep { break-inside: avoid; page-break-inside: avoid; }",
        "p.key { font-size: 8pt; margin: 0 0 6pt 0; } p.key span { margin-right: 12pt; }",
        RULES[layout.rules],
    ]
    if layout.header == "narrow-wrap":
        css.append("th { word-break: break-all; }")
    if layout.rag == "wrapped-word":
        css.append("td { hyphens: none; }")
    parts = [f"<h1>{html.escape(sheet.title[0])}</h1>"]
    parts += [f'<p class="sub">{html.escape(line)}</p>' for line in sheet.title[1:]]
    if sheet.key:
        shape = layout.rag if layout.rag in ("circle", "square") else "square"
        parts.append('<p class="key">Key: ' + "".join(
            f"<span>{_mark(shape, colour, 7)} {html.escape(label)}</span>" for label, colour in sheet.key
        ) + "</p>")
    for table in sheet.tables:
        if table.heading:
            brk = ' style="break-before: page"' if table.new_page else ""
            parts.append(f"<h2{brk}>{html.escape(table.heading)}</h2>")
        total = sum(table.widths)
        cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in table.widths)
        head = "".join(_row(r, "th") for r in table.head)
        body = "".join(_row(r, "td") for r in table.body)
        if layout.repeat_header:
            parts.append(f"<table><colgroup>{cols}</colgroup><thead>{head}</thead><tbody>{body}</tbody></table>")
        else:
            parts.append(f"<table><colgroup>{cols}</colgroup><tbody>{head}{body}</tbody></table>")
    head_style = ""
    if sheet.header_fill:
        head_style = f"th {{ background: #{sheet.header_fill}; color: #{sheet.header_colour}; }}"
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            + html.escape(sheet.title[0]) + "</title><style>" + "\n".join(css + [head_style])
            + "</style></head><body>" + "\n".join(parts) + "</body></html>")


class RenderFailed(RuntimeError):
    """A producer did not give a PDF."""


def chromium_pdf(sheet: Sheet, work: Path) -> Path:
    """Print `sheet` to PDF with headless Chromium; a `browser` running header keeps
    Chromium's own header and footer (a date, the title, the file's URL, page numbers)."""
    source = work / "card.html"
    source.write_text(render_html(sheet), encoding="utf-8")
    pdf = work / "card.pdf"
    profile = Path(tempfile.mkdtemp(prefix="layoutgen-chromium-"))
    cmd = [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={profile}", f"--print-to-pdf={pdf}"]
    if sheet.layout.running != "browser":
        cmd.append("--no-pdf-header-footer")
    cmd.append(source.as_uri())
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False,
                                env={**os.environ, "HOME": str(profile)})
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if not pdf.is_file():
        raise RenderFailed(f"chromium gave no PDF: {result.stderr[-500:]}")
    return pdf


def weasyprint_pdf(sheet: Sheet, work: Path) -> Path:
    """Print `sheet` to PDF with WeasyPrint."""
    import weasyprint

    pdf = work / "card.pdf"
    weasyprint.HTML(string=render_html(sheet), base_url=str(work)).write_pdf(pdf)
    return pdf
