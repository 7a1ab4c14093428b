"""Measure each table engine on every fixture: accuracy against the expected dataset, and time.

    .venv/bin/python scripts/compare_engines.py [--write docs/engines.md]

Accuracy is the share of expected fields (every indicator column and every figure column of
every row) that the engine's extraction reproduces exactly; a refusal scores 0.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS
from dataset.csvio import as_written, read_rows
from extract import ExtractError, Settings, extract_pdf

ENGINES = ("pdfplumber", "camelot")
OCR_START = "<!-- ocr:start -->"


def score(expected_dir: Path, extraction) -> tuple[int, int]:
    """Give (fields right, fields expected) of `extraction` against `expected_dir`."""
    right = total = 0
    for name, columns, got in (
        ("indicators.csv", INDICATOR_COLUMNS, extraction.indicators if extraction else []),
        ("figures.csv", FIGURE_COLUMNS, extraction.figures if extraction else []),
    ):
        expected = read_rows(expected_dir / name, columns)
        actual = {(r["key"], r.get("period", ""), r.get("measure", "")): r for r in as_written(got, columns)}
        for row in expected:
            other = actual.get((row["key"], row.get("period", ""), row.get("measure", "")), {})
            for column in columns:
                total += 1
                right += other.get(column) == row[column]
    return right, total


def _period(stem: str) -> str | None:
    meta = ROOT / "fixtures" / f"{stem}.expected" / "meta.json"
    argv = json.loads(meta.read_text()).get("argv", []) if meta.exists() else []
    return argv[argv.index("--period") + 1] if "--period" in argv else None


SOAK_SECTION = "## Layout soak"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the results as Markdown to this file")
    args = parser.parse_args()
    pdfs = sorted(p for p in (ROOT / "fixtures").glob("*.pdf") if (ROOT / "fixtures" / f"{p.stem}.expected").is_dir())
    lines = ["| fixture | " + " | ".join(f"{e} accuracy | {e} time" for e in ENGINES) + " |",
             "| --- | " + " | ".join("---: | ---:" for _ in ENGINES) + " |"]
    totals = {e: [0, 0, 0.0] for e in ENGINES}
    for pdf in pdfs:
        cells = []
        for engine in ENGINES:
            started = time.perf_counter()
            try:
                extraction = extract_pdf(pdf, _period(pdf.stem), Settings(engine=engine))
            except ExtractError:
                extraction = None
            seconds = time.perf_counter() - started
            right, total = score(ROOT / "fixtures" / f"{pdf.stem}.expected", extraction)
            totals[engine][0] += right
            totals[engine][1] += total
            totals[engine][2] += seconds
            cells.append(f"{100 * right / total:.1f}% | {seconds:.2f} s")
        lines.append(f"| {pdf.stem} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    lines.append("| **all** | " + " | ".join(
        f"**{100 * r / t:.1f}%** | **{s:.2f} s**" for r, t, s in totals.values()) + " |")
    print(lines[-1])
    if args.write:
        import camelot
        import pdfplumber

        header = [
            "# Table engines compared",
            "",
            "Both engines sit behind one interface (`extract/grid.py`: a grid of cells with boxes);",
            "`extract` chooses per page (`--engine auto`): pdfplumber's vector ruling lines first,",
            "camelot's lattice (lines found in the rendered page image) when a page with a text layer",
            "carries images and no vector table, and text alignment for borderless tables. The text in",
            "each cell always comes from the PDF's text layer, so the engines differ only in finding",
            "the cells. Forced engines below still fall back to text alignment for borderless pages.",
            "",
            f"Measured by `scripts/compare_engines.py --write docs/engines.md` on {platform.machine()}, "
            f"Python {platform.python_version()}, pdfplumber {pdfplumber.__version__}, camelot {camelot.__version__}.",
            "Accuracy: share of expected dataset fields reproduced exactly. Time: one extraction, wall clock.",
            "",
        ]
        # Sections measured separately are kept: the layout soak's (scripts/soak.py) and the
        # OCR engines' comparison (scripts/compare_ocr.py), both after this one.
        old = args.write.read_text(encoding="utf-8") if args.write.is_file() else ""
        starts = [old.index(mark) for mark in (SOAK_SECTION, OCR_START) if mark in old]
        kept = old[min(starts):] if starts else ""
        args.write.write_text("\n".join(header + lines) + "\n" + ("\n" + kept if kept else ""),
                              encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
