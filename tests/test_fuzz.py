"""Byte-mutated fixtures: a valid dataset or one clear line, within bounds (fixed seed; `make fuzz`
runs a longer, fresh-seeded campaign)."""

from __future__ import annotations

from collections import Counter

from scripts.corpus_report import kind_of
from scripts.fuzz import fuzz, mutants
from tests.conftest import FIXTURES

SEED = 20240611
RUNS = 40


def test_mutants_are_reproducible():
    sources = sorted(FIXTURES.glob("*.pdf"))[:2]
    assert mutants(SEED, 5, sources) == mutants(SEED, 5, sources)
    assert mutants(SEED, 5, sources) != mutants(SEED + 1, 5, sources)


def test_mutated_fixtures_give_a_dataset_or_a_clear_refusal(tmp_path):
    outcomes = fuzz(SEED, RUNS, tmp_path)
    broken = [f"{o.file}: {o.problem}: {o.stderr.strip()[-300:]}" for o in outcomes if o.problem]
    assert not broken, "\n".join(broken)
    kinds = Counter(kind_of(o) for o in outcomes)
    assert sum(kinds.values()) == RUNS and "other" not in kinds, kinds
