"""The command line behind `make report`: `python -m monthly [--inbox inbox] [--out out] ...`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from monthly.errors import MonthlyError
from monthly.run import EXIT_USAGE, Settings, run_monthly

_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _period(text: str) -> str:
    if not _PERIOD.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a month written YYYY-MM, e.g. 2022-04")
    return text


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    defaults = Settings()
    parser = argparse.ArgumentParser(
        prog="python -m monthly",
        description="Load every scorecard PDF in the inbox into the history and build the board pack"
        " for the latest period.",
    )
    parser.add_argument(
        "--inbox",
        type=Path,
        default=defaults.inbox,
        help="where new scorecards are dropped (inbox)",
    )
    parser.add_argument(
        "--out", type=Path, default=defaults.out, help="where the pack, workbook and CSVs go (out)"
    )
    parser.add_argument(
        "--archive",
        type=Path,
        default=defaults.archive,
        help="where loaded scorecards are kept (archive)",
    )
    parser.add_argument(
        "--data", type=Path, default=defaults.data, help="where the history store lives (data)"
    )
    parser.add_argument(
        "--period",
        type=_period,
        help="build the pack for this month (YYYY-MM) instead of the latest",
    )
    parser.add_argument(
        "--wait", action="store_true", help="wait for another run to finish instead of refusing"
    )
    parser.add_argument(
        "--jobs",
        type=_jobs,
        help="how many scorecards to read at once (default: one per usable core)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the monthly routine that `argv` asks for; give 0, 1 (a file refused) or 2 (usage, lock)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else 0
    settings = Settings(
        inbox=args.inbox,
        out=args.out,
        archive=args.archive,
        data=args.data,
        period=args.period,
        wait=args.wait,
        jobs=args.jobs,
    )
    try:
        result = run_monthly(settings)
    except MonthlyError as exc:
        print(f"monthly: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return result.exit_code
