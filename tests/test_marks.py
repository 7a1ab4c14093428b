"""Small filled squares drawn in ruled cells are RAG marks, not rules (soak seed 296)."""

from __future__ import annotations

import pytest

from extract.pdf import _is_mark


def _rect(x0, top, x1, bottom, fill=True, stroke=False):
    return {"object_type": "rect", "x0": x0, "top": top, "x1": x1, "bottom": bottom,
            "fill": fill, "stroke": stroke}


@pytest.mark.parametrize(
    "obj, mark",
    [(_rect(100, 100, 107, 107), True),  # a 7 pt RAG square
     (_rect(100, 100, 102, 110), True),
     (_rect(100, 100, 100.5, 140), False),  # a rule drawn as a thin rectangle
     (_rect(100, 100, 180, 100.6), False),
     (_rect(100, 100, 160, 114), False),  # a cell's shading
     (_rect(100, 100, 107, 107, fill=False, stroke=True), False),  # an empty box: rules
     (_rect(100, 100, 107, 107, stroke=True), False),
     ({"object_type": "line", "x0": 0, "top": 0, "x1": 5, "bottom": 5}, False)],
)
def test_small_filled_square_is_a_mark(obj, mark):
    assert _is_mark(obj) is mark
