"""Checks on the figures that catch a wrong number before a councillor does."""

from __future__ import annotations

from collections import defaultdict

from dataset.csvio import format_number
from dataset.judge import headline, rate_dataset

# A composite's count and percentage are both rounded as printed: allow this much.
_PERCENT_SLACK = 1.0
# The population behind a count and its rate per 10k barely moves in a quarter.
_POPULATION_SLACK = 0.05


def _check(code: str, message: str, key: str = "", period: str = "", **evidence) -> dict:
    out = {"code": code, "message": message}
    if key:
        out["key"] = key
    if period:
        out["period"] = period
    if evidence:
        out["evidence"] = evidence
    return out


def _series(figures: list[dict]) -> dict:
    series: dict[str, dict[str, dict[str, dict]]] = defaultdict(lambda: defaultdict(dict))
    for row in figures:
        series[row["key"]][row["period"]][row["measure"]] = row
    return series


def _headline_rows(months: dict, unit: str = "") -> dict[str, dict]:
    """Give the figure row of the headline measure of each month of `months`."""
    measure, _ = headline((row for measures in months.values() for row in measures.values()), unit)
    return {period: measures[measure] for period, measures in months.items() if measure in measures}


def check_figures(
    indicators: list[dict], figures: list[dict], catalogue=None, ratings: list[dict] | None = None
) -> list[dict]:
    """Give every check that fails on the dataset rows, each with its evidence; `ratings`
    (extraction.json's, from `dataset.judge.rate_dataset`) are judged here when not given."""
    checks: list[dict] = []
    series = _series(figures)
    periods = sorted({row["period"] for row in figures})
    if ratings is None:
        ratings = rate_dataset(indicators, figures, catalogue)
    disagreeing: dict[str, list[dict]] = defaultdict(list)
    for rating in ratings:
        if rating["verdict"] == "disagrees":
            disagreeing[rating["key"]].append(rating)
    names: dict[str, str] = {}
    for indicator in indicators:
        key = indicator["key"]
        entry = catalogue.match(key, indicator["name"]) if catalogue is not None else None
        months = series.get(key, {})
        checks += _impossible(key, months)
        checks += _missing(key, months, periods)
        checks += _composites(key, months, series, entry, catalogue)
        checks += _rag_disagrees(indicator, months, disagreeing[key])
        if entry is not None:
            checks += _big_moves(key, months, entry)
        fingerprint = indicator["name"].lower()
        if fingerprint in names:
            checks.append(_check("duplicate-indicator", f"{indicator['name']!r} is printed twice",
                                 key, first=names[fingerprint]))
        names.setdefault(fingerprint, key)
    return checks


def _impossible(key: str, months: dict) -> list[dict]:
    out = []
    for period, measures in sorted(months.items()):
        for row in measures.values():
            if row["value"] == "":
                continue
            value = float(row["value"])
            if row["unit"] == "%" and not 0 <= value <= 100:
                out.append(_check("impossible-value", f"a percentage of {row['figure_text']} cannot be",
                                  key, period, figure=row["figure_text"]))
            elif row["unit"] == "count" and value < 0:
                out.append(_check("impossible-value", f"a count of {row['figure_text']} cannot be negative",
                                  key, period, figure=row["figure_text"]))
    return out


def _missing(key: str, months: dict, periods: list[str]) -> list[dict]:
    out = []
    for period in periods:
        measures = months.get(period, {})
        if not any(row["figure_text"] for row in measures.values()):
            out.append(_check("missing-month", "no figure is printed for this month", key, period))
    return out


def _composites(key: str, months: dict, series: dict, entry, catalogue) -> list[dict]:
    out = []
    populations = []
    denominator = entry.denominator if entry is not None else ""
    whole = catalogue.entries.get(denominator) if denominator else None
    bases = _headline_rows(series.get(denominator, {}), whole.unit if whole else "")
    for period, measures in sorted(months.items()):
        count, percent, rate = (measures.get(m, {}).get("value", "") for m in ("count", "percent", "rate"))
        if count != "" and rate not in ("", "0"):
            populations.append((period, float(count) * 10000 / float(rate)))
        if count != "" and percent != "" and denominator:
            base = bases.get(period)
            if base is not None and base["value"] != "" and float(base["value"]) > 0:
                implied = 100 * float(count) / float(base["value"])
                if abs(implied - float(percent)) > _PERCENT_SLACK:
                    out.append(_check(
                        "composite-disagrees",
                        f"{format_number(float(count))} of {base['figure_text']} is {implied:.1f}%, "
                        f"not the {format_number(float(percent))}% printed",
                        key, period, count=count, percent=percent, denominator=denominator,
                        denominator_value=base["value"]))
    if len(populations) >= 2:
        low = min(p for _, p in populations)
        high = max(p for _, p in populations)
        if low > 0 and (high - low) / low > _POPULATION_SLACK:
            out.append(_check(
                "composite-disagrees",
                "the count and its rate per 10k imply populations from "
                f"{low:,.0f} to {high:,.0f}: one of them is wrong",
                key, populations={p: round(v) for p, v in populations}))
    return out


def _rag_disagrees(indicator: dict, months: dict, ratings: list[dict]) -> list[dict]:
    out = []
    for rating in ratings:
        figure = months[rating["period"]][rating["measure"]]["figure_text"]
        basis = "the catalogue" if rating["rule"] == "catalogue" else "the polarity printed"
        out.append(_check(
            "rag-disagrees",
            f"printed {rating['printed']} but {figure} against a target of "
            f"{indicator['target_text']} ({rating['polarity']} is better by {basis}, Amber within "
            f"{rating['tolerance']}) earns {rating['expected']}",
            indicator["key"], rating["period"], printed=rating["printed"],
            earned=rating["expected"], figure=figure, target=indicator["target_text"],
            rule=rating["rule"]))
    return out


def _big_moves(key: str, months: dict, entry) -> list[dict]:
    if not entry.expected_range:
        return []
    out = []
    previous = None
    rows = _headline_rows(months, entry.unit)
    for period in sorted(months):
        row = rows.get(period)
        if row is None or row["value"] == "":
            previous = None
            continue
        if previous is not None and previous["unit"] == row["unit"]:
            move = float(row["value"]) - float(previous["value"])
            if abs(move) > entry.expected_range:
                out.append(_check(
                    "big-move",
                    f"moved from {previous['figure_text']} to {row['figure_text']}, more than the "
                    f"{format_number(entry.expected_range)} a month the catalogue expects",
                    key, period, previous=previous["figure_text"], figure=row["figure_text"]))
        previous = row
    return out
