"""A fixed sample of the layout space (scripts/layoutgen) renders through every real producer
and extracts exactly; `make soak` runs the space at length."""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest

from tests.conftest import ROOT, require

sys.path.insert(0, str(ROOT / "scripts"))

from layoutgen import DIMENSIONS, build, compare, draw
from layoutgen.space import UNSUPPORTED, allowed

# Plainly ruled layouts (grid, one header row, letters, a narrative column), one per producer,
# and whole random draws the soak reads exactly; a layout that regresses fails here.
PLAIN = {"rules": "grid", "sections": "none", "rag": "letter", "narrative": "column",
         "header": "one-row", "split_rows": False, "running": "none"}
SAMPLE = (
    (1, "chromium", PLAIN), (2, "weasyprint", PLAIN), (2, "rl-canvas", PLAIN),
    (2, "rl-platypus", PLAIN), (1, "docx", PLAIN), (1, "xlsx", PLAIN),
    (1, None, {}), (15, None, {}), (17, None, {}),
)


def _layout(seed, producer, fixed):
    return draw(seed, **({"producer": producer} if producer else {}), **fixed)

PRODUCER_NEEDS = {
    "docx": ("soffice", "LibreOffice (libreoffice-writer-nogui)"),
    "xlsx": ("soffice", "LibreOffice (libreoffice-calc-nogui)"),
    "chromium": ("chromium", "Chromium (chromium)"),
}


def _require_producer(producer: str) -> None:
    if producer in PRODUCER_NEEDS:
        program, what = PRODUCER_NEEDS[producer]
        require(shutil.which(program) is not None, what)
    if producer == "weasyprint":
        require(importlib.util.find_spec("weasyprint") is not None, "WeasyPrint (pip, dev extra)")
    require(shutil.which("fc-match") is not None, "fontconfig (fc-match) and fonts-liberation2")


@pytest.mark.parametrize("sample", SAMPLE, ids=[
    f"{seed}-{_layout(seed, p, f).producer}{'-plain' if f else ''}" for seed, p, f in SAMPLE])
def test_sample_layout_extracts_exactly(sample, tmp_path):
    layout = _layout(*sample)
    _require_producer(layout.producer)
    built = build(layout, tmp_path)
    assert compare(built) == [], layout.describe()


def test_sample_spans_every_producer():
    assert {_layout(*s).producer for s in SAMPLE} == set(DIMENSIONS["producer"])


def test_draw_is_deterministic_and_fixes_what_it_is_told():
    assert draw(11) == draw(11)
    fixed = draw(11, rules="zebra", producer="weasyprint")
    assert (fixed.rules, fixed.producer) == ("zebra", "weasyprint")
    # Fixing one dimension leaves the others as the seed drew them (same producer).
    assert draw(11, rules="grid").header == draw(11).header


def test_draw_keeps_to_what_the_producer_can_draw():
    for seed in range(300):
        layout = draw(seed)
        for name, banned in UNSUPPORTED.get(layout.producer, {}).items():
            assert getattr(layout, name) not in banned
            assert getattr(layout, name) in allowed(layout.producer, name)
    with pytest.raises(ValueError):
        draw(1, rules="dotted")
