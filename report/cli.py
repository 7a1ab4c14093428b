"""The command line: `python -m report DATA_DIR --out PACK.pdf [--brand B.toml] [--catalogue K.toml]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from report.errors import ReportError
from report.pack import build_pack

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m report", description="Build the board pack PDF from a dataset directory."
    )
    parser.add_argument(
        "data_dir", type=Path, metavar="DATA_DIR", help="dataset written by extract"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="PACK.pdf", help="PDF to write")
    parser.add_argument("--brand", type=Path, help="brand TOML (default: assets/brand.toml)")
    parser.add_argument(
        "--catalogue", type=Path, help="KPI catalogue TOML (default: assets/kpis.toml)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Build the pack that `argv` asks for; give 0, or 2 after one line on stderr for bad input."""
    args = _parser().parse_args(argv)
    try:
        info = build_pack(args.data_dir, args.out, brand=args.brand, catalogue=args.catalogue)
    except ReportError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    notes = f", {len(info.warnings)} warnings in the data-quality annex" if info.warnings else ""
    print(f"{info.path}: {info.pages} pages, {info.indicators} indicators{notes}")
    return 0
