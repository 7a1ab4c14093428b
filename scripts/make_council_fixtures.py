"""Build other councils' scorecards, the indicator sets the KPI catalogue does not know.

For each council of scripts/layoutgen/councils.py (adult social care, housing, a children's
set with CS01 refs) this writes its monthly scorecards, months overlapping, into
`fixtures/councils/NAME/` through the layout generator's real producers (WeasyPrint,
reportlab, LibreOffice Writer): `NAME-YYYY-MM.pdf` beside `NAME-YYYY-MM.expected/` (the dataset
from the generator's model), and `expected-inference.json`: what inference over all of them
must find, from the generator's own ratings. A scorecard is written only when it extracts
exactly. Usage:

    .venv/bin/python scripts/make_council_fixtures.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from layoutgen import build, compare, draw
from layoutgen.councils import COUNCILS, expected_inference, scorecard

OUT = ROOT / "fixtures" / "councils"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    failed = 0
    for name, council in COUNCILS.items():
        if args.only and name not in args.only:
            continue
        folder = args.out / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for number in range(council.scorecards):
            periods, rows = scorecard(council, number)
            stem = f"{name}-{periods[-1]}"
            # `indicators` only sizes drawn content; these rows are drawn by the council
            # Each council's series is of months (quarters are drawn by the soak's own seeds).
            layout = draw(council.seed + number, months=council.shown, indicators=12,
                          **{"quarter_label": "", **council.layout})
            proves = (f"{council.title}, {periods[0]} to {periods[-1]}: indicators the catalogue "
                      "does not know, for inference across overlapping months")
            with tempfile.TemporaryDirectory(prefix="council-fixture-") as tmp:
                built = build(layout, Path(tmp), stem, proves, (periods, rows), council.title)
                differences = compare(built)
                if differences:
                    failed += 1
                    print(f"NOT EXACT {stem}: {differences[0]}", file=sys.stderr)
                    continue
                shutil.copyfile(built.pdf, folder / f"{stem}.pdf")
                shutil.copytree(built.expected, folder / f"{stem}.expected")
                print(f"{name}/{stem}.pdf: {built.layout.describe()}, {built.pages} pages")
        expected = {"title": council.title, "indicators": expected_inference(council)}
        (folder / "expected-inference.json").write_text(
            json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
