"""The large scorecards the benchmark times: the reference indicators repeated per area.

A directorate scorecard of `30 × areas` indicators is the reference's 30 rows once per area
("Re-referrals to Children's Services (North)"), laid out like the reference fixture and
converted through LibreOffice. One area gives the 4-page reference itself, five about 20
pages, ten (300 indicators) about 40. The rows come from the reference fixture's expected
dataset in `fixtures/`, so a fresh clone needs nothing outside the repository.

Months before the scorecard's own are not converted: their datasets are computed from the
same model and loaded straight into a history store, so that the timed run finds 13 months.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tomllib
from dataclasses import replace
from pathlib import Path

from dataset.catalogue import load_catalogue
from dataset.history import History
from fixturegen import catalogue as fixtures
from fixturegen.expected import figure_records, indicator_records
from fixturegen.model import (
    RAG_FILLS,
    REFERENCE_PERIODS,
    Fixture,
    Row,
    _parse_reference_figure,
    _perturb,
    _rate,
    bench,
    months,
    rag_letter,
)
from fixturegen.pdfcheck import convert

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "fixtures" / "reference-april-2022.expected"
CATALOGUE = ROOT / "assets" / "kpis.toml"
AREAS = ("North", "South", "East", "West", "Central", "Coastal", "Rural", "Urban", "Valley",
         "Borough")
AREA_NOTE = ("In the {area} area these figures are reviewed each month by the Service Manager,"
             " who reports any exception to the locality performance meeting.")
LATEST = "2022-04"
HISTORY_MONTHS = 13
SCORECARD_MONTHS = 3  # each month's scorecard prints its own month and the two before it
_CONTACTS = "Number of CSPA contacts received"
_PROGRESSED = "Number and percentage of contacts progressed to social care"


def _csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reference_rows() -> list[Row]:
    """Give the reference scorecard's 30 rows (Feb-Apr 2022) as read from its expected dataset."""
    indicators = _csv(REFERENCE / "indicators.csv")
    figures: dict[str, dict[str, dict]] = {}
    for record in _csv(REFERENCE / "figures.csv"):
        figures.setdefault(record["key"], {}).setdefault(record["period"], record)
    known = load_catalogue(CATALOGUE)
    rows: list[Row] = []
    group, previous = 0, None
    for item in indicators:
        by_period = figures[item["key"]]
        entry = known.match(item["key"], item["name"])
        row = Row(
            ref=item["ref"], name=item["name"], target=bench(item["target_text"]),
            national=bench(item["national_text"]), comparator=bench(item["comparator_text"]),
            figures={p: _parse_reference_figure(r["figure_text"]) for p, r in by_period.items()},
            rags={p: rag_letter(r["rag"]) for p, r in by_period.items()},
            narrative=item["narrative"], polarity=entry.polarity if entry else "none",
            bench_merged=item["comparator_text"] == "",
        )
        # The reference merges one narrative cell over consecutive rows: the dataset repeats it.
        if previous is not None and row.narrative and row.narrative == previous.narrative:
            if previous.narrative_group is None:
                group += 1
                previous.narrative_group = group
            row.narrative_group = previous.narrative_group
        rows.append(row)
        previous = row
    return rows


def area_name(name: str, area: str | None) -> str:
    return f"{name} ({area})" if area else name


def scorecard_rows(areas: int, periods: list[str]) -> list[Row]:
    """Give the rows of a scorecard of `areas` areas showing `periods`.

    One area is the reference itself (its own figures for Feb-Apr 2022). With more, every
    area's month is a seeded perturbation of the reference's April, the same in every
    scorecard that prints that month, so overlapping months agree and nothing is revised.
    """
    base = reference_rows()
    contacts_row = next(r for r in base if r.name == _CONTACTS)
    out = []
    for a in range(areas):
        area = AREAS[a] if areas > 1 else None
        for row in base:
            name = area_name(row.name, area)
            figures, rags = {}, {}
            for period in periods:
                if area is None and period in REFERENCE_PERIODS:
                    figures[period], rags[period] = row.figures[period], row.rags[period]
                else:
                    contacts = None
                    if row.name == _PROGRESSED:
                        seed = area_name(_CONTACTS, area)
                        contacts_fig = _perturb(contacts_row.figures[LATEST], seed, period, None)
                        contacts = int(contacts_fig.measures[0].value)
                    figures[period] = _perturb(row.figures[LATEST], name, period, contacts)
                    rags[period] = _rate(row, figures[period], period)
                if rags[period].rag:
                    rags[period] = replace(rags[period], fill=RAG_FILLS[rags[period].rag])
            group = None if row.narrative_group is None else a * 100 + row.narrative_group
            narrative = row.narrative
            if area and narrative:
                # An area's commentary says a little more than the directorate's; it also
                # brings 300 rows to about 40 pages, as the scorecards the issue describes.
                narrative += f" {AREA_NOTE.format(area=area)}"
            out.append(replace(row, name=name, figures=figures, rags=rags, narrative=narrative,
                               narrative_group=group))
    return out


def scorecard(areas: int, end: str = LATEST) -> Fixture:
    """Give the scorecard of `areas` areas whose latest month is `end`."""
    periods = months(_shift(end, 1 - SCORECARD_MONTHS), SCORECARD_MONTHS)
    title = (fixtures.TITLE, f"{_month_title(end)}")
    return Fixture(
        stem=f"bench-{30 * areas}-{end}", producer="word", periods=periods,
        rows=scorecard_rows(areas, periods),
        proves=f"the benchmark's {30 * areas}-indicator scorecard for {end}",
        build=lambda f, p: fixtures.word_scorecard(f, p, title_lines=title),
    )


def write_catalogue(areas: int, path: Path) -> Path:
    """Write the KPI catalogue for `areas` areas to `path`: each entry repeated per area."""
    if areas == 1:
        path.write_text(CATALOGUE.read_text(encoding="utf-8"), encoding="utf-8")
        return path
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    known = load_catalogue(CATALOGUE)
    lines = []
    for section in data["sections"]:
        lines.append("[[sections]]")
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in section.items()]
        lines.append("")
    for key, value in data.items():
        if key not in ("sections", "indicators"):
            lines.append(f"[{key}]")
            lines += [f"{json.dumps(k)} = {json.dumps(v, ensure_ascii=False)}"
                      for k, v in value.items()]
            lines.append("")
    names = {r.name: known.match("", r.name) for r in reference_rows()}
    for area in AREAS[:areas]:
        for name, entry in names.items():
            fields = dict(data["indicators"][entry.key])
            fields["short_name"] = f"{fields['short_name']} ({area})"
            fields["aliases"] = []
            key = _slug(area_name(name, area))
            lines.append(f"[indicators.{key}]")
            lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items()]
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    load_catalogue(path)  # refuse to go on with a catalogue the product would refuse
    return path


def build_pdf(areas: int, work: Path, *, out: Path) -> Path:
    """Write the latest scorecard of `areas` areas as a PDF at `out` (through LibreOffice)."""
    fixture = scorecard(areas)
    source = work / f"{fixture.stem}.docx"
    fixture.build(fixture, source)
    pdf = convert(source, work)
    pdf.replace(out)
    return out


def preload_history(areas: int, store: Path, catalogue: Path) -> list[str]:
    """Load the scorecards before `LATEST` into the history `store` so that, with the
    latest, it holds `HISTORY_MONTHS` months; give the scorecards' months."""
    from monthly.stages import catalogue_series_key

    series_key = catalogue_series_key(catalogue)
    first_end = _shift(LATEST, SCORECARD_MONTHS - HISTORY_MONTHS)
    ends = [p for p in months(first_end, HISTORY_MONTHS) if p < LATEST]
    with History(store) as history:
        for end in ends:
            fixture = scorecard(areas, end)
            rows = fixture.indicator_rows()
            name = f"scorecard {end}.pdf"
            meta = {"source": {"file": name, "pages": 0}, "period": end,
                    "periods": list(fixture.periods), "warnings": [], "checks": [], "tables": []}
            history.load(
                file_name=name, sha256=hashlib.sha256(f"bench {areas} {end}".encode()).hexdigest(),
                meta=meta, indicators=indicator_records(fixture, [[1]] * len(rows)),
                figures=figure_records(fixture), series_key=series_key,
                loaded_at=f"{end}-28T09:00:00+00:00",
            )
    return ends


def _shift(period: str, by: int) -> str:
    year, month = int(period[:4]), int(period[5:]) - 1 + by
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def _month_title(period: str) -> str:
    from fixturegen.model import period_label

    return period_label(period, "month-year")


def _slug(name: str) -> str:
    from dataset.catalogue import slug

    return slug(name)


def sources_digest() -> str:
    """Give a digest of everything a generated scorecard depends on (to know a cache is stale)."""
    import inspect

    from fixturegen import expected, model, pdfcheck, word

    # Only what a card is made from: other fixtures come and go in `catalogue` without
    # making the cards stale.
    parts = [inspect.getsource(m) for m in (model, word, expected, pdfcheck)]
    parts += [inspect.getsource(f) for f in (fixtures.word_scorecard, fixtures._reference_cols,
                                             fixtures._reference_header)]
    parts += [fixtures.TITLE, str(fixtures.MARGIN_CM), Path(__file__).read_text("utf-8")]
    digest = hashlib.sha256("\0".join(parts).encode())
    for path in (REFERENCE / "indicators.csv", REFERENCE / "figures.csv", CATALOGUE):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
