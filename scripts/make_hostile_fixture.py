"""Build fixtures/hostile-narratives.pdf: a scorecard whose names and narratives are hostile text.

Markup that reportlab's paragraph parser would act on (`<img src>`, `<font color>`, `<a href>`,
`<b>`, `&amp;`), cells a spreadsheet would run (`=HYPERLINK(...)`, `+`, `-`, `@`), Welsh and
Polish letters, typographic quotes and dashes, and negative figures. Written with python-docx,
converted by LibreOffice and checked like every other fixture (scripts/fixturegen); the expected
dataset comes from the generator's model. Usage:

    .venv/bin/python scripts/make_hostile_fixture.py [--out fixtures] [--expected-only]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from fixturegen.build import build_fixture, refresh_expected
from fixturegen.catalogue import TITLE, word_scorecard
from fixturegen.model import Fixture, count, decimal, months, rows_for

STEM = "hostile-narratives"

# (name, narrative) in source order; each replaces one reference indicator's.
HOSTILE = [
    ('=HYPERLINK("http://x.test","Go")',
     '=HYPERLINK("file:///etc/passwd","Open") was typed into this commentary and must stay text.'),
    ("+ Contacts answered by phone",
     "+12 on last month. <b>This is not bold</b> &amp; this is not an ampersand entity."),
    ("- Net change in re-referrals",
     '-3 against the plan. <img src="/etc/passwd"> is text here, never a picture.'),
    ("@Home visits completed",
     '@team: <font color="[[[x]]]">no colour</font> and <a href="file:///etc/passwd">no link</a>.'),
    ("Cyfradd ŵyr ac wyresau",
     "Mae\u2019r gyfradd wedi codi \u2013 \u201cda iawn\u201d \u2014 meddai\u2019r tîm; ŵyr ac wyresau."),
    ("\u201cQuoted\u201d \u2013 dashed \u2014 indicator",
     "Polish: Łódź źdźbło \u2013 \u201ebez zmian\u201d; the \u2018typographic\u2019 quotes and dashes stay."),
]


def hostile_narratives() -> Fixture:
    periods = months("2022-02", 3)
    base = rows_for(periods, rag_fill_colour=True)
    rows = []
    for (name, narrative), row in zip(HOSTILE, base):
        rows.append(replace(row, ref="", name=name, narrative=narrative, narrative_group=None))
    # Negative figures: a fall printed as a signed count and as a signed decimal.
    rows[2].figures = {p: count(v) for p, v in zip(periods, (-3, 0, -12))}
    rows[3].figures = {p: decimal(v) for p, v in zip(periods, (-1.5, 2.0, -0.4))}
    return Fixture(
        stem=STEM, producer="word", periods=periods, rows=rows,
        proves="Names and narratives carrying reportlab markup (<img src>, <font color>, <a href>, "
               "<b>, &amp;), spreadsheet formulas (=HYPERLINK, +, -, @), Welsh and Polish letters "
               "and typographic quotes and dashes read back as exactly that text; negative "
               "figures read back as negative numbers.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "April 2022")),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures")
    parser.add_argument("--expected-only", action="store_true",
                        help="rewrite only the expected dataset, from the model")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.expected_only:
        print(refresh_expected(hostile_narratives(), args.out))
        return 0
    with tempfile.TemporaryDirectory(prefix="boardpack-hostile-") as work:
        print(build_fixture(hostile_narratives(), Path(work), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
