"""One fixture from model to checked PDF and expected dataset."""

from __future__ import annotations

import shutil
from pathlib import Path

from dataset.csvio import read_rows
from dataset.schema import INDICATOR_COLUMNS, INDICATORS_FILE
from fixturegen.checks import Context
from fixturegen.expected import figure_records, write_expected
from fixturegen.model import Fixture
from fixturegen.pdfcheck import (
    FixtureCheckFailed,
    check_narratives_whole,
    convert,
    locate_rows,
    open_pdf,
    x_ranges_from_rules,
    x_ranges_from_widths,
)

MAX_BYTES = 150_000


def _ranges(fixture: Fixture, pdf) -> list[tuple[float, float]]:
    layout = fixture.layout
    if callable(layout.get("ranges")):
        # A layout with neither rules nor known widths says where its columns are.
        ranges = layout["ranges"](pdf)
        if len(ranges) != len(layout["cols"]):
            raise FixtureCheckFailed(
                f"{fixture.stem}: {len(ranges)} columns found, expected {len(layout['cols'])}")
        return ranges
    if layout.get("ruled"):
        # Calc scales the sheet to the page width, so read the columns off its rules.
        ranges = x_ranges_from_rules(pdf.pages[layout.get("table_page", 0)])
        if len(ranges) != len(layout["cols"]):
            raise FixtureCheckFailed(
                f"{fixture.stem}: {len(ranges)} ruled columns, expected {len(layout['cols'])}")
        return ranges
    return x_ranges_from_widths(layout["left_cm"], [c.width for c in layout["cols"]])


def check_pdf(fixture: Fixture, pdf_path: Path) -> tuple[list[list[int]], int]:
    """Check that the PDF at `pdf_path` shows `fixture`; give the pages of each row and the page count."""
    with open_pdf(pdf_path) as pdf:
        ranges = _ranges(fixture, pdf)
        roles = [c.role for c in fixture.layout["cols"]]
        name_index = next(i for i, r in enumerate(roles) if r in ("name", "refname"))
        narrative_col = ranges[roles.index("narrative")] if "narrative" in roles else None
        pages = locate_rows(fixture, pdf, ranges[name_index], narrative_col,
                            with_ref="refname" in roles)
        if narrative_col:
            check_narratives_whole(fixture, pdf, narrative_col)
        ctx = Context(ranges[name_index], narrative_col, ranges, pages)
        for check in fixture.checks:
            check(fixture, pdf, ctx)
        page_count = len(pdf.pages)
    return pages, page_count


def build_fixture(fixture: Fixture, work: Path, out: Path) -> str:
    """Build, convert and check `fixture`; write its PDF and expected dataset; give a summary line."""
    suffix = ".docx" if fixture.producer == "word" else ".xlsx"
    source = work / f"{fixture.stem}{suffix}"
    fixture.build(fixture, source)
    pdf_path = convert(source, work)
    pages, page_count = check_pdf(fixture, pdf_path)
    size = pdf_path.stat().st_size
    if size > MAX_BYTES:
        raise FixtureCheckFailed(f"{fixture.stem}: PDF is {size} bytes, over {MAX_BYTES}")
    shutil.copyfile(pdf_path, out / f"{fixture.stem}.pdf")
    write_expected(fixture, out / f"{fixture.stem}.expected", pages)
    n_rows = len(fixture.indicator_rows())
    return (f"{fixture.stem}.pdf: {fixture.producer}, {page_count} pages, {n_rows} indicators, "
            f"{len(figure_records(fixture))} figure rows, {size // 1024} KB, "
            f"periods {fixture.periods[0]}..{fixture.periods[-1]}")



def refresh_expected(fixture: Fixture, out: Path) -> str:
    """Write the expected dataset of `fixture` in `out` again from the model (after a change to
    what a dataset holds), keeping the pages each row was found on when its PDF was built."""
    directory = out / f"{fixture.stem}.expected"
    rows = read_rows(directory / INDICATORS_FILE, INDICATOR_COLUMNS)
    pages = [[int(p) for p in row["pages"].split(";")] for row in rows]
    write_expected(fixture, directory, pages)
    return f"{fixture.stem}.expected: rewritten from the model"
