"""Quarterly scorecards: quarter headings read as their last month, the dataset marked
quarterly, and the pack naming each quarter as a quarter, never by its last month."""

from __future__ import annotations

import html as html_lib
import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS, validate_dataset, write_dataset
from dataset.catalogue import load_catalogue
from dataset.errors import DatasetError
from dataset.history import History, coverage_to_gaps
from dataset.periods import quarter_label
from dataset.schema import HISTORY_MONTHS
from extract import extract_pdf
from extract.api import slots_frequency
from extract.errors import AmbiguousQuarter, MixedPeriods
from extract.header import classify
from extract.period import Quarter, header_month, header_quarter
from monthly.outputs import history_to_pack_data
from report import build_pack
from report.freshness import stale_months, unchanged_since
from report.model import dataset_to_pack
from report.text import Periods
from tests.conftest import FIXTURES, ROOT
from tests.scorecards import draw as draw_scorecard
from tests.scorecards import scorecard
from tests.test_report import read_pdf

sys.path.insert(0, str(ROOT / "scripts"))
from layoutgen import content
from layoutgen.space import DIMENSIONS, draw

PRODUCED = date(2025, 1, 20)
QUARTERLY = "layout-quarters-financial-year"


@pytest.mark.parametrize(
    "text, month, year",
    [
        ("Q3 2024/25", 12, 2024),
        ("Q3 24/25", 12, 2024),
        ("2024/25 Q3", 12, 2024),
        ("Q3 2024-25", 12, 2024),
        ("Q3 2024/2025", 12, 2024),
        ("Q4 2024/25", 3, 2025),  # a financial year's Q4 is January to March of its second year
        ("Q1 2024/25", 6, 2024),
        ("Qtr 2 2024/25", 9, 2024),
        ("Q3 2024/25 RAG", 12, 2024),
        ("Q3 2024/2 5", 12, 2024),  # wrapped inside the year in a narrow cell
        ("Oct\u2013Dec 2024", 12, 2024),
        ("Oct-Dec 24", 12, 2024),
        ("October to December 2024", 12, 2024),
        ("Octobe r to Decem ber 2021 RAG", 12, 2021),  # wrapped mid-word
        ("Jan-Mar 2025", 3, 2025),
        ("Jul \u2013 Sep 2024 Actual", 9, 2024),
        ("Oct-Dec", 12, None),  # the year from the document, as for a month heading
        ("Q3 2024/25 (Oct\u2013Dec 2024)", 12, 2024),
    ],
)
def test_quarter_heading_is_read_as_its_last_month(text, month, year):
    assert header_quarter(text) == Quarter(month, year)
    assert header_month(text) == (month, year)
    assert classify(text)[:3] == ("rag" if "RAG" in text else "figure", month, year)


@pytest.mark.parametrize(
    "text, why",
    [
        ("Q4 2024", "calendar or a financial"),  # Oct-Dec 2024, or Jan-Mar 2024 or 2025?
        ("Q3 2024/26", "names no financial year"),
        ("Nov-Jan 2025", "not a quarter"),
        ("Q3 2024/25 (Jan-Mar 2025)", "two different quarters"),
        ("April to 2022", "starts but not where it ends"),  # "June" wrapped away from it
    ],
)
def test_quarter_heading_that_cannot_be_told_is_named(text, why):
    found = header_quarter(text)
    assert found is not None and why in found.ambiguous and repr(text) in found.ambiguous
    with pytest.raises(AmbiguousQuarter, match=re.escape(why)):
        slots_frequency(["Q3 2024/25", text])


@pytest.mark.parametrize("text", ["Feb", "Feb 22", "2022-02", "April 2022", "Apr-Sep 2024", "2024/25",
                                  "Target 2024/25", "Q3"])
def test_month_and_other_headings_are_no_quarter(text):
    assert header_quarter(text) is None


def test_months_beside_quarters_are_refused_by_name():
    assert slots_frequency(["Feb 22", "Mar 22"]) == "monthly"
    assert slots_frequency(["Q2 2024/25", "Q3 2024/25 Actual"]) == "quarterly"
    with pytest.raises(MixedPeriods, match="'Q3 2024/25' is a quarter, 'Dec 2024' a month"):
        slots_frequency(["Q3 2024/25", "Dec 2024"])


@pytest.mark.parametrize("period, label", [("2024-06", "Q1 2024/25"), ("2024-09", "Q2 2024/25"),
                                           ("2024-12", "Q3 2024/25"), ("2025-03", "Q4 2024/25"),
                                           ("2000-03", "Q4 1999/00")])
def test_quarter_label(period, label):
    assert quarter_label(period) == label
    assert Periods("quarterly").long(period) == Periods("quarterly").short(period) == label


def test_quarter_label_of_a_month_inside_a_quarter_is_refused():
    with pytest.raises(DatasetError, match="does not end a quarter"):
        quarter_label("2024-11")


@pytest.mark.parametrize("style", DIMENSIONS["quarter_label"][1:])
@pytest.mark.parametrize("period", ["2021-03", "2022-06", "2024-09", "2024-12"])
def test_every_heading_the_generator_prints_is_read_back(style, period):
    printed = content.quarter_heading(period, style)
    assert header_quarter(printed) == Quarter(int(period[5:]), int(period[:4]))


def test_quarters_are_drawn_from_their_own_stream():
    drawn = [draw(seed) for seed in range(500)]
    quarterly = [layout for layout in drawn if layout.quarter_label]
    assert 60 <= len(quarterly) <= 140  # about a fifth
    # Fixing the quarter leaves every other dimension of the seed as drawn.
    for layout in quarterly[:20]:
        monthly = draw(layout.seed, quarter_label="")
        assert {**monthly.dimensions(), "quarter_label": layout.quarter_label} == layout.dimensions()


def test_quarter_periods_end_quarters_and_step_by_three():
    assert content.quarter_periods(["2024-10", "2024-11", "2025-01"]) == ["2024-06", "2024-09", "2024-12"]
    assert content.quarter_periods(["2025-02", "2025-03"]) == ["2024-12", "2025-03"]


def test_quarterly_fixture_is_quarterly_with_printed_labels():
    extraction = extract_pdf(FIXTURES / f"{QUARTERLY}.pdf")
    assert extraction.meta["frequency"] == "quarterly"
    assert extraction.periods == ["2024-03", "2024-06", "2024-09", "2024-12"]
    assert extraction.meta["period_labels"] == {
        "2024-03": "Q4 2023/24", "2024-06": "Q1 2024/25", "2024-09": "Q2 2024/25", "2024-12": "Q3 2024/25"}


def test_a_quarterly_dataset_holds_only_quarter_ends(tmp_path):
    extraction = extract_pdf(FIXTURES / f"{QUARTERLY}.pdf")
    data = extraction.write(tmp_path / "data")
    indicators, figures, meta = validate_dataset(data)
    figures[0] = {**figures[0], "period": "2024-11"}
    with pytest.raises(DatasetError, match="2024-11.*does not end a quarter"):
        validate_dataset(write_dataset(tmp_path / "broken", indicators, figures, meta))
    with pytest.raises(DatasetError, match="frequency 'weekly'"):
        validate_dataset(write_dataset(tmp_path / "weekly", indicators, figures[1:], {**meta, "frequency": "weekly"}))


# The latest quarter's last month, as a month would be named: never printed for a quarter.
BARE_MONTHS = re.compile(r"\b(Dec(ember)?|Sep(tember)?|Jun(e)?|Mar(ch)?)\.? ?(20)?2[34]\b")


@pytest.fixture(scope="module")
def quarterly_pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quarters")
    data = extract_pdf(FIXTURES / f"{QUARTERLY}.pdf").write(folder / "data")
    build_pack(data, folder / "pack.pdf", produced=PRODUCED)
    build_pack(data, folder / "pack.html", produced=PRODUCED, edition="html")
    return folder


def test_pack_names_quarters_and_never_their_last_month(quarterly_pack):
    read = read_pdf(quarterly_pack / "pack.pdf")
    text = "\n".join(read.pages)
    assert "Q3 2024/25" in read.pages[0]  # the cover
    assert "Q3 2024/25" in read.metadata["Title"].decode() if isinstance(read.metadata["Title"], bytes) \
        else "Q3 2024/25" in read.metadata["Title"]
    for label in ("Q4 2023/24", "Q1 2024/25", "Q2 2024/25"):
        assert label in text
    assert not BARE_MONTHS.search(text), BARE_MONTHS.search(text)
    assert "Red for three quarters" in text and "months running" not in text


def test_html_edition_names_quarters_and_never_their_last_month(quarterly_pack):
    page = (quarterly_pack / "pack.html").read_text(encoding="utf-8")
    words = html_lib.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.DOTALL)))
    assert "Q3 2024/25" in words
    assert not BARE_MONTHS.search(words), BARE_MONTHS.search(words)


def test_direction_of_travel_is_from_the_quarter_before(tmp_path):
    extraction = extract_pdf(FIXTURES / f"{QUARTERLY}.pdf")
    indicators, figures, meta = validate_dataset(extraction.write(tmp_path / "data"))
    pack = dataset_to_pack(indicators, figures, meta, load_catalogue(ROOT / "assets" / "kpis.toml"))
    assert pack.labels.quarterly and pack.periods == ("2024-03", "2024-06", "2024-09", "2024-12")
    for indicator in pack.indicators:
        assert indicator.latest.period == "2024-12" and indicator.previous.period == "2024-09"


def test_commentary_freshness_counts_quarters():
    labels = Periods("quarterly")
    earlier = (("2024-06", "Same words."), ("2024-09", "Same words."))
    assert unchanged_since("Same words.", earlier, "2024-12", labels.step) == "2024-06"
    # In the pack for Oct-Dec, October to December and the quarter before are current.
    assert stale_months("In July and November, and in April.", "2024-12", labels) == ["April"]


def test_expected_meta_of_quarterly_fixture_says_quarterly():
    meta = json.loads((FIXTURES / f"{QUARTERLY}.expected" / "meta.json").read_text(encoding="utf-8"))
    assert meta["frequency"] == "quarterly" and meta["layout"]["quarter_label"] == "Q3 2024/25"


def quarterly_scorecard(periods: list[str], values: dict[str, float], frequency: str = "quarterly"):
    """Give (meta, indicators, figures) of a scorecard of `periods` (each indicator's value
    `values[key]` plus the period's index), as extraction writes them."""
    indicators = [{**dict.fromkeys(INDICATOR_COLUMNS, ""), "key": key, "name": key.title()} for key in values]
    figures = [
        {**dict.fromkeys(FIGURE_COLUMNS, ""), "key": key, "period": period, "measure": "value",
         "value": base + n, "figure_text": f"{base + n:g}", "unit": "%"}
        for key, base in values.items() for n, period in enumerate(periods)
    ]
    meta = {"source": {"file": f"{periods[-1]}.pdf"}, "period": periods[-1], "periods": periods,
            "frequency": frequency, "warnings": [], "checks": []}
    return meta, indicators, figures


def load_quarters(history: History, periods: list[str], frequency: str = "quarterly"):
    meta, indicators, figures = quarterly_scorecard(periods, {"visits": 50.0, "reviews": 80.0}, frequency)
    return history.load(file_name=f"{frequency}-{periods[-1]}.pdf", sha256=f"{frequency}-{periods[-1]}",
                        meta=meta, indicators=indicators, figures=figures)


def test_quarterly_history_has_no_gaps_between_quarters_and_names_a_missing_quarter(tmp_path):
    with History(tmp_path / "history.sqlite") as history:
        load_quarters(history, ["2023-12", "2024-03"])
        load_quarters(history, ["2024-09", "2024-12"])  # Q1 2024/25 (2024-06) was never printed
        assert history.frequency() == "quarterly"
        coverage = history.coverage()
        assert coverage_to_gaps(coverage, 3).everywhere == ("2024-06",)
        # Read as months, the same history would call nine months gaps.
        assert len(coverage_to_gaps(coverage).everywhere) == 9
        data = history_to_pack_data(history, history.latest_source())
    assert data.meta["frequency"] == "quarterly"
    assert data.meta["periods"] == ["2023-12", "2024-03", "2024-06", "2024-09", "2024-12"]
    assert data.meta["history_gaps"] == ["2024-06"]
    gap = [w for w in data.meta["warnings"] if w["code"] == "history-gap"]
    assert [w["period"] for w in gap] == ["2024-06"] and "this quarter" in gap[0]["message"]


def test_quarterly_history_window_counts_quarters(tmp_path):
    periods = [f"{2015 + n // 4}-{(3, 6, 9, 12)[n % 4]:02d}" for n in range(40)]  # ten years
    with History(tmp_path / "history.sqlite") as history:
        load_quarters(history, periods)
        data = history_to_pack_data(history, history.latest_source())
    assert data.meta["periods"] == periods[-HISTORY_MONTHS:]  # 24 quarters, not 24 months


def test_history_refuses_a_quarterly_scorecard_among_monthly_ones(tmp_path):
    with History(tmp_path / "history.sqlite") as history:
        load_quarters(history, ["2024-10", "2024-11", "2024-12"], frequency="monthly")
        with pytest.raises(DatasetError, match="quarterly scorecard and the history holds monthly"):
            load_quarters(history, ["2024-09", "2024-12"])
        assert len(history.sources()) == 1


def test_pack_from_a_quarterly_history_travels_by_quarter_and_names_the_gap(tmp_path):
    with History(tmp_path / "history.sqlite") as history:
        load_quarters(history, ["2024-03"])
        load_quarters(history, ["2024-09", "2024-12"])
        data = history_to_pack_data(history, history.latest_source())
    pack = dataset_to_pack(data.indicators, data.figures, data.meta, load_catalogue(ROOT / "assets" / "kpis.toml"))
    assert pack.periods == ("2024-03", "2024-06", "2024-09", "2024-12")
    visits = next(i for i in pack.indicators if i.key == "visits")
    assert (visits.previous.period, visits.previous.value, visits.latest.value) == ("2024-09", 50.0, 51.0)
    gaps = [n.line for n in pack.notes if n.code == "history-gap"]
    assert len(gaps) == 1 and "Q1 2024/25" in gaps[0] and "2024-06" not in gaps[0]


def test_run_summary_names_quarters():
    from monthly.run import HistoryState, Pack, RunResult
    from monthly.summary import summary_lines

    result = RunResult()
    result.history = HistoryState(("2024-03", "2024-09", "2024-12"), 2,
                                  coverage_to_gaps({"a": ("2024-03", "2024-09", "2024-12")}, 3), "quarterly")
    result.pack = Pack(period="2024-12", pdf=Path("out/pack.pdf"), xlsx=Path("out/pack.xlsx"),
                       data=Path("out/data"), pages=14, indicators=12, warnings=(), months=4,
                       frequency="quarterly")
    text = "\n".join(f"{line.label} {line.text}" for line in summary_lines(result))
    assert "period Q3 2024/25, 4 quarters of trend" in text
    assert "3 quarters (Q4 2023/24 to Q3 2024/25)" in text
    assert "no scorecard holds Q1 2024/25" in text
    assert "2024-12" not in text and "2024-06" not in text


def _headed(tmp_path: Path, headings: list[str]) -> Path:
    """Draw the standard test scorecard with its three figure columns headed `headings`."""
    table = scorecard()
    for col, heading in zip((2, 4, 6), headings, strict=True):
        table.header[col] = heading
    return draw_scorecard(tmp_path / "card.pdf", [[table]], title="Children's Services Scorecard")


def test_a_scorecard_mixing_months_and_quarters_is_refused_by_name(tmp_path):
    with pytest.raises(MixedPeriods, match="'Q2 2024/25' is a quarter, 'Jan 2025' a month"):
        extract_pdf(_headed(tmp_path, ["Q2 2024/25", "Q3 2024/25", "Jan 2025"]))


def test_a_scorecard_headed_by_calendar_quarters_is_refused_by_name(tmp_path):
    told = (r"'Q2 2024' does not say whether Q2 is of a calendar or a financial year: print it as "
            r"Q2 2024/25 for a financial year's, or by its months \(Apr-Jun 2024\)")
    with pytest.raises(AmbiguousQuarter, match=told):
        extract_pdf(_headed(tmp_path, ["Q2 2024", "Q3 2024", "Q4 2024"]))


def test_a_drawn_quarterly_scorecard_reads_its_quarters(tmp_path):
    extraction = extract_pdf(_headed(tmp_path, ["Q2 2024/25", "Q3 2024/25", "Q4 2024/25"]))
    assert (extraction.meta["frequency"], extraction.periods) == ("quarterly", ["2024-09", "2024-12", "2025-03"])


def test_extract_command_says_quarters(tmp_path, capsys):
    from extract.cli import main

    assert main([str(FIXTURES / f"{QUARTERLY}.pdf"), "--out", str(tmp_path / "data")]) == 0
    assert "12 indicators, quarters Q4 2023/24..Q3 2024/25 (2024-03..2024-12)" in capsys.readouterr().out
