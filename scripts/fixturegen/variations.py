"""Fixtures that each prove one more realistic layout variation (producers and layouts beyond the
reference's): borderless bottom-aligned Excel, RAG as figure-cell fill, month group headers, ISO
month headers, a sheet printed from Calc, a long portrait table, and RAG words with direction of
travel."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from fixturegen import sheets, vchecks
from fixturegen.catalogue import MARGIN_CM, TITLE, checks, word_scorecard
from fixturegen.model import (
    Fixture,
    Rag,
    Row,
    count,
    months,
    period_label,
    pick,
    rag_fill,
    rag_letter,
    rows_for,
    token,
)
from fixturegen.pdfcheck import FixtureCheckFailed
from fixturegen.word import Col, Head, new_document, shade

RAG_WORDS = {"R": "Red", "A": "Amber", "G": "Green"}
PORTRAIT_USABLE_CM = 21.0 - 2 * MARGIN_CM
LANDSCAPE_USABLE_CM = 29.7 - 2 * MARGIN_CM


def _fill_narrative(cols: list[Col], usable: float) -> list[Col]:
    used = sum(c.width for c in cols if c.role != "narrative")
    return [Col("narrative", round(usable - used, 3)) if c.role == "narrative" else c for c in cols]


def ranges_from_header(labels: list[str], anchor: str):
    """Give a function finding column x ranges of a borderless sheet from its left-aligned header:
    each column runs from its heading's left edge to the next heading's."""

    def find(pdf) -> list[tuple[float, float]]:
        page = pdf.pages[0]
        words = page.extract_words()
        top = next(w["top"] for w in words if w["text"] == anchor)
        band = sorted((w for w in words if abs(w["top"] - top) < 3), key=lambda w: w["x0"])
        xs, at = [], 0
        for label in labels:
            while at < len(band) and band[at]["text"] != label:
                at += 1
            if at == len(band):
                raise FixtureCheckFailed(f"header {label!r} not found in {[w['text'] for w in band]}")
            xs.append(band[at]["x0"] - 1)
            at += 1
        return list(zip(xs, xs[1:] + [page.width]))

    return find


# --- 1. Excel, no borders, bottom-aligned --------------------------------------------------------


def excel_borderless_bottom_aligned() -> Fixture:
    periods = months("2022-10", 3)
    rows = pick(rows_for(periods), [
        "Number of CSPA contacts received",
        "Number and percentage of contacts progressed to social care",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "5.2 Child In Need Visits up to date",
        "6.2 Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        "6.4 Initial Child Protection Conferences held within timescale",
        "6.7 Proportion of children subject to a CP Plan for over 24 months",
        "7.1 Number of Looked After Children and rate per 10k",
        "7.9 Looked After Children Dental Checks completed - in care more than 1 year",
        "7.15 Looked After Children placed over 20 miles from Surrey",
        "8.4 Proportion of Care Leavers aged 19-21 in education, employment and training (EET)",
        "10.1 Child Supervision recorded to timescale",
    ])
    for row in rows:
        row.bench_merged = False
        row.narrative_group = None
    cols = [Col("ref", 0), Col("name", 0), Col("target", 0), Col("national", 0),
            Col("comparator", 0)]
    for p in periods:
        cols += [Col("fig", 0, p), Col("rag", 0, p)]
    cols.append(Col("narrative", 0))
    header = ["Ref", "Indicator", "Target", "England", "Stat Neighbours"]
    for p in periods:
        header += [f"{period_label(p)} {p[:4]}", "RAG"]
    header.append("Commentary")
    widths = [5, 27, 8, 8, 15] + [10, 5] * len(periods) + [62]
    firsts = [h.split()[0] for h in header]

    def build(f, path):
        sheets.borderless_bottom_aligned(f, path, cols, header,
                                         "Children's Services Scorecard - December 2022", widths)
        f.layout.update(cols=cols, ranges=ranges_from_header(firsts, "Indicator"),
                        header_probe="Indicator")

    return Fixture(
        stem="excel-borderless-bottom-aligned", producer="excel", periods=periods, rows=rows,
        proves="An Excel sheet printed as it comes - no borders or fills at all, every cell "
               "bottom-aligned, names and commentary wrapped - puts each row's figures and RAG on "
               "the LAST line of its name, not the first; rows still read whole.",
        build=build,
        checks=[vchecks.no_rules_or_fills, vchecks.figures_on_last_name_line],
    )


# --- 2. RAG only as the fill of the figure cells ----------------------------------------------------


def fill_on_figure_cells() -> Fixture:
    periods = months("2023-01", 3)
    rows = pick(rows_for(periods), [
        "Number of CSPA contacts received",
        "Number and percentage of contacts progressed to social care",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "6.3 Child Protection volumes and rate",
        "6.4 Initial Child Protection Conferences held within timescale",
        "6.6 Review Child Protection Conferences held within timescale",
        "6.8 Children subject to a CP Plan seen in the last 10 working days",
        "7.2 Looked After Children with up to date Reviews",
        "7.13 Looked After Children Short Term Placement Stability",
        "7.14 Looked After Children Long Term Placement Stability",
        "8.3 Proportion of Care Leavers aged 19-21 in suitable accommodation",
    ])
    for row in rows:
        row.rags = {p: rag_fill(r.rag) if r.rag else Rag() for p, r in row.rags.items()}
    cols = [Col("ref", 0.9), Col("name", 5.6), Col("target", 1.6), Col("national", 1.6),
            Col("comparator", 2.0)]
    cols += [Col("fig", 1.8, p) for p in periods]
    cols = _fill_narrative(cols + [Col("narrative", 0)], LANDSCAPE_USABLE_CM)
    header = [[Head("Ref"), Head("Measure"), Head("Target"), Head("National"),
               Head("Statistical neighbours")]
              + [Head(period_label(p, "long-year")) for p in periods] + [Head("Comments")]]

    def build(f, path):
        doc = new_document(size=7.5, title=TITLE, created=dt.datetime(2023, 4, 12, 9, 0, 0))
        word_scorecard(f, path, doc=doc, cols=cols, header=header, header_probe="Measure",
                       title_lines=(TITLE, "March 2023",
                                    "Cell colour shows performance against target."))
        _shade_figures(f, path)

    return Fixture(
        stem="fill-on-figure-cells", producer="word", periods=periods, rows=rows,
        proves="With no RAG column at all, the RAG is the fill colour of each month's figure "
               "cell: it reads as rag from the fill (rag_source 'fill', rag_text empty), and an "
               "unfilled figure has no RAG.",
        build=build, checks=[vchecks.rag_only_as_figure_fill],
    )


def _shade_figures(fixture: Fixture, path) -> None:
    """Reopen the saved document and fill each rated figure cell with its RAG colour."""
    from docx import Document

    doc = Document(str(path))
    table = doc.tables[0]
    cols = fixture.layout["cols"]
    for i, row in enumerate(fixture.indicator_rows()):
        for c, col in enumerate(cols):
            if col.role == "fig" and row.rags[col.period].fill:
                shade(table.cell(1 + i, c), row.rags[col.period].fill)
    doc.save(str(path))


# --- 3. month group headers ------------------------------------------------------------------


def month_group_headers() -> Fixture:
    periods = months("2022-06", 3)
    rows = pick(rows_for(periods, rag_fill_colour=True), [
        "Number of CSPA contacts received",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "5.2 Number of Children in Need",
        "6.2 Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        "6.5 Child Protection Plan repeat in 2 years",
        "6.7 Proportion of children subject to a CP Plan for over 24 months",
        "7.1 Number of Looked After Children and rate per 10k",
        "7.3 Looked After Children statutory visits",
        "7.14 Looked After Children Long Term Placement Stability",
        "8.2 Care Leavers in Contact with Surrey",
        "9.2 LAC Missing Children Going Missing in the Month",
    ])
    for row in rows:
        row.narrative_group = None
    labels = {p: period_label(p, "long-year") for p in periods}
    cols = [Col("ref", 0.9), Col("name", 5.2), Col("target", 1.6), Col("national", 1.7),
            Col("comparator", 1.7)]
    for p in periods:
        cols += [Col("fig", 1.7, p), Col("rag", 1.05, p)]
    cols = _fill_narrative(cols + [Col("narrative", 0)], LANDSCAPE_USABLE_CM)
    top = [Head("Ref", rowspan=2), Head("Indicator", rowspan=2),
           Head("Target 2022/23", rowspan=2), Head("Eng avg", rowspan=2),
           Head("SN avg", rowspan=2)]
    top += [Head(labels[p], colspan=2) for p in periods]
    top.append(Head("Commentary", rowspan=2))
    header = [top, [h for _ in periods for h in (Head("Actual"), Head("RAG"))]]
    layout = {"month_labels": labels, "must_print": ["Eng avg", "SN avg", "2022/23", "Target"]}
    return Fixture(
        stem="month-group-headers", producer="word", periods=periods, rows=rows,
        proves="A two-row header where each month ('June 2022') is one cell merged over 'Actual' "
               "and 'RAG' sub-columns, benchmarks headed 'Eng avg' / 'SN avg' and a 'Target "
               "2022/23' heading (a year that is not a month) still maps figures and RAGs to "
               "months and benchmarks to national/comparator.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "August 2022"), cols=cols,
                                          header=header, header_probe="Indicator"),
        checks=[checks.header_repeats, vchecks.month_spans_actual_and_rag], layout=layout,
    )


# --- 4. ISO month headers, Ref after the name ----------------------------------------------------


def iso_month_headers() -> Fixture:
    periods = months("2023-04", 3)
    rows = pick(rows_for(periods, rag_fill_colour=True), [
        "Number and percentage of contacts progressed to social care",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "5.2 Child In Need Visits up to date",
        "6.3 Child Protection volumes and rate",
        "6.6 Review Child Protection Conferences held within timescale",
        "7.2 Looked After Children with up to date Reviews",
        "7.7 Looked After Children Initial Health Assessments completed",
        "7.13 Looked After Children Short Term Placement Stability",
        "8.3 Proportion of Care Leavers aged 19-21 in suitable accommodation",
        "10.1 Child Supervision recorded to timescale",
    ])
    for row in rows:
        row.narrative_group = None
    cols = [Col("name", 5.4), Col("ref", 1.0), Col("target", 1.5), Col("national", 1.5),
            Col("comparator", 2.0)]
    for p in periods:
        cols += [Col("fig", 1.6, p), Col("rag", 1.0, p)]
    cols = _fill_narrative(cols + [Col("narrative", 0)], LANDSCAPE_USABLE_CM)
    header = [[Head("Indicator"), Head("Ref"), Head("Target"), Head("National"),
               Head("Comparator")]
              + [h for p in periods for h in (Head(p), Head("RAG"))] + [Head("Commentary")]]
    return Fixture(
        stem="iso-month-headers", producer="word", periods=periods, rows=rows,
        proves="Month headers printed ISO-style as '2023-04', '2023-05', '2023-06' (no month "
               "names) give the periods, and a Ref column printed AFTER the name column still "
               "gives each indicator its ref.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "Quarter 1 2023/24"),
                                          cols=cols, header=header, header_probe="Indicator",
                                          created=dt.datetime(2023, 7, 12, 9, 0, 0)),
        checks=[checks.header_repeats, vchecks.iso_headers_and_ref_after_name],
    )


# --- 5. a sheet printed straight from the spreadsheet --------------------------------------------

CALC_NOTE = "Source: CSC performance system, extracted 3 October 2022"
CALC_TITLES = ["Surrey County Council - Children, Families and Lifelong Learning",
               "Children's Social Care Key Indicators",
               "Quarter 2 2022/23 (July to September 2022)"]


def _thousands(row: Row) -> Row:
    figures = {}
    for p, f in row.figures.items():
        if len(f.measures) == 1 and f.measures[0].unit == "count" and f.measures[0].value >= 1000:
            f = count(int(f.measures[0].value), thousands=True)
        figures[p] = f
    return replace(row, figures=figures)


def calc_direct() -> Fixture:
    periods = months("2022-07", 3)
    rows = rows_for(periods, rag_fill_colour=True, pct_places=1)
    rows = [_thousands(r) for r in rows]
    for row in rows:
        row.bench_merged = False
        row.narrative_group = None
    cols = [Col("ref", 0), Col("name", 0), Col("target", 0), Col("national", 0),
            Col("comparator", 0)]
    for p in periods:
        cols += [Col("fig", 0, p), Col("rag", 0, p)]
    cols.append(Col("narrative", 0))
    header = ["Ref", "Indicator", "Target", "National", "Stat. Neighbours"]
    for p in periods:
        header += [period_label(p, "short-yy").replace(" ", "-"), "RAG"]
    header.append("Commentary")
    widths = [5, 30, 8, 9, 11] + [10, 5] * len(periods) + [70]

    def build(f, path):
        sheets.calc_direct(f, path, cols, header, CALC_TITLES, CALC_NOTE, widths)
        f.layout.update(cols=cols, ruled=True, table_page=0, header_probe="Indicator",
                        title_block=CALC_TITLES, note=CALC_NOTE)

    return Fixture(
        stem="calc-direct", producer="calc", periods=periods, rows=rows,
        proves="A sheet printed straight from the spreadsheet - numbers held as numbers and shown "
               "by the sheet's formats (0.0%, #,##0), month headers 'Jul-22', landscape with "
               "gridlines instead of borders, a three-row merged title block above the table, a "
               "'Page 1 of 2' footer and a source note under the table - gives only the KPI rows "
               "as indicators; the note, titles and footer are not indicators.",
        build=build, checks=[checks.header_repeats, vchecks.calc_sheet], layout={"note": CALC_NOTE},
    )


# --- 6. portrait, many pages -------------------------------------------------------------------


BLANK_MONTH_ROW = "Review Child Protection Conferences held within timescale"


def portrait_many_pages() -> Fixture:
    periods = months("2022-11", 3)
    rows = rows_for(periods, rag_fill_colour=True)
    for row in rows:
        row.narrative_group = None
    blank = next(r for r in rows if r.name == BLANK_MONTH_ROW)
    blank.figures[periods[1]] = token("")
    blank.rags[periods[1]] = Rag()
    cols = [Col("refname", 4.0), Col("target", 1.25), Col("national", 1.45),
            Col("comparator", 1.25)]
    for p in periods:
        cols += [Col("fig", 1.5, p), Col("rag", 0.95, p)]
    cols = _fill_narrative(cols + [Col("narrative", 0)], PORTRAIT_USABLE_CM)
    header = [[Head("Indicator"), Head("Target"), Head("England"), Head("SN")]
              + [h for p in periods for h in (Head(period_label(p, "short-yy")), Head("RAG"))]
              + [Head("Commentary")]]

    def build(f, path):
        doc = new_document(size=7, landscape=False, margin_cm=MARGIN_CM, title=TITLE,
                           created=dt.datetime(2023, 2, 9, 9, 0, 0))
        word_scorecard(f, path, doc=doc, cols=cols, header=header, font_size=7,
                       title_lines=(TITLE, "January 2023"), header_probe="Indicator")

    return Fixture(
        stem="portrait-many-pages", producer="word", periods=periods, rows=rows,
        proves="A portrait A4 scorecard of all 30 indicators over four or more pages, the header "
               "repeated on each, a narrow commentary column (long narratives wrap over many "
               "lines), indicators without commentary and one month left blank (no figure, no "
               "RAG) across a year boundary (Nov 22 - Jan 23) reads every row once.",
        build=build, checks=[checks.header_repeats, vchecks.portrait_pages],
    )


# --- 7. RAG as words under 'Status', direction of travel ------------------------------------------

DOT = {1: "↑", -1: "↓", 0: "→"}


def _direction(row: Row, periods: list[str]) -> str:
    new, old = row.figures[periods[-1]], row.figures[periods[-2]]
    if not (new.measures and old.measures):
        return ""
    delta = new.measures[0].value - old.measures[0].value
    sign = (delta > 0) - (delta < 0)
    if row.polarity not in ("higher", "lower"):
        return DOT[sign]
    if sign == 0:
        return "→ No change"
    better = sign > 0 if row.polarity == "higher" else sign < 0
    return f"{DOT[sign]} {'Improving' if better else 'Worsening'}"


def words_rag_and_dot_arrows() -> Fixture:
    periods = months("2023-07", 3)
    rows = pick(rows_for(periods), [
        "Number of CSPA contacts received",
        "4.2 Re-referrals to Children's Services",
        "4.3 Proportion of Assessments completed within 45 working days",
        "6.2 Proportion of S47 Enquiries with an outcome of Initial Child Protection Conference",
        "6.4 Initial Child Protection Conferences held within timescale",
        "6.5 Child Protection Plan repeat in 2 years",
        "6.7 Proportion of children subject to a CP Plan for over 24 months",
        "7.3 Looked After Children statutory visits",
        "7.8 Looked After Children Review Health Assessments completed",
        "7.13 Looked After Children Short Term Placement Stability",
        "7.15 Looked After Children placed over 20 miles from Surrey",
        "8.3 Proportion of Care Leavers aged 19-21 in suitable accommodation",
        "9.2 LAC Missing Children Going Missing in the Month",
    ])
    for row in rows:
        row.narrative_group = None
        row.rags = {p: rag_letter(r.rag, printed=RAG_WORDS[r.rag]) if r.rag else Rag()
                    for p, r in row.rags.items()}
        row.dot = _direction(row, periods)
    labels = {p: period_label(p, "short-yy") for p in periods}
    cols = [Col("ref", 0.9), Col("name", 5.0), Col("target", 1.4), Col("national", 1.5),
            Col("comparator", 2.0)]
    for p in periods:
        cols += [Col("fig", 1.6, p), Col("rag", 1.3, p)]
    cols = _fill_narrative(cols + [Col("dot", 2.3), Col("narrative", 0)], LANDSCAPE_USABLE_CM)
    header = [[Head("Ref"), Head("Indicator"), Head("Target"), Head("England"),
               Head("Stat Neighbours")]
              + [h for p in periods for h in (Head(labels[p]), Head("Status"))]
              + [Head("Direction of travel"), Head("Commentary")]]
    return Fixture(
        stem="words-rag-and-dot-arrows", producer="word", periods=periods, rows=rows,
        proves="RAG printed as whole words ('Green', 'Amber', 'Red') in columns headed 'Status', "
               "a 'Direction of travel' column of arrows and words ('↑ Improving', '↓ Worsening', "
               "'→') that is not a month or a RAG, and months oldest first headed 'Jul 23'.",
        build=lambda f, p: word_scorecard(f, p, title_lines=(TITLE, "September 2023"), cols=cols,
                                          header=header, header_probe="Indicator",
                                          rag_fills=False),
        checks=[checks.header_repeats, vchecks.status_words_and_arrows],
        layout={"month_labels": labels},
    )


ALL = [
    excel_borderless_bottom_aligned, fill_on_figure_cells, month_group_headers, iso_month_headers,
    calc_direct, portrait_many_pages, words_rag_and_dot_arrows,
]
