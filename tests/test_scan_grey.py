"""Grey photocopies: a RAG printed as colour alone rated from its grey level only when the
same document's cells that print their rating tell the levels apart, always flagged; a
doubtful text cell read again sharpened, the reading with fewer words in no dictionary kept;
a scanned cell's narrative never joined to the row above's."""

from __future__ import annotations

import numpy as np
import pytest

from extract.assemble import _join_split_narratives
from extract.rows import RawRow
from extract.scan import image
from extract.scan.greyrag import Shade, calibrate, rate
from extract.scan.review import Doubt, GreyCell, GreyCells, prefer, settle_grey
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


def _words(text: str, unknown: str = "", confidence: float = 80.0) -> list[tuple[str, bool, float]]:
    return [(w, w not in unknown.split(), confidence) for w in text.split()]


@pytest.mark.parametrize(
    "first, again, better",
    [
        # Fewer words in no dictionary: taken.
        (_words("there ts no statisucal change", "statisucal"), _words("there is no statistical change"), True),
        # As many, read with more confidence: taken.
        (_words("Conterences heid", "Conterences", 70), _words("Conferences held", "Conferences", 88), True),
        # As many, less sure: the first kept.
        (_words("Initial Child", "", 90), _words("inital Child", "", 80), False),
        # More words in no dictionary: the first kept.
        (_words("the timely review"), _words("the umely review", "umely"), False),
        # Words dropped (fewer in no dictionary only for that): the first kept.
        (_words("performance remains good Quadranv", "Quadranv"), _words("performance"), False),
        # A capital told from the small letter by size alone, mid-sentence or mid-word: doubtful.
        (_words("as it suggests that there is"), _words("as it Suggests that there iS"), False),
        (_words("as it Suggests that", "", 90), _words("as it suggests that", "", 85), True),
        # Nothing read again: the first kept.
        (_words("This KPI", "", 60), [], False),
    ],
)
def test_a_text_cell_read_again_keeps_the_better_reading(first, again, better):
    assert prefer(first, again) is better


def _blurred_i(gap: int) -> np.ndarray:
    """Give a grey copy's "i": its dot `gap` pixels above its stem, blurred into it."""
    import cv2

    patch = np.full((80, 40), 250, np.uint8)
    patch[20:28, 16:24] = 20  # the dot
    patch[28 + gap:70, 16:24] = 20  # the stem
    return cv2.GaussianBlur(patch, (0, 0), 1.8)  # a grey copy's blur, enlarged twice


def test_sharpening_parts_an_is_dot_from_its_stem():
    """Blurred, the gap under an i's dot is grey, halfway to ink ("is" read "ts"); sharpened
    it is paper again, the paper round the letter stays white and its stem black."""
    blurred = _blurred_i(4)
    sharp = image.sharpen(blurred, 2.5)
    gap = (slice(29, 31), slice(18, 22))
    assert blurred[gap].mean() < 200
    assert sharp[gap].mean() > 230
    assert sharp[:8].min() >= 245 and sharp[40:60, 18:22].max() < 30


def test_a_grey_copy_is_told_by_its_lack_of_colour():
    page = np.full((400, 300, 3), 245, np.uint8)
    page[100:120, 50:250] = 40
    assert image.colourless(page)
    page[200:260, 100:160] = (200, 40, 40)  # a red RAG cell
    assert not image.colourless(page)


def _indicator(key: str, narrative: str) -> dict:
    return {"key": key, "narrative": narrative}


@pytest.mark.parametrize("scanned, joined", [(set(), True), ({"a", "b"}, False)])
def test_a_scanned_cells_narrative_is_never_joined_to_the_row_aboves(scanned, joined):
    """Read line by line, a narrative cell merged down across two rows is split between them
    and joined again; in a scan's ruled grid each is one cell's, and "This" read "ns" would
    have put the second cell's text after the first's."""
    indicators = [_indicator("a", "As has been referenced, the service"), _indicator("b", "ns KPI seeks to avoid")]
    _join_split_narratives(indicators, scanned)
    assert (indicators[1]["narrative"] == indicators[0]["narrative"]) is joined
