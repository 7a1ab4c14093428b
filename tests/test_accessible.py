"""The accessible edition: the HTML page under axe-core in Chromium, the tagged PDF under a
PDF/UA-1 validator, and the same words for every indicator in all three editions."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pdfplumber
import pytest
from markupsafe import escape
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral

import extract
from dataset import validate_dataset
from report import build_pack, prepare_pack
from report.cli import main
from report.describe import chart_description, chart_title
from report.model import Month
from tests.accessibility import axe_violations, chromium, open_page, pdf_ua_failures
from tests.conftest import FIXTURES, ROOT, require
from tests.report_data import reference_dataset

PRODUCED = date(2022, 5, 9)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the whole module: launching it costs seconds."""
    with chromium() as launched:
        yield launched


def _build_all(dataset: Path, folder: Path) -> dict[str, Path]:
    paths = {
        "print": folder / "pack.pdf",
        "html": folder / "pack.html",
        "accessible": folder / "pack-accessible.pdf",
    }
    for edition, path in paths.items():
        build_pack(dataset, path, produced=PRODUCED, edition=edition)
    return paths


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The reference scorecard's three editions, with warnings (two of them what the coverage
    audit could not read), a printed rating to check and a revision in its annex."""
    folder = tmp_path_factory.mktemp("sample")
    key = "re-referrals-to-children-s-services"
    dataset = reference_dataset(
        folder / "dataset",
        # A printed rating its target contradicts: marked and listed in every edition.
        printed={"Re-referrals to Children's Services": "R"},
        warnings=[
            {
                "code": "rag-invalid",
                "message": "RAG 'D' is not R, A or G",
                "key": key,
                "period": "2022-03",
                "page": 2,
            },
            # What the coverage audit could not read: one cell of this indicator, one of none.
            {
                "code": "rag-not-read",
                "message": "printed in red, but no RAG was read for it",
                "key": key,
                "period": "2022-03",
                "page": 2,
                "text": "17",
            },
            {
                "code": "unread-text",
                "message": "text inside the table was not read into the dataset: '<b>22%</b>'",
                "page": 1,
                "text": "<b>22%</b>",
            },
        ],
        revisions=[
            {
                "key": key,
                "period": "2022-03",
                "measure": "value",
                "old_value": "16",
                "new_value": "17",
                "old_source": "march-2022.pdf",
                "new_source": "april-2022.pdf",
            }
        ],
        history_sources=["march-2022.pdf"],
    )
    return dataset, _build_all(dataset, folder)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The three editions of `hostile-narratives.pdf`: names and narratives full of markup."""
    folder = tmp_path_factory.mktemp("hostile")
    dataset = folder / "dataset"
    extract.extract_pdf(FIXTURES / "hostile-narratives.pdf").write(dataset)
    return dataset, _build_all(dataset, folder)


def _pages(dataset: Path):
    return prepare_pack(dataset, produced=PRODUCED).pages


# The checkers themselves: each finds what it should, so a pass means something ----------


def test_axe_finds_the_violations_of_a_careless_page(browser):
    careless = (
        "<html><body><img src='data:,'><p style='color:#BBB'>faint</p>"
        "<table><tr><td>1</td></tr></table><a href='#'></a></body></html>"
    )
    found = {violation["id"] for violation in axe_violations(open_page(browser, careless))}
    assert {"image-alt", "color-contrast", "html-has-lang", "document-title", "link-name"} <= found


def test_pdf_ua_validator_refuses_the_untagged_print_pack(sample):
    _, paths = sample
    failures = pdf_ua_failures(paths["print"])
    assert any("TAGGED" in failure for failure in failures), failures


# The HTML edition ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
def test_html_has_no_axe_violations_at_wcag_22_aa(sample, browser, width):
    _, paths = sample
    page = open_page(browser, paths["html"].read_text(encoding="utf-8"), width=width)
    assert axe_violations(page) == []
    assert page.requests == []


def test_html_of_hostile_narratives_has_no_axe_violations_and_fetches_nothing(hostile, browser):
    _, paths = hostile
    page = open_page(browser, paths["html"].read_text(encoding="utf-8"))
    assert axe_violations(page) == []
    assert page.requests == []
    found = page.evaluate(STRUCTURE)
    assert found["scripts"] == 0 and found["external"] == []
    assert (
        page.evaluate("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    )


STRUCTURE = """() => {
  const all = (s) => Array.from(document.querySelectorAll(s));
  return {
    lang: document.documentElement.lang,
    title: document.title,
    headings: all('h1,h2,h3,h4,h5,h6').map(h => Number(h.tagName[1])),
    landmarks: ['header', 'nav', 'main', 'footer'].filter(s => all(s).length),
    skip: document.querySelector('a.skip-link').getAttribute('href'),
    tables: all('table').map(t => ({
      caption: t.caption ? t.caption.textContent.trim() : '',
      unscoped: Array.from(t.querySelectorAll('th')).filter(th => !th.getAttribute('scope')).length,
    })),
    charts: all('svg.chart').map(svg => ({
      role: svg.getAttribute('role'),
      title: svg.querySelector('title').textContent,
      desc: svg.querySelector('desc').textContent,
      name: svg.getAttribute('aria-labelledby').split(' ')
        .map(id => document.getElementById(id).textContent).join(' '),
      followedByTable: !!svg.closest('.indicator-top').nextElementSibling.querySelector('table'),
    })),
    scripts: all('script').length,
    external: all('[src],[href],link').map(e => e.getAttribute('src') || e.getAttribute('href'))
      .filter(url => !url.startsWith('#') && !url.startsWith('data:')),
    badgesHidden: all('.badge').every(b => b.getAttribute('aria-hidden') === 'true'),
    arrowsHidden: all('.arrow').every(a => a.getAttribute('aria-hidden') === 'true'),
  };
}"""


def test_html_structure_tables_and_charts(sample, browser):
    dataset, paths = sample
    html = paths["html"].read_text(encoding="utf-8")
    found = open_page(browser, html).evaluate(STRUCTURE)
    pages = _pages(dataset)
    assert found["lang"] == "en-GB"
    assert found["title"] == pages.metadata.title
    assert found["headings"].count(1) == 1 and found["headings"][0] == 1
    assert all(b - a <= 1 for a, b in zip(found["headings"], found["headings"][1:]))
    assert found["headings"].count(3) >= 30  # one per indicator, besides the sub-tables
    assert found["landmarks"] == ["header", "nav", "main", "footer"]
    assert found["skip"] == "#main"
    assert found["tables"] and all(t["caption"] and t["unscoped"] == 0 for t in found["tables"])
    # A chart per indicator, and a second for the count of each composite ("533 13%").
    described = [
        chart
        for section in pages.sections
        for page in section.indicators
        for chart in (page.chart, page.count_chart)
        if chart is not None
    ]
    assert len(found["charts"]) == len(described) > 30
    for chart, model in zip(found["charts"], described, strict=True):
        assert chart["role"] == "img" and chart["followedByTable"]
        assert chart["title"] == model.title and chart["desc"] == model.description
        assert chart["name"] == f"{model.title} {model.description}"
    assert found["scripts"] == 0 and found["external"] == []
    assert found["badgesHidden"] and found["arrowsHidden"]
    assert "<style>" in html and "<link" not in html


def test_html_and_accessible_pdf_are_deterministic_across_processes(sample, tmp_path):
    """A second build, in a new process with another hash seed, gives the same bytes."""
    dataset, paths = sample
    again_html, again_pdf = tmp_path / "again.html", tmp_path / "again.pdf"
    epoch = int(datetime(2022, 5, 9, tzinfo=UTC).timestamp())
    subprocess.run(
        [
            sys.executable,
            "-m",
            "report",
            str(dataset),
            "--html",
            str(again_html),
            "--accessible-pdf",
            str(again_pdf),
        ],
        env={**os.environ, "PYTHONHASHSEED": "7", "SOURCE_DATE_EPOCH": str(epoch)},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert again_html.read_bytes() == paths["html"].read_bytes()
    assert again_pdf.read_bytes() == paths["accessible"].read_bytes()


# The tagged PDF -----------------------------------------------------------------------


def _struct_elements(path: Path) -> list[dict]:
    """Give every structure element of the PDF at `path` in reading order: its type and alt text."""
    found = []

    def walk(kids) -> None:
        kids = resolve1(kids)
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = resolve1(kid)
            if isinstance(kid, dict) and isinstance(kid.get("S"), PSLiteral):
                alt = resolve1(kid.get("Alt"))
                alt = alt.decode("utf-8", "replace") if isinstance(alt, bytes) else ""
                found.append({"type": kid["S"].name, "alt": alt})
                walk(kid.get("K"))

    with pdfplumber.open(path) as pdf:
        walk(resolve1(pdf.doc.catalog["StructTreeRoot"]).get("K"))
    return found


def test_accessible_pdf_passes_pdf_ua_1_with_language_title_and_bookmarks(sample):
    dataset, paths = sample
    assert pdf_ua_failures(paths["accessible"]) == []
    pages = _pages(dataset)
    with pdfplumber.open(paths["accessible"]) as pdf:
        catalog = pdf.doc.catalog
        assert resolve1(catalog["Lang"]) == b"en-GB"
        assert resolve1(resolve1(catalog["ViewerPreferences"])["DisplayDocTitle"])
        assert pdf.metadata["Title"] == pages.metadata.title
        outline = [re.sub(r"\s+", " ", title) for _, title, *_ in pdf.doc.get_outlines()]
    titles = [pages.at_a_glance.title, pages.scorecard.title]
    titles += [t for s in pages.sections for t in (s.title, *(p.title for p in s.indicators))]
    titles += [annex.title for annex in pages.annexes]
    assert all(any(title in entry for entry in outline) for title in titles)


def test_accessible_pdf_is_tagged_and_every_chart_has_alt_text(sample):
    dataset, paths = sample
    require(shutil.which("pdfinfo") is not None, "pdfinfo (apt-get install poppler-utils)")
    info = subprocess.run(
        ["pdfinfo", str(paths["accessible"])], capture_output=True, text=True, check=True
    )
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE)
    elements = _struct_elements(paths["accessible"])
    figures = [e for e in elements if e["type"] == "Figure"]
    assert figures and all(figure["alt"] for figure in figures)
    charts = [page.chart.title for s in _pages(dataset).sections for page in s.indicators]
    assert [f["alt"] for f in figures if f["alt"] in charts] == charts
    assert {"Table", "TH", "TD", "H1", "H2", "H3", "Caption", "L", "LI"} <= {
        e["type"] for e in elements
    }


def test_accessible_pdf_of_hostile_narratives_passes_and_shows_markup_as_text(hostile):
    dataset, paths = hostile
    assert pdf_ua_failures(paths["accessible"]) == []
    text = _flat(_pdf_text(paths["accessible"]))
    html = paths["html"].read_text(encoding="utf-8")
    indicators, _, _ = validate_dataset(dataset)
    markup = [
        m for row in indicators for m in re.findall(r"<[^>]+>", row["name"] + row["narrative"])
    ]
    assert markup
    for tag in markup:
        assert _flat(tag) in text
        assert str(escape(tag)) in html  # escaped in the page: never an element
    with pdfplumber.open(paths["accessible"]) as pdf:
        assert not any(page.images for page in pdf.pages[1:])
        uris = [
            link.get("uri") for page in pdf.pages for link in page.hyperlinks if link.get("uri")
        ]
    assert uris == []


# The same words in all three editions -----------------------------------------------------


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(path: Path) -> str:
    """Give the text of the PDF at `path`, a word broken at a line end after its hyphen or
    slash (where a renderer may break inside a word, as in "</b>") joined."""
    with pdfplumber.open(path) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    return re.sub(r"(?<=\w-)\n(?=[a-z])|(?<=\S/)\n(?=\S)", "", text)


def _indicator_words(page) -> list[str]:
    """Give the words an indicator's page carries, in the order every edition shows them."""
    parts = [
        page.title,
        page.figure,
        page.companion,
        page.rag.word,
        *(span.text for span in page.since),
        *(words for _, words in page.benchmarks),
        page.polarity,
        *(mark.figure for _, mark in page.months),
        *(span.text for notice in page.notices for span in notice),
        page.commentary or page.no_commentary,
    ]
    return [word for part in parts for word in part.split() if word not in "▲▼►–"]


def _in_order(text: list[str], words: list[str]) -> bool:
    """Give True when `words` appear in `text` in order, starting at some mention of the first."""
    for start in (i for i, word in enumerate(text) if word == words[0]):
        at = start
        for word in words:
            try:
                at = text.index(word, at) + 1
            except ValueError:
                break
        else:
            return True
    return False


@pytest.mark.parametrize("which", ["sample", "hostile"])
def test_every_indicator_has_the_same_words_in_the_same_order_in_all_three_editions(
    which, request, browser
):
    dataset, paths = request.getfixturevalue(which)
    html = open_page(browser, paths["html"].read_text(encoding="utf-8"))
    texts = {
        "print": _pdf_text(paths["print"]).split(),
        "html": html.evaluate("() => document.querySelector('main').innerText").split(),
        "accessible": _pdf_text(paths["accessible"]).split(),
    }
    pages = _pages(dataset)
    indicators = [page for section in pages.sections for page in section.indicators]
    for page in indicators:
        words = _indicator_words(page)
        for edition, text in texts.items():
            assert _in_order(text, words), (edition, page.title)
    # Which rating drives the pack and what could not be read, at a glance; the chair's key
    # messages and the ratings to check: the same sentences in every edition.
    notices = pages.at_a_glance.notices
    assert which != "sample" or (
        len(notices) == 2
        and notices[0].startswith("Ratings are as the scorecard prints them")
        and sum(bool(page.notices) for page in indicators) == 1
        and "2 cells could not be read" in notices[1]
        and len(pages.at_a_glance.checks.rows) == 1
    )
    said = [
        *notices,
        *("".join(span.text for span in message) for message in pages.summary.messages),
        *(row.reason for row in pages.at_a_glance.checks.rows),
    ]
    for notice in said:
        for edition, text in texts.items():
            assert _in_order(text, notice.split()), (edition, notice)
    # The warnings about them: every cell of the data-quality annex, its words in order.
    notes = [
        cell for block in pages.annexes[0].blocks for row in block.rows for cell in row if cell
    ]
    assert notes and indicators and (which != "sample" or len(indicators) == 30)
    for cell in notes:
        for edition, text in texts.items():
            assert _in_order(text, cell.split()), (edition, cell)


# The command line and the chart descriptions ------------------------------------------


def test_command_line_writes_one_edition_at_a_time(sample, tmp_path, capsys):
    dataset, _ = sample
    out = tmp_path / "pack.html"
    assert main([str(dataset), "--html", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"{out}: one page, 30 indicators" in capsys.readouterr().out
    assert not (tmp_path / "pack.pdf").exists()
    with pytest.raises(SystemExit):
        main([str(dataset)])


def _months(*values) -> list[Month]:
    return [
        Month(period=f"2022-{n:02d}", figure_text="", value=value, rag="")
        for n, value in enumerate(values, start=2)
    ]


@pytest.mark.parametrize(
    ("values", "unit", "polarity", "benchmarks", "sentence"),
    [
        (
            (12, 17, 15),
            "%",
            "lower",
            {"target": 22, "national": 24, "comparator": None},
            (
                "Re-referrals rose from 12% in February 2022 to 15% in April 2022 (highest 17% "
                "in March 2022), better than the 22% target and the national 24%."
            ),
        ),
        (
            (17, 15),
            "%",
            "higher",
            {"target": 22, "national": 15, "comparator": 12},
            (
                "Re-referrals fell from 17% in February 2022 to 15% in March 2022, worse than "
                "the 22% target, level with the national 15%, better than the comparator 12%."
            ),
        ),
        (
            (52, 53, 48),
            "count",
            "none",
            {"target": None, "national": 85},
            (
                "Re-referrals fell from 52 in February 2022 to 48 in April 2022 (highest 53 in "
                "March 2022), below the national 85."
            ),
        ),
        (
            (31.8, 31.8),
            "per 10k",
            "none",
            {},
            "Re-referrals stayed at 31.8 per 10k from February 2022 to March 2022.",
        ),
        ((4,), "count", "none", {}, "Re-referrals stood at 4 in February 2022."),
        (
            (4, None),
            "count",
            "none",
            {},
            "Re-referrals stood at 4 in February 2022. There is no figure for March 2022.",
        ),
        ((None, None), "count", "none", {"target": 3}, "Re-referrals: no figures to chart."),
    ],
)
def test_chart_description_says_latest_trend_target_and_benchmarks(
    values, unit, polarity, benchmarks, sentence
):
    assert (
        chart_description("Re-referrals", _months(*values), unit, polarity, benchmarks) == sentence
    )


def test_chart_title_names_the_months_shown():
    assert (
        chart_title("Re-referrals", ["2022-02", "2022-04"])
        == "Re-referrals, February to April 2022"
    )
    assert chart_title("CIN", ["2021-04", "2022-04"]) == "CIN, April 2021 to April 2022"
    assert chart_title("CIN", ["2022-04"]) == "CIN, April 2022"
