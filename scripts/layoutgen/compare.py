"""A rendered layout's extraction against its expected dataset: exact, or its first differences."""

from __future__ import annotations

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS
from dataset.csvio import as_written, read_rows
from extract import extract_pdf
from extract.errors import ExtractError


def differences(expected_dir, extraction, limit: int = 5) -> list[str]:
    """Give up to `limit` differences between `extraction` and the dataset in `expected_dir`,
    each as one line; [] when they agree exactly."""
    out: list[str] = []
    for name, got, columns in (
        ("indicators.csv", extraction.indicators, INDICATOR_COLUMNS),
        ("figures.csv", extraction.figures, FIGURE_COLUMNS),
    ):
        expected = [{c: r.get(c, "") for c in columns} for r in read_rows(expected_dir / name, columns)]
        actual = as_written(got, columns)
        for i, (e, a) in enumerate(zip(expected, actual)):
            if e != a:
                diff = {c: (e[c], a[c]) for c in columns if e[c] != a[c]}
                out.append(f"{name} row {i} ({e['key']}): " + "; ".join(
                    f"{c} expected {x!r} got {y!r}" for c, (x, y) in diff.items()))
                if len(out) >= limit:
                    return out
        if len(actual) != len(expected):
            out.append(f"{name}: {len(actual)} rows, expected {len(expected)}")
        if out:
            return out
    return out


def extract_built(built):
    """Give the extraction of a built layout (raises the extractor's refusal)."""
    return extract_pdf(built.pdf)


def compare(built, limit: int = 5) -> list[str]:
    """Give the differences between a built layout's extraction and its expected dataset;
    a refusal is one difference."""
    try:
        extraction = extract_built(built)
    except ExtractError as exc:
        return [f"refused: {exc}"]
    return differences(built.expected, extraction, limit)
