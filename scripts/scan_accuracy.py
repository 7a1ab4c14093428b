"""Measure how well scans are read: every cell of the expected dataset against what the scan
gave, the RAG of every figure, the indicators found, and whether each wrong cell was flagged.

    .venv/bin/python scripts/scan_accuracy.py [DIR ...] [--write docs/scans.md]

DIR defaults to build/scans/ (made by `scripts/make_scans.py --matrix`). A cell is one field of
one indicator (every column of indicators.csv but its key) or one field of one figure (every
column of figures.csv but key and period); indicators are matched in source order, so a
misread name costs its own cell only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS
from dataset.csvio import as_written, read_rows
from extract import ExtractError, Settings, extract_pdf, limits
from extract.text import compact

# Where a cell of the dataset comes from: the field a doubtful-cell warning names.
_FIELD_OF = {"ref": "ref", "name": "name", "narrative": "narrative", "target": "target",
             "target_text": "target", "national": "national", "national_text": "national",
             "comparator": "comparator", "comparator_text": "comparator", "section": "section"}


@dataclass
class Score:
    """How one scan was read."""

    cells: int = 0
    exact: int = 0
    rags: int = 0
    rags_exact: int = 0
    indicators_expected: int = 0
    indicators_found: int = 0
    unflagged: list[str] = field(default_factory=list)  # wrong cells no warning named
    wrong: list[str] = field(default_factory=list)
    flagged: int = 0
    seconds: float = 0.0
    refused: str = ""

    @property
    def share(self) -> float:
        return self.exact / self.cells if self.cells else 0.0

UNHURRIED = limits.Bounds(document_seconds=24 * 3600, page_seconds=24 * 3600)


def score(pdf: Path, expected_dir: Path, extraction=None) -> Score:
    """Give the `Score` of extracting the scan `pdf` against `expected_dir`; `extraction`, when
    given, is the extraction already made (or the exception that refused it)."""
    out = Score()
    started = time.monotonic()
    argv = json.loads((expected_dir / "meta.json").read_text()).get("argv", [])
    period = argv[argv.index("--period") + 1] if "--period" in argv else None
    expected_ind = read_rows(expected_dir / "indicators.csv", INDICATOR_COLUMNS)
    expected_fig = read_rows(expected_dir / "figures.csv", FIGURE_COLUMNS)
    out.indicators_expected = len(expected_ind)
    if extraction is None:
        try:
            # No time bound to speak of: a loaded machine must not turn a measure of accuracy
            # into a refusal.
            extraction = extract_pdf(pdf, period, Settings(bounds=UNHURRIED))
        except ExtractError as exc:
            extraction = exc
    if isinstance(extraction, Exception):
        out.refused = str(extraction)
        out.cells = len(expected_ind) * (len(INDICATOR_COLUMNS) - 1) + len(expected_fig) * (len(FIGURE_COLUMNS) - 2)
        return out
    out.seconds = time.monotonic() - started
    got_ind = as_written(extraction.indicators, INDICATOR_COLUMNS)
    got_fig = as_written(extraction.figures, FIGURE_COLUMNS)
    out.indicators_found = len(got_ind)
    doubts = [w for w in extraction.meta["warnings"] if w["code"] == "doubtful-cell"]
    out.flagged = len(doubts)
    flagged = {(w.get("key", ""), w.get("field", ""), w.get("period", "")) for w in doubts}
    keys = {e["key"]: (g["key"] if g else "") for e, g in zip(expected_ind, got_ind + [None] * len(expected_ind))}
    for index, expected in enumerate(expected_ind):
        got = got_ind[index] if index < len(got_ind) else {}
        for column in INDICATOR_COLUMNS:
            if column == "key":
                continue
            out.cells += 1
            if got.get(column) == expected[column]:
                out.exact += 1
                continue
            where = f"{expected['key']}.{column}: {_difference(expected[column], got.get(column) or '')}"
            out.wrong.append(where)
            if column == "unit":
                # The unit comes from the figures: a doubt on any figure of the row covers it.
                covered = any(k == got.get("key") and f == "figure" for k, f, _ in flagged)
            else:
                covered = (got.get("key", ""), _FIELD_OF.get(column, column), "") in flagged
            if not covered:
                out.unflagged.append(where)
    by_place = {}
    for row in got_fig:
        by_place[(row["key"], row["period"], row["measure"])] = row
    for expected in expected_fig:
        got_key = keys.get(expected["key"], "")
        got = by_place.get((got_key, expected["period"], expected["measure"]), {})
        out.rags += 1
        out.rags_exact += got.get("rag") == expected["rag"]
        for column in FIGURE_COLUMNS:
            if column in ("key", "period"):
                continue
            out.cells += 1
            if _same(got.get(column), expected[column], column):
                out.exact += 1
                continue
            where = (f"{expected['key']} {expected['period']} {column}: {expected[column]!r} "
                     f"read {got.get(column)!r}")
            out.wrong.append(where)
            field_ = "rag" if column.startswith("rag") else "figure"
            if not ({(got_key, field_, expected["period"]), (got_key, "figure", expected["period"]),
                     (got_key, "rag", expected["period"])} & flagged):
                out.unflagged.append(where)
    return out


HEAD = """# How well scans are read

Measured by `scripts/scan_accuracy.py build/scans --write docs/scans.md` (`make scans`) on scans
that `scripts/make_scans.py --matrix` makes from four fixtures (reference-april-2022, 4 pages;
rag-variants; excel-may-2022; value-variants): each page rendered by pdftoppm at the dpi named,
turned by ImageMagick by the skew named, with Gaussian scanner noise, JPEG quality and a grey
photocopy look where named, put back into a PDF image only, and at one setting also with
tesseract's own text layer (which the extractor never reads).

A cell is one field of one indicator (every column of `indicators.csv` but the key) or of one
figure (every column of `figures.csv` but key and period). *Cells exact*: the share equal to the
source fixture's expected dataset (a RAG printed as a Cyrillic look-alike counts as its Latin
twin: the scan shows the same shape). *RAG exact*: figures whose RAG is right. *Indicators
right*: scans with neither an extra nor a missing indicator. *Wrong and not flagged*: cells
not exact that no `doubtful-cell` warning names (the acceptance asks for none at 200 dpi or
more with skew up to 1°).

"""


def _same(got: str | None, expected: str, column: str) -> bool:
    """Say whether a figure's field `got` is `expected`; a RAG printed as a Cyrillic or Greek
    look-alike letter is taken as its Latin twin (`А` as `A`): a scan shows the same shape
    for both, only the code that drew it differed, so no OCR can tell them apart."""
    if got is None:
        return False
    return compact(got) == compact(expected) if column == "rag_text" else got == expected


def _difference(expected: str, got: str) -> str:
    """Give where `got` first differs from `expected`, with a little context either side."""
    if len(expected) < 60:
        return f"{expected!r} read {got!r}"
    at = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b), min(len(expected), len(got)))
    start = max(at - 20, 0)
    return f"…{expected[start:at + 20]!r}… read …{got[start:at + 20]!r}…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[ROOT / "build" / "scans"])
    parser.add_argument("--write", type=Path, help="write the table as Markdown to this file")
    parser.add_argument("--verbose", action="store_true", help="list every wrong cell")
    args = parser.parse_args(argv)
    pdfs = sorted(p for d in args.dirs for p in d.glob("*.pdf") if p.with_suffix(".expected").is_dir())
    lines = ["| scan | cells exact | RAG exact | indicators | wrong and not flagged | flagged | time |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    groups: dict[str, list[Score]] = defaultdict(list)
    for pdf in pdfs:
        result = score(pdf, pdf.with_suffix(".expected"))
        setting = _setting(pdf)
        groups[setting].append(result)
        line = (f"| {pdf.stem} | {result.share:.1%} ({result.exact}/{result.cells}) | "
                f"{result.rags_exact}/{result.rags} | {result.indicators_found}/{result.indicators_expected} | "
                f"{len(result.unflagged)} | {result.flagged} | {result.seconds:.1f} s |")
        if result.refused:
            line = f"| {pdf.stem} | refused: {result.refused} | | | | | |"
        lines.append(line)
        print(line, flush=True)
        if args.verbose:
            for where in result.wrong:
                print(f"    {'UNFLAGGED ' if where in result.unflagged else ''}{where}")
    summary = ["| setting | scans | cells exact | RAG exact | indicators right | wrong and not flagged |",
               "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for setting, results in sorted(groups.items()):
        cells = sum(r.cells for r in results)
        exact = sum(r.exact for r in results)
        rags = sum(r.rags for r in results)
        rags_exact = sum(r.rags_exact for r in results)
        right = sum(r.indicators_found == r.indicators_expected and not r.refused for r in results)
        summary.append(f"| {setting} | {len(results)} | {exact / max(cells, 1):.1%} | "
                       f"{rags_exact / max(rags, 1):.1%} | {right}/{len(results)} | "
                       f"{sum(len(r.unflagged) for r in results)} |")
    print("\n".join(summary))
    if args.write:
        args.write.write_text(HEAD + "\n".join(summary) + "\n\nEach scan:\n\n" + "\n".join(lines) + "\n")
    return 0


def _setting(pdf: Path) -> str:
    meta = json.loads((pdf.with_suffix(".expected") / "meta.json").read_text()).get("scan", {})
    parts = [f"{meta.get('dpi')} dpi", f"skew {meta.get('skew', 0):+.1f}°"]
    if meta.get("noise"):
        parts.append("noise")
    if meta.get("quality", 85) < 60:
        parts.append(f"JPEG q{meta['quality']}")
    if meta.get("grey"):
        parts.append("grey")
    parts.append("OCR layer" if meta.get("layer") else "image only")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
