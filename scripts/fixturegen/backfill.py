"""Two years of monthly scorecards, as a council starting with boardpack has them.

Each scorecard is the reference layout (four pages, Word through LibreOffice) printing its own
month and the two before it, so consecutive scorecards overlap. A month's figures are the same
seeded draw in every scorecard that prints it (`benchcard.scorecard_rows`), except one: the
scorecard for `RESTATED_IN` prints a different figure for `RESTATED_PERIOD`, the last one to
print that month, so the history ends with exactly one revision. The expected history comes
from this model: `expected_history` gives its months, its revision and, month by month, the
figure the history holds.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from fixturegen import benchcard
from fixturegen.expected import figure_records, keys
from fixturegen.model import Fixture, months, normalise, pct

LATEST = benchcard.LATEST  # 2022-04, the reference's own month
RESTATED_IN = "2022-01"
RESTATED_PERIOD = "2021-11"
RESTATED_NAME = "Re-referrals to Children's Services"
RESTATED_BY = 3.0  # percentage points added to the figure every earlier scorecard printed


def ends(count: int) -> list[str]:
    """Give the reporting months of the `count` consecutive scorecards ending at `LATEST`."""
    return months(benchcard._shift(LATEST, 1 - count), count)


def file_name(end: str) -> str:
    return f"scorecard-{end}.pdf"


def scorecard(end: str) -> Fixture:
    """Give the scorecard whose latest month is `end`, with the restated figure in its month."""
    fixture = benchcard.scorecard(1, end)
    fixture = replace(fixture, stem=file_name(end)[:-4],
                      proves=f"the back-fill's scorecard for {end}")
    if end != RESTATED_IN:
        return fixture
    rows = []
    for row in fixture.rows:
        if getattr(row, "name", None) == RESTATED_NAME:
            before = row.figures[RESTATED_PERIOD].measures[0].value
            figures = {**row.figures, RESTATED_PERIOD: pct(before + RESTATED_BY)}
            row = replace(row, figures=figures)
        rows.append(row)
    return replace(fixture, rows=rows)


def expected_history(count: int) -> dict:
    """Give what loading the last `count` scorecards must leave in the history, from the model:
    its months, the one revision, and each (key, period, measure) → value and RAG held."""
    held: dict[tuple[str, str, str], dict] = {}
    revisions = []
    for end in ends(count):
        fixture = scorecard(end)
        for record in figure_records(fixture):
            where = (record["key"], record["period"], record["measure"])
            earlier = held.get(where)
            if earlier is not None and earlier["value"] != record["value"]:
                revisions.append({
                    "key": record["key"], "period": record["period"],
                    "measure": record["measure"], "old_value": earlier["value"],
                    "new_value": record["value"], "old_source": earlier["source"],
                    "new_source": file_name(end),
                })
            if earlier is not None and earlier["value"] == record["value"]:
                continue  # the history keeps the first arrival of a figure printed again
            held[where] = {"value": record["value"], "rag": record["rag"],
                           "source": file_name(end)}
    first = ends(count)[0]
    rows = scorecard(LATEST).indicator_rows()
    return {
        "files": [file_name(end) for end in ends(count)],
        "months": months(benchcard._shift(first, 1 - benchcard.SCORECARD_MONTHS),
                         count + benchcard.SCORECARD_MONTHS - 1),
        "revisions": revisions,
        "indicators": [
            {"key": key, "name": normalise(row.name)}
            for key, row in zip(keys(rows), rows, strict=True)
        ],
        "figures": [
            {"key": k, "period": p, "measure": m, "value": v["value"], "rag": v["rag"]}
            for (k, p, m), v in sorted(held.items())
        ],
    }


def write_set(count: int, out: Path, work: Path) -> list[Path]:
    """Write the last `count` scorecards into `out` through LibreOffice, with
    `out/expected.json`; give the PDFs (already written ones are kept, their expected
    datasets rewritten from the model)."""
    from fixturegen.build import build_fixture, refresh_expected

    out.mkdir(parents=True, exist_ok=True)
    pdfs = []
    for end in ends(count):
        pdf = out / file_name(end)
        if pdf.is_file() and (out / f"{pdf.stem}.expected").is_dir():
            # The PDF stands; its expected dataset follows the model as the dataset changes.
            refresh_expected(scorecard(end), out)
        else:
            print(build_fixture(scorecard(end), work, out), flush=True)
        pdfs.append(pdf)
    (out / "expected.json").write_text(
        json.dumps(expected_history(count), indent=1, ensure_ascii=False) + "\n", "utf-8")
    return pdfs
