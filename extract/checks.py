"""Checks on the figures that catch a wrong number before a councillor does."""

from __future__ import annotations

from collections import defaultdict

from dataset.catalogue import expected_rag
from dataset.csvio import format_number

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


def _primary(measures: dict[str, dict]) -> dict | None:
    for name in ("value", "percent", "rate", "count"):
        if name in measures and measures[name]["value"] != "":
            return measures[name]
    return None


def check_figures(indicators: list[dict], figures: list[dict], catalogue=None) -> list[dict]:
    """Give every check that fails on the dataset rows, each with its evidence."""
    checks: list[dict] = []
    series = _series(figures)
    periods = sorted({row["period"] for row in figures})
    names: dict[str, str] = {}
    for indicator in indicators:
        key = indicator["key"]
        entry = catalogue.match(key, indicator["name"]) if catalogue is not None else None
        months = series.get(key, {})
        checks += _impossible(key, months)
        checks += _missing(key, months, periods)
        checks += _composites(key, months, series, entry)
        if entry is not None:
            checks += _rag_against_target(indicator, months, entry)
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


def _composites(key: str, months: dict, series: dict, entry) -> list[dict]:
    out = []
    populations = []
    denominator = entry.denominator if entry is not None else ""
    for period, measures in sorted(months.items()):
        count, percent, rate = (measures.get(m, {}).get("value", "") for m in ("count", "percent", "rate"))
        if count != "" and rate not in ("", "0"):
            populations.append((period, float(count) * 10000 / float(rate)))
        if count != "" and percent != "" and denominator:
            base = _primary(series.get(denominator, {}).get(period, {}))
            if base is not None and float(base["value"]) > 0:
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


def _rag_against_target(indicator: dict, months: dict, entry) -> list[dict]:
    if indicator["target"] == "" or entry.polarity not in ("higher", "lower"):
        return []
    target = float(indicator["target"])
    out = []
    for period, measures in sorted(months.items()):
        row = _primary(measures)
        if row is None or not row["rag"] or (entry.unit and row["unit"] != entry.unit):
            continue
        earned = expected_rag(float(row["value"]), target, entry.polarity, entry.amber_tolerance)
        if earned != row["rag"]:
            out.append(_check(
                "rag-disagrees",
                f"printed {row['rag']} but {row['figure_text']} against a target of "
                f"{indicator['target_text']} ({entry.polarity} is better, Amber within "
                f"{format_number(entry.amber_tolerance)}) earns {earned}",
                indicator["key"], period, printed=row["rag"], earned=earned,
                figure=row["figure_text"], target=indicator["target_text"]))
    return out


def _big_moves(key: str, months: dict, entry) -> list[dict]:
    if not entry.expected_range:
        return []
    out = []
    previous = None
    for period, measures in sorted(months.items()):
        row = _primary(measures)
        if row is None:
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
