"""The real-world corpus: each PDF gives a valid dataset or one clear line, in bounded time."""

from __future__ import annotations

import time

import pytest

from extract import errors
from scripts.corpus_report import CORPUS, corpus_files, kind_of, run_corpus
from tests.conftest import ROOT, require

FILES = corpus_files()
# Well under the command's default, so that the corpus stays within its share of the suite.
MAX_SECONDS = 60
OUTER_TIMEOUT = MAX_SECONDS + 60


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    require(bool(FILES), f"the real-world corpus at {CORPUS}")
    started = time.monotonic()
    found = run_corpus(FILES, tmp_path_factory.mktemp("corpus"), ["--max-seconds", str(MAX_SECONDS)],
                       workers=2, timeout=OUTER_TIMEOUT)
    print(f"\n{len(found)} corpus PDFs in {time.monotonic() - started:.0f} s")
    return found


def test_the_corpus_is_there():
    assert len(FILES) >= 150, f"expected the ~190 PDFs of {CORPUS}"


def test_every_pdf_keeps_the_contract(outcomes):
    # No traceback, no timeout, exit 0 with a dataset that validates or exit 2 with one line.
    broken = [f"{o.file}: {o.problem}: {o.stderr.strip()[:300]}" for o in outcomes if o.problem]
    assert not broken, "\n".join(broken)


def test_every_refusal_is_a_known_clear_one(outcomes):
    unclear = [f"{o.file}: {o.message}" for o in outcomes
               if o.code == 2 and kind_of(o) in ("other", "InternalError")]
    assert not unclear, "\n".join(unclear)


def test_no_pdf_runs_past_its_bound(outcomes):
    slow = [f"{o.file}: {o.seconds:.0f} s" for o in outcomes if o.seconds > MAX_SECONDS + 15]
    assert not slow, "\n".join(slow)


def test_the_refusal_list_names_every_refusal():
    listed = (ROOT / "docs" / "refusals.md").read_text(encoding="utf-8")
    kinds = [cls for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.ExtractError) and cls is not errors.ExtractError]
    missing = [cls.__name__ for cls in kinds if (cls.__doc__ or "").strip() not in listed]
    assert not missing, f"docs/refusals.md lacks {missing}: rerun scripts/corpus_report.py"
