"""The extract command: a dataset and exit 0, or exit 2, one clear line, nothing written."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dataset import FIGURE_COLUMNS, validate_dataset
from dataset.csvio import read_rows
from extract import Settings, camelot_engine, extract_pdf
from extract.cli import main
from tests.conftest import FIXTURES, SHARED, require

REFUSED = FIXTURES / "refused"


@pytest.mark.parametrize(
    "name, words",
    [
        ("empty.pdf", "not a PDF"),
        ("text-file.pdf", "not a PDF"),
        ("truncated.pdf", "damaged"),
        ("encrypted.pdf", "encrypted"),
        ("scanned-no-text.pdf", "under the 120 dpi"),
    ],
)
def test_refused_with_one_clear_line(name, words, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(REFUSED / name), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and "Traceback" not in err
    assert not out.exists()


def test_not_a_scorecard_is_refused(tmp_path, capsys):
    pdf = SHARED / "realworld-pdfs" / "camelot" / "budget.pdf"
    require(pdf.is_file(), f"the real-world corpus at {SHARED / 'realworld-pdfs'}")
    assert main([str(pdf), "--out", str(tmp_path / "out")]) == 2
    assert "No KPI table" in capsys.readouterr().err


def test_missing_file_is_refused(tmp_path, capsys):
    assert main([str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_bad_period_flag_is_refused(tmp_path, capsys):
    assert main([str(FIXTURES / "reference-april-2022.pdf"), "--out", str(tmp_path / "o"), "--period", "April"]) == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_empty_user_password_reads_as_usual(tmp_path):
    assert main([str(REFUSED / "encrypted-empty-password.pdf"), "--out", str(tmp_path / "out")]) == 0
    indicators, _, meta = validate_dataset(tmp_path / "out")
    assert len(indicators) == 30 and meta["period"] == "2022-04"


def test_dataset_records_provenance(tmp_path):
    pdf = FIXTURES / "reference-april-2022.pdf"
    assert main([str(pdf), "--out", str(tmp_path / "out")]) == 0
    meta = json.loads((tmp_path / "out" / "extraction.json").read_text())
    assert meta["source"]["file"] == pdf.name and len(meta["source"]["sha256"]) == 64
    assert meta["source"]["pages"] >= 3 and {t["engine"] for t in meta["tables"]} == {"pdfplumber"}
    figure_cells = [c for c in meta["cells"] if c["field"] == "figure"]
    assert len(figure_cells) == 30 * 3  # every month of every indicator prints a figure
    assert {c["field"] for c in meta["cells"]} >= {"name", "target", "narrative", "figure"}
    assert all(len(c["bbox"]) == 4 and c["page"] >= 1 for c in meta["cells"])


def test_every_rag_has_its_cell(tmp_path):
    assert main([str(FIXTURES / "rag-variants.pdf"), "--out", str(tmp_path / "out")]) == 0
    meta = json.loads((tmp_path / "out" / "extraction.json").read_text())
    figures = read_rows(tmp_path / "out" / "figures.csv", FIGURE_COLUMNS)
    rated = {(f["key"], f["period"]) for f in figures if f["rag_source"]}
    boxed = {(c["key"], c["period"]) for c in meta["cells"] if c["field"] == "rag"}
    assert rated and rated <= boxed


def test_cross_check_lists_the_figures_the_engines_read_differently(monkeypatch):
    """Both engines agree on a clean fixture; a figure the second engine reads otherwise is listed."""
    pdf = FIXTURES / "reference-april-2022.pdf"
    clean = extract_pdf(pdf, settings=Settings(cross_check=True))
    assert not [c for c in clean.meta["checks"] if c["code"] == "engines-disagree"]

    real = camelot_engine.page_grids

    def misread(path, page, words, fills):
        grids = real(path, page, words, fills)
        if page != 1:
            return grids
        grid = grids[0]
        cells = tuple(replace(c, text="999") if c.text == "4011" else c for c in grid.cells)
        return [replace(grid, cells=cells), *grids[1:]]

    monkeypatch.setattr(camelot_engine, "page_grids", misread)
    checked = extract_pdf(pdf, settings=Settings(cross_check=True))
    (disagreement,) = [c for c in checked.meta["checks"] if c["code"] == "engines-disagree"]
    assert disagreement["key"] == "number-of-cspa-contacts-received"
    assert disagreement["period"] == "2022-02" and "999" in disagreement["message"]


def test_long_work_reports_each_page():
    seen = []
    extract_pdf(FIXTURES / "portrait-many-pages.pdf", settings=Settings(on_page=lambda *page: seen.append(page)))
    assert seen and seen == [(n, seen[0][1]) for n in range(1, seen[0][1] + 1)]
