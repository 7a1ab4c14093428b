"""The expected dataset of a fixture, computed from the generator's model (never from the PDF text)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from dataset.csvio import format_number, rows_to_csv_text
from dataset.judge import headline
from dataset.schema import FIGURE_COLUMNS, FIGURES_FILE, INDICATOR_COLUMNS, INDICATORS_FILE
from fixturegen.model import NOT_A_NUMBER, Fixture, Row, normalise, slug


def _number(value: float | None) -> str:
    return "" if value is None else format_number(value)


def figure_text(printed: str) -> str:
    """Give the `figure_text` of a cell printing `printed` (a wrapped "N/ A" is "N/A")."""
    squeezed = "".join(printed.split())
    return squeezed if squeezed in NOT_A_NUMBER else normalise(printed)


def primary(row: Row, periods: list[str]) -> tuple[str, str]:
    """Give (measure, unit) of the headline measure of `row`, by the dataset's one rule."""
    return headline(
        {"measure": m.measure, "value": _number(m.value), "unit": m.unit}
        for period in periods for m in row.figures[period].measures
    )


def keys(rows: list[Row]) -> list[str]:
    """Give the dataset key of each row: slug(name), repeats numbered -2, -3 in source order."""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        base = slug(row.name)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


def indicator_records(fixture: Fixture, pages: list[list[int]]) -> list[dict]:
    """Give the indicators.csv rows of `fixture`, with the `pages` each row was found on."""
    rows = fixture.indicator_rows()
    records = []
    for key, row, row_pages in zip(keys(rows), rows, pages, strict=True):
        records.append({
            "key": key,
            "ref": row.ref,
            "name": normalise(row.name),
            "section": row.section,
            "target": _number(row.target.number),
            "target_text": normalise(row.target.printed),
            "national": _number(row.national.number),
            "national_text": normalise(row.national.printed),
            "comparator": _number(row.comparator.number),
            "comparator_text": normalise(row.comparator.printed),
            "unit": primary(row, fixture.periods)[1],
            "polarity": normalise(row.printed_polarity),
            "narrative": normalise(row.narrative),
            "pages": ";".join(str(p) for p in row_pages),
        })
    return records


def figure_records(fixture: Fixture) -> list[dict]:
    """Give the figures.csv rows of `fixture`: indicator order, then months oldest first."""
    rows = fixture.indicator_rows()
    records = []
    for key, row in zip(keys(rows), rows):
        measure0, unit0 = primary(row, fixture.periods)
        for period in fixture.periods:
            figure, rag = row.figures[period], row.rags[period]
            common = {
                "key": key, "period": period, "figure_text": figure_text(figure.printed),
                "rag": rag.rag, "rag_text": "".join(rag.printed.split()), "rag_source": rag.source,
            }
            if not figure.measures:
                records.append({**common, "measure": measure0, "value": "", "unit": unit0})
            for m in figure.measures:
                records.append({**common, "measure": m.measure, "value": _number(m.value),
                                "unit": m.unit})
    return records


# The codes of the audit's warnings that a layout may honestly call for, with the indicator's
# key: whatever else the audit warns of is a mistake of extraction's.
NARRATIVE_MAY_BE_SHARED = "narrative-may-be-shared"


def unparted(layout: dict) -> bool:
    """Say whether a `layout` (its dimensions, scripts/layoutgen/space.py) prints narratives in
    a column that nothing drawn parts row from row: no rules or an outer box only, no shading."""
    return layout.get("rules") in ("none", "box") and layout.get("narrative") in ("column", "merged-pairs")


def expected_warnings(fixture: Fixture, pages: list[list[int]] | None) -> list[dict]:
    """Give the warnings the audit must give of `fixture`, each {code, key}: an indicator
    whose narrative cell is empty right under one with a narrative, in one table on one
    page, in a narrative column nothing drawn parts (`unparted`): a cell merged down across
    both rows would print the same, so the page cannot say which it is."""
    if not unparted(fixture.extra_meta.get("layout") or fixture.layout) or pages is None:
        return []
    rows = iter(pages)
    placed = [(row, next(rows)) if isinstance(row, Row) else (row, []) for row in fixture.rows]
    names = dict(zip(map(id, fixture.indicator_rows()), keys(fixture.indicator_rows())))
    out = []
    for (above, over), (row, on) in itertools.pairwise(placed):
        if not isinstance(above, Row) or not isinstance(row, Row) or not over or not on or over[-1] != on[0]:
            continue
        # The second of a merged pair has the pair's narrative: never none under one.
        if above.narrative and not row.narrative:
            out.append({"code": NARRATIVE_MAY_BE_SHARED, "key": names[id(row)]})
    return out


def audit_record(fixture: Fixture, pages: list[list[int]] | None = None) -> dict:
    """Give what the coverage audit must say of `fixture` (printed on `pages`, row by row):
    the warnings its layout calls for (`expected_warnings`), and the text it sets aside by
    name, in source order (the printed arrows of a DoT column, a note under the table, the words
    of a colour key)."""
    set_aside = {}
    arrows = [row.dot for row in fixture.indicator_rows() if row.dot]
    if arrows:
        set_aside["direction of travel"] = arrows
    if fixture.layout.get("note"):
        set_aside["footnote"] = [fixture.layout["note"]]
    if fixture.layout.get("colour_key"):
        set_aside["colour key"] = list(fixture.layout["colour_key"])
    return {"warnings": expected_warnings(fixture, pages), "set_aside": set_aside}


def write_audit(fixture: Fixture, directory: Path, pages: list[list[int]] | None = None) -> None:
    """Write audit.json, what the coverage audit must say of `fixture`, into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "audit.json").write_text(
        json.dumps(audit_record(fixture, pages), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def warnings_match(expected: list[dict], warnings: list[dict], codes) -> tuple[list, list]:
    """Give (the audit warnings among `warnings` (those with a code in `codes`) that
    `expected` does not call for, the expected ones not given), each matched by code and key."""
    given = [w for w in warnings if w["code"] in codes]
    wanted = [(e["code"], e.get("key", "")) for e in expected]
    extra = []
    for w in given:
        if (w["code"], w.get("key", "")) in wanted:
            wanted.remove((w["code"], w.get("key", "")))
        else:
            extra.append(w)
    return extra, [{"code": c, "key": k} for c, k in wanted]


def write_expected(fixture: Fixture, directory: Path, pages: list[list[int]]) -> None:
    """Write indicators.csv, figures.csv, meta.json and audit.json of `fixture` into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    indicators = indicator_records(fixture, pages)
    if len({r["key"] for r in indicators}) != len(indicators):
        raise AssertionError(f"{fixture.stem}: keys repeat")
    (directory / INDICATORS_FILE).write_text(
        rows_to_csv_text(indicators, INDICATOR_COLUMNS), encoding="utf-8")
    (directory / FIGURES_FILE).write_text(
        rows_to_csv_text(figure_records(fixture), FIGURE_COLUMNS), encoding="utf-8")
    meta = {
        "period": fixture.periods[-1],
        "periods": list(fixture.periods),
        "argv": list(fixture.argv),
        "proves": fixture.proves,
        **fixture.extra_meta,
    }
    (directory / "meta.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    write_audit(fixture, directory, pages)
