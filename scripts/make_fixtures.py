"""Build the fixture scorecard PDFs and their expected datasets.

Each fixture is written as a Word (python-docx) or Excel (openpyxl) document, converted with
`soffice --headless --convert-to pdf`, checked with pdfplumber for the feature it proves, and
saved as `fixtures/<stem>.pdf` beside `fixtures/<stem>.expected/` (indicators.csv, figures.csv,
meta.json), computed from the generator's own model. Usage:

    .venv/bin/python scripts/make_fixtures.py [--only STEM ...] [--keep-sources DIR]
    .venv/bin/python scripts/make_fixtures.py --expected-only   # the datasets only, no LibreOffice
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from fixturegen import catalogue, variations, variations2
from fixturegen.build import build_fixture, refresh_expected
from fixturegen.pdfcheck import FixtureCheckFailed, lo_profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="build only these stems")
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures")
    parser.add_argument("--keep-sources", type=Path, default=None,
                        help="keep the .docx/.xlsx files in this directory")
    parser.add_argument("--expected-only", action="store_true",
                        help="rewrite only the expected datasets, from the model")
    args = parser.parse_args(argv)

    fixtures = [make() for make in catalogue.ALL + variations.ALL + variations2.ALL]
    if args.only:
        fixtures = [f for f in fixtures if f.stem in args.only]
    args.out.mkdir(parents=True, exist_ok=True)
    if args.expected_only:
        return _refresh_all(fixtures, args)
    try:
        return _build_all(fixtures, args)
    finally:
        shutil.rmtree(lo_profile(), ignore_errors=True)


def _refresh_all(fixtures, args) -> int:
    for fixture in fixtures:
        try:
            print(refresh_expected(fixture, args.out), flush=True)
        except FixtureCheckFailed as exc:
            print(f"FAILED {exc}", file=sys.stderr)
            return 1
    return 0


def _build_all(fixtures, args) -> int:
    with tempfile.TemporaryDirectory(prefix="boardpack-fixtures-") as tmp:
        work = args.keep_sources or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for fixture in fixtures:
            try:
                line = build_fixture(fixture, work, args.out)
            except FixtureCheckFailed as exc:
                print(f"FAILED {exc}", file=sys.stderr)
                return 1
            print(line, flush=True)
    sample = args.out / "reference-april-2022.pdf"
    built = {f.stem for f in fixtures}
    if "reference-april-2022" in built and sample.is_file() and args.out == ROOT / "fixtures":
        (ROOT / "assets").mkdir(exist_ok=True)
        shutil.copyfile(sample, ROOT / "assets" / "sample-scorecard.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
