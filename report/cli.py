"""The command line: `python -m report DATA_DIR [--out PACK.pdf] [--html PACK.html]
[--accessible-pdf PACK.pdf] [--brand B.toml] [--catalogue K.toml]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from report.errors import ReportError
from report.pack import build_pack

EXIT_BAD_INPUT = 2
# Each option names the file of one edition: (option, edition, help).
OPTIONS = (
    ("out", "print", "the print pack PDF to write"),
    ("html", "html", "the HTML edition to write: one self-contained, accessible page"),
    ("accessible_pdf", "accessible", "the tagged PDF/UA-1 edition to write"),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m report",
        description="Build the board pack from a dataset directory: the print PDF, the HTML "
        "edition, the tagged PDF, or any of them.",
    )
    parser.add_argument(
        "data_dir", type=Path, metavar="DATA_DIR", help="dataset written by extract"
    )
    for name, _, words in OPTIONS:
        flag = "--" + name.replace("_", "-")
        metavar = "PACK.html" if name == "html" else "PACK.pdf"
        parser.add_argument(flag, dest=name, type=Path, metavar=metavar, help=words)
    parser.add_argument("--brand", type=Path, help="brand TOML (default: assets/brand.toml)")
    parser.add_argument(
        "--catalogue", type=Path, help="KPI catalogue TOML (default: assets/kpis.toml)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Build each edition that `argv` asks for; give 0, or 2 after one line on stderr for bad
    input."""
    parser = _parser()
    args = parser.parse_args(argv)
    wanted = [(getattr(args, name), edition) for name, edition, _ in OPTIONS if getattr(args, name)]
    if not wanted:
        parser.error("name at least one of --out, --html and --accessible-pdf")
    for path, edition in wanted:
        try:
            info = build_pack(
                args.data_dir, path, brand=args.brand, catalogue=args.catalogue, edition=edition
            )
        except ReportError as exc:
            print(f"report: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        notes = (
            f", {len(info.warnings)} warnings in the data-quality annex" if info.warnings else ""
        )
        size = "one page" if edition == "html" else f"{info.pages} pages"
        print(f"{info.path}: {size}, {info.indicators} indicators{notes}")
    return 0
