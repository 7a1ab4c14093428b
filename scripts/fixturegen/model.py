"""The generator's own model of a scorecard: what each cell prints and what it means."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

REFERENCE_JSON = Path(__file__).resolve().parents[2] / "fixtures" / "reference" / "april-2022.json"
SEED = 20220430

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
NOT_A_NUMBER = ("N/A", "n/a", "TBC", "-")


@dataclass(frozen=True)
class Measure:
    """One number a figure cell means: `measure` is value/count/percent/rate."""

    measure: str
    value: float
    unit: str


@dataclass(frozen=True)
class Figure:
    """A figure cell: `printed` is its text ("\\n" between printed lines), `measures` its meaning."""

    printed: str
    measures: tuple[Measure, ...] = ()
    narrow: bool = False  # printed with indents that leave room for about two characters


@dataclass(frozen=True)
class Bench:
    """A target or benchmark cell: the text as printed and the number it means (or None)."""

    printed: str
    number: float | None = None


@dataclass(frozen=True)
class Rag:
    """A RAG cell: printed text, background fill (hex or None) and the rating it means."""

    printed: str = ""
    fill: str | None = None
    rag: str = ""
    source: str = ""


@dataclass
class Row:
    """One indicator row of a scorecard as the generator lays it out."""

    ref: str
    name: str
    target: Bench
    national: Bench
    comparator: Bench
    figures: dict[str, Figure]
    rags: dict[str, Rag]
    narrative: str = ""
    polarity: str = "none"  # the catalogue's polarity, used to rate generated months
    printed_polarity: str = ""  # text in a Polarity column, when the layout has one
    bench_merged: bool = False  # one N/A cell spanning National and Comparable
    narrative_group: int | None = None  # rows sharing one vertically merged narrative cell
    section: str = ""
    dot: str = ""
    splittable: bool = False  # may break across a page (every other row may not)
    name_lines: tuple[str, ...] | None = None  # forced line breaks inside the name cell


@dataclass
class Section:
    """A spanning section row ("Child Protection")."""

    title: str


RAG_FILLS = {"R": "FF0000", "A": "FFC000", "G": "00B050"}


def period_label(period: str, style: str = "short") -> str:
    """Give the month of `period` (YYYY-MM) as "Apr", "April", "Apr 22" or "April 2022"."""
    year, month = int(period[:4]), int(period[5:])
    if style == "short":
        return MONTHS[month - 1]
    if style == "long":
        return MONTH_NAMES[month - 1]
    if style == "short-yy":
        return f"{MONTHS[month - 1]} {year % 100:02d}"
    return f"{MONTH_NAMES[month - 1]} {year}"


def months(first: str, count: int) -> list[str]:
    """Give `count` consecutive periods from `first`."""
    year, month = int(first[:4]), int(first[5:])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return out


def slug(name: str) -> str:
    """Give the dataset key of `name` (docs/dataset.md, slug(name))."""
    # Written from docs/dataset.md, not imported, so the fixtures check the project's rule.
    spelled = name.translate(str.maketrans({"Ł": "L", "ł": "l", "ß": "ss", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d",
                                             "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th"}))
    folded = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def normalise(text: str) -> str:
    """Give `text` with every whitespace run as one space, trimmed."""
    return " ".join(text.split())


# --- figure constructors ---------------------------------------------------------------


def _dp(value: float, places: int) -> str:
    return f"{value:.{places}f}"


def pct(value: float, places: int = 0) -> Figure:
    """A percentage figure such as "12%" or "9.5%"."""
    value = round(value, places)
    return Figure(f"{_dp(value, places)}%", (Measure("value", value, "%"),))


def count(value: int, thousands: bool = False) -> Figure:
    """A whole-number count such as "4011" or "4,011"."""
    text = f"{value:,}" if thousands else str(value)
    return Figure(text, (Measure("value", float(value), "count"),))


def decimal(value: float, places: int = 1) -> Figure:
    """A plain decimal such as "31.8" (no unit)."""
    value = round(value, places)
    return Figure(_dp(value, places), (Measure("value", value, ""),))


def count_pct(number: int, percent: float, sep: str = " ") -> Figure:
    """A composite "533 13%" (or on two lines with `sep` "\\n")."""
    return Figure(
        f"{number}{sep}{_dp(percent, 0)}%",
        (Measure("count", float(number), "count"), Measure("percent", float(percent), "%")),
    )


def count_rate(number: int, rate: float, sep: str = " ") -> Figure:
    """A composite "844 31.8": a count and its rate per 10k children."""
    rate = round(rate, 1)
    return Figure(
        f"{number}{sep}{_dp(rate, 1)}",
        (Measure("count", float(number), "count"), Measure("rate", rate, "per 10k")),
    )


def token(text: str) -> Figure:
    """A figure cell with no number: N/A, TBC, -, or blank."""
    return Figure(text, ())


def bench(text: str) -> Bench:
    """A target/benchmark cell; its number when the text is one plain number (a level drawn
    below nought prints with its minus sign: "-1.0%" is -1)."""
    match = re.fullmatch(r"(-?(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?))%?", text.strip())
    number = float(match.group(1).replace(",", "")) if match else None
    return Bench(text, number)


def rag_letter(letter: str, fill: bool = False, printed: str | None = None) -> Rag:
    """A RAG cell whose text gives the rating (`printed` defaults to the letter)."""
    if not letter:
        return Rag()
    return Rag(printed if printed is not None else letter, RAG_FILLS[letter] if fill else None,
               letter, "text")


def rag_fill(letter: str) -> Rag:
    """A RAG cell with no text whose colour gives the rating."""
    return Rag("", RAG_FILLS[letter], letter, "fill")


# --- the reference and the seeded timeline ------------------------------------------------


def _parse_reference_figure(text: str) -> Figure:
    """Give the model of one figure string of the reference JSON."""
    if text in NOT_A_NUMBER or text == "":
        return token(text)
    parts = text.split()
    if len(parts) == 2 and parts[1].endswith("%"):
        return count_pct(int(parts[0]), float(parts[1][:-1]))
    if len(parts) == 2:
        return count_rate(int(parts[0]), float(parts[1]))
    if text.endswith("%"):
        places = len(text[:-1].split(".")[1]) if "." in text else 0
        return pct(float(text[:-1]), places)
    if "." in text:
        return decimal(float(text), len(text.split(".")[1]))
    return count(int(text.replace(",", "")), "," in text)


def reference_rows() -> list[Row]:
    """Give the 30 indicators of the reference scorecard (Feb-Apr 2022) as rows."""
    data = json.loads(REFERENCE_JSON.read_text(encoding="utf-8"))
    periods = data["periods"]
    rows: list[Row] = []
    group = 0
    shared_next = False
    for item in data["indicators"]:
        figures = {p: _parse_reference_figure(f) for p, f in zip(periods, item["figures"])}
        rags = {p: rag_letter(r) for p, r in zip(periods, item["rag"])}
        row = Row(
            ref=item["ref"], name=item["name"], target=bench(item["target"]),
            national=bench(item["national"]), comparator=bench(item["comparator"]),
            figures=figures, rags=rags, narrative=item["narrative"], polarity=item["polarity"],
            bench_merged=item["comparator"] == "",
        )
        if shared_next:
            row.narrative_group = group
        if item.get("narrative_shared_with_next"):
            group += 1
            row.narrative_group = group
            shared_next = True
        else:
            shared_next = False
        rows.append(row)
    return rows


REFERENCE_PERIODS = ("2022-02", "2022-03", "2022-04")
_CONTACTS = "Number of CSPA contacts received"
_PROGRESSED = "Number and percentage of contacts progressed to social care"


def _rng(*parts: object) -> random.Random:
    return random.Random(f"{SEED}|" + "|".join(str(p) for p in parts))


def _not_year(value: int) -> int:
    # A generated count of 1900-2099 would read as a year in the year-less fixtures.
    return value + 240 if 1900 <= value <= 2099 else value


def _perturb(base: Figure, name: str, period: str, contacts: int | None,
             pct_places: int | None = None) -> Figure:
    rng = _rng(name, period)
    if not base.measures:
        return base
    first = base.measures[0]
    if len(base.measures) == 2:
        number = _not_year(max(1, round(first.value * rng.uniform(0.85, 1.15))))
        second = base.measures[1]
        if second.measure == "percent":
            percent = round(100 * number / contacts) if contacts else second.value
            return count_pct(number, percent)
        # The rate is per 10k children: keep the population the reference implies.
        population = first.value / second.value
        return count_rate(number, number / population)
    if first.unit == "%":
        places = len(base.printed.rstrip("%").split(".")[1]) if "." in base.printed else 0
        if pct_places is not None:
            places = max(places, pct_places)  # the same draw, printed to more places
        spread = 0.6 if first.value < 12 else 6.0
        value = min(100.0, max(0.0, first.value + rng.uniform(-spread, spread)))
        return pct(value, places)
    if first.unit == "count":
        return count(_not_year(max(1, round(first.value * rng.uniform(0.85, 1.15)))))
    return decimal(first.value * rng.uniform(0.9, 1.1), 1)


def _rate(row: Row, figure: Figure, period: str) -> Rag:
    target = row.target.number
    if not figure.measures or target is None or row.polarity not in ("higher", "lower"):
        return Rag()
    value = figure.measures[0].value
    if row.polarity == "higher":
        letter = "G" if value >= target else "A" if value >= target - 5 else "R"
    else:
        letter = "G" if value <= target else "A" if value <= target + max(1, 0.1 * target) else "R"
    return rag_letter(letter)


def rows_for(periods: list[str], rag_fill_colour: bool = False,
             pct_places: int | None = None) -> list[Row]:
    """Give the reference indicators with figures for `periods`.

    Reference months keep the reference's figures; any other month gets a seeded perturbation of
    April 2022 (the same for every fixture that carries that month), rated from target and polarity.
    `pct_places` prints generated percentages to at least that many decimal places (the same seeded
    draw, rounded less).
    """
    base = reference_rows()
    contacts_row = next(r for r in base if r.name == _CONTACTS)
    out = []
    for row in base:
        figures, rags = {}, {}
        for period in periods:
            if period in REFERENCE_PERIODS:
                figures[period] = row.figures[period]
                rags[period] = row.rags[period]
            else:
                contacts = None
                if row.name == _PROGRESSED:
                    contacts_fig = _perturb(contacts_row.figures["2022-04"], _CONTACTS, period, None)
                    contacts = int(contacts_fig.measures[0].value)
                figures[period] = _perturb(row.figures["2022-04"], row.name, period, contacts,
                                           pct_places)
                rags[period] = _rate(row, figures[period], period)
            if rag_fill_colour and rags[period].rag:
                rags[period] = replace(rags[period], fill=RAG_FILLS[rags[period].rag])
        out.append(replace(row, figures=figures, rags=rags))
    return out


def pick(rows: list[Row], refs_or_names: list[str]) -> list[Row]:
    """Give the rows whose name (or "ref name") is in `refs_or_names`, in that order."""
    out = []
    for wanted in refs_or_names:
        matches = [r for r in rows if r.name == wanted or f"{r.ref} {r.name}" == wanted]
        if len(matches) != 1:
            raise ValueError(f"{wanted!r} matches {len(matches)} reference rows")
        out.append(matches[0])
    return out


@dataclass
class Fixture:
    """A fixture to build: its stem, producer, rows and what meta.json says about it."""

    stem: str
    producer: str  # "word" or "excel"
    periods: list[str]
    rows: list  # Row | Section, in source order
    proves: str
    build: object  # callable(fixture, source_path) writing the .docx/.xlsx
    argv: list[str] = field(default_factory=list)
    extra_meta: dict = field(default_factory=dict)
    checks: list = field(default_factory=list)  # callables(fixture, pdf, located) raising on failure
    layout: dict = field(default_factory=dict)

    def indicator_rows(self) -> list[Row]:
        return [r for r in self.rows if isinstance(r, Row)]
