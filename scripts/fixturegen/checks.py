"""Checks that a converted PDF really shows the feature its fixture is meant to prove."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixturegen.model import Fixture
from fixturegen.pdfcheck import FixtureCheckFailed, column_strings, squeeze, words


@dataclass
class Context:
    """What the generic pass found: column x ranges and the pages of every indicator row."""

    name_col: tuple[float, float]
    narrative_col: tuple[float, float] | None
    ranges: list[tuple[float, float]]
    pages: list[list[int]]


def fail(fixture: Fixture, message: str) -> None:
    raise FixtureCheckFailed(f"{fixture.stem}: {message}")


def _table_pages(ctx: Context) -> range:
    first = min(p for ps in ctx.pages for p in ps)
    last = max(p for ps in ctx.pages for p in ps)
    return range(first - 1, last)


def header_repeats(fixture: Fixture, pdf, ctx: Context) -> None:
    """Every page of the table starts with the header row."""
    probe = squeeze(fixture.layout["header_probe"])
    strings = column_strings(pdf, ctx.name_col)
    pages = _table_pages(ctx)
    if len(pages) < 2:
        fail(fixture, "the table fits on one page, so no header can repeat")
    for index in pages:
        if probe not in strings[index]:
            fail(fixture, f"page {index + 1} does not repeat the header {probe!r}")


def merged_narratives_once(fixture: Fixture, pdf, ctx: Context) -> None:
    """A narrative shared by merged rows prints once, not once per row."""
    joined = "".join(column_strings(pdf, ctx.narrative_col))
    shared = {r.narrative for r in fixture.indicator_rows() if r.narrative_group is not None}
    if not shared:
        fail(fixture, "no merged narrative to check")
    for text in shared:
        if joined.count(squeeze(text)) != 1:
            fail(fixture, f"shared narrative {text[:40]!r}... prints {joined.count(squeeze(text))}"
                          " times")


def row_splits_under_header(fixture: Fixture, pdf, ctx: Context) -> None:
    """The splittable row's continuation sits below the repeated header on the next page."""
    rows = fixture.indicator_rows()
    split = [(r, p) for r, p in zip(rows, ctx.pages) if r.splittable]
    if len(split) != 1 or len(split[0][1]) != 2:
        fail(fixture, "expected exactly one row broken over two pages")
    row, (_, second) = split[0]
    page_words = words(pdf, second - 1)
    probe = fixture.layout["header_probe"].split()[0]
    header_bottom = max((w["bottom"] for w in page_words if w["text"] == probe), default=None)
    if header_bottom is None:
        fail(fixture, f"page {second} has no repeated header")
    tail_word = row.narrative.split()[-1]
    tails = [w for w in page_words if w["text"] == tail_word]
    if not tails or min(w["top"] for w in tails) <= header_bottom:
        fail(fixture, f"the continuation on page {second} is not below the header")


def no_year_in_text(fixture: Fixture, pdf, ctx: Context) -> None:
    """No 19xx/20xx year is printed anywhere (text or metadata title)."""
    for index, page in enumerate(pdf.pages):
        found = re.findall(r"(?<!\d)(19|20)\d\d(?!\d)", page.extract_text() or "")
        if found:
            fail(fixture, f"page {index + 1} prints a year-like number")
    if re.search(r"(19|20)\d\d", str(pdf.metadata.get("Title", ""))):
        fail(fixture, "the PDF title carries a year")


def wrapped_word(fixture: Fixture, pdf, ctx: Context, whole: str, column_roles: tuple[str, ...],
                 pieces_min: int = 2) -> None:
    """`whole` prints broken over lines (no single word equals it) in the given columns."""
    cols = [ctx.ranges[i] for i, c in enumerate(fixture.layout["cols"]) if c.role in column_roles]
    found_whole = found_piece = False
    for page in pdf.pages:
        for w in page.extract_words():
            if any(x0 - 3 <= w["x0"] < x1 - 1 for x0, x1 in cols):
                if w["text"] == whole:
                    found_whole = True
                elif w["text"] and whole.startswith(w["text"]) and len(w["text"]) < len(whole):
                    found_piece = True
    if found_whole or not found_piece:
        fail(fixture, f"{whole!r} does not wrap inside its narrow cell")


def wrapped_in_column(fixture: Fixture, pdf, ctx: Context, column: int, whole: str) -> None:
    """`whole` prints over two lines inside column number `column`, never on one line."""
    x0, x1 = ctx.ranges[column]
    pieces = []
    for page in pdf.pages:
        for w in page.extract_words():
            if x0 - 3 <= w["x0"] < x1 - 1:
                if w["text"] == whole:
                    fail(fixture, f"{whole!r} prints on one line in column {column}")
                if whole.startswith(w["text"]) and w["text"] != whole:
                    pieces.append(w)
    if not pieces:
        fail(fixture, f"{whole!r} does not wrap in column {column}")


def sections_span(fixture: Fixture, pdf, ctx: Context) -> None:
    """Each section title prints on a line of its own, starting in the first column."""
    x0 = ctx.ranges[0][0]
    titles = [r.title for r in fixture.rows if not hasattr(r, "name")]
    text = "\n".join(page.extract_text() or "" for page in pdf.pages).splitlines()
    for title in titles:
        if title not in [line.strip() for line in text]:
            fail(fixture, f"section {title!r} is not a line of its own")
    starts = [w for page in pdf.pages for w in page.extract_words()
              if w["text"] == titles[0].split()[0] and abs(w["x0"] - x0) < 8]
    if not starts:
        fail(fixture, f"section {titles[0]!r} does not start at the table's left edge")


def annex_after_prose(fixture: Fixture, pdf, ctx: Context) -> None:
    """The scorecard starts after at least two pages of prose, and a budget table comes first."""
    first = min(ps[0] for ps in ctx.pages)
    if first < 3:
        fail(fixture, f"the scorecard starts on page {first}, before two pages of prose")
    before = "\n".join(pdf.pages[i].extract_text() or "" for i in range(first - 1))
    tables = [t for i in range(first - 1) for t in pdf.pages[i].find_tables()]
    if "Variance" not in before or not any(len(t.rows) >= 5 for t in tables):
        fail(fixture, "the budget table is not printed before the annex")
    if pdf.pages[0].width > pdf.pages[0].height or pdf.pages[first - 1].width < \
            pdf.pages[first - 1].height:
        fail(fixture, "the report should be portrait and the annex landscape")


def no_rules(fixture: Fixture, pdf, ctx: Context) -> None:
    """The PDF draws no lines, rectangles or curves at all."""
    for index, page in enumerate(pdf.pages):
        if page.lines or page.rects or page.curves:
            fail(fixture, f"page {index + 1} draws {len(page.lines)} lines and "
                          f"{len(page.rects)} rects")


def fills_present(fixture: Fixture, pdf, ctx: Context) -> None:
    """The cells rated by colour only really print red, amber and green fills."""
    colours = set()
    for page in pdf.pages:
        for rect in page.rects:
            colour = rect.get("non_stroking_color")
            if rect.get("fill") and colour:
                colours.add(tuple(round(float(c), 2) for c in colour))
    wanted = {(1.0, 0.0, 0.0), (1.0, 0.75, 0.0), (0.0, 0.69, 0.31)}
    if not wanted <= colours:
        fail(fixture, f"fills {sorted(colours)} lack one of {sorted(wanted)}")


def names_wrap(fixture: Fixture, pdf, ctx: Context) -> None:
    """Every indicator name needs more than one line in its cell."""
    x0, x1 = ctx.name_col
    for index, page in enumerate(pdf.pages):
        tops = {round(w["top"]) for w in page.extract_words() if x0 - 3 <= w["x0"] < x1 - 1}
        if len(tops) < 2 * len([p for p in ctx.pages if p[0] == index + 1]):
            fail(fixture, f"names on page {index + 1} do not wrap")
