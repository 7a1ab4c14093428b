"""`python -m extract INPUT.pdf --out DIR [--period YYYY-MM]`: the thin command-line shell."""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

from dataset.periods import quarter_label
from extract import limits
from extract.api import ENGINES, Settings, extract_pdf
from extract.audit import CODES as AUDIT_CODES
from extract.errors import ExtractError, as_extract_error

log = logging.getLogger("extract")
_LISTED = 10  # audit warnings printed before "and N more"


def _parser() -> argparse.ArgumentParser:
    defaults = limits.Bounds()
    parser = argparse.ArgumentParser(
        prog="python -m extract",
        description="Read a monthly KPI scorecard PDF into indicators.csv, figures.csv and extraction.json.",
    )
    parser.add_argument("pdf", type=Path, help="the scorecard PDF")
    parser.add_argument("--out", type=Path, required=True, help="directory to write the dataset to")
    parser.add_argument("--period", help="the latest month, YYYY-MM, when the PDF does not say its year")
    parser.add_argument("--engine", choices=ENGINES, default="auto", help="table engine (default: auto, per table)")
    parser.add_argument("--cross-check", action="store_true",
                        help="read the tables with both engines and list the figures they disagree on (slower)")
    parser.add_argument("--max-seconds", type=float, default=defaults.document_seconds,
                        help=f"give up on the document after this many seconds (default {defaults.document_seconds:g})")
    parser.add_argument("--page-seconds", type=float, default=defaults.page_seconds,
                        help=f"give up when one page takes longer than this (default {defaults.page_seconds:g})")
    parser.add_argument("--max-memory", type=int, default=defaults.memory_bytes // limits.MIB, metavar="MIB",
                        help=f"memory the extraction may take, in MiB (default {defaults.memory_bytes // limits.MIB})")
    parser.add_argument("--debug", action="store_true", help="log the traceback of an internal error")
    return parser


def _progress(page: int, pages: int) -> None:
    """Show which page is being read on a terminal, on one line that the next overwrites."""
    if not sys.stderr.isatty():
        return
    line = f"reading page {page} of {pages}" if pages else ""
    print(f"\r{line:<40}\r" if not pages else f"\r{line}", end="", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run the command with `argv`; give the exit code (0 done, 2 refused)."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING, format="%(message)s")
    # The parsers log and warn about every oddity of a malformed file; the user gets one line.
    for name in ("pdfminer", "pdfplumber", "playa", "camelot", "pypdf"):
        logging.getLogger(name).setLevel(logging.ERROR)
    bounds = limits.Bounds(args.max_seconds, args.page_seconds, args.max_memory * limits.MIB)
    settings = Settings(engine=args.engine, bounds=bounds, cross_check=args.cross_check,
                        on_page=_progress if sys.stderr.isatty() else None)
    try:
        with warnings.catch_warnings():
            if not args.debug:
                warnings.simplefilter("ignore")
            extraction = extract_pdf(args.pdf, args.period, settings)
            _progress(0, 0)
            extraction.write(args.out)
    except FileNotFoundError:
        print(f"extract: {args.pdf}: no such file", file=sys.stderr)
        return 2
    except IsADirectoryError:
        print(f"extract: {args.pdf}: is a directory, not a PDF", file=sys.stderr)
        return 2
    except PermissionError:
        print(f"extract: {args.pdf}: permission denied", file=sys.stderr)
        return 2
    except ExtractError as exc:
        print(f"extract: {args.pdf.name}: {exc}", file=sys.stderr)
        return 2
    # Every PDF is untrusted: whatever a parser raises on one is a refusal, never a traceback.
    except Exception as exc:
        error = as_extract_error(exc)
        if args.debug:
            log.debug("internal error reading %s", args.pdf, exc_info=exc)
        print(f"extract: {args.pdf.name}: {error}", file=sys.stderr)
        return 2
    notes = extraction.meta["warnings"]
    if extraction.meta["frequency"] == "quarterly":
        spans = (f"quarters {quarter_label(extraction.periods[0])}..{quarter_label(extraction.period)}"
                 f" ({extraction.periods[0]}..{extraction.period})")
    else:
        spans = f"months {extraction.periods[0]}..{extraction.period}"
    print(f"{args.pdf.name}: {len(extraction.indicators)} indicators, {spans}, {len(notes)} warnings → {args.out}")
    unaccounted = [w for w in notes if w.get("code") in AUDIT_CODES]
    if unaccounted:
        print(f"{len(unaccounted)} things inside the tables were not read:")
        for warning in unaccounted[:_LISTED]:
            print(f"  page {warning['page']}: {warning['message']}")
        if len(unaccounted) > _LISTED:
            print(f"  and {len(unaccounted) - _LISTED} more in extraction.json")
    return 0
