"""The judgements made once for every stage: expected RAG, headline measure, polarity, direction."""

from __future__ import annotations

import json

import pytest

from dataset import RATINGS, DatasetError, validate_dataset, write_dataset
from dataset.judge import (
    Rating,
    expected_rag,
    headline,
    parse_polarity,
    rag_move,
    rate_dataset,
    rate_months,
    travel,
)


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "rag"),
    [
        (92, 90, "higher", 5, "G"),
        (90, 90, "higher", 5, "G"),
        (86, 90, "higher", 5, "A"),
        (85, 90, "higher", 5, "A"),
        (84, 90, "higher", 5, "R"),
        (12, 22, "lower", 5, "G"),
        (25, 22, "lower", 5, "A"),
        (30, 22, "lower", 5, "R"),
        (9.5, 9, "lower", 1, "A"),
        (4.3, 2, "lower", 0.5, "R"),
        (89.99999999999, 90, "higher", 0, "G"),  # a shortfall of rounding is none
        (50, None, "higher", 5, ""),
        (None, 40, "higher", 5, ""),
        (50, 40, "none", 5, ""),
    ],
)
def test_expected_rag_follows_target_polarity_and_tolerance(value, target, polarity, tolerance, rag):
    assert expected_rag(value, target, polarity, tolerance) == rag


def rows(*measures, period="2022-04"):
    return [{"period": period, "measure": m, "value": v, "unit": u} for m, v, u in measures]


@pytest.mark.parametrize(
    ("figures", "unit", "want"),
    [
        (rows(("value", "73", "%")), "", ("value", "%")),
        (rows(("count", "533", "count"), ("percent", "13", "%")), "", ("percent", "%")),
        (rows(("count", "533", "count"), ("percent", "13", "%")), "count", ("count", "count")),
        (rows(("count", "844", "count"), ("rate", "31.8", "per 10k")), "", ("rate", "per 10k")),
        (rows(("count", "844", "count"), ("rate", "31.8", "per 10k")), "%", ("rate", "per 10k")),
        # A month with no number does not choose the headline; one with a number does.
        (rows(("value", "", "")) + rows(("count", "5", "count"), ("percent", "2", "%"),
                                        period="2022-03"), "", ("percent", "%")),
        (rows(("count", "", "count")), "", ("count", "count")),
        ([], "", ("value", "")),
    ],
)
def test_headline_measure(figures, unit, want):
    assert headline(figures, unit) == want


@pytest.mark.parametrize(
    ("printed", "polarity"),
    [
        ("Higher is better", "higher"),
        ("High is good", "higher"),
        ("High", "higher"),
        ("higher", "higher"),
        ("Good is high", "higher"),
        ("Bigger is better", "higher"),
        ("Larger is better", "higher"),
        ("More is better", "higher"),
        ("Aim to increase", "higher"),
        ("Aim to maximise", "higher"),
        ("Up", "higher"),
        ("↑", "higher"),
        ("▲ is good", "higher"),
        ("H", "higher"),
        ("Low is bad", "higher"),
        ("Lower is worse", "higher"),
        ("Lower is better", "lower"),
        ("Low", "lower"),
        ("LOW IS GOOD", "lower"),
        ("Smaller is better", "lower"),
        ("Less is better", "lower"),
        ("Fewer is better", "lower"),
        ("Aim to reduce", "lower"),
        ("Reduce", "lower"),
        ("Minimise", "lower"),
        ("Down", "lower"),
        ("↓", "lower"),
        ("▼", "lower"),
        ("L", "lower"),
        ("High is bad", "lower"),
        ("Higher is worse", "lower"),
        # Neither direction, or both: no better direction is known.
        ("", "none"),
        ("N/A", "none"),
        ("None", "none"),
        ("Neither", "none"),
        ("Context only", "none"),
        ("Higher or lower", "none"),
        ("↑↓", "none"),
        # Words that merely contain "up", "high" or "low".
        ("Support group", "none"),
        ("Grouped", "none"),
        ("Followup", "none"),
        ("Highlight", "none"),
        ("Flow", "none"),
        ("Allowed", "none"),
        ("-", "none"),
    ],
)
def test_polarity_as_printed(printed, polarity):
    assert parse_polarity(printed) == polarity


@pytest.mark.parametrize(
    ("before", "after", "polarity", "word"),
    [
        (17, 15, "lower", "improving"),
        (15, 17, "lower", "worsening"),
        (73, 79, "higher", "improving"),
        (90, 84, "higher", "worsening"),
        (4867, 3550, "none", "decreased"),
        (1023, 1026, "none", "increased"),
        (13, 13, "higher", "no change"),
        (None, 13, "higher", "not known"),
    ],
)
def test_travel_is_judged_by_polarity(before, after, polarity, word):
    assert travel(before, after, polarity).word == word


def test_rag_moves():
    assert rag_move("G", "A") == "worse" and rag_move("A", "G") == "better"
    assert rag_move("", "R") == "" and rag_move("R", "R") == ""


class Entry:
    def __init__(self, polarity="higher", unit="%", amber_tolerance=5.0):
        self.polarity, self.unit, self.amber_tolerance = polarity, unit, amber_tolerance


def figure(period, value, rag, unit="%", measure="value"):
    return {"key": "k", "period": period, "measure": measure, "value": value, "unit": unit,
            "figure_text": value, "rag": rag}


def test_catalogued_indicator_is_rated_by_the_catalogue():
    indicator = {"key": "k", "name": "K", "target": "90", "target_text": "90%", "polarity": "Low"}
    ratings = rate_months(indicator, [figure("2022-03", "86", "A"), figure("2022-04", "70", "G")],
                          Entry())
    assert [(r.period, r.expected, r.verdict, r.rule) for r in ratings] == [
        ("2022-03", "A", "agrees", "catalogue"), ("2022-04", "R", "disagrees", "catalogue")]


def test_indicator_the_catalogue_lacks_is_rated_by_its_printed_polarity_without_tolerance():
    indicator = {"key": "k", "name": "K", "target": "22", "target_text": "22%",
                 "polarity": "Smaller is better"}
    ratings = rate_months(indicator, [figure("2022-04", "23", "A")], None)
    assert [(r.expected, r.verdict, r.rule, r.polarity, r.tolerance) for r in ratings] == [
        ("R", "disagrees", "printed-polarity", "lower", 0.0)]


@pytest.mark.parametrize(
    ("indicator", "figures", "entry", "rule"),
    [
        ({"target": "", "target_text": "N/A"}, [figure("2022-04", "5", "G")], Entry(), "no-target"),
        ({"target": "5", "target_text": "5"}, [figure("2022-04", "5", "G")], Entry("none"),
         "no-polarity"),
        ({"target": "5", "target_text": "5", "polarity": "Group"}, [figure("2022-04", "5", "G")],
         None, "no-polarity"),
        ({"target": "5", "target_text": "5"}, [figure("2022-04", "", "G")], Entry(), "no-figure"),
        # A count against a percentage target is not comparable: the unit rule, for both.
        ({"target": "22", "target_text": "22%"}, [figure("2022-04", "533", "R", unit="count")],
         Entry(unit="%"), "unit-differs"),
        ({"target": "22", "target_text": "22%", "polarity": "Higher"},
         [figure("2022-04", "533", "R", unit="count")], None, "unit-differs"),
        # A plain decimal's unit is not known: it is judged.
        ({"target": "30", "target_text": "30"}, [figure("2022-04", "31.8", "G", unit="")],
         Entry(unit="per 10k"), "catalogue"),
    ],
)
def test_a_month_not_judged_says_why(indicator, figures, entry, rule):
    (rating,) = rate_months({"key": "k", "name": "K", **indicator}, figures, entry)
    assert rating.rule == rule
    assert (rating.expected == "") == (rule not in ("catalogue", "printed-polarity"))


def test_composite_is_rated_on_its_headline_measure():
    figures = [figure("2022-04", "533", "R", unit="count", measure="count"),
               figure("2022-04", "13", "R", measure="percent")]
    indicator = {"key": "k", "name": "K", "target": "20", "target_text": "20%"}
    (rating,) = rate_months(indicator, figures, Entry(polarity="lower", unit="%"))
    assert (rating.measure, rating.value, rating.expected) == ("percent", 13, "G")


def test_ratings_round_trip_through_the_dataset_and_are_validated(tmp_path):
    indicators = [{"key": "k", "name": "K", "target": "90", "target_text": "90%", "polarity": ""}]
    figures = [figure("2022-04", "70", "G")]
    ratings = rate_dataset(indicators, figures, None)
    assert ratings[0]["rule"] == "no-polarity"
    indicators[0]["polarity"] = "Higher is better"
    ratings = rate_dataset(indicators, figures, None)
    directory = write_dataset(tmp_path / "data", indicators, figures, {RATINGS: ratings})
    *_, extraction = validate_dataset(directory)
    assert [Rating.from_dict(r).verdict for r in extraction[RATINGS]] == ["disagrees"]
    assert Rating.from_dict(ratings[0]).as_dict() == ratings[0]

    ratings[0]["verdict"] = "agrees"
    (directory / "extraction.json").write_text(json.dumps({RATINGS: ratings}), encoding="utf-8")
    with pytest.raises(DatasetError, match="verdict 'agrees' does not follow"):
        validate_dataset(directory)
