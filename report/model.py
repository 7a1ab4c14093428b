"""What the pack shows and what each page says, worked out from the dataset rows and the
catalogue: pure functions giving frozen plain data (`dataset_to_pack`, then `pack_to_pages`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from dataset.catalogue import Catalogue, Entry, Section, stable_threshold
from dataset.judge import Rating, Travel, headline, parse_polarity, rag_move, travel
from dataset.periods import frequency_of, period_name
from dataset.schema import AUDIT_CODES, RATINGS, REVISION_COLUMNS, TREND_MONTHS
from report.assess import (
    RAG_WORDS,
    Note,
    check_reason,
    check_sentence,
    rag_counts,
    rag_notes,
    red_run,
    show,
)
from report.benchmarks import Benchmark, Context, benchmarks, context_words, not_drawn
from report.brand import Brand
from report.describe import chart_description, chart_title
from report.freshness import freshness_notes, stale_months, unchanged_since
from report.numbers import NO_FIGURE, NO_FIGURE_REASON, figure, places
from report.refs import repeated_note, unique_refs
from report.scale import axis_range
from report.spans import Sentence, Span
from report.spc import ASSURANCE_WORDS, MIN_POINTS, VARIATION_WORDS
from report.summary import key_messages
from report.text import MONTHLY, Periods, long_date
from report.variation import ASSURANCE_ICONS, VARIATION_ROLES, Icon, Variation, series_variation

# Benchmarks with no group or period named (a brand without [benchmarks]).
NO_CONTEXT = Context()
OTHER = Section(
    id="other",
    title="Other indicators",
    summary="Indicators the KPI catalogue does not know yet, under no section of the scorecard's own.",
)


@dataclass(frozen=True)
class Month:
    """One month of one indicator: the figure as printed, the number charted and the RAG."""

    period: str  # YYYY-MM
    figure_text: str
    value: float | None
    rag: str  # the rating the pack shows and summarises (RAG_SOURCE decides): R, A, G or ""
    # The RAG the figure earns against target, as extract judged it ("" when not judged).
    expected: str = ""
    # A composite ("844 31.8") spelled out for a reader: ("844", "31.8 per 10k"); else ("", "").
    spelled: tuple[str, str] = ("", "")
    printed: str = ""  # the RAG as the scorecard printed it
    # A composite's count ("991" of "991 40.7"), when the month has one beside the charted
    # measure; None otherwise.
    count: float | None = None
    places: int | None = None  # the decimal places `value` was printed to, when known

    @property
    def to_check(self) -> bool:
        """True when the printed RAG disagrees with the one the figure earns against target."""
        return bool(self.printed and self.expected and self.printed != self.expected)


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
    # For an indicator the catalogue lacks, what its polarity was inferred from
    # ("inferred from 6 ratings"; dataset.infer), else "".
    polarity_basis: str = ""
    # Every month the dataset holds (up to HISTORY_MONTHS), of which `months` are the last
    # TREND_MONTHS: an XmR chart is drawn from these when there are enough. In a quarterly
    # dataset each "month" is a quarter, keyed by its last month and named as `labels` says.
    history: tuple[Month, ...] = ()
    printed_ref: str = ""  # the reference as printed, when `ref` had to be made unique
    benchmark_unit: str = ""  # what its national and comparator figures measure (catalogue)
    benchmark_period: str = ""  # the period they are for, when not the brand's (catalogue)
    # A move no bigger than this is "stable" (catalogue.stable_threshold gives it in the unit).
    stable_within: str = ""
    # The commentary earlier scorecards printed for it: (YYYY-MM, narrative), oldest first.
    earlier_commentary: tuple[tuple[str, str], ...] = ()
    # The count of a composite moves by its own threshold (by default the count unit's).
    count_within: str = ""
    # What the figure checks found wrong between a composite's count and its rate or share.
    composite_checks: tuple[str, ...] = ()
    labels: Periods = MONTHLY  # how its periods are named: months, or quarters

    @property
    def composite(self) -> bool:
        """True when its figures are a count beside a rate or share ("991 40.7")."""
        return any(m.count is not None for m in self.months)

    @property
    def count_travel(self) -> Travel:
        """The direction of travel of a composite's count (up or down: a count has no polarity)."""
        before = self.previous.count if self.previous else None
        within = stable_threshold(self.count_within, before)
        return travel(before, self.latest.count, "none", within)

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
        within = stable_threshold(self.stable_within, before)
        return travel(before, self.latest.value, self.polarity, within)


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
    periods: tuple[str, ...]  # every month shown, oldest first (the last TREND_MONTHS held)
    indicators: tuple[Indicator, ...]  # source order
    sections: tuple[SectionView, ...]  # pack order, empty sections left out
    notes: tuple[Note, ...]  # data-quality notes
    revisions: tuple[Revision, ...]
    source: dict = field(default_factory=dict)  # file, sha256, pages, read_at
    history_sources: tuple[str, ...] = ()
    unread: tuple[Unread, ...] = ()  # what the coverage audit found extraction could not read
    doubtful: tuple[Doubtful, ...] = ()  # cells read from a scan that OCR could not vouch for
    rag_source: str = "printed"  # which rating the months' `rag` is: "printed" or "target"
    frequency: str = "monthly"  # "quarterly": each period is a quarter, keyed by its last month

    @property
    def labels(self) -> Periods:
        """How the pack names its periods: `April 2022`, or `Q3 2024/25` for a quarter."""
        return Periods(self.frequency)

    @property
    def warnings(self) -> list[str]:
        """Every data-quality note as one line, but those saying what was inferred: the run's
        summary counts them on a line of their own."""
        return [note.line for note in self.notes if note.code != "inferred"]

    @property
    def unread_notice(self) -> str:
        """The sentence the at-a-glance page and the run's summary give about `unread`, or ""."""
        return unread_notice(self.unread)

    def unread_about(self, key: str) -> tuple[str, ...]:
        """Give what could not be read about the indicator `key`, one sentence each, for its page."""
        return tuple(u.sentence for u in self.unread if u.key == key)

    @property
    def scanned(self) -> bool:
        """Say whether the figures were read from a scanned image by OCR."""
        return self.source.get("read_from") == "scan"

    @property
    def scan_notice(self) -> str:
        """The sentence the at-a-glance page gives when the figures were read from a scan, or ""."""
        return scan_notice(self.doubtful) if self.scanned else ""

    def doubtful_about(self, key: str) -> tuple[str, ...]:
        """Give the cells of the indicator `key` read from a scan to check, one sentence each."""
        return tuple(d.sentence for d in self.doubtful if d.key == key)


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
    indicators: list[dict],
    figures: list[dict],
    extraction: dict,
    catalogue: Catalogue,
    rag_source: str = "printed",
) -> Pack:
    """Give the pack for the dataset rows `indicators`, `figures` and `extraction`, its
    summaries driven by the `rag_source` rating ("printed", or "target": the one earned)."""
    period = reporting_period(figures, extraction)
    labels = Periods(frequency_of(extraction))
    # extraction.json's months too: a month the history lacks stays on the trend as a gap.
    shown = {row["period"] for row in figures} | set(extraction.get("periods") or ())
    held = tuple(sorted(p for p in shown if isinstance(p, str) and p <= period))
    periods = held[-TREND_MONTHS:]
    by_key: dict[str, list[dict]] = {}
    for row in figures:
        by_key.setdefault(row["key"], []).append(row)
    judged = ratings(extraction)
    built = tuple(
        row_to_indicator(
            row,
            by_key.get(row["key"], []),
            held,
            catalogue.match(row["key"], row["name"]),
            tuple(r for r in judged or () if r.key == row["key"] and r.period in periods),
            shown=len(periods),
            rag_source=rag_source,
            stable_within=catalogue.threshold(
                catalogue.match(row["key"], row["name"]), row["unit"]
            ),
        )
        for row in indicators
    )
    earlier = commentaries(extraction)
    disagreeing = composite_checks(extraction)
    built = tuple(
        replace(
            i,
            earlier_commentary=earlier.get(i.key, ()),
            composite_checks=disagreeing.get(i.key, ()),
            count_within=catalogue.stable_within.get("count", ""),
            labels=labels,
        )
        for i in built
    )
    built = tuple(
        replace(i, ref=ref, printed_ref=i.ref if ref != i.ref else "")
        for i, ref in zip(built, unique_refs([i.ref for i in built]), strict=True)
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
        unread=unread_of(extraction),
        doubtful=doubtful_of(extraction),
        rag_source=rag_source,
        frequency=labels.frequency,
    )


def commentaries(extraction: dict) -> dict[str, tuple[tuple[str, str], ...]]:
    """Give the commentary earlier scorecards printed for each indicator, from `extraction`'s
    `commentaries` (the history store's), as key → ((YYYY-MM, narrative), …) oldest first."""
    found: dict[str, list[tuple[str, str]]] = {}
    for item in extraction.get("commentaries") or ():
        if isinstance(item, dict) and all(
            isinstance(item.get(f), str) for f in ("key", "period", "narrative")
        ):
            found.setdefault(item["key"], []).append((item["period"], item["narrative"]))
    return {key: tuple(sorted(pairs)) for key, pairs in found.items()}


def composite_checks(extraction: dict) -> dict[str, tuple[str, ...]]:
    """Give, by indicator key, what extraction's checks found wrong between a composite's
    count and its rate or share, one sentence each with its month."""
    found: dict[str, list[str]] = {}
    labels = Periods(frequency_of(extraction))
    for item in extraction.get("checks") or ():
        if isinstance(item, dict) and item.get("code") == "composite-disagrees":
            period = str(item.get("period") or "")
            where = f" ({labels.short(period)})" if period else ""
            message = str(item.get("message") or "")
            found.setdefault(str(item.get("key") or ""), []).append(
                f"{message[:1].upper()}{message[1:]}{where}."
            )
    return {key: tuple(lines) for key, lines in found.items()}


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
    shown: int | None = None,
    rag_source: str = "printed",
    stable_within: str = "",
) -> Indicator:
    """Give the indicator of the indicators.csv `row`, its `figure_rows` over `periods` (the
    last `shown` of them shown month by month), catalogue `entry` and the ratings extract
    `judged`, each month rated by `rag_source`, a move within `stable_within` stable."""
    measure, _ = headline(figure_rows, entry.unit if entry else "")
    expected = {r.period: r.expected for r in judged}
    months = tuple(
        rows_to_month(
            period,
            [f for f in figure_rows if f["period"] == period],
            measure,
            expected.get(period, ""),
            rag_source,
        )
        for period in periods
    )
    units = [f["unit"] for f in figure_rows if f["measure"] == measure and f["unit"]]
    shown = len(periods) if shown is None else shown
    return Indicator(
        key=row["key"],
        ref=row["ref"],
        name=row["name"],
        short_name=entry.short_name if entry else row["name"],
        section=entry.section if entry and entry.section else OTHER.id,
        polarity=entry.polarity if entry else parse_polarity(row["polarity"]),
        unit=entry.unit if entry and entry.unit else (units[0] if units else row["unit"]),
        target=_number(row["target"]),
        target_text=row["target_text"],
        national=_number(row["national"]),
        national_text=row["national_text"],
        comparator=_number(row["comparator"]),
        comparator_text=row["comparator_text"],
        narrative=row["narrative"],
        months=months[len(months) - shown :],
        amber_tolerance=entry.amber_tolerance if entry else 0.0,
        catalogued=entry is not None and not entry.inferred,
        ratings=judged,
        polarity_basis=entry.evidence if entry and entry.inferred else "",
        history=months,
        benchmark_unit=entry.benchmark_unit if entry else "",
        benchmark_period=entry.benchmark_period if entry else "",
        stable_within=stable_within,
    )


def rows_to_month(
    period: str, rows: list[dict], measure: str, expected: str = "", rag_source: str = "printed"
) -> Month:
    """Give the month `period` of one indicator from its figure `rows`, charting `measure`,
    with the RAG it is `expected` to earn; rated as printed, or by `rag_source` "target" as
    expected where it was judged."""
    charted = next((r for r in rows if r["measure"] == measure), None)
    printed = next((r["rag"] for r in rows if r["rag"]), "")
    counted = next((r for r in rows if r["measure"] == "count" and r["value"] != ""), None)
    tokens = rows[0]["figure_text"].split() if rows else []
    # The charted measure is the last number printed: "39.0%", or the rate of "1033 39.0".
    printed_places = places(tokens[-1]) if tokens and charted and charted["value"] != "" else None
    return Month(
        period=period,
        figure_text=rows[0]["figure_text"] if rows else "",
        value=_number(charted["value"]) if charted else None,
        rag=expected if rag_source == "target" and expected else printed,
        expected=expected,
        spelled=spell_composite(rows),
        printed=printed,
        count=_number(counted["value"]) if counted and measure != "count" else None,
        places=printed_places,
    )


def spell_composite(rows: list[dict]) -> tuple[str, str]:
    """Give a composite month's count and its companion as a reader reads them
    (`533 13%` → ("533", "13% of the total"), `844 31.8` → ("844", "31.8 per 10k children"))."""
    by_measure = {r["measure"]: float(r["value"]) for r in rows if r["value"] != ""}
    if "count" not in by_measure:
        return ("", "")
    count = show(by_measure["count"], "count")
    tokens = str(rows[0].get("figure_text", "")).split()
    printed = places(tokens[-1]) if len(tokens) > 1 else None
    if "percent" in by_measure:
        return (count, f"{show(by_measure['percent'], '%', printed)} of the total")
    if "rate" in by_measure:
        return (count, f"{show(by_measure['rate'], '', printed)} per 10k children")
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
    if indicator.polarity_basis:
        notes.append(
            Note(
                code="inferred",
                subject=indicator.name,
                message="not in the KPI catalogue: "
                f"{POLARITY_WORDS[indicator.polarity].lower()} ({indicator.polarity_basis}); "
                "unit and section inferred from the scorecards held (kpis.proposed.toml)",
            )
        )
    elif not indicator.catalogued:
        notes.append(
            Note(
                code="not-in-catalogue",
                subject=indicator.name,
                message="not in the KPI catalogue: shown under Other indicators, polarity "
                f"{indicator.polarity}",
            )
        )
    notes.extend(rag_notes(indicator.name, indicator.ratings, indicator.unit, indicator.labels))
    return notes


def extraction_notes(extraction: dict, names: dict[str, str]) -> list[Note]:
    """Give the warnings and failed checks of `extraction` as notes, naming indicators by `names`."""
    notes = []
    frequency = frequency_of(extraction)
    # A rating that disagrees is told once, from `ratings`, in the pack's words.
    told = {(r.key, r.period) for r in ratings(extraction) or () if r.verdict == "disagrees"}
    for kind in ("warnings", "checks"):
        for item in extraction.get(kind) or ():
            if not isinstance(item, dict):
                continue
            if (
                item.get("code") == "rag-disagrees"
                and (item.get("key"), item.get("period")) in told
            ):
                continue
            key = str(item.get("key") or "")
            where = ", ".join(
                part
                for part in (
                    period_name(str(item["period"]), frequency) if item.get("period") else "",
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


# The coverage audit's findings, as the pack shows them -----------------------------------

# Codes of audit findings about one cell or mark, about a row; the rest are about a table.
_CELL_CODES = ("unread-text", "unread-mark", "rag-not-read")
_ROW_CODES = ("row-without-figures", "figures-shifted")
_NARRATIVE_CODES = ("narrative-may-be-shared",)  # about an indicator's commentary
# Name each unread thing on the at-a-glance page when there are no more than this many.
NAMED_UNREAD = 3


@dataclass(frozen=True)
class Unread:
    """Something inside the scorecard's tables that extraction could not read, from its audit."""

    code: str  # one of AUDIT_CODES
    page: int
    text: str  # the text as printed, "" for a mark
    message: str
    key: str = ""  # the indicator it belongs to, when one
    period: str = ""  # the month it belongs to, YYYY-MM, when one
    when: str = ""  # `period` as the pack names it (`Apr 2022`, `Q3 2024/25`)

    @property
    def named(self) -> str:
        """Say what and where it is, in a few words."""
        # A mark has no text: "a red mark inside the table was not read" names it "a red mark".
        what = (
            f"‘{self.text}’"
            if self.text
            else self.message.split(" was not read")[0].split(" in a ")[0]
        )
        return f"{what} (page {self.page})" if self.page else what

    @property
    def sentence(self) -> str:
        """Give the audit's message as a sentence, with its month and page."""
        where = ", ".join(
            part
            for part in (
                (self.when or MONTHLY.short(self.period)) if self.period else "",
                f"page {self.page}" if self.page else "",
            )
            if part
        )
        return f"{self.message[:1].upper()}{self.message[1:]}" + (f" ({where})." if where else ".")


def unread_of(extraction: dict) -> tuple[Unread, ...]:
    """Give the coverage audit's findings among `extraction`'s warnings."""
    labels = Periods(frequency_of(extraction))
    return tuple(
        Unread(
            code=str(item["code"]),
            page=int(item.get("page") or 0),
            text=str(item.get("text") or ""),
            message=str(item.get("message") or ""),
            key=str(item.get("key") or ""),
            period=str(item.get("period") or ""),
            when=labels.short(str(item["period"])) if item.get("period") else "",
        )
        for item in extraction.get("warnings") or ()
        if isinstance(item, dict) and item.get("code") in AUDIT_CODES
    )


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def unread_notice(unread: tuple[Unread, ...], annex: str = "Annex A") -> str:
    """Give the one sentence that says what of the scorecard could not be read, naming each
    thing when there are few ("2 cells could not be read — see Annex A: ‘22%’ (page 1), …"),
    or "" when everything was read."""
    if not unread:
        return ""
    cells = sum(u.code in _CELL_CODES for u in unread)
    rows = sum(u.code in _ROW_CODES for u in unread)
    shared = sum(u.code in _NARRATIVE_CODES for u in unread)
    tables = len(unread) - cells - rows - shared
    parts = [
        part
        for n, part in (
            (cells, _counted(cells, "cell", "cells") + " could not be read"),
            (rows, _counted(rows, "row looks", "rows look") + " misread"),
            (shared, _counted(shared, "indicator", "indicators") + " may share the commentary above"),
            (tables, _counted(tables, "table", "tables") + " gave no indicators"),
        )
        if n
    ]
    sentence = " and ".join(parts) + f" — see {annex}"
    if len(unread) <= NAMED_UNREAD:
        sentence += ": " + "; ".join(u.named for u in unread)
    return sentence[0].upper() + sentence[1:] + "."


# Cells read from a scan that OCR could not vouch for, as the pack shows them ------------

# What the column a doubtful cell sits in is called in the pack.
_FIELD_WORDS = {"ref": "Ref", "name": "Indicator", "narrative": "Commentary", "target": "Target",
                "national": "National", "comparator": "Comparator", "figure": "Figure",
                "rag": "RAG", "section": "Section"}
# Name each doubtful cell on the at-a-glance page when there are no more than this many.
NAMED_DOUBTFUL = 3


@dataclass(frozen=True)
class Doubtful:
    """A cell read from a scanned scorecard that failed a check or was read with too little
    confidence: a `doubtful-cell` warning of extraction.json."""

    page: int
    key: str  # the indicator, "" when the cell is of none
    period: str  # the month, YYYY-MM, when the cell holds one
    field: str  # the column: target, figure, rag, ...
    read: str  # what OCR read
    reason: str
    crop: str  # doubtful/PAGE-ROW-COL.png beside the dataset
    when: str = ""  # `period` as the pack names it (`Apr 2022`, `Q3 2024/25`)

    @property
    def column(self) -> str:
        """Say which column of the scorecard the cell is in, with its month."""
        word = _FIELD_WORDS.get(self.field, self.field.capitalize() or "Cell")
        return f"{word}, {self.when or MONTHLY.short(self.period)}" if self.period else word

    @property
    def named(self) -> str:
        """Say what was read and where, in a few words."""
        return f"‘{self.read}’ (page {self.page}, {self.column})"

    @property
    def sentence(self) -> str:
        """Give the cell as a sentence for its indicator's page."""
        why = f": {self.reason}" if self.reason else ""
        return f"{self.column} read as ‘{self.read}’ from the scan (page {self.page}){why}."


def doubtful_of(extraction: dict) -> tuple[Doubtful, ...]:
    """Give the doubtful cells among `extraction`'s warnings."""
    labels = Periods(frequency_of(extraction))
    return tuple(
        Doubtful(
            page=int(item.get("page") or 0),
            key=str(item.get("key") or ""),
            period=str(item.get("period") or ""),
            field=str(item.get("field") or ""),
            read=str(item.get("read") or ""),
            reason=str(item.get("reason") or ""),
            crop=str(item.get("crop") or ""),
            when=labels.short(str(item["period"])) if item.get("period") else "",
        )
        for item in extraction.get("warnings") or ()
        if isinstance(item, dict) and item.get("code") == "doubtful-cell"
    )


def scan_notice(doubtful: tuple[Doubtful, ...], annex: str = "Annex C") -> str:
    """Give the one sentence that says the figures were read from a scan and how many of its
    cells to check, naming each when there are few."""
    if not doubtful:
        return ("The figures were read from a scanned image by OCR; every cell read passed "
                f"its checks — see {annex}.")
    sentence = (f"The figures were read from a scanned image by OCR: "
                f"{_counted(len(doubtful), 'cell', 'cells')} to check against the scan — see {annex}")
    if len(doubtful) <= NAMED_DOUBTFUL:
        sentence += ": " + "; ".join(d.named for d in doubtful)
    return sentence + "."


# Pages: what each page of the pack says --------------------------------------------------
#
# Every word a page prints and every choice of what to show is made here, as plain text
# and numbers; `report/pages/` only draws these objects, and another renderer can draw
# the same words. Text is as printed (never markup): the renderer escapes it.


@dataclass(frozen=True)
class Rag:
    """A RAG rating as its code (R, A, G or "") and its word (Red, Amber, Green, Not rated)."""

    code: str
    word: str


@dataclass(frozen=True)
class Mark:
    """A figure as printed (an en dash when there is none) with its rating, and when that
    rating is one to check, what the check found ("printed Green; the target gives Red")."""

    figure: str
    rag: Rag
    check: str = ""


@dataclass(frozen=True)
class Named:
    """An indicator named in a table: its reference and its name."""

    ref: str
    name: str


@dataclass(frozen=True)
class Block:
    """A titled table of a page: its `heads`, its `rows`, and the words shown instead when
    there are no rows (`empty`; when that is "" too, the table is shown with its heads only)."""

    key: str  # names the block for a renderer (its column widths, an HTML id)
    title: str
    heads: tuple[str, ...]
    rows: tuple
    empty: str = ""


@dataclass(frozen=True)
class Metadata:
    """The document's title, author, subject, keywords and language."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str


@dataclass(frozen=True)
class Furniture:
    """What the header and footer of every page print (besides "Page X of Y")."""

    title: str  # "Children's Services Key Indicators  |  April 2022"
    organisation: str
    produced: str  # "Produced 9 May 2022"
    marking: str


@dataclass(frozen=True)
class Cover:
    """The cover: who, what, which month, and the facts a reader checks first."""

    organisation: str
    directorate: str
    kicker: str
    title: str
    month: str
    facts: tuple[tuple[str, str], ...]  # (caption, words)
    marking: str


@dataclass(frozen=True)
class ChairSummary:
    """The page after the cover: what the pack is for, its key messages from the data, and
    what the committee is asked to do."""

    key: str
    title: str
    purpose_title: str
    purpose: str
    messages_title: str
    messages: tuple[Sentence, ...]  # three to six, each from the data
    asks_title: str
    asks: str


@dataclass(frozen=True)
class KeyEntry:
    """One line of "How to read this pack", beside the badge of `rag` when it has one."""

    rag: Rag | None
    sentence: Sentence
    icon: Icon | None = None  # a variation or assurance icon drawn before the sentence


@dataclass(frozen=True)
class Contents:
    """The contents page and the key to reading the pack."""

    key: str
    title: str
    key_title: str
    key_entries: tuple[KeyEntry, ...]


@dataclass(frozen=True)
class Tile:
    """How many indicators hold one rating this month, and how many did last month."""

    rag: Rag
    count: str
    change: str  # "5 in Mar 2022", or "first month"


@dataclass(frozen=True)
class RedRunRow:
    """An indicator Red for the last three months: their figures and its target."""

    indicator: Named
    marks: tuple[Mark, ...]
    target: str


@dataclass(frozen=True)
class MoveRow:
    """An indicator whose rating changed since last month."""

    indicator: Named
    before: Mark
    after: Mark
    change: Sentence  # "worse: Green to Amber"


@dataclass(frozen=True)
class CheckRow:
    """An indicator whose printed rating this month disagrees with its target and polarity."""

    indicator: Named
    figure: str
    printed: Rag
    expected: Rag
    reason: str  # "15% against a 39% target (higher is better)"


@dataclass(frozen=True)
class TravelRow:
    """The indicators that share one direction of travel."""

    word: str
    count: str
    names: str


@dataclass(frozen=True)
class VariationRow:
    """The indicators that share one variation or one assurance, with its icon."""

    icon: Icon
    count: str
    names: str


@dataclass(frozen=True)
class AtAGlance:
    """The summary page: counts by rating, exceptions, moves and direction of travel."""

    key: str
    title: str
    lead: str
    tiles: tuple[Tile, ...]
    # Lines a reader must see before the tables (e.g. cells that could not be read).
    notices: tuple[str, ...]
    red_runs: Block  # rows of RedRunRow
    moves: Block  # rows of MoveRow
    travel: Block  # rows of TravelRow
    checks: Block  # rows of CheckRow: "Ratings to check"
    variation: Block | None = None  # rows of VariationRow


@dataclass(frozen=True)
class ScorecardRow:
    """One indicator across every month shown."""

    indicator: Named
    benchmarks: tuple[str, ...]  # target, national, comparator as printed (or a dash)
    marks: tuple[Mark, ...]
    travel: Travel
    # A composite's count has its own direction beside its rate's or share's ("fewer").
    count_travel: Travel | None = None


@dataclass(frozen=True)
class ScorecardGroup:
    """The scorecard rows of one section."""

    title: str
    rows: tuple[ScorecardRow, ...]


@dataclass(frozen=True)
class Scorecard:
    """Every indicator and every month on one table."""

    key: str
    title: str
    lead: str
    heads: tuple[str, ...]  # the columns before the months
    months: tuple[tuple[str, str], ...]  # each month's column head as (month, year)
    travel_head: str
    groups: tuple[ScorecardGroup, ...]


@dataclass(frozen=True)
class ChartPoint:
    """One month on a trend chart: its value, the label beside it and under it."""

    value: float | None
    label: str  # the figure printed beside the point, or ""
    month: str  # the month under the axis, or "" where labels are thinned
    year: str  # the year under the month where the year changes, or ""
    special: str = ""  # on an XmR chart: "improving", "concerning" or "neither" special cause


@dataclass(frozen=True)
class ChartLine:
    """A target or benchmark on a trend chart."""

    role: str  # target, national, comparator; on an XmR chart also mean, upper, lower
    value: float
    label: str  # "Target 22%"
    on_scale: bool  # drawn as a line (a benchmark not on the figure's scale is not a line)


@dataclass(frozen=True)
class Chart:
    """A trend chart as data: its points, reference lines, axis ticks and caption."""

    caption: str  # the unit in words, above the axis
    points: tuple[ChartPoint, ...]
    lines: tuple[ChartLine, ...]
    ticks: tuple[float, ...]
    tick_labels: tuple[str, ...]
    empty: str  # the words shown instead when there is nothing to chart, else ""
    title: str = ""  # "Re-referrals, February to April 2022"
    description: str = ""  # what the chart shows, in a sentence or two, for its alt text
    variation: Variation | None = None  # an XmR chart's reading; None for a run chart
    benchmarks: tuple[Benchmark, ...] = ()  # target and benchmarks with their group and period
    untold: tuple[str, ...] = ()  # a sentence for each benchmark not drawn, saying why


@dataclass(frozen=True)
class IndicatorPage:
    """One indicator's page: chart, headline, rating, travel, benchmarks, months, commentary."""

    key: str
    title: str  # "4.2 Re-referrals to Children's Services"
    indicator: Named
    month: str  # "APRIL 2022"
    figure: str  # the headline figure
    companion: str  # what the second number of a composite is ("13% of the total"), or ""
    rag: Rag
    check: str  # "Rating to check" beside the badge when the printed rating disagrees, else ""
    travel: Travel
    since: Sentence  # "▼ improving from 17% in Mar 2022"
    benchmarks: tuple[tuple[str, str], ...]  # ("Target", "22%") …
    polarity: str  # "Lower is better"
    chart: Chart
    strip_heads: tuple[str, str]
    months: tuple[tuple[str, Mark], ...]  # ("Apr 2022", mark) for every month shown
    commentary_title: str
    commentary: str  # the narrative as printed, or ""
    no_commentary: str  # shown when there is no commentary, else ""
    notices: tuple[Sentence, ...]  # what extraction could not read about it, before commentary
    printed_ref: str = ""  # says what the scorecard printed when `title`'s reference was lettered
    benchmark_context: str = ""  # who and when the benchmarks describe, "" when not named
    # Every month the chart draws, when it draws more than `months` (an XmR chart's history).
    charted: tuple[tuple[str, Mark], ...] = ()
    # How fresh the commentary is: "Unchanged since May 2022: …", "Mentions April; …".
    commentary_notes: tuple[str, ...] = ()
    # A composite's count, charted beside its rate or share (`chart`); None for one measure.
    count_chart: Chart | None = None


@dataclass(frozen=True)
class SectionPage:
    """A section of the pack: its title, summary and indicators."""

    key: str
    title: str
    summary: str
    indicators: tuple[IndicatorPage, ...]


@dataclass(frozen=True)
class Annex:
    """An annex: its title, lead sentence and tables."""

    key: str
    title: str
    lead: str
    blocks: tuple[Block, ...]  # rows of tuples of strings


@dataclass(frozen=True)
class Pages:
    """The whole pack, page by page, as plain data."""

    metadata: Metadata
    furniture: Furniture
    cover: Cover
    summary: ChairSummary
    contents: Contents
    at_a_glance: AtAGlance
    scorecard: Scorecard
    sections: tuple[SectionPage, ...]
    annexes: tuple[Annex, ...]  # data quality, glossary, source
    wide: bool  # the scorecard has more months than a portrait page holds


# Beyond this many months the scorecard turns to landscape pages to keep a column per month.
PORTRAIT_MONTHS = 4
POLARITY_WORDS = {
    "higher": "Higher is better",
    "lower": "Lower is better",
    "none": "No better direction",
}
TRAVEL_ORDER = (
    "improving",
    "worsening",
    "increased",
    "decreased",
    "stable",
    "no change",
    "not known",
)
# The visible mark on a badge whose printed rating disagrees with its target (not colour alone).
CHECK_MARK = "!"
RAG_SOURCE_WORDS = {
    "printed": "as the scorecard prints them",
    "target": "as each figure earns against its target, polarity and tolerance "
    "(the printed rating where there is no target)",
}
UNIT_CAPTIONS = {
    "%": "Per cent",
    "per 10k": "Rate per 10,000 children",
    "count": "Number",
    "per 100k": "Rate per 100,000",
    "days": "Days",
    "£": "Pounds (£)",
}
REFERENCE_WORDS = {"target": "Target", "national": "National", "comparator": "Comparator"}
# The data-quality annex's groups of notes: (block key, title, which note codes).
NOTE_GROUPS = (
    (
        "reading",
        "Notes from reading the scorecard",
        lambda code: code not in ("rag-disagrees", "not-in-catalogue", "inferred"),
    ),
    (
        "ratings",
        "Ratings that disagree with target and polarity",
        lambda code: code == "rag-disagrees",
    ),
    (
        "uncatalogued",
        "Indicators not in the KPI catalogue",
        lambda code: code in ("not-in-catalogue", "inferred"),
    ),
)


def pack_to_pages(pack: Pack, brand: Brand, catalogue: Catalogue, produced: date) -> Pages:
    """Give every page of the pack of `pack` in `brand`'s wording, dated `produced`."""
    month = pack.labels.long(pack.period)
    return Pages(
        metadata=Metadata(
            title=f"{brand.title}: {month}",
            author=brand.author,
            subject=f"{brand.subtitle} for the {brand.audience}, {month}",
            keywords=(brand.organisation, *brand.keywords),
            language=brand.language,
        ),
        furniture=Furniture(
            title=f"{brand.title}  |  {month}",
            organisation=brand.organisation,
            produced=f"Produced {long_date(produced)}",
            marking=brand.marking,
        ),
        cover=cover(pack, brand, produced),
        summary=chair_summary(pack, brand),
        contents=with_entries(
            contents(pack.rag_source),
            (*benchmark_key(brand), *variation_key(pack), *refs_key(pack)),
        ),
        at_a_glance=at_a_glance(pack),
        scorecard=scorecard(pack),
        sections=tuple(section_page(view, pack, benchmark_context(brand)) for view in pack.sections),
        annexes=(data_quality(pack), glossary(catalogue), source(pack, produced)),
        wide=len(pack.periods) > PORTRAIT_MONTHS,
    )


def benchmark_context(brand: Brand) -> Context:
    """Give who and when `brand` says the national and comparator benchmarks describe."""
    found = brand.benchmarks
    return Context(
        national=found.get("national", ""),
        comparator=found.get("comparator", ""),
        period=found.get("period", ""),
    )


def rag_of(code: str) -> Rag:
    """Give the rating of the RAG `code`."""
    return Rag(code=code, word=RAG_WORDS[code])


def mark(month: Month) -> Mark:
    """Give `month`'s figure as printed and its rating, with what a check of it found."""
    return Mark(figure=figure(month.figure_text), rag=rag_of(month.rag), check=check_words(month))


def sentence_case(words: str) -> str:
    """Give `words` with a capital first letter."""
    return words[:1].upper() + words[1:]


def check_words(month: Month) -> str:
    """Give, for a rating to check, the other rating in words ("printed Green; the target
    gives Red"), or "" when the printed rating agrees with the target or was not judged."""
    if not month.to_check:
        return ""
    return (
        f"rating to check: printed {RAG_WORDS[month.printed]}, "
        f"the target gives {RAG_WORDS[month.expected]}"
    )


def rating_basis(pack: Pack) -> str:
    """Give the sentence that says which rating drives the pack's summaries and how many
    printed ratings this month disagree with their target."""
    checks = [i for i in pack.indicators if i.latest.to_check]
    rated = [i for i in pack.indicators if i.latest.printed and i.latest.expected]
    said = f"Ratings are {RAG_SOURCE_WORDS[pack.rag_source]} (rag_source = {pack.rag_source})."
    if not checks:
        return said + f" Every printed rating this {pack.labels.noun} agrees with its target and polarity."
    return (
        f"{said} {len(checks)} of the {len(rated)} printed ratings checked against target this "
        f"{pack.labels.noun} disagree: each is marked {CHECK_MARK} and listed under Ratings to check."
    )


def named(indicator: Indicator) -> Named:
    """Give `indicator`'s reference and name."""
    return Named(ref=indicator.ref, name=indicator.name)


def cover(pack: Pack, brand: Brand, produced: date) -> Cover:
    """Give the cover of `pack`."""
    first, last = pack.labels.short(pack.periods[0]), pack.labels.short(pack.periods[-1])
    month = pack.labels.long(pack.period)
    return Cover(
        organisation=brand.organisation,
        directorate=brand.directorate,
        kicker=brand.subtitle.upper(),
        title=brand.title,
        month=month,
        facts=(
            ("REPORT TO", brand.audience),
            (f"REPORTING {pack.labels.noun.upper()}", f"{month} (figures from {first} to {last})"),
            ("PRODUCED", f"{long_date(produced)} by the {brand.author}"),
            ("SOURCE", str(pack.source.get("file") or "not recorded")),
            ("PROTECTIVE MARKING", brand.marking),
            (
                "RATINGS",
                sentence_case(RAG_SOURCE_WORDS[pack.rag_source])
                + f" (rag_source = {pack.rag_source})",
            ),
        ),
        marking=brand.marking,
    )


def chair_summary(pack: Pack, brand: Brand) -> ChairSummary:
    """Give the chair's summary of `pack`: the brand's purpose and asks, the data's messages."""
    return ChairSummary(
        key="chair-summary",
        title="Chair's summary",
        purpose_title="Purpose",
        purpose=brand.purpose
        or f"The {brand.subtitle.lower()} for the {brand.audience}, {pack.labels.long(pack.period)}.",
        messages_title="Key messages",
        messages=key_messages(pack),
        asks_title="What the committee is asked to do",
        asks=brand.asks or "The committee is asked to note the performance set out in this pack.",
    )


def contents(rag_source: str = "printed") -> Contents:
    """Give the contents page's title and the key to reading the pack rated by `rag_source`."""
    rated = (
        ("G", "on or better than target."),
        ("A", "short of target, within the tolerance the catalogue sets."),
        ("R", "short of target by more than that tolerance."),
        ("", "no target, or no rating printed."),
    )
    source_note = (
        Span("Ratings", strong=True),
        Span(f" are {RAG_SOURCE_WORDS[rag_source]} (rag_source = {rag_source} in the brand). "),
        Span(f"{CHECK_MARK}", strong=True),
        Span(
            " beside a rating marks a rating to check: the printed rating disagrees with the "
            "one the figure earns against its target, polarity and tolerance; the indicator's "
            "page says which."
        ),
    )
    travel_note = (
        Span("Direction of travel", strong=True),
        Span(
            " compares the reporting month with the month before. The arrow says which way the "
            "number went: ▲ up, ▼ down, ► level. The word says whether that is "
        ),
        Span("improving", strong=True),
        Span(" or "),
        Span("worsening", strong=True),
        Span(
            " by the indicator's polarity (a fall in re-referrals is improving); a volume with "
            "no better direction "
        ),
        Span("increased", strong=True),
        Span(" or "),
        Span("decreased", strong=True),
        Span(
            ". A move within the indicator's materiality threshold (stable_within in the KPI "
            "catalogue: by default 1 percentage point, 0.5 per 10,000 or 2% of a count) is "
        ),
        Span("stable", strong=True),
        Span(": its arrow still shows the way it went, but it is not called better or worse."),
    )
    chart_note = (
        Span(
            "Charts show each month's figure (solid line), the target (dashed) and the national "
            "(dotted) and comparator (dash-dot) benchmarks, each labelled with its value."
        ),
    )
    return Contents(
        key="contents",
        title="Contents",
        key_title="How to read this pack",
        key_entries=(
            *(
                KeyEntry(rag_of(code), (Span(RAG_WORDS[code], strong=True), Span(f": {words}")))
                for code, words in rated
            ),
            KeyEntry(None, source_note),
            KeyEntry(None, (Span(NO_FIGURE, strong=True), Span(f": {NO_FIGURE_REASON}."))),
            KeyEntry(None, travel_note),
            KeyEntry(None, chart_note),
        ),
    )


def with_entries(page: Contents, entries: tuple[KeyEntry, ...]) -> Contents:
    """Give the contents `page` with `entries` added to its key."""
    return replace(page, key_entries=(*page.key_entries, *entries))


def benchmark_key(brand: Brand) -> tuple[KeyEntry, ...]:
    """Give the key's line on who and when the benchmarks describe, and which are drawn."""
    context = benchmark_context(brand)
    named_ = [
        f"{REFERENCE_WORDS[role]} is {group}"
        for role, group in (("national", context.national), ("comparator", context.comparator))
        if group
    ]
    note = brand.benchmarks.get("note", "")
    return (
        KeyEntry(
            None,
            (
                Span("Benchmarks: ", strong=True),
                Span(
                    (f"{'; '.join(named_)}" + (f" ({note})" if note else "") + ". " if named_ else "")
                    + (f"They are for {context.period} unless an indicator says otherwise. "
                       if context.period else "")
                    + "A benchmark that does not measure what the figure measures (an annual "
                    "rate beside a monthly count) is not drawn on the chart: its page says why."
                ),
            ),
        ),
    )


def variation_key(pack: Pack) -> tuple[KeyEntry, ...]:
    """Give the key's lines on XmR charts and their icons (Making Data Count)."""
    lines = [
        KeyEntry(
            None,
            (
                Span("Variation: ", strong=True),
                Span(
                    f"an indicator with {MIN_POINTS} {pack.labels.nouns} or more of figures has an XmR chart "
                    "(NHS England's Making Data Count): its mean (solid grey line), its natural "
                    "process limits (dashed grey lines, the mean ± 2.66 × the average move from "
                    f"one {pack.labels.noun} to the next), and {pack.labels.nouns} of special cause "
                    f"variation coloured. An indicator with fewer {pack.labels.nouns} has a run chart "
                    "and no claim about variation."
                ),
            ),
        )
    ]
    if not any(indicator_variation(i) for i in pack.indicators):
        return tuple(lines)
    for (kind, side), words in VARIATION_WORDS.items():
        if side != "low":
            icon = Icon(VARIATION_ROLES[kind], {"high": "H"}.get(side, ""), words)
            lines.append(KeyEntry(None, (Span(words + (" (L when lower)" if side else "")),), icon))
    for kind, words in ASSURANCE_WORDS.items():
        role, letter = ASSURANCE_ICONS[kind]
        lines.append(KeyEntry(None, (Span(words),), Icon(role, letter, words)))
    return tuple(lines)


def refs_key(pack: Pack) -> tuple[KeyEntry, ...]:
    """Give the key's line on references the pack lettered, or nothing when it lettered none."""
    note = repeated_note([(i.ref, i.printed_ref or i.ref) for i in pack.indicators])
    return (KeyEntry(None, (Span("References: ", strong=True), Span(note))),) if note else ()


def at_a_glance(pack: Pack) -> AtAGlance:
    """Give the at-a-glance page of `pack`."""
    labels = pack.labels
    this = labels.long(pack.period)
    last = labels.long(pack.periods[-2]) if len(pack.periods) > 1 else ""
    reds = [i for i in pack.indicators if red_run([m.rag for m in i.months])]
    moved = [i for i in pack.indicators if i.previous and rag_move(i.previous.rag, i.latest.rag)]
    enough = len(pack.periods) >= 3
    return AtAGlance(
        key="at-a-glance",
        title="At a glance",
        lead=f"How the {len(pack.indicators)} indicators stand in {this}"
        + (f", against {last}." if last else "."),
        tiles=rag_tiles(pack),
        notices=(
            rating_basis(pack),
            *(n for n in (freshness_notice(pack), pack.unread_notice, pack.scan_notice) if n),
        ),
        red_runs=Block(
            key="red-runs",
            title=f"Red for three {labels.nouns} running",
            heads=("Indicator", *(labels.short(p) for p in pack.periods[-3:]), "Target"),
            rows=tuple(
                RedRunRow(
                    indicator=named(i),
                    marks=tuple(mark(m) for m in i.months[-3:]),
                    target=figure(i.target_text),
                )
                for i in reds
            ),
            empty=f"No indicator has been Red for three {labels.nouns} running."
            if enough
            else f"The dataset holds {len(pack.periods)} {labels.nouns}: three are needed to tell.",
        ),
        moves=Block(
            key="moves",
            title=f"Rating changed since last {labels.noun}",
            heads=("Indicator", f"Last {labels.noun}", f"This {labels.noun}", "Change"),
            rows=tuple(
                MoveRow(
                    indicator=named(i),
                    before=mark(i.previous),
                    after=mark(i.latest),
                    change=(
                        Span(rag_move(i.previous.rag, i.latest.rag), strong=True),
                        Span(f": {RAG_WORDS[i.previous.rag]} to {RAG_WORDS[i.latest.rag]}"),
                    ),
                )
                for i in moved
            ),
            empty=f"No indicator changed rating since last {labels.noun}.",
        ),
        travel=Block(
            key="travel",
            title="Direction of travel",
            heads=(f"Since last {labels.noun}", "Count", "Indicators"),
            rows=travel_groups(pack.indicators),
        ),
        checks=Block(
            key="checks",
            title="Ratings to check",
            heads=("Indicator", "Figure", "Printed", "Target gives", "Why"),
            rows=tuple(rating_checks(pack)),
            empty=f"No printed rating for {this} disagrees with its target and polarity.",
        ),
        variation=variation_block(pack),
    )


# The at-a-glance page lists variation worst first, then assurance worst first.
VARIATION_ORDER = ("concerning", "neither", "improving", "common")
ASSURANCE_ORDER = ("fail", "hit-and-miss", "pass")


def variation_block(pack: Pack) -> Block | None:
    """Give the at-a-glance summary of variation and assurance over the indicators that have
    an XmR chart, grouped by icon; None when none has (the key says why)."""
    found = [(i, v) for i in pack.indicators if (v := indicator_variation(i))]
    rows = []
    for kind in VARIATION_ORDER:
        members = [(i, v) for i, v in found if v.kind == kind]
        for side in sorted({v.variation.letter for _, v in members}):
            same = [i for i, v in members if v.variation.letter == side]
            icon = next(v.variation for _, v in members if v.variation.letter == side)
            rows.append(VariationRow(icon, str(len(same)), "; ".join(i.short_name for i in same)))
    for kind in ASSURANCE_ORDER:
        same = [(i, v) for i, v in found if v.assured == kind]
        if same:
            rows.append(
                VariationRow(
                    same[0][1].assurance,
                    str(len(same)),
                    "; ".join(i.short_name for i, _ in same),
                )
            )
    if not rows:
        return None
    return Block(
        key="variation",
        title="Variation and assurance",
        heads=("Making Data Count", "Count", "Indicators"),
        rows=tuple(rows),
    )


def freshness_notice(pack: Pack) -> str:
    """Give the sentence saying how many indicators' commentary repeats earlier months' or
    names another month, or "" when none does."""
    repeated = sum(
        unchanged_since(i.narrative, i.earlier_commentary, pack.period, pack.labels.step) is not None
        for i in pack.indicators
    )
    elsewhere = sum(bool(stale_months(i.narrative, pack.period, pack.labels)) for i in pack.indicators)
    if not repeated and not elsewhere:
        return ""
    parts = [
        f"{repeated} repeat{'s' if repeated == 1 else ''} last {pack.labels.noun}'s word for word"
        if repeated
        else "",
        f"{elsewhere} name{'s' if elsewhere == 1 else ''} a month other than this one or the "
        "one before"
        if elsewhere
        else "",
    ]
    return (
        f"Commentary to check: of the {len(pack.indicators)} indicators' commentaries, "
        + " and ".join(p for p in parts if p)
        + "; each is marked on its page."
    )


def latest_rating(indicator: Indicator) -> Rating | None:
    """Give extract's judgement of `indicator`'s reporting month, or None."""
    return next((r for r in indicator.ratings if r.period == indicator.latest.period), None)


def rating_checks(pack: Pack) -> list[CheckRow]:
    """Give a row for each indicator whose printed rating this month disagrees with its target."""
    rows = []
    for indicator in pack.indicators:
        rating = latest_rating(indicator)
        if indicator.latest.to_check and rating is not None:
            rows.append(
                CheckRow(
                    indicator=named(indicator),
                    figure=figure(indicator.latest.figure_text),
                    printed=rag_of(indicator.latest.printed),
                    expected=rag_of(indicator.latest.expected),
                    reason=check_reason(rating, indicator.unit, indicator.latest.places),
                )
            )
    return rows


def rag_tiles(pack: Pack) -> tuple[Tile, ...]:
    """Give how many indicators hold each rating this month, against last month."""
    now = rag_counts([i.latest.rag for i in pack.indicators])
    before = rag_counts([i.previous.rag for i in pack.indicators if i.previous])
    has_before = any(i.previous for i in pack.indicators)
    return tuple(
        Tile(
            rag=rag_of(code),
            count=str(now[code]),
            change=f"{before[code]} in {pack.labels.short(pack.periods[-2])}"
            if has_before
            else f"first {pack.labels.noun}",
        )
        for code in ("R", "A", "G", "")
    )


def travel_groups(indicators: tuple[Indicator, ...]) -> tuple[TravelRow, ...]:
    """Give the `indicators` grouped by direction of travel, leaving out empty directions."""
    rows = []
    for word in TRAVEL_ORDER:
        members = [i for i in indicators if i.travel.word == word]
        if members:
            rows.append(
                TravelRow(
                    word=word,
                    count=str(len(members)),
                    names="; ".join(
                        f"{i.short_name}: number {count_word(i.count_travel)}"
                        if i.composite
                        else i.short_name
                        for i in members
                    ),
                )
            )
    return tuple(rows)


def scorecard(pack: Pack) -> Scorecard:
    """Give the scorecard of `pack`: every indicator by section, every month."""
    return Scorecard(
        key="scorecard",
        title="Scorecard",
        lead=f"Every indicator for {pack.labels.long(pack.period)} and the {pack.labels.nouns} "
        f"before it: each {pack.labels.noun}'s figure with its RAG rating, and the direction of travel.",
        heads=("Ref", "Indicator", "Target", "National", "Comparator"),
        months=tuple(pack.labels.head(p) for p in pack.periods),
        travel_head="Travel",
        groups=tuple(
            ScorecardGroup(
                title=view.section.title,
                rows=tuple(
                    ScorecardRow(
                        indicator=named(i),
                        benchmarks=tuple(
                            figure(t) for t in (i.target_text, i.national_text, i.comparator_text)
                        ),
                        marks=tuple(mark(m) for m in i.months),
                        travel=i.travel,
                        count_travel=replace(i.count_travel, word=count_word(i.count_travel))
                        if i.composite
                        else None,
                    )
                    for i in view.indicators
                ),
            )
            for view in pack.sections
        ),
    )


def section_page(view: SectionView, pack: Pack, context: Context = NO_CONTEXT) -> SectionPage:
    """Give the pages of one section `view` of `pack`: its title, summary and indicators, their
    benchmarks in `context`."""
    key = f"section-{view.section.id}"
    return SectionPage(
        key=key,
        title=view.section.title,
        summary=view.section.summary,
        indicators=tuple(
            indicator_page(
                indicator,
                f"{key}-{number}",
                pack.unread_about(indicator.key),
                pack.doubtful_about(indicator.key),
                context,
                rag_source=pack.rag_source,
            )
            for number, indicator in enumerate(view.indicators)
        ),
    )


def indicator_page(
    indicator: Indicator,
    key: str,
    unread: tuple[str, ...] = (),
    doubtful: tuple[str, ...] = (),
    context: Context = NO_CONTEXT,
    rag_source: str = "printed",
) -> IndicatorPage:
    """Give the page of `indicator`, bookmarked as `key`, saying what of it was `unread`,
    which of its cells read from a scan are `doubtful`, its benchmarks in `context`, and how
    its printed rating disagrees with its target (the pack rated by `rag_source`)."""
    latest, previous, travel_ = indicator.latest, indicator.previous, indicator.travel
    since = (
        f" from {figure(previous.figure_text)} in {indicator.labels.short(previous.period)}"
        if previous
        else ""
    )
    narrative = indicator.narrative.strip()
    composite = bool(latest.spelled[0])
    drawn = chart(
        replace(
            indicator,
            short_name=f"{indicator.short_name}: " + SECOND_WORDS.get(indicator.unit, "figure"),
        )
        if indicator.composite
        else indicator,
        context,
    )
    rating = latest_rating(indicator)
    checks = (
        (
            (
                Span("Rating to check:", strong=True),
                Span(" " + check_sentence(rating, indicator.unit, rag_source, latest.places)),
            ),
        )
        if latest.to_check and rating is not None
        else ()
    )
    return IndicatorPage(
        key=key,
        title=f"{indicator.ref} {indicator.name}".strip(),
        indicator=named(indicator),
        month=indicator.labels.long(latest.period).upper(),
        figure=latest.spelled[0] if composite else figure(latest.figure_text),
        companion=latest.spelled[1] if composite else "",
        rag=rag_of(latest.rag),
        check=f"{CHECK_MARK} Rating to check" if latest.to_check else "",
        travel=travel_,
        since=two_measures(indicator)
        if indicator.composite
        else (Span(f"{travel_.arrow} {travel_.word}", strong=True), Span(since)),
        benchmarks=(
            ("Target", figure(indicator.target_text)),
            ("National", figure(indicator.national_text)),
            ("Comparator", figure(indicator.comparator_text)),
        ),
        benchmark_context=context_words(
            replace(context, period=indicator.benchmark_period or context.period)
        ),
        polarity=POLARITY_WORDS[indicator.polarity]
        + (f" ({indicator.polarity_basis})" if indicator.polarity_basis else ""),
        chart=drawn,
        charted=tuple((indicator.labels.short(m.period), mark(m)) for m in indicator.history)
        if drawn.variation
        else (),
        printed_ref=(
            f"The scorecard prints this indicator as {indicator.printed_ref}, a reference it "
            "gives to another indicator too."
            if indicator.printed_ref
            else ""
        ),
        strip_heads=(indicator.labels.noun.capitalize(), "Figure"),
        months=tuple((indicator.labels.short(m.period), mark(m)) for m in indicator.months),
        commentary_title="COMMENTARY",
        commentary=narrative,
        no_commentary="" if narrative else "No commentary was given for this indicator.",
        commentary_notes=freshness_notes(narrative, indicator.earlier_commentary, latest.period,
                                         indicator.labels),
        notices=(
            *checks,
            *(
                (Span("Count and rate disagree:", strong=True), Span(f" {line}"))
                for line in indicator.composite_checks
            ),
            *((Span("Could not be read:", strong=True), Span(f" {line}")) for line in unread),
            *((Span("Check against the scan:", strong=True), Span(f" {line}")) for line in doubtful),
        ),
        count_chart=count_chart(indicator) if indicator.composite else None,
    )


COUNT_WORDS = {"increased": "more", "decreased": "fewer", "no change": "same number"}
SECOND_WORDS = {"%": "share", "per 10k": "rate", "per 100k": "rate"}


def count_word(moved: Travel) -> str:
    """Give the word of a count's direction of travel: more, fewer, stable, same number."""
    return COUNT_WORDS.get(moved.word, moved.word)


def two_measures(indicator: Indicator) -> Sentence:
    """Give a composite's direction of travel as two measures, each its own way: "▼ fewer
    (991, down 12% from 1,122 in Jun 2022); ▲ rate worsening (40.7 per 10k, from 35.3)"."""
    latest, previous = indicator.latest, indicator.previous
    counted, rated = indicator.count_travel, indicator.travel
    second = SECOND_WORDS.get(indicator.unit, "figure")
    count_words = f"{show(latest.count, 'count')}" if latest.count is not None else "no count"
    rate_words = (
        show(latest.value, indicator.unit, latest.places)
        if latest.value is not None
        else f"no {second}"
    )
    if previous is not None and previous.count and latest.count is not None:
        change = (latest.count - previous.count) / previous.count * 100
        way = "up" if change > 0 else "down"
        count_words += (
            f", {way} {abs(change):.0f}% from {show(previous.count, 'count')} "
            f"in {indicator.labels.short(previous.period)}"
            if round(abs(change))
            else f", as in {indicator.labels.short(previous.period)}"
        )
    if previous is not None and previous.value is not None:
        rate_words += f", from {show(previous.value, indicator.unit, previous.places)}"
    return (
        Span(f"{counted.arrow} {count_word(counted)}", strong=True),
        Span(f" ({count_words}); "),
        Span(f"{rated.arrow} {second} {rated.word}", strong=True),
        Span(f" ({rate_words})"),
    )


def count_chart(indicator: Indicator) -> Chart:
    """Give the chart of a composite's count, beside the chart of its rate or share."""
    counts = tuple(replace(m, value=m.count, places=0) for m in indicator.months)
    return chart(
        replace(
            indicator,
            months=counts,
            unit="count",
            short_name=f"{indicator.short_name}: number",
            target=None,
            national=None,
            comparator=None,
        )
    )


def chart(indicator: Indicator, context: Context = NO_CONTEXT) -> Chart:
    """Give the chart of `indicator`: an XmR chart of its history when it holds enough months
    (`report.spc`), else a run chart of the months shown; with its target and the benchmarks
    on its scale drawn, the others told in words, in the `context` of their group and period."""
    found = indicator_variation(indicator)
    months = indicator.history if found else indicator.months
    values = [m.value for m in months if m.value is not None]
    context = replace(context, period=indicator.benchmark_period or context.period)
    told = benchmarks(
        {
            "target": indicator.target,
            "national": indicator.national,
            "comparator": indicator.comparator,
        },
        values,
        indicator.unit,
        context,
        indicator.benchmark_unit,
    )
    drawn = [b for b in told if b.drawn]
    lines = tuple(
        ChartLine(
            role=b.role,
            value=b.value,
            label=f"{REFERENCE_WORDS[b.role]} "
            f"{show(b.value, indicator.unit, places(getattr(indicator, f'{b.role}_text')))}",
            on_scale=True,
        )
        for b in drawn
    ) + (variation_lines(found, indicator.unit) if found else ())
    apart = not_drawn(told)
    description = chart_description(
        indicator.short_name,
        months,
        indicator.unit,
        indicator.polarity,
        {b.role: b.value for b in drawn},
        apart,
        indicator.labels,
    )
    if found:
        description += (
            f" An XmR chart of {found.points} {indicator.labels.nouns}: mean {show(found.mean, indicator.unit)}, "
            f"natural process limits {show(found.lower, indicator.unit)} to "
            f"{show(found.upper, indicator.unit)}. {found.variation.words}."
            + (f" {found.assurance.words}." if found.assurance else "")
        )
    words = {
        "title": chart_title(indicator.short_name, [m.period for m in months], indicator.labels),
        "description": description,
    }
    if not values:
        return Chart(
            caption="",
            points=(),
            lines=lines,
            ticks=(),
            tick_labels=(),
            empty="No figures to chart",
            benchmarks=told,
            untold=apart,
            **words,
        )
    ticks = axis_range(
        values,
        [line.value for line in lines],
        indicator.unit == "count",
        ceiling=100.0 if indicator.unit == "%" else None,
    )
    # "per 10k" is in the chart's caption; on every tick and point it only crowds the numbers.
    label_unit = "%" if indicator.unit == "%" else ""
    labelled = labelled_months(months)
    axis = axis_months(months, indicator.labels)
    return Chart(
        caption=UNIT_CAPTIONS.get(indicator.unit, ""),
        points=tuple(
            ChartPoint(
                value=m.value,
                label=show(m.value, label_unit, m.places) if index in labelled else "",
                month=axis[index][0],
                year=axis[index][1],
                special=found.special[index] if found else "",
            )
            for index, m in enumerate(months)
        ),
        lines=lines,
        ticks=tuple(ticks),
        tick_labels=tuple(show(tick, label_unit) for tick in ticks),
        empty="",
        variation=found,
        benchmarks=told,
        untold=apart,
        **words,
    )


def indicator_variation(indicator: Indicator) -> Variation | None:
    """Give the variation of `indicator`'s history, or None when it is too short to judge."""
    return series_variation(
        [m.value for m in indicator.history], indicator.polarity, indicator.target, indicator.unit
    )


def variation_lines(found: Variation, unit: str) -> tuple[ChartLine, ...]:
    """Give an XmR chart's centre line and natural process limits as labelled lines."""
    return tuple(
        ChartLine(role=role, value=value, label=f"{words} {show(value, unit)}", on_scale=True)
        for role, words, value in (
            ("upper", "Upper limit", found.upper),
            ("mean", "Mean", found.mean),
            ("lower", "Lower limit", found.lower),
        )
    )


def labelled_months(months: tuple[Month, ...]) -> set[int]:
    """Give the indexes of `months` whose figure is printed on the chart: all, or the telling ones."""
    numbered = [i for i, m in enumerate(months) if m.value is not None]
    if len(numbered) <= 7:
        return set(numbered)
    highest = max(numbered, key=lambda i: months[i].value)
    lowest = min(numbered, key=lambda i: months[i].value)
    return {numbered[0], numbered[-1], highest, lowest}


def axis_months(months: tuple[Month, ...], labels: Periods = MONTHLY) -> list[tuple[str, str]]:
    """Give each month's (month, year) label under a chart's axis (a quarter's (`Q3`,
    `2024/25`)), "" where it is left out."""
    every = 1 if len(months) <= 7 else (2 if len(months) <= 14 else 3)
    last = len(months) - 1
    shown_year = ""
    out: list[tuple[str, str]] = []
    for index, month in enumerate(months):
        # With a year of months, every other label keeps them apart (every third on an XmR
        # chart's two years); the latest is always shown, and none crowds it.
        if (index % every and index != last) or (last - every < index < last):
            out.append(("", ""))
            continue
        name, year = labels.head(month.period)
        if year == shown_year:
            year = ""
        else:
            shown_year = year
        out.append((name, year))
    return out


def data_quality(pack: Pack) -> Annex:
    """Give Annex A: the notes from reading the scorecard, ratings to check, revisions."""
    blocks = [
        Block(
            key=key,
            title=title,
            heads=("Indicator", "Note"),
            rows=tuple((n.subject, n.sentence) for n in pack.notes if wanted(n.code)),
            empty=f"None this {pack.labels.noun}.",
        )
        for key, title, wanted in NOTE_GROUPS
    ]
    blocks.append(
        Block(
            key="revisions",
            title="Revised figures",
            heads=("Indicator", pack.labels.noun.capitalize(), "Measure", "Figure", "Sources"),
            rows=tuple(
                (
                    r.name,
                    pack.labels.short(r.period),
                    r.measure,
                    f"{figure(r.old_value)} → {figure(r.new_value)}",
                    f"{r.old_source} → {r.new_source}",
                )
                for r in pack.revisions
            ),
            empty=f"No figure from an earlier {pack.labels.noun} was revised.",
        )
    )
    return Annex(
        key="annex-a",
        title="Annex A: Data-quality notes",
        lead="What the reading of the source scorecard found, ratings that do not agree with "
        "the target and polarity, and figures that later scorecards revised.",
        blocks=tuple(blocks),
    )


def glossary(catalogue: Catalogue) -> Annex:
    """Give Annex B: the catalogue's abbreviations and their meanings."""
    return Annex(
        key="annex-b",
        title="Annex B: Glossary",
        lead="Abbreviations used in the scorecard and its commentary.",
        blocks=(
            Block(
                key="glossary",
                title="",
                heads=("Abbreviation", "Meaning"),
                rows=tuple(catalogue.glossary.items()),
            ),
        ),
    )


def source(pack: Pack, produced: date) -> Annex:
    """Give Annex C: the scorecard the pack was built from, and when."""
    found = pack.source
    pages = found.get("pages")
    rows = [
        ("File", str(found.get("file") or "not recorded")),
        ("SHA-256", str(found.get("sha256") or "not recorded")),
        ("Pages", str(pages if pages not in (None, "") else "not recorded")),
        ("Read", str(found.get("read_at") or "not recorded")),
        (pack.labels.nouns.capitalize(), ", ".join(pack.labels.short(p) for p in pack.periods)),
        (f"Reporting {pack.labels.noun}", pack.labels.long(pack.period)),
        ("Pack produced", long_date(produced)),
    ]
    if pack.history_sources:
        rows.append(("Earlier scorecards", "; ".join(pack.history_sources)))
    blocks = [Block(key="source", title="", heads=("", ""), rows=tuple(rows))]
    if pack.scanned:
        rows.insert(4, ("Read from", "a scanned image, by OCR (any text layer in the PDF was "
                        "ignored): figures may be misread"))
        names = {i.key: i.name for i in pack.indicators}
        blocks[0] = Block(key="source", title="", heads=("", ""), rows=tuple(rows))
        blocks.append(
            Block(
                key="doubtful",
                title="Cells to check against the scan",
                heads=("Page", "Indicator", "Column", "Read", "Why", "Crop"),
                rows=tuple(
                    (str(d.page), names.get(d.key, d.key) or "—", d.column, d.read or "—",
                     d.reason, d.crop)
                    for d in pack.doubtful
                ),
                empty="None: every cell read from the scan passed its checks.",
            )
        )
    return Annex(
        key="annex-c",
        title="Annex C: Source",
        lead="The scorecard this pack was built from"
        + (", read from a scan." if pack.scanned else "."),
        blocks=tuple(blocks),
    )
