"""What a generated scorecard says: indicators, months, figures, ratings and narratives, drawn
from the seed in fixturegen's model (so the expected dataset is computed the same way)."""

from __future__ import annotations

import random
from dataclasses import replace

from fixturegen.model import (
    Bench,
    Figure,
    Rag,
    Row,
    Section,
    bench,
    count,
    count_pct,
    count_rate,
    decimal,
    months,
    pct,
    token,
)

# (section, name, kind, polarity): kind says how the figure prints.
POOL = (
    ("Front Door", "Number of contacts received", "count", "none"),
    ("Front Door", "Contacts progressed to social care", "count_pct", "none"),
    ("Front Door", "Re-referrals to Children's Services within 12 months", "pct0", "lower"),
    ("Front Door", "Referrals with a decision within one working day", "pct1", "higher"),
    ("Assessment", "Assessments completed within 45 working days", "pct0", "higher"),
    ("Assessment", "Assessments ending in no further action", "pct1", "lower"),
    ("Assessment", "Average days to complete an assessment", "decimal", "lower"),
    ("Children in Need", "Number of Children in Need", "thousands", "none"),
    ("Children in Need", "Child in Need visits up to date", "pct0", "higher"),
    ("Children in Need", "Child in Need plans reviewed on time", "pct1", "higher"),
    ("Child Protection", "S47 enquiries leading to an Initial Conference", "pct0", "higher"),
    ("Child Protection", "Children subject to a plan and rate per 10k", "count_rate", "none"),
    ("Child Protection", "Initial Conferences held within 15 working days", "pct0", "higher"),
    ("Child Protection", "Second or subsequent plans within two years", "pct1", "lower"),
    ("Child Protection", "Plans lasting over 24 months", "pct0", "lower"),
    ("Child Protection", "Children on a plan seen in the last 10 working days", "pct0", "higher"),
    ("Looked After Children", "Looked after children and rate per 10k", "count_rate", "none"),
    ("Looked After Children", "Looked after children with up-to-date reviews", "pct0", "higher"),
    ("Looked After Children", "Statutory visits completed in time", "pct1", "higher"),
    ("Looked After Children", "Initial health assessments within 20 days", "pct0", "higher"),
    ("Looked After Children", "Three or more placements in the year", "pct1", "lower"),
    ("Looked After Children", "Placed more than 20 miles from home", "pct0", "lower"),
    ("Care Leavers", "Number of care leavers", "count", "none"),
    ("Care Leavers", "Care leavers in touch with the service", "pct0", "higher"),
    ("Care Leavers", "Care leavers in suitable accommodation", "pct0", "higher"),
    ("Care Leavers", "Care leavers in education, employment or training", "pct0", "higher"),
    ("Missing", "Missing episodes with a return interview offered", "pct0", "higher"),
    ("Missing", "Children missing from care in the month", "count", "none"),
    ("Workforce", "Social workers with supervision in the last month", "pct0", "higher"),
    ("Workforce", "Audited cases rated good or better", "pct0", "higher"),
    ("Workforce", "Agency social worker rate", "pct1", "lower"),
    ("Workforce", "Average caseload per social worker", "decimal", "lower"),
)

_SENTENCES = (
    "Performance has improved on last month following the team's work with partners.",
    "The fall reflects a seasonal dip that is seen each year during the school holidays.",
    "Managers are reviewing every case that fell outside timescale to learn from it.",
    "A new duty rota started this month and early signs are encouraging.",
    "Year-on-year the position is stable and remains in line with statistical neighbours.",
    "Two teams carried vacancies, which slowed re-assessment and follow-up visits.",
    "The rate is above target; a deep dive will report to the next Improvement Board.",
    "Data quality checks found late recording rather than late practice in most cases.",
    "See https://www.example-council.gov.uk/childrens-services/performance-scorecard for the method.",
    "Recording in the case management system is being brought up-to-date this quarter.",
    "The service is on track to meet the end-of-year ambition set by the Corporate Parenting Board.",
    "Practice leads met with partner agencies to agree a joint action plan for the winter.",
    "Further detail is at https://data.example.org.uk/kpi/reports/2022-latest/index.html today.",
    "Small numbers mean a single case moves this figure by several percentage points.",
)

_WORD_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _not_year(value: int) -> int:
    # A count of 1900-2099 would read as a year in a year-less layout.
    return value + 240 if 1900 <= value <= 2099 else value


def _figure(kind: str, level: float, rng: random.Random) -> Figure:
    if kind == "pct0":
        return pct(min(100.0, max(0.0, level)), 0)
    if kind == "pct1":
        return pct(min(100.0, max(0.0, level)), 1)
    if kind == "count":
        return count(_not_year(max(1, round(level))))
    if kind == "thousands":
        return count(_not_year(max(1000, round(level))), thousands=True)
    if kind == "decimal":
        return decimal(max(0.1, level), 1)
    if kind == "count_pct":
        number = _not_year(max(1, round(level)))
        return count_pct(number, rng.randint(8, 45))
    number = _not_year(max(1, round(level)))
    return count_rate(number, round(number / rng.uniform(20, 30), 1))


def _start(kind: str, rng: random.Random) -> float:
    return {
        "pct0": rng.uniform(40, 95), "pct1": rng.uniform(3, 40), "count": rng.uniform(60, 900),
        "thousands": rng.uniform(2100, 9000), "decimal": rng.uniform(8, 40),
        "count_pct": rng.uniform(300, 1500), "count_rate": rng.uniform(300, 1200),
    }[kind]


def _step(kind: str, rng: random.Random) -> float:
    return {"pct0": 4.0, "pct1": 1.5}.get(kind, 0.08)


def _bench_text(kind: str, level: float, rng: random.Random) -> Bench:
    if rng.random() < 0.15:
        return bench(rng.choice(("N/A", "TBC", "-")))
    if kind == "pct0":
        return bench(f"{round(level)}%")
    if kind == "pct1":
        return bench(f"{level:.1f}%")
    if kind == "decimal":
        return bench(f"{level:.1f}")
    if kind in ("count_rate",):
        return bench(f"{level / 25:.1f}")
    return bench("N/A")


def _rate(kind: str, polarity: str, target: float | None, figure: Figure) -> str:
    if not figure.measures or target is None or polarity == "none":
        return ""
    value = figure.measures[0].value
    tolerance = 5.0 if kind == "pct0" else max(1.0, 0.1 * abs(target))
    if polarity == "higher":
        return "G" if value >= target else "A" if value >= target - tolerance else "R"
    return "G" if value <= target else "A" if value <= target + tolerance else "R"


def narrative(rng: random.Random, long: bool = False) -> str:
    """Give a narrative of two to four sentences (eight to twelve when `long`)."""
    count_ = rng.randint(8, 12) if long else rng.randint(2, 4)
    picked = [rng.choice(_SENTENCES) for _ in range(count_)]
    return " ".join(dict.fromkeys(picked)) if not long else " ".join(picked)


def latest_period(rng: random.Random) -> str:
    """Give a latest reporting month between 2021-01 and 2025-12."""
    return f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}"


def indicator_rows(rng: random.Random, n: int, periods: list[str], with_rag: bool,
                   long_narratives: bool) -> list[Row]:
    """Give `n` indicator rows with figures for `periods` (oldest first), each rated from its
    target and polarity when `with_rag`."""
    chosen = sorted(rng.sample(range(len(POOL)), min(n, len(POOL))))
    out = []
    for number, index in enumerate(chosen):
        section, name, kind, polarity = POOL[index]
        level = _start(kind, rng)
        figures, rags = {}, {}
        target_value = level + rng.uniform(-5, 5) if kind.startswith("pct") else level
        target = _bench_text(kind, target_value, rng) if polarity != "none" else bench("N/A")
        for period in periods:
            if rng.random() < 0.05:
                figure = token(rng.choice(("N/A", "TBC", "-")))
            else:
                step = _step(kind, rng)
                level = level + rng.uniform(-step, step) if step > 1 else level * rng.uniform(1 - step, 1 + step)
                figure = _figure(kind, level, rng)
            figures[period] = figure
            letter = _rate(kind, polarity, target.number, figure) if with_rag else ""
            rags[period] = Rag(letter, None, letter, "text" if letter else "")
        out.append(Row(
            ref=f"{1 + number // 4}.{1 + number % 4}", name=name, target=target,
            national=_bench_text(kind, level + rng.uniform(-6, 6), rng),
            comparator=_bench_text(kind, level + rng.uniform(-6, 6), rng),
            figures=figures, rags=rags, polarity=polarity,
            narrative=narrative(rng, long=long_narratives and rng.random() < 0.3)
            if rng.random() < 0.9 else "",
            section=section,
        ))
    return out


def period_list(rng: random.Random, count_: int) -> list[str]:
    """Give `count_` consecutive months ending at a drawn latest month, oldest first."""
    latest = latest_period(rng)
    year, month = int(latest[:4]), int(latest[5:])
    index = year * 12 + month - 1 - (count_ - 1)
    return months(f"{index // 12:04d}-{index % 12 + 1:02d}", count_)


def with_sections(rows: list[Row]) -> list:
    """Give `rows` with a Section before each run of rows that share a section."""
    out: list = []
    current = None
    for row in rows:
        if row.section != current:
            out.append(Section(row.section))
            current = row.section
        out.append(row)
    return out


# The colours a council rates in, by name: the standard ones; Office's softer shades; an
# amber that is a yellow and a green that is a teal (no green hue: its hue tells nothing); a
# colour-blind-safe palette whose red is a vermilion (an amber by its hue) and whose green is
# a blue, so the key is the only way to tell.
PALETTES = {
    "standard": {"R": "FF0000", "A": "FFC000", "G": "00B050"},
    "office": {"R": "C0504D", "A": "F79646", "G": "9BBB59"},
    "yellow-teal": {"R": "E03C31", "A": "FFE600", "G": "00A19A"},
    "colour-blind": {"R": "D55E00", "A": "F0E442", "G": "0072B2"},
}
# How a colour key labels each rating.
KEY_LABELS = (
    {"R": "Red - off target", "A": "Amber - near target", "G": "Green - on target"},
    {"R": "Off target", "A": "Close to target", "G": "On target"},
    {"R": "R", "A": "A", "G": "G"},
    {"R": "Red", "A": "Amber", "G": "Green"},
)


def palette(seed: int) -> tuple[str, dict[str, str], dict[str, str]]:
    """Give the name, the colours and the key labels a layout with a colour key rates in,
    drawn from a stream of their own (the seed's other dimensions and content stay put)."""
    rng = random.Random(f"palette-{seed}")
    name = rng.choice(sorted(PALETTES))
    return name, PALETTES[name], rng.choice(KEY_LABELS)


def rated(rows: list[Row], rag: str, fills: dict[str, str] | None = None) -> list[Row]:
    """Give `rows` with each rating as `rag` encodes it (in the colours `fills` where it is a
    colour): its printed text, fill and source."""
    words = {"R": "Red", "A": "Amber", "G": "Green"}
    wrapped = {"R": "Red", "A": "Amb\ner", "G": "Gre\nen"}
    lookalike = {"R": "R", "A": "\u0410", "G": "G"}
    fills = fills or PALETTES["standard"]
    out = []
    for row in rows:
        rags = {}
        for period, r in row.rags.items():
            letter = r.rag
            if not letter or rag == "none":
                rags[period] = Rag()
            elif rag == "letter":
                rags[period] = Rag(letter, None, letter, "text")
            elif rag in ("word", "coloured-word"):
                rags[period] = Rag(words[letter], fills[letter] if rag == "coloured-word" else None,
                                   letter, "text")
            elif rag == "wrapped-word":
                rags[period] = Rag(wrapped[letter], None, letter, "text")
            elif rag == "lookalike":
                rags[period] = Rag(lookalike[letter], None, letter, "text")
            elif rag == "coloured-glyph":
                rags[period] = Rag("\u25cf", fills[letter], letter, "mark")
            elif rag in ("circle", "square"):
                rags[period] = Rag("", fills[letter], letter, "mark")
            else:  # cell-fill, figure-fill
                rags[period] = Rag("", fills[letter], letter, "fill")
        out.append(replace(row, rags=rags))
    return out


def quarter_periods(periods: list[str]) -> list[str]:
    """Give as many quarters as `periods` (months, oldest first), each as its last month,
    ending with the quarter whose last month is the latest of `periods` or comes before it."""
    year, month = int(periods[-1][:4]), int(periods[-1][5:])
    index = year * 12 + month - 1 - (month % 3)  # the last quarter-end month not after it
    ends = [index - 3 * n for n in range(len(periods) - 1, -1, -1)]
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in ends]


def quarter_heading(period: str, style: str) -> str:
    """Give the heading of the quarter ending in `period` in `style` (`Q3 2024/25`,
    `Oct–Dec 2024`, ...); a quarter's number counts from April, as councils' financial years do."""
    year, month = int(period[:4]), int(period[5:])
    number = {6: 1, 9: 2, 12: 3, 3: 4}[month]
    start = year - 1 if month == 3 else year
    first = _WORD_MONTHS[month - 3]
    long = ("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")
    return {
        "Q3 2024/25": f"Q{number} {start}/{(start + 1) % 100:02d}",
        "Q3 24/25": f"Q{number} {start % 100:02d}/{(start + 1) % 100:02d}",
        "2024/25 Q3": f"{start}/{(start + 1) % 100:02d} Q{number}",
        "Q3 2024-25": f"Q{number} {start}-{(start + 1) % 100:02d}",
        "Oct\u2013Dec 2024": f"{first}\u2013{_WORD_MONTHS[month - 1]} {year}",
        "Oct-Dec 24": f"{first}-{_WORD_MONTHS[month - 1]} {year % 100:02d}",
        "October to December 2024": f"{long[month - 3]} to {long[month - 1]} {year}",
    }[style]


def period_heading(period: str, month_style: str, quarter_style: str) -> str:
    """Give the heading of `period`'s column: a quarter's in `quarter_style` when there is one,
    else a month's in `month_style`."""
    return quarter_heading(period, quarter_style) if quarter_style else month_heading(period, month_style)


def month_heading(period: str, style: str) -> str:
    """Give the heading of `period`'s column in `style` (`Feb`, `Feb 22`, `2022-02`, ...)."""
    year, month = int(period[:4]), int(period[5:])
    short = _WORD_MONTHS[month - 1]
    long = ("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December")[month - 1]
    return {
        "Feb": short, "Feb 22": f"{short} {year % 100:02d}", "Feb-22": f"{short}-{year % 100:02d}",
        "2022-02": f"{year}-{month:02d}", "February 2022": f"{long} {year}",
        "date-cell": f"{short} {year}",
    }[style]
