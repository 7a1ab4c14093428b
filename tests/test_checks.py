"""The figure checks: each one fires on the figure that is wrong, and only there."""

from __future__ import annotations

from dataclasses import dataclass

from extract.checks import check_figures


@dataclass(frozen=True)
class Entry:
    polarity: str = "higher"
    unit: str = "%"
    amber_tolerance: float = 5
    expected_range: float = 10
    denominator: str = ""


class Catalogue:
    def __init__(self, **entries):
        self.entries = entries

    def match(self, key, name=""):
        return self.entries.get(key)


def indicator(key, target="", name=None):
    return {"key": key, "name": name or key, "target": target, "target_text": f"{target}%" if target else "N/A"}


def figure(key, period, value, unit="%", rag="", measure="value", text=None):
    shown = text if text is not None else (f"{value}%" if unit == "%" and value != "" else str(value))
    return {"key": key, "period": period, "measure": measure, "value": str(value), "unit": unit,
            "figure_text": shown, "rag": rag}


def codes(checks, code):
    return [(c.get("key"), c.get("period")) for c in checks if c["code"] == code]


def test_rag_that_disagrees_with_target_and_polarity_is_listed_with_evidence():
    checks = check_figures(
        [indicator("visits", "90")],
        [figure("visits", "2022-03", 95, rag="G"), figure("visits", "2022-04", 70, rag="G")],
        Catalogue(visits=Entry()),
    )
    assert codes(checks, "rag-disagrees") == [("visits", "2022-04")]
    (check,) = [c for c in checks if c["code"] == "rag-disagrees"]
    assert check["evidence"] == {"printed": "G", "earned": "R", "figure": "70%", "target": "90%",
                                 "rule": "catalogue"}


def test_lower_is_better_uses_polarity():
    checks = check_figures(
        [indicator("rereferrals", "22")],
        [figure("rereferrals", "2022-04", 15, rag="R")],
        Catalogue(rereferrals=Entry(polarity="lower")),
    )
    assert codes(checks, "rag-disagrees") == [("rereferrals", "2022-04")]


def test_impossible_values():
    checks = check_figures(
        [indicator("pct"), indicator("count")],
        [figure("pct", "2022-04", 104), figure("pct", "2022-03", -1),
         figure("count", "2022-04", -3, unit="count"), figure("count", "2022-03", 3, unit="count")],
    )
    assert sorted(codes(checks, "impossible-value")) == [
        ("count", "2022-04"), ("pct", "2022-03"), ("pct", "2022-04")]


def test_count_and_percentage_checked_against_the_denominator_indicator():
    rows = [figure("contacts", "2022-04", 4011, unit="count"),
            figure("contacts", "2022-03", 4867, unit="count"),
            figure("progressed", "2022-04", 533, unit="count", measure="count", text="533 13%"),
            figure("progressed", "2022-04", 13, measure="percent", text="533 13%"),
            figure("progressed", "2022-03", 652, unit="count", measure="count", text="652 31%"),
            figure("progressed", "2022-03", 31, measure="percent", text="652 31%")]
    checks = check_figures(
        [indicator("contacts"), indicator("progressed")], rows,
        Catalogue(contacts=Entry(polarity="none", unit="count"),
                  progressed=Entry(polarity="none", unit="%", expected_range=0, denominator="contacts")),
    )
    assert codes(checks, "composite-disagrees") == [("progressed", "2022-03")]


def test_count_and_rate_imply_one_population():
    rows = [figure("cp", "2022-02", 844, unit="count", measure="count"),
            figure("cp", "2022-02", 31.8, unit="per 10k", measure="rate"),
            figure("cp", "2022-03", 780, unit="count", measure="count"),
            figure("cp", "2022-03", 29.4, unit="per 10k", measure="rate")]
    assert not codes(check_figures([indicator("cp")], rows), "composite-disagrees")
    rows[3] = figure("cp", "2022-03", 39.4, unit="per 10k", measure="rate")
    assert codes(check_figures([indicator("cp")], rows), "composite-disagrees") == [("cp", None)]


def test_missing_month_and_duplicate_indicator():
    rows = [figure("a", "2022-03", 5), figure("a", "2022-04", 6),
            figure("b", "2022-03", 5), figure("b", "2022-04", "", text="")]
    checks = check_figures([indicator("a", name="Same"), indicator("b", name="same")], rows)
    assert codes(checks, "missing-month") == [("b", "2022-04")]
    assert codes(checks, "duplicate-indicator") == [("b", None)]


def test_big_month_on_month_move():
    rows = [figure("a", "2022-02", 50), figure("a", "2022-03", 55), figure("a", "2022-04", 80)]
    checks = check_figures([indicator("a")], rows, Catalogue(a=Entry(expected_range=10)))
    assert codes(checks, "big-move") == [("a", "2022-04")]
