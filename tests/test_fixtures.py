"""Every fixture PDF extracts to exactly its expected dataset, and its pack shows the same
rating judgements as its extraction.json."""

from __future__ import annotations

import json
import sys
from functools import cache

import pytest

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS, RATINGS, validate_dataset
from dataset.catalogue import load_catalogue
from dataset.csvio import as_written, read_rows
from extract import Extraction, extract_pdf
from extract.audit import CODES
from report.model import dataset_to_pack
from tests.conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from fixturegen.expected import warnings_match  # the fixtures' own model

PDFS = sorted(p for p in FIXTURES.glob("*.pdf") if (FIXTURES / f"{p.stem}.expected").is_dir())


def _period_flag(stem: str) -> str | None:
    meta_path = FIXTURES / f"{stem}.expected" / "meta.json"
    argv = json.loads(meta_path.read_text())["argv"] if meta_path.exists() else []
    return argv[argv.index("--period") + 1] if "--period" in argv else None


@cache
def _extract(stem: str) -> Extraction:
    return extract_pdf(FIXTURES / f"{stem}.pdf", _period_flag(stem))


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_fixture_extracts_exactly(pdf):
    expected_dir = FIXTURES / f"{pdf.stem}.expected"
    extraction = _extract(pdf.stem)
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
    _assert_audit(extraction, json.loads((expected_dir / "audit.json").read_text(encoding="utf-8")))
    meta = json.loads((expected_dir / "meta.json").read_text(encoding="utf-8"))
    assert extraction.meta["frequency"] == meta.get("frequency", "monthly")


def _assert_audit(extraction, expected: dict) -> None:
    """The coverage audit says exactly what the fixture's model says it must: the warnings
    its layout calls for on the indicators it names (none for most), and each piece of text
    set aside under its name, in order."""
    assert warnings_match(expected["warnings"], extraction.meta["warnings"], CODES) == ([], [])
    found: dict[str, list[str]] = {}
    for item in extraction.meta["audit"]["set_aside"]:
        found.setdefault(item["code"], []).extend(item["text"].split(" / "))
    words = {name: " ".join(texts).split() for name, texts in found.items()}
    assert words == {name: " ".join(texts).split() for name, texts in expected["set_aside"].items()}


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_pack_and_extraction_agree_on_every_rating(pdf, tmp_path):
    indicators, figures, extraction = validate_dataset(_extract(pdf.stem).write(tmp_path / "data"))
    pack = dataset_to_pack(indicators, figures, extraction, load_catalogue(ROOT / "assets" / "kpis.toml"))
    recorded = {(r["key"], r["period"]): r for r in extraction[RATINGS]}
    assert len(recorded) == len(extraction[RATINGS]) == len(indicators) * len(pack.periods)
    shown = 0
    for indicator in pack.indicators:
        for month in indicator.months:
            rating = recorded[(indicator.key, month.period)]
            # The pack shows the very figure, target and RAGs that extract judged.
            assert (month.rag, month.expected) == (rating["printed"], rating["expected"])
            assert month.value == (float(rating["value"]) if rating["value"] != "" else None)
            assert indicator.target == (float(rating["target"]) if rating["target"] != "" else None)
            assert indicator.polarity == rating["polarity"]
            shown += 1
    assert shown == len(recorded)
    disagree = {key for key, r in recorded.items() if r["verdict"] == "disagrees"}
    names = {i.key: i.name for i in pack.indicators}
    noted = [n for n in pack.notes if n.code == "rag-disagrees"]
    assert sorted((n.subject, n.message.split(" is rated ")[0]) for n in noted) == sorted(
        (names[key], pack.labels.short(period)) for key, period in disagree
    )
    checked = {(c["key"], c["period"]) for c in extraction["checks"] if c["code"] == "rag-disagrees"}
    assert checked == disagree


def test_there_are_fixtures():
    assert len(PDFS) >= 1


def test_url_joined_across_a_line_says_so():
    """A URL broken far from a word's end is joined into a word the document prints nowhere
    else, and extraction.json says so for that indicator (soak seed 318)."""
    extraction = _extract("layout-url-broken-far-from-end")
    joined = [w for w in extraction.meta["warnings"] if w["code"] == "url-joined"]
    assert joined and all(w.get("key") for w in joined)
    url = "https://www.example-council.gov.uk/childrens-services/performance-scorecard"
    keys = {i["key"] for i in extraction.indicators if url in i["narrative"].split()}
    assert {w["key"] for w in joined} <= keys
    assert all(url in w["message"] for w in joined)
