"""What the pack shows, worked out from the dataset rows and the catalogue: pure functions only."""

from __future__ import annotations

from dataclasses import dataclass, field

from dataset.catalogue import Catalogue, Entry, Section
from dataset.judge import Rating, Travel, headline, parse_polarity, travel
from dataset.schema import RATINGS, REVISION_COLUMNS
from report.assess import Note, rag_notes

OTHER = Section(
    id="other",
    title="Other indicators",
    summary="Indicators the KPI catalogue does not know yet: their polarity and section are not set.",
)


@dataclass(frozen=True)
class Month:
    """One month of one indicator: the figure as printed, the number charted and the RAG."""

    period: str  # YYYY-MM
    figure_text: str
    value: float | None
    rag: str  # R, A, G or ""
    # The RAG the figure earns against target, as extract judged it ("" when not judged).
    expected: str = ""
    # A composite ("844 31.8") spelled out for a reader: ("844", "31.8 per 10k"); else ("", "").
    spelled: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Indicator:
    """One indicator as the pack shows it."""

    key: str
    ref: str
    name: str
    short_name: str
    section: str  # a catalogue section id, or OTHER.id
    polarity: str  # higher, lower or none
    unit: str  # the unit of the charted measure
    target: float | None
    target_text: str
    national: float | None
    national_text: str
    comparator: float | None
    comparator_text: str
    narrative: str
    months: tuple[Month, ...]
    amber_tolerance: float = 0.0
    catalogued: bool = True
    ratings: tuple[Rating, ...] = ()  # extraction.json's judgement of each month shown

    @property
    def latest(self) -> Month:
        """The reporting month."""
        return self.months[-1]

    @property
    def previous(self) -> Month | None:
        """The month before the reporting month, when the dataset has it."""
        return self.months[-2] if len(self.months) > 1 else None

    @property
    def travel(self) -> Travel:
        """The direction of travel from the previous month to the reporting month."""
        before = self.previous.value if self.previous else None
        return travel(before, self.latest.value, self.polarity)


@dataclass(frozen=True)
class SectionView:
    """A section of the pack with its indicators in source order."""

    section: Section
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Revision:
    """A figure that a later month's scorecard printed differently."""

    key: str
    name: str
    period: str
    measure: str
    old_value: str
    new_value: str
    old_source: str
    new_source: str


@dataclass(frozen=True)
class Pack:
    """Everything the layout needs, in the order it shows it."""

    period: str  # the reporting month, YYYY-MM
    periods: tuple[str, ...]  # every month shown, oldest first
    indicators: tuple[Indicator, ...]  # source order
    sections: tuple[SectionView, ...]  # pack order, empty sections left out
    notes: tuple[Note, ...]  # data-quality notes
    revisions: tuple[Revision, ...]
    source: dict = field(default_factory=dict)  # file, sha256, pages, read_at
    history_sources: tuple[str, ...] = ()

    @property
    def warnings(self) -> list[str]:
        """Every data-quality note as one line."""
        return [note.line for note in self.notes]


NOT_JUDGED = Note(
    code="ratings-not-judged",
    subject="Extraction",
    message="the dataset records no judgement of its RAG ratings against target "
    "(extraction.json has no ratings): extract the scorecard again to have them checked",
)


def reporting_period(figures: list[dict], extraction: dict) -> str:
    """Give the reporting month: extraction.json's `period`, else the latest in `figures`."""
    period = extraction.get("period")
    if isinstance(period, str) and period:
        return period
    return max(row["period"] for row in figures)


def dataset_to_pack(
    indicators: list[dict], figures: list[dict], extraction: dict, catalogue: Catalogue
) -> Pack:
    """Give the pack for the dataset rows `indicators`, `figures` and `extraction`."""
    period = reporting_period(figures, extraction)
    # extraction.json's months too: a month the history lacks stays on the trend as a gap.
    shown = {row["period"] for row in figures} | set(extraction.get("periods") or ())
    periods = tuple(sorted(p for p in shown if isinstance(p, str) and p <= period))
    by_key: dict[str, list[dict]] = {}
    for row in figures:
        by_key.setdefault(row["key"], []).append(row)
    judged = ratings(extraction)
    built = tuple(
        row_to_indicator(
            row,
            by_key.get(row["key"], []),
            periods,
            catalogue.match(row["key"], row["name"]),
            tuple(r for r in judged or () if r.key == row["key"] and r.period in periods),
        )
        for row in indicators
    )
    names = {i.key: i.name for i in built}
    notes = (
        *extraction_notes(extraction, names),
        *(() if judged is not None else (NOT_JUDGED,)),
        *(note for i in built for note in indicator_notes(i)),
    )
    return Pack(
        period=period,
        periods=periods,
        indicators=built,
        sections=group_sections(built, catalogue),
        notes=tuple(notes),
        revisions=revisions(extraction, names),
        source=_source(extraction),
        history_sources=tuple(str(s) for s in extraction.get("history_sources") or ()),
    )


def ratings(extraction: dict) -> tuple[Rating, ...] | None:
    """Give the rating of every month that `extraction` records, or None when it records none."""
    found = extraction.get(RATINGS)
    if not isinstance(found, list):
        return None
    return tuple(Rating.from_dict(item) for item in found)


def row_to_indicator(
    row: dict,
    figure_rows: list[dict],
    periods: tuple[str, ...],
    entry: Entry | None,
    judged: tuple[Rating, ...] = (),
) -> Indicator:
    """Give the indicator of the indicators.csv `row`, its `figure_rows`, catalogue `entry`
    and the ratings extract `judged`."""
    measure, _ = headline(figure_rows, entry.unit if entry else "")
    expected = {r.period: r.expected for r in judged}
    months = tuple(
        rows_to_month(
            period, [f for f in figure_rows if f["period"] == period], measure, expected.get(period, "")
        )
        for period in periods
    )
    units = [f["unit"] for f in figure_rows if f["measure"] == measure and f["unit"]]
    return Indicator(
        key=row["key"],
        ref=row["ref"],
        name=row["name"],
        short_name=entry.short_name if entry else row["name"],
        section=entry.section if entry else OTHER.id,
        polarity=entry.polarity if entry else parse_polarity(row["polarity"]),
        unit=entry.unit if entry and entry.unit else (units[0] if units else row["unit"]),
        target=_number(row["target"]),
        target_text=row["target_text"],
        national=_number(row["national"]),
        national_text=row["national_text"],
        comparator=_number(row["comparator"]),
        comparator_text=row["comparator_text"],
        narrative=row["narrative"],
        months=months,
        amber_tolerance=entry.amber_tolerance if entry else 0.0,
        catalogued=entry is not None,
        ratings=judged,
    )


def rows_to_month(period: str, rows: list[dict], measure: str, expected: str = "") -> Month:
    """Give the month `period` of one indicator from its figure `rows`, charting `measure`,
    with the RAG it is `expected` to earn."""
    charted = next((r for r in rows if r["measure"] == measure), None)
    return Month(
        period=period,
        figure_text=rows[0]["figure_text"] if rows else "",
        value=_number(charted["value"]) if charted else None,
        rag=next((r["rag"] for r in rows if r["rag"]), ""),
        expected=expected,
        spelled=spell_composite(rows),
    )


def spell_composite(rows: list[dict]) -> tuple[str, str]:
    """Give a composite month's count and its companion as a reader reads them
    (`533 13%` → ("533", "13% of the total"), `844 31.8` → ("844", "31.8 per 10k children"))."""
    by_measure = {r["measure"]: r["value"] for r in rows if r["value"] != ""}
    if "count" not in by_measure:
        return ("", "")
    count = f"{float(by_measure['count']):,.0f}"
    if "percent" in by_measure:
        return (count, f"{by_measure['percent']}% of the total")
    if "rate" in by_measure:
        return (count, f"{by_measure['rate']} per 10k children")
    return ("", "")


def group_sections(
    indicators: tuple[Indicator, ...], catalogue: Catalogue
) -> tuple[SectionView, ...]:
    """Give the catalogue's sections holding `indicators`, then Other, leaving out empty ones."""
    views = []
    for section in (*catalogue.sections, OTHER):
        members = tuple(i for i in indicators if i.section == section.id)
        if members:
            views.append(SectionView(section=section, indicators=members))
    return tuple(views)


def indicator_notes(indicator: Indicator) -> list[Note]:
    """Give the data-quality notes about one `indicator`: not catalogued, RAG against target."""
    notes = []
    if not indicator.catalogued:
        notes.append(
            Note(
                code="not-in-catalogue",
                subject=indicator.name,
                message="not in the KPI catalogue: shown under Other indicators, polarity "
                f"{indicator.polarity}",
            )
        )
    notes.extend(rag_notes(indicator.name, indicator.ratings, indicator.unit))
    return notes


def extraction_notes(extraction: dict, names: dict[str, str]) -> list[Note]:
    """Give the warnings and failed checks of `extraction` as notes, naming indicators by `names`."""
    notes = []
    # A rating that disagrees is told once, from `ratings`, in the pack's words.
    told = {(r.key, r.period) for r in ratings(extraction) or () if r.verdict == "disagrees"}
    for kind in ("warnings", "checks"):
        for item in extraction.get(kind) or ():
            if not isinstance(item, dict):
                continue
            if item.get("code") == "rag-disagrees" and (item.get("key"), item.get("period")) in told:
                continue
            key = str(item.get("key") or "")
            where = ", ".join(
                part
                for part in (
                    str(item.get("period") or ""),
                    f"page {item['page']}" if item.get("page") not in (None, "") else "",
                )
                if part
            )
            notes.append(
                Note(
                    code=str(item.get("code") or kind.rstrip("s")),
                    subject=names.get(key, key) or str(item.get("subject") or "Extraction"),
                    message=str(item.get("message") or "") + (f" ({where})" if where else ""),
                )
            )
    return notes


def revisions(extraction: dict, names: dict[str, str]) -> tuple[Revision, ...]:
    """Give the revisions `extraction` carries from the history store."""
    found = []
    for item in extraction.get("revisions") or ():
        if isinstance(item, dict):
            found.append(
                Revision(
                    key=str(item.get("key", "")),
                    name=names.get(str(item.get("key", "")), str(item.get("key", ""))),
                    **{f: _text(item.get(f)) for f in REVISION_COLUMNS if f != "key"},
                )
            )
    return tuple(found)


def _source(extraction: dict) -> dict:
    source = extraction.get("source")
    source = dict(source) if isinstance(source, dict) else {}
    source.setdefault("read_at", extraction.get("read_at") or "")
    return source


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _number(text: str) -> float | None:
    if text in ("", None):
        return None
    try:
        return float(text)
    except ValueError:
        return None
