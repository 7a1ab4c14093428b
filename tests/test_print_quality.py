"""Print quality of the pack, measured on the rendered PDF with pdfplumber: type sizes, pages
holding a few spilled lines, headings at a page's foot, commentary kept with its indicator,
chart labels clear of points and of each other, percentage axes, annexes in words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from report import build_pack, prepare_pack
from tests.report_data import (
    REFERENCE,
    extraction_for,
    history_dataset,
    reference_dataset,
    reference_rows,
    write_judged,
)

PRODUCED = date(2022, 5, 9)
BODY_TOP, BODY_BOTTOM = 22, 18  # mm of header and footer outside the body frame (document.py)
MM = 72 / 25.4


@dataclass
class Built:
    pdf: Path
    pages: object  # the page model
    words: list[list[dict]]  # per page: words with size and font
    curves: list[list[dict]]


def _build(dataset: Path, out: Path) -> Built:
    info = build_pack(dataset, out, produced=PRODUCED)
    words, curves = [], []
    with pdfplumber.open(info.path) as pdf:
        for page in pdf.pages:
            words.append(page.extract_words(extra_attrs=["size", "fontname"], use_text_flow=True))
            curves.append(list(page.curves))
    return Built(info.path, prepare_pack(dataset, produced=PRODUCED).pages, words, curves)


def _long_narratives(directory: Path) -> Path:
    """The reference with narratives of every length: one over a page, and several a few
    lines longer than the room left under their indicator."""
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for n, item in enumerate(reference["indicators"]):
        words = item["narrative"].split() or ["No", "comment."]
        item["narrative"] = " ".join(words * (1 + n % 4))
    reference["indicators"][6]["narrative"] = " ".join(f"word{n}" for n in range(900))
    indicators, figures = reference_rows(reference)
    return write_judged(directory, indicators, figures, extraction_for(reference["periods"]))


@pytest.fixture(scope="module", params=["sample", "narratives", "history"])
def built(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "sample":
        dataset = reference_dataset(folder / "dataset")
    elif request.param == "narratives":
        dataset = _long_narratives(folder / "dataset")
    else:
        dataset = history_dataset(folder / "dataset", folder / "history.sqlite", months=18)
    return _build(dataset, folder / "pack.pdf")


def _body(words: list[dict], height: float) -> list[dict]:
    """Give the `words` inside a page's body frame, leaving out its header and footer."""
    return [
        w for w in words if BODY_TOP * MM < w["top"] and w["bottom"] < height - BODY_BOTTOM * MM
    ]


def _lines(words: list[dict]) -> list[float]:
    """Give the distinct baselines of `words` (to the nearest point)."""
    return sorted({round(w["bottom"]) for w in words})


def test_body_text_is_10_pt_and_nothing_is_under_8_pt(built):
    sizes = [round(w["size"], 2) for page in built.words for w in page]
    assert min(sizes) >= 8
    commentary = [
        page.commentary.split()[:6]
        for section in built.pages.sections
        for page in section.indicators
        if page.commentary
    ]
    text = [w for page in built.words for w in page]
    for first in commentary:
        found = [w for w in text if w["text"] == first[0]]
        assert found and max(w["size"] for w in found) >= 10, first


def test_no_page_holds_only_a_few_spilled_lines(built):
    height = 297 * MM
    for number, words in enumerate(built.words[1:], start=2):
        body = _body(words, height)
        assert len(_lines(body)) >= 6, (number, " ".join(w["text"] for w in body))


def test_every_indicator_s_commentary_starts_on_its_page(built):
    for section in built.pages.sections:
        for page in section.indicators:
            words = (page.commentary or page.no_commentary).split()[:4]
            title = page.title.split()[:3]
            title_pages = [n for n, ws in enumerate(built.words) if _has_run(ws, title)]
            text_pages = [n for n, ws in enumerate(built.words) if _has_run(ws, words)]
            assert set(title_pages) & set(text_pages), (page.title, title_pages, text_pages)


def _has_run(words: list[dict], run: list[str]) -> bool:
    texts = [w["text"] for w in words]
    return any(texts[i : i + len(run)] == run for i in range(len(texts) - len(run) + 1))


def test_no_heading_sits_at_a_page_foot(built):
    height = 297 * MM
    for number, words in enumerate(built.words[2:], start=3):
        body = _body(words, height)
        # Headings: h1 (19 pt), h2 (12 pt) and the 8 pt bold commentary heading.
        for heading in (
            w
            for w in body
            if w["size"] in (19, 12) or (w["text"] == "COMMENTARY" and "Bold" in w["fontname"])
        ):
            below = [w for w in body if w["top"] > heading["bottom"] + 1 and w["size"] < 12]
            assert below, (number, heading["text"])


def test_chart_labels_cover_no_point_and_no_other_label(built):
    for number, (words, curves) in enumerate(zip(built.words, built.curves, strict=True), 1):
        labels = [
            w
            for w in words
            if round(w["size"]) == 8
            and "Bold" in w["fontname"]
            and any(ch.isdigit() for ch in w["text"])
        ]
        markers = [
            c for c in curves if 4 < c["x1"] - c["x0"] < 7 and 4 < c["bottom"] - c["top"] < 7
        ]
        for n, label in enumerate(labels):
            for marker in markers:
                assert not _overlap(label, marker, 0.3), (number, label["text"])
            for other in labels[n + 1 :]:
                assert not _overlap(label, other, 0.3), (number, label["text"], other["text"])


def _overlap(a: dict, b: dict, slack: float) -> bool:
    return (
        a["x0"] + slack < b["x1"]
        and b["x0"] + slack < a["x1"]
        and a["top"] + slack < b["bottom"]
        and b["top"] + slack < a["bottom"]
    )


def test_percentage_axes_stop_at_100_unless_the_figures_pass_it(built):
    for section in built.pages.sections:
        for page in section.indicators:
            chart = page.chart
            if chart.caption != "Per cent" or not chart.ticks:
                continue
            highest = max(p.value for p in chart.points if p.value is not None)
            assert chart.ticks[-1] <= 100 or highest > 100, page.title


def test_the_data_quality_annex_is_in_words_not_codes(built):
    annex = built.pages.annexes[0]
    for block in annex.blocks:
        assert "Code" not in block.heads
        for row in block.rows:
            assert not any(cell.count("-") and " " not in cell for cell in row), row
    text = " ".join(w["text"] for page in built.words for w in page)
    for code in ("rag-disagrees", "not-in-catalogue", "history-gap", "composite-disagrees"):
        assert code not in text
