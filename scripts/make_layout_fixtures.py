"""Build the fixtures that came out of the layout soak, through scripts/layoutgen.

Each is a layout of the space (a seed and the dimensions it fixes) that once failed; it is
written as `fixtures/STEM.pdf` beside `fixtures/STEM.expected/` (the dataset and audit.json
from the generator's model) only when it now extracts exactly and its coverage audit says
what the model says. Usage:

    .venv/bin/python scripts/make_layout_fixtures.py [--only STEM ...]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from layoutgen import build, compare, draw

# stem: (seed, fixed dimensions, what it proves)
CASES = {
    "layout-headings-wrap-mid-word": (1, {
        "producer": "weasyprint", "rules": "none", "header": "narrow-wrap", "sections": "none",
        "narrative": "column", "rag": "letter"},
        "A borderless WeasyPrint table whose narrow header cells wrap mid-word ('Polarit' / 'y', "
        "'RA' / 'G', 'Compar' / 'able LAs', the first piece a line above the rest) reads every "
        "column; rows split across pages keep their narrative."),
    "layout-row-split-ref-wraps": (1, {
        "producer": "docx", "rules": "grid", "ref": "column", "extras": "polarity+dot",
        "month_order": "newest-first", "split_rows": True, "indicators": 30, "narrative": "column",
        "sections": "none", "header": "one-row", "rag": "letter"},
        "A committee-paper layout (Ref column, Polarity, months newest first, DoT) whose rows "
        "break across pages: the rest of a row at the top of the next page, its reference "
        "wrapped ('2.' / '2'), joins the row it continues."),
    "layout-zebra-horizontal-rules": (1, {
        "producer": "weasyprint", "rules": "zebra-horizontal", "header": "one-row", "rag": "letter",
        "split_rows": False, "sections": "none", "repeat_header": True, "running": "none",
        "narrative": "column", "indicators": 30},
        "An HTML table printed by WeasyPrint with zebra-shaded rows and horizontal rules only: "
        "the shaded bands are rows of one table, so the unshaded rows between them are read "
        "in place on every page (before, they vanished and the rows after slid into the gaps)."),
    "layout-stat-neighbours-two-lines": (8, {
        "producer": "weasyprint", "rules": "none", "page": "a4-landscape", "months": 3, "size": 7,
        "benchmarks": "both", "header": "one-row", "rag": "letter", "split_rows": False,
        "sections": "none", "repeat_header": True, "running": "none", "narrative": "column",
        "indicators": 12},
        "A borderless table whose comparator heading prints on two lines ('Stat.' / "
        "'neighbours'): the heading is read whole and every comparator is read."),
    "layout-rag-circles-colour-key": (3, {
        "producer": "weasyprint", "rules": "horizontal", "rag": "circle", "colour_key": True,
        "header": "one-row", "split_rows": False, "sections": "none", "repeat_header": True,
        "running": "none", "narrative": "column"},
        "RAG drawn as a small filled circle (a vector path) in an unfilled cell, no letter, a "
        "colour key above the table: each rating is read from the circle's colour "
        "(rag_source 'mark')."),
    "layout-url-wraps-in-narrative": (6, {
        "producer": "weasyprint", "rules": "grid", "rag": "letter", "header": "one-row",
        "split_rows": False, "sections": "none", "repeat_header": True, "running": "none",
        "narrative": "column", "indicators": 12},
        "Narratives whose URLs break at a line end ('https://www.example-council.gov.uk/' / "
        "'childrens-services/...') are rejoined without a space; month headings wrapped "
        "mid-word in narrow portrait columns ('Sep te mb er 202 2 RA G') keep their year."),
    # Colour keys in palettes of a council's own (layoutgen.content.PALETTES), the key read and
    # each RAG colour rated through it.
    "layout-colour-key-colour-blind-palette": (9, {
        "producer": "rl-platypus", "rules": "grid", "rag": "cell-fill", "colour_key": True,
        "header": "one-row", "split_rows": False, "sections": "none", "running": "none",
        "narrative": "column", "indicators": 12},
        "A colour-blind-safe palette (red a vermilion, amber a yellow, green a blue) in shaded "
        "RAG cells, its key of squares above the table: the vermilion is amber by its hue and "
        "the blue no RAG colour at all, so every rating is read through the key."),
    "layout-colour-key-yellow-teal-spreadsheet": (3, {
        "producer": "xlsx", "rules": "grid", "rag": "figure-fill", "colour_key": True,
        "header": "one-row", "split_rows": False, "sections": "none", "running": "none",
        "narrative": "column", "indicators": 12},
        "A spreadsheet whose figure cells are shaded in a yellow amber and a teal green, its key "
        "a row of shaded cells labelled R, A, G: the teal, no green by its hue, is read as G "
        "through the key, and the key's words are set aside as a colour key."),
    "layout-colour-key-office-shades": (6, {
        "producer": "chromium", "rules": "grid", "rag": "square", "colour_key": True,
        "page": "a4-landscape", "months": 3, "header": "one-row", "split_rows": False, "sections": "none", "running": "none",
        "narrative": "column", "indicators": 12},
        "Office's softer shades (C0504D, F79646, 9BBB59) as squares in a RAG column under "
        "a grid, with a key of squares above: each square is the key's colour."),
    # Seeds of `make soak` that were read wrong with no warning, as drawn.
    "layout-url-broken-mid-word": (18, {},
        "Soak seed 18 (reportlab platypus, grid, 30 indicators over 3 pages): URLs that break "
        "inside a word ('…/perform' / 'ance-scorecard') are rejoined without a space."),
    "layout-narrative-merged-across-two": (27, {},
        "Soak seed 27 (reportlab canvas, horizontal rules, header not repeated): one narrative "
        "cell merged down across two indicators, read line by line, gives both indicators the "
        "whole text, not half each."),
    "layout-tables-per-section-row-split": (34, {},
        "Soak seed 34 (Chromium, grid, a table per section under its heading, header not "
        "repeated, rows split across pages): each table is read on its own, its heading is not "
        "a row of the table above, and the row broken at the page foot (no rule under it, none "
        "over its rest) is read whole, with its narrative's end from the next page."),
    "layout-box-section-rows-circles": (4, {},
        "Soak seed 4 (Chromium, an outer box only, section rows, RAG as circles): rows no "
        "rule parts are read from their text, the circles in their own column, every section "
        "row (the first too, under the header) heads its indicators."),
    "layout-borderless-tables-per-section": (24, {},
        "Soak seed 24 (Calc, no rules, a table per section under its heading, coloured "
        "glyphs): every table on the page is read, a one-row table in its neighbours' columns "
        "(before, the first table alone was read and eleven indicators vanished unsaid)."),
    "layout-first-section-under-header": (32, {},
        "Soak seed 32 (Calc, horizontal rules, narrow headings): the first section row, just "
        "under the header, is a section, not the end of a heading."),
    "layout-footer-under-last-row": (40, {},
        "Soak seed 40 (WeasyPrint, horizontal rules, section rows wider than the Ref column, "
        "a running footer): bold section rows across the Ref and name columns head sections, "
        "and 'Page 1 of 2' under the last row is not its narrative."),
    "layout-wrapped-name-beside-wrapped-figure": (54, {},
        "Soak seed 54 (Chromium, no rules, portrait): a name wrapped beside a count and "
        "percentage wrapped in its cell goes on with its row rather than start one."),
    "layout-name-wraps-lower-case": (13, {},
        "Soak seed 13 (reportlab canvas, horizontal rules, a table per section, reference "
        "inside the name, portrait): a name's wrapped end in lower case ('to social care') "
        "beside a wrapped figure goes on with its row."),
    "layout-heading-over-first-table": (66, {},
        "Soak seed 66 (reportlab canvas, horizontal rules, a table per page section, two-row "
        "header): the page reads as one table whose later headings are section rows; the "
        "heading over the first table heads its indicators too (before, they had no section "
        "and nothing said so)."),
    "layout-polarity-wraps-mid-word": (124, {},
        "Soak seed 124 (reportlab canvas, an outer box, a narrow Polarity column): a polarity "
        "wrapped mid-word ('Low' / 'er is bett' / 'er') is read whole, 'Lower is better'."),
    "layout-tight-section-under-header": (97, {"benchmarks": "none"},
        "Soak seed 97 (Chromium, no rules, month group headings, set tight): the first section "
        "row sits under the header no further than the body's rows sit apart, but further than "
        "the header's own lines do: it is a section, not the end of a heading."),
    "layout-section-under-evenly-spaced-header": (134, {},
        "Soak seed 134 (Word through LibreOffice, no rules, narrow headings wrapped over four "
        "lines, every line evenly spaced): the section row under the header, alone in the "
        "first column under nothing of it, is a section, not the end of a heading."),
    "layout-heading-at-page-foot": (61, {},
        "Soak seed 61 (reportlab platypus, grid, a table per section under its heading): the "
        "page breaks between a heading ('Care Leavers', alone at the page foot) and its table; "
        "the heading heads the table at the top of the next page."),
    "layout-running-head-over-carried-table": (239, {},
        "Soak seed 239 (Word through LibreOffice, grid, a table per section under its heading, "
        "a running head): on the second page the running head sits right over the table "
        "carried on; it prints atop both pages, so it heads no section."),
    "layout-narrative-row-atop-next-page": (247, {},
        "Soak seed 247 (reportlab platypus, grid, a narrative row under each indicator, header "
        "not repeated): the page breaks between an indicator and its narrative row; that row, "
        "atop the next page, is the indicator's narrative, not a section heading."),
    "layout-section-like-those-below-header": (219, {},
        "Soak seed 219 (Calc, zebra stripes, a one-line header): the first section row close "
        "under the header looks just like the section rows below it (alone in the first "
        "column, as far left, as bold): it is a section, not the end of a heading."),
    "layout-narrative-merged-fits-first-row": (74, {},
        "Soak seed 74 (reportlab platypus, horizontal rules, narratives merged down across two "
        "indicators): a merged narrative that fits beside the first indicator runs down into "
        "the second's name band; it is both indicators' narrative, not the first's alone."),
    "layout-narrative-merged-cut-mid-sentence": (454, {},
        "Soak seed 454 (reportlab platypus, outer box only, narratives merged down across two "
        "indicators): the merged text is cut where the second row starts, mid-sentence before "
        "a capital ('... to the next' / 'Improvement Board.'); its lines run on at their own "
        "spacing, so it is one narrative, both indicators'."),
    "layout-benchmarks-under-group-heading": (375, {},
        "Soak seed 375 (reportlab platypus, an outer box, two-row header, a table per section "
        "under its heading): 'Benchmarks' printed over 'National' and 'Stat. neighbours' parts "
        "the two columns rather than closing the space between them, and the header printed "
        "again over the next table does not close it either (before, both benchmarks were "
        "read as one, '68% 71%', with no warning)."),
    "layout-rag-column-with-no-rating": (438, {},
        "Soak seed 438 (Word through LibreOffice, an outer box, narrow headings): a RAG column "
        "with no rating in it leaves no clear space of its own, yet its heading, printed apart "
        "from the month's, is a column; the count beside the rate stays the month's figure "
        "(before, '578 25.8' was read as a RAG, with no warning)."),
    "layout-rag-squares-in-grid": (296, {},
        "Soak seed 296 (reportlab platypus, full grid, RAG drawn as filled squares): a square "
        "is a mark in its cell, not four rules that make it a cell of its own (rag_source "
        "'mark', not 'fill')."),
    "layout-title-over-borderless-table": (234, {},
        "Soak seed 234 (reportlab platypus, no rules, a table per section): the title and the "
        "reporting period over the first table, their words a space apart at their own size, "
        "are not its header, so the first section heading is kept."),
    "layout-url-broken-far-from-end": (318, {},
        "Soak seed 318 (reportlab platypus, grid): a URL broken three letters or more from its "
        "end ('…/performance-sco' / 'recard for the method') runs on into a word the document "
        "prints nowhere else, and says so (url-joined)."),
    "layout-name-end-beside-wrapped-rate": (465, {},
        "Soak seed 465 (reportlab platypus, zebra, reference inside the name): a name's wrapped "
        "end ('10k') beside the rate wrapped under its count goes on with its row (before, it "
        "was an indicator of its own holding the rates, with no warning)."),
    "layout-browser-footer-under-broken-row": (214, {},
        "Soak seed 214 (Chromium, full grid, rows split across pages, the browser's own print "
        "header and footer): the footer ('file:///…/card.html' and '2/3') printed close under "
        "a row broken at the page foot ends the table rather than join that row's name."),
    "layout-section-heading-over-two-columns": (422, {},
        "Soak seed 422 (reportlab platypus, horizontal rules, reference inside the name, a "
        "narrow name column): a name's wrapped end ('Children in Need' under '2.1 Number of') "
        "beside a count wrapped in its cell goes on with its row, and a bold section heading "
        "running on over the Polarity column ('Looked After' / 'Children') heads a section."),
    "layout-narrative-merged-rules-stop-short": (253, {},
        "Soak seed 253 (reportlab platypus, horizontal rules, narratives merged down across two "
        "indicators): a merged narrative fits beside the first indicator; the rule under it "
        "crosses every other column but stops at the narrative column, so the narrative is "
        "both indicators'."),
    "layout-narrative-merged-zebra": (273, {},
        "Soak seed 273 (reportlab canvas, zebra stripes, narratives merged down across two "
        "indicators): the narrative column keeps the first row's shading across the second "
        "row, whose other cells are shaded otherwise: one cell, both indicators' narrative, "
        "whether its text fits beside the first or is cut where the second starts."),
    "layout-narrative-row-across-horizontal-rules": (306, {},
        "Soak seed 306 (Chromium, horizontal rules, a narrative row under each indicator): "
        "each narrative row is one line of sentences across the table's columns, read as an "
        "indicator of its own before; it is the narrative of the indicator above it."),
    "layout-quarters-financial-year": (2, {
        "producer": "weasyprint", "rules": "grid", "header": "one-row", "quarter_label": "Q3 2024/25",
        "months": 4, "rag": "letter", "sections": "rows", "narrative": "column", "split_rows": False,
        "page": "a4-landscape", "indicators": 12, "running": "none", "repeat_header": True},
        "A quarterly scorecard headed by financial-year quarters (Q4 2023/24 to Q3 2024/25): each "
        "quarter is read as its last month (Q3 2024/25 is 2024-12) and extraction.json says the "
        "dataset is quarterly, so the pack names Q3 2024/25, never December 2024."),
    "layout-quarters-month-range": (42, {
        "producer": "docx", "rules": "grid", "header": "month-groups",
        "quarter_label": "Oct\u2013Dec 2024", "month_order": "newest-first", "months": 3,
        "rag": "word", "sections": "none", "narrative": "column", "split_rows": False,
        "page": "a4-landscape", "indicators": 6, "running": "none", "repeat_header": True},
        "A quarterly Word scorecard whose quarters are headed by their months (Oct\u2013Dec 2024 "
        "over Actual and RAG), newest first: each is read as its last month, the dataset "
        "quarterly."),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures")
    args = parser.parse_args(argv)
    failed = 0
    for stem, (seed, fixed, proves) in CASES.items():
        if args.only and stem not in args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="layout-fixture-") as tmp:
            # Monthly unless the case says otherwise: cases written before the space drew
            # quarters keep the layout they were made with.
            built = build(draw(seed, **{"quarter_label": "", **fixed}), Path(tmp), stem, proves)
            differences = compare(built)
            if differences:
                failed += 1
                print(f"NOT EXACT {stem}: {differences[0]}", file=sys.stderr)
                continue
            shutil.copyfile(built.pdf, args.out / f"{stem}.pdf")
            shutil.rmtree(args.out / f"{stem}.expected", ignore_errors=True)
            shutil.copytree(built.expected, args.out / f"{stem}.expected")
            print(f"{stem}.pdf: {built.layout.describe()}, {built.pages} pages")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
