"""The coverage audit names what extraction read into nothing: scorecards drawn with one
thing removed or moved, and the audit's pure rules on their own."""

from __future__ import annotations

import json

import pytest

from dataset.catalogue import slug
from extract import extract_pdf
from extract.audit import CODES, PageEvidence, Region, audit_coverage
from extract.grid import Word
from extract.provenance import Source, Use
from tests.scorecards import GREEN, INDICATORS, RED, STRIPE, Text, draw, scorecard


def _audit(tmp_path, pages) -> tuple[list[dict], list[dict], object]:
    extraction = extract_pdf(draw(tmp_path / "card.pdf", pages))
    warnings = [w for w in extraction.meta["warnings"] if w["code"] in CODES]
    return warnings, extraction.meta["audit"]["set_aside"], extraction


def _inside(bbox, box, slack=1.0) -> bool:
    return (box[0] - slack <= bbox[0] and bbox[2] <= box[2] + slack
            and box[1] - slack <= bbox[1] and bbox[3] <= box[3] + slack)


def test_a_whole_scorecard_leaves_nothing_unaccounted(tmp_path):
    warnings, set_aside, extraction = _audit(tmp_path, [[scorecard()]])
    assert len(extraction.indicators) == len(INDICATORS)
    assert warnings == [] and set_aside == []
    assert extraction.meta["audit"]["words"] > 5 * 8


def test_a_column_whose_heading_is_removed_is_named_cell_by_cell(tmp_path):
    table = scorecard()
    table.header[1] = ""
    warnings, _, extraction = _audit(tmp_path, [[table]])
    assert all(row["target_text"] == "" for row in extraction.indicators)
    unread = [w for w in warnings if w["code"] == "unread-text"]
    assert [w["text"] for w in unread] == [target for _, target, _, _ in INDICATORS]
    for row, warning in enumerate(unread):
        assert warning["page"] == 1
        assert _inside(warning["bbox"], table.cell(row, 1)), (warning, table.cell(row, 1))


def test_text_put_in_an_empty_cell_is_named(tmp_path):
    table = scorecard()
    table.header.append("")
    table.widths.append(90.0)
    for row in table.rows:
        row.append("")
    table.rows[3][-1] = "see appendix"
    warnings, _, _ = _audit(tmp_path, [[table]])
    assert [(w["code"], w["page"], w["text"]) for w in warnings] == [("unread-text", 1, "see appendix")]
    assert _inside(warnings[0]["bbox"], table.cell(3, len(table.widths) - 1))


def test_rag_drawn_as_dots_is_read_from_their_colour(tmp_path):
    table = scorecard()
    for row in table.rows:
        row[7] = ""
    table.dots = {(0, 7): RED, (3, 7): GREEN}
    warnings, _, extraction = _audit(tmp_path, [[table]])
    latest = [(r["rag"], r["rag_text"], r["rag_source"]) for r in extraction.figures if r["period"] == "2022-04"]
    assert latest == [("R", "", "mark"), ("", "", ""), ("", "", ""), ("G", "", "mark"), ("", "", "")]
    assert warnings == []


def test_a_dot_where_no_rating_is_read_is_named(tmp_path):
    # A red dot beside a target: nothing reads a rating there, so the audit must say so.
    table = scorecard()
    table.dots = {(2, 1): RED}
    warnings, _, extraction = _audit(tmp_path, [[table]])
    assert [r["target_text"] for r in extraction.indicators] == [target for _, target, _, _ in INDICATORS]
    assert [(w["code"], w["page"]) for w in warnings] == [("unread-mark", 1)]
    assert _inside(warnings[0]["bbox"], table.cell(2, 1))
    assert "red" in warnings[0]["message"]


def test_an_indicator_whose_figures_are_removed_is_named(tmp_path):
    table = scorecard()
    table.rows[2][2:] = [""] * 6
    warnings, _, _ = _audit(tmp_path, [[table]])
    assert [(w["code"], w["text"], w["key"]) for w in warnings] == [
        ("row-without-figures", INDICATORS[2][0], "children-subject-to-a-plan")]
    assert _inside(warnings[0]["bbox"], table.cell(2, 0))


def test_figures_moved_down_into_the_next_row_are_named(tmp_path):
    # The figures of one indicator printed most of a row too low: they are read into the row
    # below, and the indicator left without figures between rows that have them is named.
    table = scorecard()
    for col in range(2, len(table.widths)):
        table.moved[(2, col)] = (0.0, 0.7 * table.row_height)
    warnings, _, extraction = _audit(tmp_path, [[table]])
    latest = {r["key"]: r["figure_text"] for r in extraction.figures if r["period"] == "2022-04"}
    assert latest["children-subject-to-a-plan"] == ""
    assert ("row-without-figures", "children-subject-to-a-plan") in [(w["code"], w.get("key")) for w in warnings]


def test_figures_printed_in_rag_colours_with_no_rag_read_are_named(tmp_path):
    table = scorecard()
    keep = [0, 1, 2, 4, 6]
    table.header = [table.header[i] for i in keep]
    table.widths = [table.widths[i] for i in keep]
    table.rows = [[row[i] for i in keep] for row in table.rows]
    table.inks = {(0, 2): RED, (1, 3): GREEN}
    warnings, _, _ = _audit(tmp_path, [[table]])
    assert [(w["code"], w["text"], w["period"]) for w in warnings] == [
        ("rag-not-read", "19%", "2022-02"), ("rag-not-read", "79%", "2022-03")]


def test_a_note_and_a_colour_key_across_the_table_are_set_aside_by_name(tmp_path):
    table = scorecard()
    width = len(table.widths)
    table.rows += [["* April figures are provisional"] + [""] * (width - 1),
                   ["Key: Red below target, Amber within 5%, Green on target"] + [""] * (width - 1)]
    table.spanning = {len(table.rows) - 2, len(table.rows) - 1}
    warnings, set_aside, extraction = _audit(tmp_path, [[table]])
    assert len(extraction.indicators) == len(INDICATORS)
    assert warnings == []
    assert [(s["code"], s["text"]) for s in set_aside] == [
        ("footnote", "* April figures are provisional / Key: Red below target, Amber within 5%, Green on target")]


def test_a_page_whose_table_gives_no_rows_after_pages_that_did_is_named(tmp_path):
    lost = scorecard(left=140.0)
    lost.header[0] = ""
    warnings, _, extraction = _audit(tmp_path, [[scorecard()], [lost]])
    assert len(extraction.indicators) == len(INDICATORS)
    unread = [w for w in warnings if w["code"] == "table-not-read"]
    assert [w["page"] for w in unread] == [2]
    assert "Feb 2022" in unread[0]["text"]


def test_words_outside_the_table_are_not_its_business(tmp_path):
    warnings, set_aside, _ = _audit(tmp_path, [[scorecard(), Text(40, 400, "Page 1 of 1 - printed 3 May 2022")]])
    assert warnings == [] and set_aside == []


# The audit's rules on evidence made by hand: what a layout cannot easily be drawn to show.


def _word(text, x0, top, x1=None):
    return Word(text, x0, top, x1 if x1 is not None else x0 + 6 * len(text), top + 8)


def test_figures_level_with_another_indicators_name_are_named():
    first, second = _word("Alpha", 40, 100), _word("Beta", 40, 120)
    uses = [
        Use("field", "name", Source(1, (first,)), "alpha"),
        Use("field", "name", Source(1, (second,)), "beta"),
        Use("field", "figure", Source(1, (_word("12%", 300, 120),)), "alpha", "2022-04"),
        Use("field", "figure", Source(1, (_word("15%", 300, 140),)), "beta", "2022-04"),
    ]
    page = PageEvidence(1, (Region(1, (30, 90, 400, 160)),), (), ())
    found = audit_coverage([page], uses, [], [])
    assert [(w.code, w.key, w.text) for w in found.warnings] == [("figures-shifted", "alpha", "12%")]
    assert "'beta'" in found.warnings[0].message


def test_a_row_of_figures_outside_every_table_read_is_named():
    # Soak seed 30: a table carried to the next page without its header, above the page's
    # next table (which has its own): its last row fell outside every table read, unsaid.
    columns = ((300.0, 340.0), (350.0, 390.0), (400.0, 440.0))
    row = (_word("Plans", 40, 50), _word("49%", 305, 50), _word("50%", 355, 50), _word("52%", 405, 50))
    title = (_word("Scorecard", 40, 20), _word("2024", 305, 20), _word("Page", 350, 700),
             _word("1", 380, 700, 386), _word("of", 400, 700), _word("2", 420, 700, 426))
    page = PageEvidence(2, (Region(2, (30, 90, 450, 300)),), (), (), (), row + title, columns)
    found = audit_coverage([page], [], [], [])
    assert [(w.code, w.page, w.text) for w in found.warnings] == [("unread-text", 2, "Plans 49% 50% 52%")]
    # A page with no month columns in force (before any table) is not the audit's business.
    assert audit_coverage([PageEvidence(1, (), (), (), (), row)], [], [], []).warnings == ()


def test_a_title_on_every_page_is_a_running_header():
    uses = [Use("set-aside", "title", Source(page, (_word("Scorecard", 40, 60),))) for page in (1, 2)]
    uses.append(Use("set-aside", "title", Source(3, (_word("Annex", 40, 60),))))
    found = audit_coverage([], uses, [], [])
    assert [(s.code, s.page, s.text) for s in found.set_aside] == [
        ("running header", 1, "Scorecard"), ("running header", 2, "Scorecard"), ("title", 3, "Annex")]


@pytest.mark.parametrize(("text", "named"), [
    ("Page 2 of 4", "page number"),
    ("- 3 -", "page number"),
    ("450", ""),  # a figure nothing read is never taken for a page number
    ("* provisional", "footnote"),
    ("Source: CSC system", "footnote"),
    ("Key: Red off target, Green on target", "colour key"),
    ("Red", ""),
    ("Looked after children", ""),
])
def test_leftover_text_is_set_aside_only_by_what_it_says(text, named):
    words, x = [], 40.0
    for part in text.split():
        words.append(_word(part, x, 100))
        x = words[-1].x1 + 3
    page = PageEvidence(1, (Region(1, (0, 0, 800, 600)),), tuple(words), ())
    found = audit_coverage([page], [], [], [])
    assert [s.code for s in found.set_aside] == ([named] if named else [])
    assert [w.code for w in found.warnings] == ([] if named else ["unread-text"])


def test_the_command_names_what_it_could_not_read(tmp_path, capsys):
    from extract.cli import main

    table = scorecard()
    table.header[1] = ""
    pdf = draw(tmp_path / "card.pdf", [[table]])
    assert main([str(pdf), "--out", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    assert f"{len(INDICATORS)} things inside the tables were not read:" in out
    assert "page 1: text inside the table was not read into the dataset: '22%'" in out
    recorded = json.loads((tmp_path / "data" / "extraction.json").read_text(encoding="utf-8"))
    assert recorded["audit"]["unaccounted"] == len(INDICATORS)
    assert next(w["text"] for w in recorded["warnings"] if w["code"] == "unread-text") == "22%"


def test_rows_of_zebra_stripes_without_rules_are_read_or_named(tmp_path):
    # Shaded bands and no rules: the ruled-line engine may take each band for a table of its
    # own; whatever rows it loses between them must be named, never dropped in silence.
    table = scorecard(ruled=False)
    table.rows += [[f"{row[0]} (second area)", *row[1:]] for row in table.rows]
    table.shaded = {(row, col): STRIPE for row in range(1, len(table.rows), 2) for col in range(len(table.widths))}
    extraction = extract_pdf(draw(tmp_path / "zebra.pdf", [[table]], title=""))
    read = {row["name"] for row in extraction.indicators}
    named = " ".join(w["text"] for w in extraction.meta["warnings"] if w["code"] in CODES)
    for row in table.rows:
        assert row[0] in read or row[0] in named, f"{row[0]!r} was lost without a warning"
    figures = {(r["key"], r["figure_text"]) for r in extraction.figures}
    assert len(read) == len(table.rows) or named, "rows lost and nothing said"
    assert figures


def test_the_pack_says_what_could_not_be_read(tmp_path):
    import pdfplumber

    from report.pack import build_pack

    table = scorecard()
    table.header[1] = ""  # the targets are read into nothing
    table.rows[2][2:] = [""] * 6  # an indicator without figures between two with them
    extraction = extract_pdf(draw(tmp_path / "card.pdf", [[table]]))
    info = build_pack(extraction.write(tmp_path / "data"), tmp_path / "pack.pdf")
    with pdfplumber.open(tmp_path / "pack.pdf") as pdf:
        pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    glance = next(text for text in pages if "At a glance" in text and "How the" in text)
    notice = f"{len(INDICATORS)} cells could not be read and 1 row looks misread — see Annex A."
    assert notice in glance
    assert info.unread == notice
    own = [text for text in pages if "Could not be read: This indicator has no figures" in text]
    assert len(own) == 1 and INDICATORS[2][0] in own[0]
    annex = next(text for text in pages if "Data-quality notes" in text and "Notes from reading" in text)
    assert "not read into the dataset: '22%' (page 1)" in annex


@pytest.mark.parametrize(
    ("warnings", "notice"),
    [
        ([], ""),
        (
            [{"code": "unread-text", "page": 1, "text": "22%", "message": "…: '22%'"},
             {"code": "unread-mark", "page": 2, "text": "",
              "message": "a red mark inside the table was not read"}],
            (
                "2 cells could not be read — see Annex A: ‘22%’ (page 1);"
                " a red mark inside the table (page 2)."
            ),
        ),
        (
            [{"code": "unread-text", "page": 1, "text": str(n), "message": "…"} for n in range(4)]
            + [{"code": "table-not-read", "page": 3, "text": "Apr", "message": "…"},
               {"code": "rag-disagrees", "page": 1, "message": "not the audit's"}],
            "4 cells could not be read and 1 table gave no indicators — see Annex A.",
        ),
        (
            [{"code": "narrative-may-be-shared", "page": 2, "text": "Visits in time", "message": "…"},
             {"code": "unread-text", "page": 1, "text": "22%", "message": "…"}],
            ("1 cell could not be read and 1 indicator may share the commentary above — see Annex A:"
             " ‘Visits in time’ (page 2); ‘22%’ (page 1)."),
        ),
    ],
    ids=["all-read", "few-named", "many-counted", "commentary-shared"],
)
def test_the_unread_notice_names_what_could_not_be_read_when_few(warnings, notice):
    from report.model import unread_notice, unread_of

    assert unread_notice(unread_of({"warnings": warnings})) == notice


# The same, in layouts drawn by the layout generator (scripts/layoutgen) through reportlab:
# one thing removed from the drawn sheet before it is rendered.


def _generated(tmp_path, change):
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    from layoutgen import draw as draw_layout
    from layoutgen.build import render
    from layoutgen.sheet import build_sheet

    layout = draw_layout(2, producer="rl-canvas", rules="grid", header="one-row", sections="none",
                         narrative="column", rag="letter", indicators=12, page="a3-landscape")
    sheet = build_sheet(layout)
    change(sheet.tables[0])
    extraction = extract_pdf(render(sheet, tmp_path))
    return sheet, extraction, [w for w in extraction.meta["warnings"] if w["code"] in CODES]


def test_a_generated_layout_whose_target_heading_is_removed_names_every_target(tmp_path):
    def remove_heading(table):
        next(c for c in table.head[0].cells if c.role == "target").text = ""

    sheet, extraction, warnings = _generated(tmp_path, remove_heading)
    assert all(row["target_text"] == "" for row in extraction.indicators)
    printed = [c.text for row in sheet.tables[0].body for c in row.cells if c.role == "target" and c.text]
    assert printed
    assert [w["text"] for w in warnings if w["code"] == "unread-text"] == printed


def test_a_generated_layout_with_one_rows_figures_removed_names_that_indicator(tmp_path):
    def remove_figures(table):
        for cell in table.body[4].cells:
            if cell.role in ("fig", "rag"):
                cell.text = ""

    sheet, extraction, warnings = _generated(tmp_path, remove_figures)
    name = next(c.text for c in sheet.tables[0].body[4].cells if c.role == "name")
    assert [(w["code"], w["text"]) for w in warnings] == [("row-without-figures", name)]


def test_a_band_cell_across_a_text_table_that_prints_figures_is_a_row_or_named():
    # Soak seed 36 (WeasyPrint, an outer box): the box's band held body rows as cells across
    # the table; one printing figures was read as a section heading, its indicator lost unsaid.
    from extract.grid import Cell, Grid, text_of
    from extract.header import Column, Header
    from extract.rows import grid_to_rows

    edges = (30.0, 200.0, 250.0, 300.0, 350.0)
    header = Header(1, (Column(0, "name", "Indicator", x0=30, x1=200),
                        Column(1, "target", "Target", x0=200, x1=250),
                        Column(2, "figure", "Apr", 4, 2022, 250, 300),
                        Column(3, "figure", "May", 5, 2022, 300, 350)))

    def across(row, *lines):
        words = tuple(_word(text, x, 100 + 20 * row + 9 * n) for n, line in enumerate(lines) for text, x in line)
        return Cell(row, 0, 1, 4, (30, 100 + 20 * row, 350, 118 + 20 * row), text_of(list(words)), words=words)

    one = [("Contacts", 40), ("80%", 205), ("81%", 255), ("83%", 305)]
    two = [("Referrals", 40), ("70%", 205), ("71%", 255), ("72%", 305)]
    cells = (across(0, [("Front", 40), ("Door", 80)]), across(1, one), across(2, one, two))
    grid = Grid(1, "text-rows", (30, 100, 350, 160), 3, 4, cells, edges)
    rows = grid_to_rows(grid, header, 0, False)
    assert [(r.kind, r.texts.get("name")) for r in rows] == [("section", "Front Door"), ("data", "Contacts")]
    assert rows[1].texts[("figure", 5, 2022)] == "83%"
    # Two rows in one cell are left unread, for the audit to name, not read as one.
    assert all("Referrals" not in str(r.texts) for r in rows)


def test_a_row_under_a_name_merged_down_is_the_rest_of_that_row_not_another():
    # Soak seed 296 (reportlab platypus, grid, RAG squares on a line of their own): the name,
    # polarity and target cells span two grid rows; the second row was read as an indicator
    # of the same name, every indicator twice, unsaid.
    from extract.grid import Cell, Grid
    from extract.header import Column, Header
    from extract.rows import grid_to_rows

    header = Header(1, (Column(0, "name", "Indicator", x0=30, x1=200),
                        Column(1, "figure", "Apr", 4, 2022, 200, 250),
                        Column(2, "rag", "RAG", 4, 2022, 250, 280)))
    name = Cell(0, 0, 2, 1, (30, 100, 200, 130), "Contacts", words=(_word("Contacts", 40, 105),))
    figure = Cell(0, 1, 1, 1, (200, 100, 250, 115), "80%", words=(_word("80%", 205, 105),))
    square = Cell(1, 2, 1, 1, (250, 115, 280, 130), "", fill=(0.0, 0.6, 0.2))
    cells = (name, figure, Cell(0, 2, 1, 1, (250, 100, 280, 115), ""), Cell(1, 1, 1, 1, (200, 115, 250, 130), ""), square)
    rows = grid_to_rows(Grid(1, "pdfplumber", (30, 100, 280, 130), 2, 3, cells), header, 0, False)
    assert [(r.kind, r.texts.get("name")) for r in rows] == [("data", "Contacts")]
    assert rows[0].fills.get(("rag", 4, 2022)) == (0.0, 0.6, 0.2)


# A narrative column where one indicator has no narrative of its own under one that has: in a
# generated layout, the narrative cell beside row 3 either stops at its row or is merged down
# over row 4 (whose own cell is removed); what is drawn between the rows tells which, or the
# audit names row 4.


def _narratives(tmp_path, rules: str, merged: bool):
    def change(table):
        rows = [row for row in table.body if row.kind == "body"]
        for n, row in enumerate(rows):
            cell = next(c for c in row.cells if c.role == "narrative")
            cell.text = cell.text or f"Commentary for row {n + 1}."
        # Short enough to fit beside row 3: a text running into row 4 shows a merge by itself.
        next(c for c in rows[3].cells if c.role == "narrative").text = "Stable this month."
        below = next(c for c in rows[4].cells if c.role == "narrative")
        if merged:
            next(c for c in rows[3].cells if c.role == "narrative").rowspan = 2
            rows[4].cells.remove(below)
        else:
            below.text = ""

    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    from layoutgen import draw as draw_layout
    from layoutgen.build import render
    from layoutgen.sheet import build_sheet

    layout = draw_layout(2, producer="rl-canvas", rules=rules, header="one-row", sections="none",
                         narrative="column", rag="letter", indicators=12, page="a3-landscape", size=8)
    sheet = build_sheet(layout)
    change(sheet.tables[0])
    extraction = extract_pdf(render(sheet, tmp_path))
    rows = [row for row in sheet.tables[0].body if row.kind == "body"]
    name, above = (next(c.text for c in rows[i].cells if c.role == "name") for i in (4, 3))
    narrative = next(c.text for c in rows[3].cells if c.role == "narrative")
    by_name = {row["name"]: row for row in extraction.indicators}
    shared = [w for w in extraction.meta["warnings"] if w["code"] == "narrative-may-be-shared"]
    return by_name[name]["narrative"], by_name[above]["narrative"], narrative, name, above, shared


@pytest.mark.parametrize("rules", ["horizontal", "zebra", "grid"])
def test_a_narrative_merged_down_where_rules_or_shading_part_the_other_columns_is_both_rows(tmp_path, rules):
    mine, theirs, printed, _, _, shared = _narratives(tmp_path, rules, merged=True)
    assert mine == theirs == printed
    assert shared == []


@pytest.mark.parametrize("rules", ["horizontal", "zebra", "grid"])
def test_a_narrative_that_stops_at_its_row_where_rules_or_shading_part_every_column_is_its_own(tmp_path, rules):
    mine, theirs, printed, _, _, shared = _narratives(tmp_path, rules, merged=False)
    assert (mine, theirs) == ("", printed)
    assert shared == []


@pytest.mark.parametrize("rules", ["none", "box"])
@pytest.mark.parametrize("merged", [True, False], ids=["merged", "own"])
def test_an_indicator_without_a_narrative_under_one_with_where_nothing_parts_them_is_named(tmp_path, rules, merged):
    # Merged or not, the page prints the same: the first's narrative alone is read, and the
    # audit names the second, beside the first, on its own name.
    mine, theirs, printed, name, above, shared = _narratives(tmp_path, rules, merged)
    assert (mine, theirs) == ("", printed)
    assert [(w["key"], w["text"], w["page"]) for w in shared] == [(slug(name), name, 1)]
    assert repr(name) in shared[0]["message"] and repr(above) in shared[0]["message"]


def test_the_pack_and_the_run_summary_name_an_indicator_that_may_share_the_commentary_above(tmp_path):
    import pdfplumber

    from report.pack import build_pack

    table = scorecard(ruled=False)
    table.header.append("Commentary")
    table.widths.append(220.0)
    said = ("Stable this month.", "Improving since the new rota.", "Below target after a busy winter.", "",
            "In line with neighbours.")
    for row, text in zip(table.rows, said):
        row.append(text)
    extraction = extract_pdf(draw(tmp_path / "card.pdf", [[table]]))
    shared = [w for w in extraction.meta["warnings"] if w["code"] in CODES]
    assert [(w["code"], w["text"]) for w in shared] == [("narrative-may-be-shared", INDICATORS[3][0])]
    info = build_pack(extraction.write(tmp_path / "data"), tmp_path / "pack.pdf")
    with pdfplumber.open(tmp_path / "pack.pdf") as pdf:
        pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    notice = f"1 indicator may share the commentary above — see Annex A: ‘{INDICATORS[3][0]}’ (page 1)."
    assert info.unread == notice
    assert any(notice in text for text in pages if "At a glance" in text)
    own = [text for text in pages if f"Could not be read: '{INDICATORS[3][0]}' has no commentary of its own" in text]
    assert len(own) == 1 and f"beside '{INDICATORS[2][0]}' above" in own[0]
