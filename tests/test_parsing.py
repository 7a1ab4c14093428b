"""Printed values, RAG ratings, headers and months: parametrised tables of printed strings."""

from __future__ import annotations

import pytest

from dataset.catalogue import slug
from dataset.judge import POLARITY_WORDS
from extract.assemble import rows_to_dataset
from extract.errors import NoPeriod
from extract.grid import Word
from extract.header import classify
from extract.period import (
    PeriodClues,
    chronological,
    file_name_month,
    financial_year,
    header_month,
    resolve_periods,
)
from extract.provenance import Source
from extract.rows import RawRow, is_prose, split_ref
from extract.text import is_page_foot, join_lines, join_words, url_vocabulary
from extract.values import figure_text, parse_benchmark, parse_figure, parse_rag, rag_of_colour


@pytest.mark.parametrize(
    "printed, expected",
    [
        ("4011", [("value", 4011, "count")]),
        ("4,011", [("value", 4011, "count")]),
        ("1,234,567", [("value", 1234567, "count")]),
        ("12%", [("value", 12, "%")]),
        ("9.5%", [("value", 9.5, "%")]),
        ("9.5 %", [("value", 9.5, "%")]),
        ("31.8", [("value", 31.8, "")]),
        ("-3", [("value", -3, "count")]),
        ("533 13%", [("count", 533, "count"), ("percent", 13, "%")]),
        ("533\n13%", [("count", 533, "count"), ("percent", 13, "%")]),
        ("533 (13%)", [("count", 533, "count"), ("percent", 13, "%")]),
        ("1,033 39.0", [("count", 1033, "count"), ("rate", 39, "per 10k")]),
        ("844 31.8", [("count", 844, "count"), ("rate", 31.8, "per 10k")]),
        ("N/A", []),
        ("n/a", []),
        ("N/\nA", []),
        ("N/ A", []),
        ("TBC", []),
        ("-", []),
        ("\u2013", []),
        ("", []),
        ("   ", []),
    ],
)
def test_parse_figure(printed, expected):
    measures = parse_figure(printed)
    assert [(m.measure, m.value, m.unit) for m in measures] == expected


@pytest.mark.parametrize("printed", ["12% provisional", "see note", "12/14", "1.2.3", "13%%"])
def test_parse_figure_refuses_what_it_cannot_read(printed):
    assert parse_figure(printed) is None


@pytest.mark.parametrize(
    "printed, text",
    [("N/ A", "N/A"), ("N/\nA", "N/A"), ("533\n13%", "533 13%"), (" 4,011 ", "4,011"), ("t b c", "tbc")],
)
def test_figure_text(printed, text):
    assert figure_text(printed) == text


@pytest.mark.parametrize(
    "printed, number",
    [("22%", 22), ("N/A", None), ("TBC", None), ("34.4", 34.4), ("10880", 10880), ("<= 9%", 9),
     ("\u2265 90%", 90), ("533 13%", None), ("", None)],
)
def test_parse_benchmark(printed, number):
    assert parse_benchmark(printed) == number


@pytest.mark.parametrize(
    "printed, rag, text, valid",
    [
        ("R", "R", "R", True),
        ("A", "A", "A", True),
        ("G", "G", "G", True),
        ("\u0410", "A", "\u0410", True),  # Cyrillic A from OCR
        ("\u0391", "A", "\u0391", True),  # Greek Alpha
        ("Amber", "A", "Amber", True),
        ("Amb er", "A", "Amber", True),
        ("Amb\ner", "A", "Amber", True),
        ("Red", "R", "Red", True),
        ("green", "G", "green", True),
        ("RA G", "", "RAG", False),
        ("D", "", "D", False),
        ("1", "", "1", False),
        ("", "", "", True),
    ],
)
def test_parse_rag(printed, rag, text, valid):
    got = parse_rag(printed)
    assert (got.rag, got.text, got.valid) == (rag, text, valid)


@pytest.mark.parametrize(
    "colour, rag",
    [
        ((1, 0, 0), "R"), ((1, 0.78, 0.81), "R"), ((0.75, 0, 0), "R"),
        ((1, 0.75, 0), "A"), ((1, 0.92, 0.61), "A"), ((1, 1, 0), "A"),
        ((0, 0.69, 0.31), "G"), ((0.78, 0.94, 0.81), "G"), ((0, 1, 0), "G"),
        ((1, 1, 1), ""), ((0.85,), ""), ((0, 0, 0), ""), ((0, 0, 1), ""), ((0, 0, 0, 0), ""),
        ((0, 1, 1, 0), "R"), ("pattern", ""), (None, ""),
    ],
)
def test_rag_of_colour(colour, rag):
    assert rag_of_colour(colour) == rag


@pytest.mark.parametrize(
    "header, role, month",
    [
        ("Metrics - KPI component", "name", None),
        ("Indicator", "name", None),
        ("What is the KPI/Target where applicable", "target", None),
        ("Target", "target", None),
        ("What is the benchmark for National", "national", None),
        ("England", "national", None),
        ("What is the benchmark for Comparable LAs", "comparator", None),
        ("Compar able LAs", "comparator", None),
        ("Stat neighbours", "comparator", None),
        ("Statistical neighbours", "comparator", None),
        ("Figure for: Feb", "figure", 2),
        ("Feb RAG", "rag", 2),
        ("Fe b RA G", "rag", 2),
        ("Jul 22", "figure", 7),
        ("April 2022", "figure", 4),
        ("RAG", "rag", None),
        ("RAG Narrative", "narrative", None),
        ("Narrative to attach to the RAG ratings", "narrative", None),
        ("Commentary", "narrative", None),
        ("Ref", "ref", None),
        ("Polarity", "polarity", None),
        ("DoT", "dot", None),
        ("Direction of travel", "dot", None),
        ("Benchmark", "benchmark", None),
        ("Budget 2022/23 (£000)", "other", None),
        ("", "other", None),
    ],
)
def test_classify_header(header, role, month):
    got_role, got_month, _ = classify(header)
    assert (got_role, got_month) == (role, month)


@pytest.mark.parametrize(
    "text, month",
    [("Figure for: Feb", (2, None)), ("Jul 22", (7, 2022)), ("Sept 2021", (9, 2021)),
     ("Fe b RA G", (2, None)), ("Commentary", None), ("Metrics", None), ("Comparable", None),
     ("2022-04", (4, 2022)), ("04/2022", (4, 2022)), ("2022/04 RAG", (4, 2022)), ("Target 2022/23", None),
     ("Apr-22", (4, 2022)), ("1/2022", (1, 2022)), ("12/25/2022", None),
     ("2007-08", None), ("DLHS-3 (2011-12)", None),
     ("Sep te mb er 202 2 RA G", (9, 2022)), ("Jan uar y 202 3", (1, 2023))],
)
def test_header_month(text, month):
    assert header_month(text) == month


@pytest.mark.parametrize(
    "name, month",
    [("scorecard-2022-04.pdf", (2022, 4)), ("KPIs April 2023.pdf", (2023, 4)),
     ("kpi_2021_11.pdf", (2021, 11)), ("scorecard.pdf", None), ("scorecard-apr-22.pdf", (2022, 4))],
)
def test_file_name_month(name, month):
    assert file_name_month(name) == month


@pytest.mark.parametrize(
    "months, order",
    [([2, 3, 4], [2, 3, 4]), ([4, 3, 2], [2, 3, 4]), ([11, 12, 1], [11, 12, 1]), ([1, 12, 11], [11, 12, 1])],
)
def test_chronological(months, order):
    assert chronological(months) == order


def test_periods_cross_a_year_end_from_the_document_text():
    mapping, source, _ = resolve_periods([(11, None), (12, None), (1, None)], PeriodClues(text=((2023, 1),)))
    assert [mapping[(m, None)] for m in (11, 12, 1)] == ["2022-11", "2022-12", "2023-01"]
    assert source == "document text"


def test_periods_from_creation_date_are_the_latest_not_after_it():
    mapping, source, _ = resolve_periods([(10, None), (11, None), (12, None)], PeriodClues(created=(2026, 11)))
    assert mapping[(12, None)] == "2025-12" and source == "creation date"


def test_flag_wins_over_everything():
    mapping, source, _ = resolve_periods(
        [(2, None), (3, None), (4, None)], PeriodClues(flag=(2021, 4), text=((2022, 4),), created=(2026, 1))
    )
    assert mapping[(4, None)] == "2021-04" and source == "--period"


def test_no_year_anywhere_asks_for_the_flag():
    with pytest.raises(NoPeriod, match="--period"):
        resolve_periods([(2, None), (3, None)], PeriodClues())


@pytest.mark.parametrize(
    "cell, ref, name",
    [("4.2 Re-referrals to Children's Services", "4.2", "Re-referrals to Children's Services"),
     ("10.1 Child Supervision", "10.1", "Child Supervision"),
     ("Number of CSPA contacts received", "", "Number of CSPA contacts received"),
     ("2 year olds in nursery", "", "2 year olds in nursery")],
)
def test_split_ref(cell, ref, name):
    assert split_ref(cell) == (ref, name)


@pytest.mark.parametrize(
    "text, joined",
    [("a long\nnarrative", "a long narrative"), ("re-\nevaluate", "re-evaluate"),
     ("completed -\nin care", "completed - in care"), ("16-\n18", "16-18"), ("  a \n\n b ", "a b"),
     ("See https://www.example.gov.uk/childrens-ser\nvices/scorecard for it",
      "See https://www.example.gov.uk/childrens-services/scorecard for it"),
     ("at https://data.example.org.uk/kpi/2022-lates\nt/index.html today.",
      "at https://data.example.org.uk/kpi/2022-latest/index.html today."),
     ("see www.example.gov.uk/\nscorecard.html", "see www.example.gov.uk/scorecard.html"),
     ("see https://example.gov.uk/scorecard\nfor the method", "see https://example.gov.uk/scorecard for the method"),
     ("ends at example.gov.uk.\nThe next", "ends at example.gov.uk. The next"),
     ("at https:/\n/data.example.org.uk/kpi today", "at https://data.example.org.uk/kpi today"),
     ("https://x.gov.uk/childrens-services/\nperformance-scorecard for", "https://x.gov.uk/childrens-services/performance-scorecard for"),
     ("34.7\n%", "34.7%"), ("up 12\nper cent", "up 12 per cent"),
     ("see https://x.gov.uk/childrens-services/perform\nance-scorecard for it",
      "see https://x.gov.uk/childrens-services/performance-scorecard for it"),
     # Soak seeds 55, 77, 112, 131, 140: a URL broken at its scheme, at a dot, in its file's
     # extension, or a letter from its end.
     ("Further detail is at http\ns://data.example.org today", "Further detail is at https://data.example.org today"),
     ("Further detail is at htt\nps://data.example.org/index.ht\nml today", "Further detail is at https://data.example.org/index.html today"),
     ("see the\nwww.example.org site", "see the www.example.org site"),
     ("at https://x.org/2022-latest/index.\nhtml today.", "at https://x.org/2022-latest/index.html today."),
     ("at https://x.org/2022-latest/index.ht\nml today.", "at https://x.org/2022-latest/index.html today."),
     ("See https://x.gov.uk/performance-scorecar\nd for the method", "See https://x.gov.uk/performance-scorecard for the method"),
     ("see https://x.gov.uk/scorecard\nto do so", "see https://x.gov.uk/scorecard to do so"),
     ("see https://x.gov.uk/scorecard\neg the annex", "see https://x.gov.uk/scorecard eg the annex"),
     ("see https://x.gov.uk/scorecard.\nThe rate", "see https://x.gov.uk/scorecard. The rate"),
     # Soak seed 205: a benchmark wrapped inside its number in a narrow column.
     ("11.\n4%", "11.4%"), ("1,0\n33", "1,033"), ("533\n13%", "533 13%"),
     ("it ends in 2022.\n2023 was better", "it ends in 2022. 2023 was better"),
     # Soak seed 361: a benchmark wrapped at its minus sign; a lone dash is no figure's sign.
     ("-\n0.3%", "-0.3%"), ("\u2212\n1,204", "\u22121,204"), ("-\nno data", "- no data"),
     ("-\n0.3% and", "- 0.3% and")],
)
def test_join_lines(text, joined):
    assert join_lines(text) == joined


# Soak seeds 77, 205, 318: a URL path broken three letters or more from a word's end. The
# document's other text tells a word ("for", printed mid-line elsewhere) from the URL's rest.
_DOCUMENT = ["The rate fell for the third month; see the method.",
             "Recording is late in most cases and the rate is above target."]


@pytest.mark.parametrize(
    "text, joined",
    [("See https://x.gov.uk/childrens-services/performance-s\ncorecard for the method.",
      "See https://x.gov.uk/childrens-services/performance-scorecard for the method."),
     ("See https://x.gov.uk/childrens-services/performance-score\ncard for the method.",
      "See https://x.gov.uk/childrens-services/performance-scorecard for the method."),
     ("See https:/\n/x.gov.uk/chil\ndrens-services/performance-score\ncard for the method.",
      "See https://x.gov.uk/childrens-services/performance-scorecard for the method."),
     # A word the document prints elsewhere after a whole URL is a word.
     ("See https://x.gov.uk/childrens-services/performance-scorecard\nfor the method.",
      "See https://x.gov.uk/childrens-services/performance-scorecard for the method."),
     ("See https://x.gov.uk/scorecard\nmonth by month.", "See https://x.gov.uk/scorecard month by month."),
     # A path that names a file, or a bare domain, is whole.
     ("at https://x.org/2022-latest/index.html\ntoday.", "at https://x.org/2022-latest/index.html today."),
     ("at https://data.example.org\ntoday.", "at https://data.example.org today.")],
)
def test_join_lines_with_the_documents_words(text, joined):
    vocabulary = url_vocabulary([*_DOCUMENT, text, "Seen month by month."])
    assert join_lines(text, vocabulary) == joined
    assert "corecard" not in vocabulary and "card" not in vocabulary and "for" in vocabulary


@pytest.mark.parametrize(
    "name, key",
    [("Re-referrals to Children's Services", "re-referrals-to-children-s-services"),
     ("Ysgol Gymraeg – Cyfradd presenoldeb", "ysgol-gymraeg-cyfradd-presenoldeb"),
     ("Łódź wskaźnik", "lodz-wskaznik")],
)
def test_slug(name, key):
    assert slug(name) == key


@pytest.mark.parametrize(
    "text, prose",
    [("Child Protection", False), ("Looked After Children", False), ("Front Door and Early Help", False),
     ("Performance improved again. Visits are now timely.", True),
     ("The volume of contacts has decreased in April by over a thousand, a significant decrease", True)],
)
def test_a_row_across_the_table_is_a_section_unless_it_reads_as_sentences(text, prose):
    assert is_prose(text) is prose


@pytest.mark.parametrize(
    "text, year",
    [("Performance report Quarter 1 2022/23", 2022), ("2021-22 year end", 2021), ("Budget 2022/24", None),
     ("Ofsted 2019 and 2022-23", 2022), ("no year", None), ("2023-04", None)],
)
def test_financial_year(text, year):
    assert financial_year(text) == year


@pytest.mark.parametrize("months, latest", [([4, 5, 6], "2022-06"), ([1, 2, 3], "2023-03"), ([2, 3, 4], "2022-04")])
def test_periods_from_a_financial_year(months, latest):
    mapping, source, _ = resolve_periods([(m, None) for m in months], PeriodClues(financial_year=2022))
    assert mapping[(months[-1], None)] == latest and source == "financial year"


def _columns(headers: list[str]):
    from extract.header import Column, attach_rags, classify

    columns = []
    for index, text in enumerate(headers):
        role, month, year = classify(text)
        columns.append(Column(index, role, text, month, year))
    return {c.header + str(c.index): c.month for c in attach_rags(columns) if c.role == "rag"}


@pytest.mark.parametrize(
    "headers, months",
    [
        (["Indicator", "Feb", "RAG", "Mar", "RAG"], {"RAG2": 2, "RAG4": 3}),
        (["Indicator", "Jul 22", "Jun 22", "May 22", "RAG"], {"RAG4": 7}),
        (["Indicator", "May", "Jun", "Jul", "RAG"], {"RAG4": 7}),
        (["Indicator", "Jul", "RAG", "Jun", "RAG"], {"RAG2": 7, "RAG4": 6}),
    ],
)
def test_a_rag_column_rates_the_right_month(headers, months):
    assert _columns(headers) == months


def test_a_fill_only_rag_on_the_continued_part_of_a_row_is_kept():
    # A row broken across a page: its RAG cells are shaded only on the part under the next
    # page's header (the first part's RAG cells were empty and unshaded).
    april, may = ("rag", 4, None), ("rag", 5, None)
    first = RawRow("data", [1], texts={"name": "Re-referrals", ("figure", 4, None): "15%",
                                       ("figure", 5, None): "19%", "narrative": "Fewer"},
                   cells={"name": (1, (10, 500, 90, 560))})
    rest = RawRow("continuation", [2], texts={"narrative": "re-referrals this month."},
                  cells={april: (2, (200, 80, 230, 100)), may: (2, (230, 80, 260, 100))},
                  fills={april: (0.0, 0.69, 0.31), may: (1.0, 0.0, 0.0)})
    dataset = rows_to_dataset([first, rest], {(4, None): "2022-04", (5, None): "2022-05"})
    assert [(f["period"], f["rag"], f["rag_source"]) for f in dataset.figures] == [
        ("2022-04", "G", "fill"), ("2022-05", "R", "fill")]
    assert dataset.indicators[0]["narrative"] == "Fewer re-referrals this month."
    assert dataset.indicators[0]["pages"] == "1;2"
    # The RAG's cell is its provenance, on the page it was read from.
    assert {(c["period"], c["page"]) for c in dataset.cells if c["field"] == "rag"} == {
        ("2022-04", 2), ("2022-05", 2)}


@pytest.mark.parametrize(("printed", "text"), [
    ("High\ner is\nbette\nr", "Higher is better"),  # soak seeds 83, 113, 124: wrapped mid-word
    ("Low\ner is bett\ner", "Lower is better"),
    ("Lo\nwe\nr is better", "Lower is better"),  # soak seed 205: broken twice
    ("Higher is b\nett\ner", "Higher is better"),
    ("Higher\nis better", "Higher is better"),
    ("High is\nbad", "High is bad"),
    ("-", "-"),
    ("Smaller is\nbetter", "Smaller is better"),
])
def test_a_polarity_wrapped_mid_word_is_read_whole(printed, text):
    assert join_words(printed, POLARITY_WORDS) == text


def _row_at(name: str, name_lines: list[float], narrative: str, narrative_lines: list[float]) -> RawRow:
    """A row whose name and narrative are printed on lines with these tops (8 points high)."""
    def words(text, tops, x0):
        return tuple(Word(w, x0, top, x0 + 20, top + 8) for w, top in zip(text.splitlines(), tops))
    row = RawRow("data", [1], texts={"name": name, ("figure", 4, None): "15%"})
    row.record("name", Source(1, words(name, name_lines, 10)))
    if narrative:
        row.texts["narrative"] = narrative
        row.record("narrative", Source(1, words(narrative, narrative_lines, 300)))
    return row



@pytest.mark.parametrize(("first", "second", "name_top", "shared"), [
    # The merged narrative fits beside the first row but runs down into the second's name.
    (("Fewer\ncontacts.", [100, 109]), ("", []), 110, "Fewer contacts."),
    # It is cut where the second row starts, its lines at their spacing, above that row's name.
    (("Fewer contacts.", [100]), ("A new rota\nstarted.", [109, 118]), 112,
     "Fewer contacts. A new rota started."),
    # ... or mid-sentence before a capital, the next line level with the second row's name.
    (("Fewer contacts to the next", [100]), ("Improvement\nBoard.", [109, 118]), 109,
     "Fewer contacts to the next Improvement Board."),
])
def test_a_narrative_merged_down_two_rows_is_both_rows(first, second, name_top, shared):
    # Soak seeds 74, 404, 454: a narrative cell merged across two indicators with no rule
    # between them; only the text block's extent beside the rows tells.
    one = _row_at("Contacts", [100], *first)
    two = _row_at("Referrals", [name_top], *second)
    dataset = rows_to_dataset([one, two], {(4, None): "2022-04"})
    assert [i["narrative"] for i in dataset.indicators] == [shared, shared]


def test_narratives_in_rows_of_their_own_stay_apart():
    # Each narrative ends above the next row; the next starts level with its own name.
    one = _row_at("Contacts", [100], "Fewer contacts to the next", [100])
    two = _row_at("Referrals", [116], "Improvement\nBoard.", [116, 125])
    three = _row_at("Visits", [140], "", [])
    dataset = rows_to_dataset([one, two, three], {(4, None): "2022-04"})
    assert [i["narrative"] for i in dataset.indicators] == [
        "Fewer contacts to the next", "Improvement Board.", ""]


@pytest.mark.parametrize(
    "text, foot",
    [("Page 2 of 3", True), ("file:///tmp/layoutgen-e82gb0po/card.html 2/3", True),
     ("https://council.example.gov.uk/kpi/scorecard.html 1/12", True), ("- 3 -", True),
     # Soak seed 214: a browser's print footer ends a table; a row's text does not.
     ("2/3", False), ("file:///tmp/card.html", False), ("1.1 Number of contacts 2/3", False),
     ("see https://x.gov.uk/a 2/3 of cases", False)],
)
def test_is_page_foot(text, foot):
    assert is_page_foot(text) is foot

