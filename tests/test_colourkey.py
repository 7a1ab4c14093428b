"""A colour key read from a page's words and shapes, and RAG colours rated through it."""

from __future__ import annotations

import pytest

from extract.colourkey import (
    ColourKey,
    KeyEntry,
    key_for,
    label_rating,
    rate_colour,
    read_colour_key,
)
from extract.grid import Fill, Word

RED, AMBER, GREEN = (1, 0, 0), (1, 0.753, 0), (0, 0.69, 0.314)
# A colour-blind-safe palette: its red is a vermilion (an amber by hue), its green a blue.
VERMILION, YELLOW, BLUE = (0.835, 0.369, 0), (0.941, 0.894, 0.259), (0, 0.447, 0.698)
TEAL = (0, 0.631, 0.604)
BLACK = (0, 0, 0)


def _words(line: str, x: float = 40.0, top: float = 60.0, colour=BLACK, gap: float = 3.0) -> list[Word]:
    """Give the words of `line` set left to right from `x`, 5 points a character."""
    out = []
    for text in line.split():
        out.append(Word(text, x, top, x + 5 * len(text), top + 8, colour=colour))
        x += 5 * len(text) + gap
    return out


def _key_line(labels_colours, top: float = 60.0, heading: str = "Key:"):
    """Give the words and square swatches of a one-line key: a swatch before each label."""
    words = _words(heading, 40, top) if heading else []
    shapes = []
    x = 80.0
    for label, colour in labels_colours:
        shapes.append(Fill((x, top + 1, x + 7, top + 8), colour))
        words += _words(label, x + 10, top)
        x += 10 + 5 * len(label) + 20
    return words, shapes


@pytest.mark.parametrize("label, rating", [
    ("Red - off target", "R"), ("Amber", "A"), ("Green: on target", "G"), ("R", "R"), ("A", "A"),
    ("G", "G"), ("Off target", "R"), ("Close to target", "A"), ("On target", "G"),
    ("Near target", "A"), ("Below target", "R"), ("Target met", "G"), ("Yellow", "A"),
    ("Blue - exceeded target", ""), ("Exceeded", ""), ("A lot of text", None), ("Performance", None),
    ("533", None), ("", None),
])
def test_label_rating(label, rating):
    assert label_rating(label) == rating


def test_a_one_line_key_of_swatches_and_labels_is_read():
    words, shapes = _key_line([("Red - off target", VERMILION), ("Amber - near target", YELLOW),
                               ("Green - on target", BLUE)])
    key = read_colour_key(words, shapes, 1)
    assert [(e.label, e.rating, e.colour) for e in key.entries] == [
        ("Red - off target", "R", VERMILION), ("Amber - near target", "A", YELLOW),
        ("Green - on target", "G", BLUE)]
    assert [w.text for w in key.words] == [w.text for w in words]
    assert set(key.swatches) == set(shapes)


def test_a_key_stacked_in_a_column_with_no_heading_is_read():
    words, shapes = [], []
    for i, (label, colour) in enumerate((("Off target", RED), ("Close to target", AMBER), ("On target", GREEN))):
        top = 100.0 + 11 * i
        shapes.append(Fill((40, top + 1, 47, top + 8), colour))
        words += _words(label, 50, top)
    key = read_colour_key(words, shapes, 2)
    assert [e.rating for e in key.entries] == ["R", "A", "G"]
    assert key.page == 2


def test_a_spreadsheet_key_of_shaded_cells_holding_their_labels_is_read():
    words = _words("Key:", 30, 60)
    shapes = []
    x = 100.0
    for label, colour in (("R", VERMILION), ("A", YELLOW), ("G", BLUE)):
        shapes.append(Fill((x, 58, x + 40, 70), colour))
        words += _words(label, x + 2, 60)
        x += 40
    key = read_colour_key(words, shapes, 1)
    assert [(e.rating, e.colour) for e in key.entries] == [("R", VERMILION), ("A", YELLOW), ("G", BLUE)]


def test_a_key_of_coloured_glyphs_is_read():
    words = _words("Key:", 30, 60)
    x = 60.0
    for label, colour in (("Red", RED), ("Amber", AMBER), ("Green", GREEN)):
        words.append(Word("\u25a0", x, 60, x + 6, 68, colour=colour))
        words += _words(label, x + 9, 60)
        x += 9 + 5 * len(label) + 15
    key = read_colour_key(words, [], 1)
    assert [e.rating for e in key.entries] == ["R", "A", "G"]
    assert "\u25a0" in [w.text for w in key.words]


def test_a_table_row_of_coloured_rag_words_or_shaded_letters_is_no_key():
    row = _words("Contacts received 533", 40, 200)
    row += _words("Red", 200, 200, RED) + _words("540", 240, 200) + _words("Amber", 280, 200, AMBER)
    assert read_colour_key(row, [], 1) is None
    letters = _words("Visits 85%", 40, 300) + _words("R", 200, 300) + _words("90%", 240, 300) + _words("A", 300, 300)
    shading = [Fill((195, 298, 230, 310), RED), Fill((295, 298, 330, 310), AMBER)]
    assert read_colour_key(letters, shading, 1) is None


def test_one_swatch_is_no_key():
    words, shapes = _key_line([("Red - off target", RED)])
    assert read_colour_key(words, shapes, 1) is None


def test_a_key_entry_for_a_rating_the_dataset_does_not_hold_is_kept_and_its_colour_not_rated():
    words, shapes = _key_line([("Red", RED), ("Green", GREEN), ("Blue - exceeded", BLUE)])
    key = read_colour_key(words, shapes, 1)
    assert [e.rating for e in key.entries] == ["R", "G", ""]
    rated = rate_colour(BLUE, key)
    assert rated.rag == "" and "Blue - exceeded" in rated.why


KEY = ColourKey(1, (0, 0, 0, 0), (KeyEntry("Red", "R", VERMILION), KeyEntry("Amber", "A", YELLOW),
                                   KeyEntry("Green", "G", BLUE)), (), ())


@pytest.mark.parametrize("colour, key, rag, by", [
    # The key wins where the hue would misread: a vermilion is amber by hue, a blue nothing.
    (VERMILION, KEY, "R", "key"), (YELLOW, KEY, "A", "key"), (BLUE, KEY, "G", "key"),
    ((0.84, 0.37, 0.02), KEY, "R", "key"),  # a shade off, as a producer may print it
    # Without a key the hue decides, and a colour of no RAG family is not rated.
    (VERMILION, None, "A", "hue"), (RED, None, "R", "hue"), (GREEN, None, "G", "hue"),
    (BLUE, None, "", ""), (TEAL, None, "", ""),
    # Outside the key: its hue, unless the key gives that hue to another rating.
    (GREEN, KEY, "G", "hue"), (AMBER, KEY, "", ""), (TEAL, KEY, "", ""),
    ((1, 1, 1), KEY, "", ""), ((0.5,), None, "", ""),
])
def test_rate_colour(colour, key, rag, by):
    rated = rate_colour(colour, key)
    assert (rated.rag, rated.by) == (rag, by)
    if not rag and by == "" and colour not in ((1, 1, 1), (0.5,)):
        assert rated.why  # a colour not told says why


def test_the_key_in_force_is_the_pages_own_else_the_last_before_else_the_first_after():
    keys = [ColourKey(2, (0, 0, 0, 0), (), (), ()), ColourKey(4, (0, 0, 0, 0), (), (), ())]
    assert [key_for(keys, page).page for page in (1, 2, 3, 4, 5)] == [2, 2, 2, 4, 4]
    assert key_for([], 1) is None


def test_a_shaded_header_cell_whose_rag_wraps_a_letter_a_line_is_no_key():
    # Soak seed 120 (Writer, narrow headings): four header cells shaded one pale blue, each
    # "RAG" wrapped "R" / "A" / "G"; read as a key, every pale blue would have been Red.
    words, shapes = [], []
    for x in (217.0, 268.0, 319.0, 370.0):
        shapes.append(Fill((x, 83.5, x + 20, 111.6), (0.867, 0.922, 0.969)))
        words += [Word(letter, x + 7, top, x + 12, top + 7) for letter, top in (("R", 83.6), ("A", 92.8), ("G", 102.1))]
    assert read_colour_key(words, shapes, 1) is None


def test_one_colour_beside_labels_of_two_ratings_is_no_key():
    words, shapes = _key_line([("Red", BLUE), ("Green", BLUE)])
    assert read_colour_key(words, shapes, 1) is None
