"""Properties of the value, RAG and header parsers over any text (hypothesis)."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.header import classify
from extract.values import figure_text, parse_benchmark, parse_figure, parse_rag

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
SPACE = st.text(" \t\n\u00a0\r", max_size=3)
ROLES = {"ref", "name", "target", "national", "comparator", "benchmark", "figure", "rag",
         "narrative", "polarity", "dot", "other"}
FAST = settings(max_examples=400, deadline=None)


@FAST
@given(ANY_TEXT)
@example("<img src=\"/etc/passwd\">")
@example("=HYPERLINK(\"x\")")
@example("9" * 5000)
@example("1e309%")
def test_no_parser_raises_on_any_text(text):
    measures = parse_figure(text)
    assert measures is None or all(m.measure in {"value", "count", "percent", "rate"} for m in measures)
    number = parse_benchmark(text)
    assert number is None or isinstance(number, float)
    rag = parse_rag(text)
    assert rag.rag in {"R", "A", "G", ""} and not any(c.isspace() for c in rag.text)
    assert isinstance(figure_text(text), str)
    role, month, _year = classify(text)
    assert role in ROLES
    assert month is None or 1 <= month <= 12


@FAST
@given(ANY_TEXT)
def test_figure_text_is_whitespace_normalised(text):
    shown = figure_text(text)
    assert shown == shown.strip() and "  " not in shown and "\n" not in shown
    assert figure_text(shown) == shown


# Figures as a scorecard prints them: counts (with or without thousands commas), percentages,
# decimals, negative changes.
COUNTS = st.integers(0, 10**9)
DECIMALS = st.builds(lambda n, p: round(n / 10 ** p, p), st.integers(-10**7, 10**7), st.integers(0, 3))


def _printed(value: float, places: int) -> str:
    return f"{value:.{places}f}"


@FAST
@given(COUNTS, st.booleans(), SPACE, SPACE)
def test_a_printed_count_reads_back(number, commas, before, after):
    text = f"{number:,}" if commas else str(number)
    (measure,) = parse_figure(before + text + after)
    assert (measure.measure, measure.value, measure.unit) == ("value", number, "count")


@FAST
@given(st.integers(-10**6, 10**6), st.integers(0, 2), st.sampled_from(["%", " %"]))
def test_a_printed_percentage_reads_back(hundredths, places, sign):
    value = round(hundredths / 100, places)
    (measure,) = parse_figure(_printed(value, places) + sign)
    assert (measure.measure, measure.unit) == ("value", "%")
    assert measure.value == float(_printed(value, places))


@FAST
@given(DECIMALS, st.integers(1, 3))
def test_a_printed_decimal_reads_back_with_its_sign(value, places):
    text = _printed(value, places)
    (measure,) = parse_figure(text)
    assert measure.value == float(text)
    assert (measure.value < 0) == text.startswith("-") or measure.value == 0


@FAST
@given(st.integers(0, 99_999), st.integers(0, 100), st.sampled_from([" ", "\n", " (", "\n("]))
def test_a_printed_composite_reads_back(count, percent, sep):
    close = ")" if "(" in sep else ""
    measures = parse_figure(f"{count}{sep}{percent}%{close}")
    assert [(m.measure, m.value) for m in measures] == [("count", count), ("percent", percent)]


@FAST
@given(DECIMALS, st.sampled_from(["", "%", " %"]), st.sampled_from(["", "<", ">=", "\u2264 ", "\u2265"]))
def test_a_printed_target_reads_back(value, unit, comparison):
    text = f"{comparison}{_printed(value, 2)}{unit}"
    assert parse_benchmark(text) == float(_printed(value, 2))


LETTERS = {
    "R": ["R", "r", "Red", "RED", "red"],
    "A": ["A", "a", "Amber", "AMBER", "amber", "Amb er", "\u0410", "\u0430", "\u0391", "\u03b1"],
    "G": ["G", "g", "Green", "GREEN", "green", "Gr een"],
}


@FAST
@given(st.sampled_from([(rag, word) for rag, words in LETTERS.items() for word in words]),
       SPACE, SPACE, st.sampled_from(["", ".", ":"]))
def test_rag_words_in_any_case_spacing_or_lookalike_read_right(case, before, after, stop):
    rag, word = case
    got = parse_rag(before + word + stop + after)
    assert (got.rag, got.valid) == (rag, True)
    assert got.text == "".join((word + stop).split())


@FAST
@given(ANY_TEXT)
def test_a_rag_is_only_given_for_a_rating(text):
    got = parse_rag(text)
    if got.rag:
        squeezed = "".join(text.split()).lower().strip(".:")
        assert len(squeezed) <= 6  # r, a, g, red, amber, amb, green, orange, yellow ...


MONTHS = ["Jan", "February", "Mar", "April", "May", "Jun", "July", "Aug", "Sept", "Oct", "Nov", "December"]


@FAST
@given(st.integers(0, 11), st.sampled_from(["Figure for: {m}", "{m}", "{m} 2022", "{m}-22"]))
def test_a_month_header_is_a_figure_column(index, template):
    role, month, _ = classify(template.format(m=MONTHS[index]))
    assert (role, month) == ("figure", index + 1)


@FAST
@given(st.integers(0, 11), st.sampled_from(["{m} RAG", "RAG {m}", "{m} Rating"]))
def test_a_month_rag_header_is_a_rag_column(index, template):
    role, month, _ = classify(template.format(m=MONTHS[index]))
    assert (role, month) == ("rag", index + 1)
