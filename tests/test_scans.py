"""Scanned scorecards: told from born-digital PDFs by evidence, read from the image, every
doubtful cell said; an unreadable scan refused with one line."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS, validate_dataset
from dataset.csvio import as_written
from extract import extract_pdf
from extract.cli import main
from extract.grid import Word
from extract.scan import image
from extract.scan.ocr import available
from extract.scan.page import ReadWord, evidence
from extract.scan.pdfium import Document, PageMake
from extract.scan.review import _middle, _problem, _Vocabulary
from scripts.corpus_report import CORPUS
from scripts.scan_accuracy import score
from tests.conftest import FIXTURES, ROOT, require

SCANS = FIXTURES / "scans"
UPSIDE_DOWN = SCANS / "rag-variants-200dpi-jpeg50-upside-down-image-only.pdf"
READABLE = sorted(p for p in SCANS.glob("*.pdf") if p.with_suffix(".expected").is_dir())


def _ocr() -> None:
    require(available(), "tesseract-ocr with English language data (and tesserocr)")


@pytest.mark.parametrize("pdf", READABLE, ids=[p.stem for p in READABLE])
def test_scan_reads_as_its_source(pdf):
    _ocr()
    result = score(pdf, pdf.with_suffix(".expected"))
    assert not result.refused, result.refused
    assert result.indicators_found == result.indicators_expected
    assert result.share >= 0.98, result.wrong
    assert result.rags_exact == result.rags, result.wrong
    assert not result.unflagged, f"wrong and not flagged: {result.unflagged}"


def test_an_ocr_layer_changes_nothing():
    """The same scan with and without tesseract's text layer gives the same dataset: the
    layer is never read."""
    _ocr()
    stem = "reference-april-2022-200dpi-skew+0_8-jpeg35"
    with_layer = extract_pdf(SCANS / f"{stem}-ocr-layer.pdf")
    without = extract_pdf(SCANS / f"{stem}-image-only.pdf")
    assert as_written(with_layer.indicators, INDICATOR_COLUMNS) == as_written(without.indicators, INDICATOR_COLUMNS)
    assert as_written(with_layer.figures, FIGURE_COLUMNS) == as_written(without.figures, FIGURE_COLUMNS)
    doubts = [[w for w in e.meta["warnings"] if w["code"] == "doubtful-cell"] for e in (with_layer, without)]
    assert doubts[0] == doubts[1]


def test_born_digital_pages_are_not_scans():
    for pdf in sorted(FIXTURES.glob("*.pdf")):
        with Document(pdf) as document:
            assert evidence(document.make(1)) == [], pdf.name


def test_scan_evidence_names_the_image_and_the_invisible_text():
    with Document(SCANS / "reference-april-2022-200dpi-skew+0_8-jpeg35-ocr-layer.pdf") as document:
        found = evidence(document.make(1))
    assert any("image covers 100%" in line and "200 dpi" in line for line in found)
    assert any("render mode 3" in line for line in found)


@pytest.mark.parametrize(
    "make, scan",
    [
        (PageMake(595, 842, 1.0, 300, 0, 0, 0), True),  # image only
        (PageMake(595, 842, 1.0, 300, 400, 400, 400), True),  # someone else's OCR layer
        (PageMake(595, 842, 1.0, 300, 400, 0, 0), False),  # visible text over a background picture
        (PageMake(595, 842, 0.3, 300, 0, 0, 0), False),  # a logo, not a page
    ],
)
def test_evidence_rule(make, scan):
    assert bool(evidence(make)) is scan


def test_doubtful_cells_are_warnings_with_crops(tmp_path):
    _ocr()
    pdf = SCANS / "rag-variants-200dpi-skew-1_0-noise-jpeg50-ocr-layer.pdf"
    # Unhurried: this is about what is said of doubtful cells, not time (bench.py times scans).
    assert main([str(pdf), "--out", str(tmp_path / "out"), "--page-seconds", "600", "--max-seconds", "1200"]) == 0
    _, _, meta = validate_dataset(tmp_path / "out")
    assert meta["source"]["read_from"] == "scan"
    assert meta["scan"]["pages"][0]["dpi"] == 200
    assert abs(meta["scan"]["pages"][0]["skew_degrees"] + 1.0) <= 0.1
    doubts = [w for w in meta["warnings"] if w["code"] == "doubtful-cell"]
    assert meta["scan"]["doubtful"] == len(doubts)
    for warning in doubts:
        crop = tmp_path / "out" / warning["crop"]
        assert crop.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert crop.name == f"{warning['page']}-{warning['cell'][0] - 1}-{warning['cell'][1] - 1}.png"
        assert f"page {warning['page']}" in warning["message"]
        assert warning["read"] in warning["message"] and warning["reason"]
    # The pack says so where the reader looks: at a glance, on the indicator's page, and in
    # its source annex, each doubtful cell with what was read and its crop.
    pages = _pack_pages(tmp_path / "out", tmp_path / "pack.pdf")
    glance = next(page for page in pages if "indicators stand in" in page)
    assert "read from a scanned image by OCR" in glance
    assert (f"{len(doubts)} cells to check against the scan" if len(doubts) != 1
            else "1 cell to check against the scan") in glance
    annex = " ".join(pages[next(n for n, page in enumerate(pages) if "Annex C: Source" in page):])
    assert "Cells to check against the scan" in annex and "a scanned image, by OCR" in annex
    for warning in doubts:
        assert warning["crop"] in annex
    keyed = [w for w in doubts if w.get("key")]
    assert keyed, "a doubtful cell of an indicator"
    assert sum("Check against the scan:" in page for page in pages) >= len({w["key"] for w in keyed})


def _pack_pages(dataset, out) -> list[str]:
    """Build the pack of `dataset` into `out` and give the text of each page, lines joined."""
    import pdfplumber

    from report import build_pack

    build_pack(dataset, out)
    with pdfplumber.open(out) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def test_upside_down_scan_is_turned():
    _ocr()
    extraction = extract_pdf(UPSIDE_DOWN)
    assert extraction.meta["scan"]["pages"][0]["turned_degrees"] == 180
    assert score(UPSIDE_DOWN, UPSIDE_DOWN.with_suffix(".expected"), extraction).share >= 0.98


@pytest.mark.parametrize(
    "name, words",
    [
        ("scanned-no-text.pdf", "50 dpi, under the 120 dpi"),
        ("scanned-blank.pdf", "every page is blank"),
    ],
)
def test_unreadable_scan_is_refused_with_one_line(name, words, tmp_path, capsys):
    _ocr()
    assert main([str(FIXTURES / "refused" / name), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "ask for" in err
    assert not (tmp_path / "out").exists()


def test_a_scan_in_another_script_is_refused_naming_it(tmp_path, capsys):
    """A Chinese scan from the real-world corpus is set aside page by page, not read as noise."""
    _ocr()
    pdf = CORPUS / "pdfplumber" / "malformed-from-issue-932.pdf"
    require(pdf.is_file(), f"the real-world corpus at {CORPUS}")
    assert main([str(pdf), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "written in Han script" in err and "ask for" in err


@pytest.mark.parametrize(
    "kind, text, colour, problem",
    [
        ("figure", "85%", None, ""),
        ("figure", "533 13%", None, ""),
        ("figure", "N/A", None, ""),
        ("figure", "8S%", None, "not a figure"),
        ("figure", "185%", None, "a percentage outside 0-100"),
        ("benchmark", "<= 9%", None, ""),
        ("benchmark", "9%|", None, "not a figure"),
        ("rag", "G", (0.0, 0.69, 0.31), ""),
        ("rag", "R", (0.0, 0.69, 0.31), "the letter says R, the colour G"),
        ("rag", "}", None, "not a RAG rating"),
        ("rag", "", (1.0, 0.0, 0.0), ""),
        ("text", "anything at all", None, ""),
    ],
)
def test_cell_checks(kind, text, colour, problem):
    assert _problem(kind, text, colour) == problem


def test_scan_fixtures_are_small():
    for pdf in SCANS.glob("*.pdf"):
        assert pdf.stat().st_size < 1024 * 1024, pdf.name
    assert json.loads((SCANS / f"{READABLE[0].stem}.expected" / "meta.json").read_text())["scan"]


def test_make_report_counts_the_doubtful_cells_and_keeps_their_crops(tmp_path):
    _ocr()
    from monthly.run import Settings, run_monthly

    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    (tmp_path / "inbox").mkdir()
    shutil.copyfile(SCANS / "rag-variants-200dpi-skew-1_0-noise-jpeg50-ocr-layer.pdf",
                    tmp_path / "inbox" / "october-scan.pdf")
    lines: list[str] = []
    settings = Settings(inbox=tmp_path / "inbox", out=tmp_path / "out", archive=tmp_path / "archive",
                        data=tmp_path / "data", sample=tmp_path / "assets" / "sample-scorecard.pdf",
                        catalogue=tmp_path / "assets" / "kpis.toml", brand=tmp_path / "assets" / "brand.toml")
    result = run_monthly(settings, echo=lines.append)
    assert result.exit_code == 0, lines
    [(name, period, cells)] = result.doubtful
    assert (name, period) == ("october-scan.pdf", "2022-10") and cells > 0
    [line] = [line for line in lines if "read from a scan to check against it" in line]
    assert f"{cells} cell" in line and "doubtful/" in line
    crops = sorted((tmp_path / "out" / "2022-10-data" / "doubtful").glob("*.png"))
    assert len(crops) == cells


def test_a_time_bound_firing_while_cells_are_read_waits_for_the_cells_begun():
    """A time bound's alarm repeats until the work stops; tesseract closed under a thread
    still reading a cell aborted the whole process ("pure virtual method called")."""
    _ocr()
    import signal
    import time

    from extract.scan import ocr

    class Fired(Exception):
        pass

    alarms = []

    def alarm(signum, frame):
        alarms.append(time.monotonic())
        if len(alarms) == 5:
            signal.setitimer(signal.ITIMER_REAL, 0)
        raise Fired

    begun, done = [], []

    def read(reader, item):
        begun.append(item)
        time.sleep(0.3)
        done.append(item)

    with ocr.Reader() as reader:
        reader.map(lambda engine, item: None, [1, 2])  # its second tesseract made before the clock starts
        previous = signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, 0.1, 0.04)
        try:
            with pytest.raises(Fired):
                reader.map(read, list(range(12)))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    assert len(alarms) >= 2
    assert begun and sorted(done) == sorted(begun) and len(begun) < 12


def _shaded_table(between: int) -> tuple[np.ndarray, image.Rules]:
    """Draw a two-column ruled table at 300 dpi whose right column holds two cells shaded
    nearly black (a grey photocopy's red) with the rule between them `between` (0..255)
    against the shading's 30: no darker than a rule the ink mask can find there."""
    page = np.full((700, 900), 250, np.uint8)
    page[100:600, 500:800] = 30
    page[349:352, 100:500] = 0  # the row rule across the left column, found as ink
    page[349:352, 500:800] = between
    for x in (100, 500, 800):
        page[100:600, x - 1:x + 2] = 0
    for y in (100, 600):
        page[y - 1:y + 2, 100:800] = 0
    mask = image.ink(page)
    return page, image.find_rules(mask, 300, image.faint_ink(page))


@pytest.mark.parametrize("between, cells", [(12, 4), (30, 3)])
def test_a_row_rule_lost_in_dark_shading_is_found_by_its_lightness(between, cells):
    """Two shaded RAG cells one above the other were read as one (two months' RAG merged, a
    flag on the wrong indicator): the rule between them is a thin line darker than the
    shading, though too faint for the ink mask; with no line there, the cell is one."""
    page, rules = _shaded_table(between)
    [table] = image.tables(rules, 300, page)
    assert len(table.cells) == cells


def test_cells_shaded_differently_are_never_one_cell():
    """Red over amber in a grey copy, the rule between them not found (the ink mask takes
    the dark side of the edge for it, off its line): two cells all the same."""
    horizontal = np.zeros((700, 900), np.uint8)
    vertical = np.zeros_like(horizontal)
    for y in (100, 600):
        horizontal[y - 1:y + 2, 100:800] = 255
    horizontal[349:352, 100:500] = 255  # the row rule found in the left column only
    for x in (100, 500, 800):
        vertical[100:600, x - 1:x + 2] = 255
    page = np.full((700, 900), 250, np.uint8)
    page[100:350, 500:800] = 30
    page[350:600, 500:800] = 200
    assert len(image._table_in(horizontal, horizontal, vertical, 300)) == 3  # no lightness: merged
    assert len(image._table_in(horizontal, horizontal, vertical, 300, page)) == 4


def test_a_word_under_a_dark_cells_edge_is_not_painted_out():
    """The ink mask takes the dark side of a shading's edge for a thick rule; painting it
    all out cut the top off "Red" set close under it ("neo"). The rows of the band as dark
    as the cell are the cell, the rule's own rows stay painted out."""
    patch = np.full((60, 100, 3), 30, np.float32)
    patch[0:2] = 0  # the rule
    patch[6:20, 40:46] = 8  # a letter's stem, its top inside the band
    lines = np.zeros((60, 100), bool)
    lines[0:12] = True  # the band the ink mask found
    kept = image._rules_only(patch, lines, np.full(3, 30.0))
    assert kept[0:2].all() and kept[2:5].all()  # the rule and its shoulders
    assert not kept[6:12].any()


def _read(text: str, known: bool = True) -> ReadWord:
    return ReadWord(Word(text, 0, 0, 10, 10), 96.0, known)


@pytest.mark.parametrize(
    "words, doubt",
    [
        ("There is no significant difference", ""),
        ("The Quadrant/Service leads", ""),
        ("training Opportunities. There", "'Opportunities' capitalised mid-sentence"),
        ("operate. Clinics in", ""),
        ("of S47 Enquines*", "'Enquines' is in no dictionary"),
        ("Surrey Surrey", ""),
    ],
)
def test_words_of_a_text_cell_checked_against_the_page(words, doubt):
    """Words tesseract was sure of and still wrong: one in no dictionary that the page has
    nowhere else, a capital mid-sentence that only its size tells from the small letter."""
    reads = [_read(w.rstrip("*"), known=not w.endswith("*")) for w in words.split()]
    scan = type("Scan", (), {"words": reads + [_read("Quadrant/Service"), _read("Surrey")]})()
    found = _Vocabulary(scan).doubt(reads)
    assert found.startswith(doubt) if doubt else found == ""


def test_the_month_unlike_the_others_is_named_not_its_neighbour():
    """4.2%, 4.3% and a 46% that lost its point: judged beside the other two alone, 4.2
    looked the odd one out (the median of 4.3 and 46) and the wrong cell was flagged."""
    values = {slot: (value, None, "", 96.0, None) for slot, value in (("m1", 4.2), ("m2", 4.3), ("m3", 46.0))}
    assert _middle(values, "m1", 2) == _middle(values, "m3", 2) == 4.3
    two = {"target": (40.0, None, "", 96.0, None), "national": (414.0, None, "", 96.0, None)}
    assert _middle(two, "national", 1) == 40.0
