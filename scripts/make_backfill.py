"""Write the back-fill scorecards: consecutive months, overlapping, one figure restated.

The last `--count` monthly scorecards up to April 2022 (four pages each, Word through
LibreOffice), each beside its expected dataset, and `expected.json` with what loading them
all must leave in the history (see `scripts/fixturegen/backfill.py`). The six in
`fixtures/backfill/` are what `tests/test_backfill.py` loads; `make bench` writes 24. Usage:

    .venv/bin/python scripts/make_backfill.py [--count 6] [--out fixtures/backfill]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from fixturegen import backfill
from fixturegen.pdfcheck import lo_profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=6, help="how many scorecards (default 6)")
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "backfill")
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="boardpack-backfill-") as tmp:
            backfill.write_set(args.count, args.out, Path(tmp))
    finally:
        shutil.rmtree(lo_profile(), ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
