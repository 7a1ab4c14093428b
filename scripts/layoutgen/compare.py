"""A rendered layout's extraction against its expected dataset and audit: exact, or its
first differences."""

from __future__ import annotations

import json

from fixturegen.expected import warnings_match

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS
from dataset.csvio import as_written, read_rows
from extract import extract_pdf
from extract.audit import CODES
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
    meta = json.loads((expected_dir / "meta.json").read_text(encoding="utf-8"))
    wanted = meta.get("frequency", "monthly")
    if extraction.meta.get("frequency") != wanted:
        return [f"frequency expected {wanted!r} got {extraction.meta.get('frequency')!r}"]
    return audit_differences(expected_dir, extraction)


def audit_differences(expected_dir, extraction) -> list[str]:
    """Give how the coverage audit of `extraction` differs from `expected_dir/audit.json`
    (the warnings it must give, the text it sets aside by name); [] when it says just that."""
    expected = json.loads((expected_dir / "audit.json").read_text(encoding="utf-8"))
    extra, missing = warnings_match(expected["warnings"], extraction.meta["warnings"], CODES)
    out = [f"audit warns {w['code']}: {w['message']}" for w in extra]
    out += [f"audit does not warn {w['code']} on {w['key']}" for w in missing]
    found: dict[str, list[str]] = {}
    for item in extraction.meta["audit"]["set_aside"]:
        found.setdefault(item["code"], []).extend(item["text"].split(" / "))
    got = {name: " ".join(texts).split() for name, texts in found.items()}
    want = {name: " ".join(texts).split() for name, texts in expected["set_aside"].items()}
    if got != want:
        out.append(f"audit sets aside {got}, expected {want}")
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
