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


# Colour keys: a council's own palette (layoutgen.content.PALETTES) rated through the key
# printed above the table, and what is said when that key is taken off the page.


def _keyed(tmp_path, seed: int, keep_key: bool):
    """Give the sheet of a reportlab layout rating in circles with a colour key, and the
    extraction of it rendered with or without its key."""
    from fixturegen.expected import keys
    from layoutgen.build import render
    from layoutgen.sheet import build_sheet

    from extract import extract_pdf

    layout = draw(seed, producer="rl-canvas", rules="grid", header="one-row", sections="none",
                  narrative="column", rag="circle", colour_key=True, indicators=12, split_rows=False,
                  running="none", page="a3-landscape")
    _require_producer(layout.producer)
    sheet = build_sheet(layout)
    if not keep_key:
        sheet.key = []
    extraction = extract_pdf(render(sheet, tmp_path))
    rows = [r for r in sheet.rows if hasattr(r, "rags")]
    truth = {(key, period): rag.rag for key, row in zip(keys(rows), rows) for period, rag in row.rags.items()}
    got = {(r["key"], r["period"]): r["rag"] for r in extraction.figures}
    warned = {(w.get("key"), w.get("period")) for w in extraction.meta["warnings"] if w["code"] == "rag-not-read"}
    return sheet, extraction, truth, got, warned


def test_a_key_maps_colours_that_the_hue_would_misread(tmp_path):
    from layoutgen.content import PALETTES, palette

    from extract.values import rag_of_colour

    assert palette(9)[0] == "colour-blind"
    colours = PALETTES["colour-blind"]
    # By hue alone the vermilion red is amber and the blue green is nothing.
    assert (rag_of_colour(_rgb(colours["R"])), rag_of_colour(_rgb(colours["G"]))) == ("A", "")
    sheet, extraction, truth, got, warned = _keyed(tmp_path, 9, keep_key=True)
    assert {"R", "A", "G"} <= set(truth.values())
    assert got == truth and not warned
    [key] = extraction.meta["colour_keys"]
    assert [(e["rating"], e["colour"], e["hue_reads"]) for e in key["entries"]] == [
        ("R", "#D55E00", "A"), ("A", "#F0E442", "A"), ("G", "#0072B2", "")]
    assert [s["text"] for s in extraction.meta["audit"]["set_aside"] if s["code"] == "colour key"] == [
        "Key: " + " ".join(label for label, _ in sheet.key)]


def test_without_its_key_a_palette_the_hue_cannot_tell_is_warned_month_by_month(tmp_path):
    # The same colour-blind palette with the key taken off the page: the vermilion and the
    # yellow are both amber by hue, the blue no RAG colour, so no month can be told.
    _, extraction, truth, got, warned = _keyed(tmp_path, 9, keep_key=False)
    rated = {where for where, rag in truth.items() if rag}
    assert warned == rated
    assert all(got[where] == "" for where in rated)
    assert extraction.meta["colour_keys"] == []


def test_without_its_key_a_teal_green_is_warned_and_red_and_amber_read_by_hue(tmp_path):
    from layoutgen.content import palette

    assert palette(2)[0] == "yellow-teal"
    _, _, truth, got, warned = _keyed(tmp_path, 2, keep_key=False)
    greens = {where for where, rag in truth.items() if rag == "G"}
    assert greens and warned == greens
    assert {w: got[w] for w in truth if w not in greens} == {w: r for w, r in truth.items() if w not in greens}


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4))


def test_a_palette_is_drawn_from_its_own_stream_and_leaves_the_layout_as_drawn():
    from layoutgen.content import PALETTES, palette

    assert draw(9, colour_key=True).producer == draw(9, colour_key=False).producer
    assert palette(9) == palette(9)
    assert {palette(seed)[0] for seed in range(40)} == set(PALETTES)
