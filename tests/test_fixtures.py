"""Every fixture PDF extracts to exactly its expected dataset."""

from __future__ import annotations

import json

import pytest

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS
from dataset.csvio import as_written, read_rows
from extract import extract_pdf
from tests.conftest import FIXTURES

PDFS = sorted(p for p in FIXTURES.glob("*.pdf") if (FIXTURES / f"{p.stem}.expected").is_dir())


def _period_flag(stem: str) -> str | None:
    meta_path = FIXTURES / f"{stem}.expected" / "meta.json"
    argv = json.loads(meta_path.read_text())["argv"] if meta_path.exists() else []
    return argv[argv.index("--period") + 1] if "--period" in argv else None


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_fixture_extracts_exactly(pdf):
    expected_dir = FIXTURES / f"{pdf.stem}.expected"
    extraction = extract_pdf(pdf, _period_flag(pdf.stem))
    for name, got, columns in (
        ("indicators.csv", extraction.indicators, INDICATOR_COLUMNS),
        ("figures.csv", extraction.figures, FIGURE_COLUMNS),
    ):
        expected = [{c: r.get(c, "") for c in columns} for r in read_rows(expected_dir / name, columns)]
        actual = as_written(got, columns)
        mismatches = [
            (i, {c: (e[c], a[c]) for c in columns if e[c] != a[c]})
            for i, (e, a) in enumerate(zip(expected, actual))
            if e != a
        ]
        assert not mismatches[:5], f"{name}: first differences (expected, got): {mismatches[:5]}"
        assert len(actual) == len(expected), f"{name}: {len(actual)} rows, expected {len(expected)}"


def test_there_are_fixtures():
    assert len(PDFS) >= 1
