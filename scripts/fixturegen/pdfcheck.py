"""Conversion through LibreOffice and the pdfplumber checks that a PDF shows what it should."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pdfplumber

from fixturegen.model import Fixture, Row


class FixtureCheckFailed(AssertionError):
    """The converted PDF does not show the feature its fixture is meant to prove."""


def lo_profile() -> Path:
    """Give this run's private LibreOffice profile directory."""
    # Private, so that a LibreOffice another engineer has open does not take the job.
    return Path(tempfile.gettempdir()) / f"boardpack-fixtures-lo-{os.getpid()}"


def convert(source: Path, outdir: Path) -> Path:
    """Convert `source` (.docx/.xlsx) to PDF in `outdir` with headless LibreOffice; give the PDF."""
    profile = lo_profile()
    cmd = [
        shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}",
        "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), str(source),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    pdf = outdir / (source.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        raise FixtureCheckFailed(f"soffice failed on {source.name}: {result.stderr or result.stdout}")
    return pdf


def squeeze(text: str) -> str:
    """Give `text` NFKC-folded with all whitespace removed (how it is compared with the PDF)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def x_ranges_from_widths(left_cm: float, widths_cm: list[float]) -> list[tuple[float, float]]:
    """Give each column's (x0, x1) in points for a table at `left_cm` with `widths_cm`."""
    out, x = [], left_cm * 72 / 2.54
    for width in widths_cm:
        w = width * 72 / 2.54
        out.append((x, x + w))
        x += w
    return out


def x_ranges_from_rules(page) -> list[tuple[float, float]]:
    """Give the column (x0, x1) ranges between the vertical rules of a ruled table on `page`."""
    xs = sorted({round(e["x0"], 0) for e in page.edges if e["orientation"] == "v"})
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > 2:
            merged.append(x)
    return list(itertools.pairwise(merged))


def column_strings(pdf, x_range: tuple[float, float]) -> list[str]:
    """Give, per page, the squeezed text of the words whose left edge lies in `x_range`."""
    x0, x1 = x_range
    out = []
    for page in pdf.pages:
        words = page.extract_words(use_text_flow=False, keep_blank_chars=False)
        out.append(squeeze("".join(w["text"] for w in words if x0 - 3 <= w["x0"] < x1 - 1)))
    return out


def _label(row: Row, with_ref: bool) -> str:
    return f"{row.ref} {row.name}" if with_ref and row.ref else row.name


def locate_rows(fixture: Fixture, pdf, name_col: tuple[float, float], narrative_col,
                with_ref: bool) -> list[list[int]]:
    """Give the 1-based pages of each indicator row, checking rows break only where allowed."""
    names = column_strings(pdf, name_col)
    narratives = column_strings(pdf, narrative_col) if narrative_col else None
    page, offset = 0, 0
    pages: list[list[int]] = []
    for row in fixture.indicator_rows():
        wanted = squeeze(_label(row, with_ref))
        while page < len(names):
            at = names[page].find(wanted, offset)
            if at >= 0:
                offset = at + len(wanted)
                break
            page, offset = page + 1, 0
        else:
            raise FixtureCheckFailed(f"{fixture.stem}: row {row.name!r} not found in the name column")
        found = [page + 1]
        if narratives is not None and row.narrative:
            text = squeeze(row.narrative)
            if row.splittable:
                head, tail = text[:60], text[-60:]
                if text in narratives[page] or head not in narratives[page] \
                        or page + 1 >= len(narratives) or tail not in narratives[page + 1]:
                    raise FixtureCheckFailed(
                        f"{fixture.stem}: narrative of {row.name!r} does not break from page "
                        f"{page + 1} to {page + 2}")
                found.append(page + 2)
            elif text not in narratives[page] and row.narrative_group is None:
                raise FixtureCheckFailed(
                    f"{fixture.stem}: narrative of {row.name!r} is not whole on page {page + 1}")
        pages.append(found)
    return pages


def check_narratives_whole(fixture: Fixture, pdf, narrative_col) -> None:
    """Check every narrative prints in full (not clipped) in the narrative column."""
    joined = "".join(column_strings(pdf, narrative_col))
    for row in fixture.indicator_rows():
        if row.narrative and not row.splittable and squeeze(row.narrative) not in joined:
            raise FixtureCheckFailed(f"{fixture.stem}: narrative of {row.name!r} is clipped")


def words(pdf, page_index: int) -> list[dict]:
    return pdf.pages[page_index].extract_words(use_text_flow=False, keep_blank_chars=False)


def all_text(pdf) -> str:
    return "\n".join(page.extract_text() or "" for page in pdf.pages)


def open_pdf(path: Path):
    return pdfplumber.open(str(path))
