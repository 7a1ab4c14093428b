"""Grey photocopies: a RAG printed as colour alone rated from its grey level only when the
same document's cells that print their rating tell the levels apart, always flagged."""

from __future__ import annotations

import numpy as np
import pytest

from extract.rows import RawRow
from extract.scan import image
from extract.scan.greyrag import Shade, calibrate, rate
from extract.scan.review import Doubt, GreyCell, GreyCells, settle_grey
from extract.values import rag_of_colour

# rag-variants as a grey copy shows it: amber letters on 211, green on 132, a green letter
# printed on a red fill (the letter beats the fill) on 30.
PRINTED = [Shade(211, 3.8, "A"), Shade(211, 3.9, "A"), Shade(132, 4.0, "G"), Shade(133, 3.5, "G"),
           Shade(131, 3.8, "G"), Shade(30, 3.6, "G")]
UNPRINTED = [Shade(211, 3.0), Shade(132, 2.8), Shade(30, 2.9), Shade(31, 2.9)]


def test_each_level_is_learnt_from_the_cells_printing_their_rating():
    levels = {lv.rating: lv for lv in calibrate(PRINTED + UNPRINTED)}
    assert levels["A"].level == 211 and levels["A"].samples == 2
    # The green letter on the red fill is set aside: three greens of four lie on 132.
    assert levels["G"].level == 132 and levels["G"].samples == 3
    # Red prints no letter; it is the one level left over once amber and green are learnt.
    assert levels["R"].level == 30 and levels["R"].samples == 0


@pytest.mark.parametrize(
    "shades, cell, rating, why",
    [
        (PRINTED + UNPRINTED, Shade(209, 3.0), "A", "rated amber from its grey (209): amber's level here (211)"),
        (PRINTED + UNPRINTED, Shade(135, 3.0), "G", "rated green"),
        (PRINTED + UNPRINTED, Shade(32, 3.0), "R", "rated red from its grey (32): the one level left"),
        # Between two levels: neither.
        (PRINTED + UNPRINTED, Shade(170, 3.0), "", "its grey (170) is no rating's level"),
        # Hatched or marked: rougher than the fills the level was learnt from.
        (PRINTED + UNPRINTED, Shade(211, 12.0), "", "its shading is rougher than amber's"),
        # Nothing printed on a fill anywhere: nothing to learn from.
        (UNPRINTED, Shade(211, 3.0), "", "no RAG cell of this document prints its rating"),
        # Amber and green printed on the same grey: the level tells neither.
        ([Shade(200, 3, "A"), Shade(202, 3, "G"), Shade(130, 3, "R")], Shade(201, 3.0), "", "no rating's level"),
        # Two levels closer than noise can be trusted to keep apart: neither is used.
        ([Shade(150, 3, "A"), Shade(130, 3, "G"), Shade(40, 3, "R")], Shade(150, 3.0), "", "no rating's level"),
        # Two levels left over once two are learnt: which is red cannot be told.
        ([Shade(211, 3, "A"), Shade(132, 3, "G"), Shade(30, 3), Shade(80, 3)], Shade(30, 3.0), "",
         "no rating's level"),
        # One rating learnt, no elimination with two left.
        ([Shade(211, 3, "A"), Shade(30, 3)], Shade(30, 3.0), "", "no rating's level on this document (amber 211)"),
    ],
)
def test_a_grey_cell_is_rated_only_when_its_level_is_unambiguous(shades, cell, rating, why):
    found = rate(calibrate(shades), cell)
    assert found.rating == rating
    assert why in found.why, found.why


def _cell(level: int, letter: str = "", seed: int = 0) -> np.ndarray:
    """Give a grey copy's RAG cell: shaded `level`, with noise, a dark letter in it."""
    rng = np.random.default_rng(seed)
    cell = np.full((60, 120), level, np.float32) + rng.normal(0, 3, (60, 120))
    if letter:
        cell[18:42, 50:54] = 10  # a stem
        cell[18:22, 50:66] = 10
    return np.clip(cell, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("level", [30, 132, 211])
def test_a_cells_shade_is_its_fill_not_its_letter(level):
    """The level is the fill's, whatever is printed on it: the ink is left out."""
    grey = _cell(level, "G")
    rgb = np.dstack([grey] * 3)
    mask = image.ink(grey)
    found, texture = image.shade(rgb, mask, (0, 0, 120, 60), 300)
    assert abs(found - level) <= 2
    assert texture < 6


def test_settling_rates_the_cells_and_says_how_each_was_rated():
    grey = GreyCells(shades=PRINTED + UNPRINTED)
    rows = [RawRow("data", [1]) for _ in range(3)]
    doubts = [Doubt(1, n, 5, (0, 0, 1, 1), "", 0.0, "shaded grey, no rating printed or coloured", b"")
              for n in range(3)]
    for row, doubt, shade in zip(rows, doubts, (Shade(30, 3), Shade(132, 3), Shade(170, 3))):
        grey.pending.append(GreyCell(row, ("rag", 8, 2022), shade, doubt))
    settled = settle_grey(grey, doubts)
    assert [rag_of_colour(r.fills.get(("rag", 8, 2022))) for r in rows] == ["R", "G", ""]
    assert settled[0].reason.startswith("rated red from its grey (30)") and "check it" in settled[0].reason
    assert settled[1].reason.startswith("rated green from its grey (132)")
    assert settled[2].reason.startswith("shaded grey, no rating printed or coloured (its grey (170) is no rating's")
