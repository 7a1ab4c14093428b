"""Other councils' scorecards: indicator sets the KPI catalogue does not know (adult social
care, housing, a children's set with `CS01` refs), each drawn as one series of months and
printed as several monthly scorecards whose months overlap, as the history would hold them.

Each indicator carries what the catalogue would need to be told (polarity, unit, section);
`expected_inference` says, from the generator's own ratings, what inference must find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from fixturegen.model import Rag, Row, bench, count, decimal, months, pct, token

from layoutgen import content


@dataclass(frozen=True)
class Spec:
    """One indicator of a council's set: where it sits, how it prints, which way is better."""

    section: str  # the section row it sits under ("" when the scorecard prints none)
    ref: str
    name: str
    kind: str  # pct0, pct1, count, thousands, decimal
    polarity: str  # higher, lower or none (the truth; never printed unless the layout does)
    unit: str  # the unit the catalogue would give it
    start: tuple[float, float]  # where its figures start
    # How its RAG is printed: "target" (by target and polarity), "split" (half the months by
    # one direction, half by the other: a rating against something unpublished), "once" (by
    # target, but only in the latest month: one rating is not evidence enough).
    rating: str = "target"
    expected_section: str = ""  # the section inference must give ("" : the printed one)
    renamed: str = ""  # the name a later scorecard prints instead


@dataclass(frozen=True)
class Council:
    """A council's scorecard: its title, indicator set and the dimensions it is printed in."""

    name: str
    title: str
    specs: tuple[Spec, ...]
    layout: dict  # fixed layout dimensions
    months: int  # how many months the series runs
    shown: int  # how many months each scorecard prints
    scorecards: int  # how many monthly scorecards, one month apart
    latest: str  # the latest month of the last scorecard
    seed: int = 1  # the layout seed of the first scorecard (the next ones count on)


ADULTS = Council(
    name="adults",
    title="Adult Social Care Performance Scorecard",
    specs=(
        Spec("Safeguarding Adults", "1.1", "Safeguarding concerns received", "count", "none",
             "count", (300, 600)),
        Spec("Safeguarding Adults", "1.2", "Section 42 enquiries concluded within 60 days", "pct0",
             "higher", "%", (60, 80)),
        Spec("Safeguarding Adults", "1.3", "Enquiries where the risk was reduced or removed",
             "pct0", "higher", "%", (80, 92)),
        Spec("Reablement", "2.1", "Older people still at home 91 days after reablement", "pct0",
             "higher", "%", (70, 85)),
        Spec("Reablement", "2.2", "Average days from referral to assessment", "decimal",
             "lower", "days", (12, 30)),
        Spec("Reablement", "2.3", "Delayed transfers of care per 100,000 population", "decimal",
             "lower", "per 100k", (8, 16)),
        Spec("Long-term Support", "3.1", "Permanent admissions to care homes aged 65+", "count",
             "lower", "count", (40, 90)),
        Spec("Long-term Support", "3.2", "People receiving direct payments", "pct1", "higher",
             "%", (20, 30)),
        Spec("Long-term Support", "3.3", "Complaints responded to within 20 days", "pct0", "higher",
             "%", (70, 85), rating="split"),
        Spec("Carers", "4.1", "Carers assessed or reviewed in the month", "count", "none", "count",
             (100, 300)),
        Spec("Carers", "4.2", "Average weekly cost of a home care package (£)", "decimal", "lower",
             "£", (20, 40)),
        Spec("Carers", "4.3", "Carers receiving a personal budget", "pct0", "higher", "%",
             (60, 80), rating="once"),
    ),
    layout={"producer": "weasyprint", "rules": "grid", "header": "one-row", "sections": "headings",
            "ref": "column", "extras": "none", "rag": "word", "narrative": "column",
            "month_order": "oldest-first", "month_label": "Feb 22", "split_rows": False,
            "benchmarks": "national", "page": "a4-landscape", "running": "none"},
    months=6, shown=4, scorecards=3, latest="2024-06",
)

HOUSING = Council(
    name="housing",
    title="Housing Services Key Performance Indicators",
    specs=(
        Spec("", "4.1", "Households in temporary accommodation", "count", "none", "count",
             (150, 400), expected_section="Indicators 4.x"),
        Spec("", "4.2", "Households prevented from becoming homeless", "pct0", "higher", "%",
             (45, 70), expected_section="Indicators 4.x"),
        Spec("", "4.3", "Average days families spent in bed and breakfast", "decimal", "lower",
             "days", (20, 45), expected_section="Indicators 4.x"),
        Spec("", "5.1", "Rent collected as a percentage of rent due", "pct1", "higher", "%",
             (93, 97), expected_section="Indicators 5.x"),
        Spec("", "5.2", "Current tenant arrears in £", "thousands", "lower", "£",
             (310000, 420000), expected_section="Indicators 5.x"),
        Spec("", "5.3", "Average days to re-let empty homes", "decimal", "lower", "days",
             (25, 40), expected_section="Indicators 5.x"),
        Spec("", "6.1", "Repairs completed right first time", "pct0", "higher", "%", (75, 90),
             expected_section="Indicators 6.x"),
        Spec("", "6.2", "Emergency repairs completed within 24 hours", "pct1", "higher", "%",
             (90, 97), expected_section="Indicators 6.x"),
        Spec("", "6.3", "Complaints received", "count", "none", "count", (30, 90),
             expected_section="Indicators 6.x"),
    ),
    layout={"producer": "rl-platypus", "rules": "grid", "header": "one-row",
            "sections": "none", "ref": "column", "extras": "none", "rag": "word",
            "narrative": "column", "month_order": "oldest-first", "month_label": "2022-02",
            "split_rows": False, "benchmarks": "both", "page": "a4-landscape",
            "running": "none"},
    months=5, shown=4, scorecards=2, latest="2023-11", seed=7,
)

CHILDREN = Council(
    name="children-cs",
    title="Children's Social Care Scorecard",
    specs=(
        Spec("Early Help", "CS01", "Families supported by early help", "count", "none", "count",
             (500, 900)),
        Spec("Early Help", "CS02", "Early help assessments completed within 30 days", "pct0",
             "higher", "%", (65, 85)),
        Spec("Social Work Teams", "CS03", "Re-referrals within twelve months", "pct1", "lower",
             "%", (15, 25)),
        Spec("Social Work Teams", "CS04", "Single assessments completed within 45 days", "pct0",
             "higher", "%", (70, 90)),
        Spec("Social Work Teams", "CS05", "Young people in care with a health assessment in date",
             "pct0", "higher", "%", (75, 90),
             renamed="Young people in care whose annual health assessment is in date"),
        Spec("Corporate Parenting", "CS06", "Young people in care placed over 20 miles away",
             "pct1", "lower", "%", (10, 18)),
        Spec("Corporate Parenting", "CS07", "Care leavers in education, training or work",
             "pct0", "higher", "%", (45, 65)),
        Spec("Corporate Parenting", "CS08", "Average caseload of a social worker", "decimal",
             "lower", "", (15, 22)),
    ),
    layout={"producer": "docx", "rules": "grid", "header": "one-row", "sections": "rows",
            "ref": "column", "extras": "none", "rag": "letter", "narrative": "column",
            "month_order": "newest-first", "month_label": "Feb", "split_rows": False,
            "benchmarks": "comparator", "page": "a4-landscape", "running": "none", "size": 7},
    months=4, shown=3, scorecards=2, latest="2025-03",
)

# Commentary without URLs: a URL broken at a narrow cell's line end is the soak's business.
SENTENCES = (
    "Performance has improved on last month following work with partners.",
    "The change reflects a seasonal pattern seen in previous years.",
    "Managers are reviewing every case that fell outside timescale.",
    "A new rota started this month and early signs are encouraging.",
    "Recording is being brought up to date this quarter.",
    "Small numbers mean a single case moves this figure noticeably.",
)

COUNCILS = {council.name: council for council in (ADULTS, HOUSING, CHILDREN)}


def _figure(kind: str, level: float):
    if kind == "pct0":
        return pct(min(100.0, max(0.0, level)), 0)
    if kind == "pct1":
        return pct(min(100.0, max(0.0, level)), 1)
    if kind == "count":
        return count(max(1, round(level)))
    if kind == "thousands":
        return count(max(1000, round(level)), thousands=True)
    return decimal(max(0.1, level), 1)


def _target(spec: Spec, level: float):
    if spec.polarity == "none":
        return bench("N/A")
    if spec.kind == "pct0":
        return bench(f"{round(level)}%")
    if spec.kind == "pct1":
        return bench(f"{level:.1f}%")
    if spec.kind == "thousands":
        return bench(f"{round(level, -3):,.0f}")
    if spec.kind == "count":
        return bench(str(round(level)))
    return bench(f"{level:.1f}")


def _step(spec: Spec) -> float:
    low, high = spec.start
    return (high - low) / 4


def series(council: Council, seed: int = 0) -> tuple[list[str], list[Row]]:
    """Give every month of `council`'s series and one row per indicator holding all of them."""
    rng = random.Random(f"council|{council.name}|{seed}")
    latest = council.latest
    index = int(latest[:4]) * 12 + int(latest[5:]) - 1 - (council.months - 1)
    periods = months(f"{index // 12:04d}-{index % 12 + 1:02d}", council.months)
    rows = []
    for spec in council.specs:
        level = rng.uniform(*spec.start)
        target = _target(spec, rng.uniform(*spec.start))
        figures, rags = {}, {}
        for n, period in enumerate(periods):
            level = min(max(level + rng.uniform(-_step(spec), _step(spec)), spec.start[0] * 0.8),
                        spec.start[1] * 1.2)
            figure = _figure(spec.kind, level) if rng.random() > 0.04 else token("N/A")
            figures[period] = figure
            letter = ""
            if spec.rating == "target" or (spec.rating == "once" and n == len(periods) - 1):
                letter = content._rate(spec.kind, spec.polarity, target.number, figure)
            elif spec.rating == "split" and figure.measures and target.number is not None:
                # Rated against something the scorecard does not print: half the months read
                # as if higher were better, half as if lower were.
                value = figure.measures[0].value
                if abs(value - target.number) > 1e-9:
                    above = value > target.number
                    says_higher = n % 2 == 0
                    letter = "G" if above == says_higher else "R"
            rags[period] = Rag(letter, None, letter, "text" if letter else "")
        rows.append(Row(
            ref=spec.ref, name=spec.name, target=target,
            national=bench(target.printed if target.number is not None else "N/A"),
            comparator=bench("N/A"), figures=figures, rags=rags, polarity=spec.polarity,
            narrative=" ".join(rng.sample(SENTENCES, rng.randint(1, 3))), section=spec.section,
        ))
    return periods, rows


def scorecard(council: Council, number: int, seed: int = 0) -> tuple[list[str], list[Row]]:
    """Give the months and rows the `number`-th (0-based) monthly scorecard of `council`
    prints: the `shown` months up to its own latest, renamed indicators renamed in every
    scorecard after the first."""
    periods, rows = series(council, seed)
    end = len(periods) - (council.scorecards - 1 - number)
    shown = periods[end - council.shown:end]
    out = []
    for spec, row in zip(council.specs, rows, strict=True):
        name = spec.renamed if spec.renamed and number > 0 else row.name
        out.append(replace(row, name=name, figures={p: row.figures[p] for p in shown},
                           rags={p: row.rags[p] for p in shown}))
    return shown, out


def month_votes(council: Council, seed: int = 0) -> dict[str, tuple[int, int]]:
    """Give each indicator's (months rated as higher-is-better would, as lower-is-better
    would) over the whole series, by name as first printed: what the printed ratings say."""
    _, rows = series(council, seed)
    out = {}
    for row in rows:
        higher = lower = 0
        for period, rag in row.rags.items():
            figure = row.figures[period]
            if not rag.rag or not figure.measures or row.target.number is None:
                continue
            value = figure.measures[0].value
            if abs(value - row.target.number) <= 1e-9:
                continue
            says_higher = (value > row.target.number) == (rag.rag == "G")
            higher += says_higher
            lower += not says_higher
        out[row.name] = (higher, lower)
    return out


def expected_inference(council: Council, seed: int = 0) -> list[dict]:
    """Give what inference must find for each indicator of `council`, in source order: its
    polarity where two or more rated months agree and none disagree ("unknown" elsewhere),
    its unit and its section."""
    votes = month_votes(council, seed)
    out = []
    for spec in council.specs:
        higher, lower = votes[spec.name]
        decided = (higher + lower) >= 2 and not (higher and lower)
        if decided:
            assert ("higher" if higher else "lower") == spec.polarity, spec.name  # the model's own rule
        out.append({
            "ref": spec.ref,
            "name": spec.renamed or spec.name,
            "first_name": spec.name,
            "polarity": spec.polarity if decided else "unknown",
            "true_polarity": spec.polarity,
            "rated_months": higher + lower,
            "unit": spec.unit,
            "section": spec.expected_section or spec.section,
            "renamed": bool(spec.renamed),
        })
    return out
