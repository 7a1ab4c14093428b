"""`python -m extract INPUT.pdf --out DIR [--period YYYY-MM]`: the thin command-line shell."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from extract.api import ENGINES, Settings, extract_pdf, write_dataset
from extract.errors import ExtractError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m extract",
        description="Read a monthly KPI scorecard PDF into indicators.csv, figures.csv and extraction.json.",
    )
    parser.add_argument("pdf", type=Path, help="the scorecard PDF")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the dataset to")
    parser.add_argument("--period", help="the latest month, YYYY-MM, when the PDF does not say its year")
    parser.add_argument("--engine", choices=ENGINES, default="auto", help="table engine (default: auto, per table)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command with `argv`; give the exit code (0 done, 2 refused)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        extraction = extract_pdf(args.pdf, args.period, Settings(engine=args.engine))
        write_dataset(extraction, args.out)
    except ExtractError as exc:
        print(f"extract: {args.pdf.name}: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError:
        print(f"extract: {args.pdf}: no such file", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"extract: {args.pdf}: is a directory, not a PDF", file=sys.stderr)
        return 2
    warnings = extraction.meta["warnings"]
    print(
        f"{args.pdf.name}: {len(extraction.indicators)} indicators, months "
        f"{extraction.periods[0]}..{extraction.period}, {len(warnings)} warnings → {args.out}"
    )
    return 0
